"""chunk_blocks: golden structures (tests/chunk/data/blocks.json) and targeted rules."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from claimnlp.chunk import block_content, chunk_blocks, section_path
from claimnlp.model import Block

DATA = Path(__file__).parent / "data"


def load_cases(name: str) -> list[Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))["cases"]


CASES = load_cases("blocks.json")


def _describe(text: str, blocks: list[Block]) -> list[dict[str, Any]]:
    out = []
    for b in blocks:
        out.append({
            "kind": b.kind,
            "content": text[b.content_start:b.end],
            "span": text[b.start:b.end],
            "level": b.level,
            "boilerplate": b.is_boilerplate,
            "section": [text[blocks[h].content_start:blocks[h].end] for h in b.section],
            "lead": None if b.lead is None else text[blocks[b.lead].content_start:blocks[b.lead].end],
            "header": None if b.header is None else text[blocks[b.header].content_start:blocks[b.header].end],
            "cells": [text[s:e] for s, e in b.cells],
        })
    return out


@pytest.mark.parametrize("case", CASES, ids=[c["comment"] for c in CASES])
def test_golden(case: dict[str, Any]) -> None:
    text = case["text"]
    got = _describe(text, chunk_blocks(text, case["format"]))
    assert [g["content"] for g in got] == [e["content"] for e in case["expected"]]
    for g, e in zip(got, case["expected"]):
        assert {k: g[k] for k in e} == e


def test_spans_are_stripped_ordered_and_contain_content() -> None:
    text = "  # Title  \n\n  - item one \n-\n  item two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nLast para.  "
    blocks = chunk_blocks(text, "md")
    prev_end = 0
    for b in blocks:
        assert prev_end <= b.start <= b.content_start < b.end <= len(text)
        assert text[b.start:b.end] == text[b.start:b.end].strip()
        assert text[b.content_start:b.end].strip()
        prev_end = b.end


def test_header_and_lead_point_backwards_to_the_right_kinds() -> None:
    text = "Options:\n- a\n- b\n\nThe table below lists the doses.\n\n| h1 | h2 |\n|---|---|\n| x | y |"
    blocks = chunk_blocks(text, "txt")
    for i, b in enumerate(blocks):
        if b.lead is not None:
            assert b.lead < i
        if b.header is not None:
            assert b.header < i and blocks[b.header].kind == "table_row"
    rows = [b for b in blocks if b.kind == "table_row"]
    assert len(rows) == 2  # the separator row is not a block
    assert text[blocks[rows[1].header].start:blocks[rows[1].header].end] == "| h1 | h2 |"  # type: ignore[index]
    assert block_content(text, blocks[rows[0].lead]) == "The table below lists the doses."  # type: ignore[index]


def test_section_path_helper_gives_heading_texts() -> None:
    text = "# Asthma\n\n## Inhalers\n\nSteroid inhalers cut attacks."
    blocks = chunk_blocks(text, "md")
    assert section_path(text, blocks, len(blocks) - 1) == ("Asthma", "Inhalers")
    assert section_path(text, blocks, 0) == ()


def test_boilerplate_heading_is_not_a_section() -> None:
    text = "# Share this\n\nBeta blockers slow the heart."
    blocks = chunk_blocks(text, "md")
    assert blocks[0].is_boilerplate and blocks[0].kind == "heading"
    assert blocks[1].section == ()


def test_md_bare_lines_are_not_headings_when_explicit_headings_exist() -> None:
    text = "# Title\n\nShort Line\n\nA sentence follows."
    kinds = [b.kind for b in chunk_blocks(text, "md")]
    assert kinds == ["heading", "paragraph", "paragraph"]


def test_txt_uses_bare_headings_even_with_atx() -> None:
    text = "# Title\n\nShort Line\n\nA sentence follows."
    kinds = [b.kind for b in chunk_blocks(text, "txt")]
    assert kinds == ["heading", "heading", "paragraph"]


def test_consecutive_bare_headings_nest() -> None:
    text = "Pricing\nFirst Visit\nThe first visit costs 200 euros."
    blocks = chunk_blocks(text, "txt")
    assert [(b.kind, b.level) for b in blocks] == [("heading", 1), ("heading", 2), ("paragraph", 0)]
    text = "Intro text here.\nPricing\nFirst Visit\nThe first visit costs 200 euros."
    blocks = chunk_blocks(text, "txt")
    assert [(b.kind, b.level) for b in blocks] == [("paragraph", 0), ("heading", 2), ("heading", 3), ("paragraph", 0)]
    assert blocks[3].section == (1, 2)


def test_long_title_case_line_is_heading_but_long_sentence_case_line_is_not() -> None:
    t1 = "Biologic Therapy for Severe Asthma: What Patients Should Know Before Starting\n\nBiologics target eosinophils."
    assert chunk_blocks(t1, "txt")[0].kind == "heading"
    t2 = "this is a long line that is written in sentence case and has no end\n\nNext."
    assert chunk_blocks(t2, "txt")[0].kind == "paragraph"


def test_format_aliases_and_unknown_formats() -> None:
    text = "# H\n\nBody."
    assert chunk_blocks(text, "markdown") == chunk_blocks(text, "md")
    assert chunk_blocks(text, "jsonl") == chunk_blocks(text, "txt")
    assert chunk_blocks(text, "weird") == chunk_blocks(text, "txt")
    assert chunk_blocks("", "txt") == []


def test_md_fenced_code_lines_are_plain_paragraphs() -> None:
    text = "```\n# not a heading\n- not an item\n```\nAfter."
    blocks = chunk_blocks(text, "md")
    assert [b.kind for b in blocks] == ["paragraph", "paragraph", "paragraph"]


def test_chunking_is_fast_on_a_large_document() -> None:
    para = ("Aspirin reduces the risk of a second heart attack by about 25%. "
            "It can cause stomach bleeding (e.g. in older adults). ")
    section = "Aspirin After a Heart Attack\n\n" + (para * 3 + "\n\n") * 5 + "- daily 75 mg\n- with food\n\n"
    text = section * 400
    words = len(text.split())
    t0 = time.perf_counter()
    blocks = chunk_blocks(text, "txt")
    elapsed = time.perf_counter() - t0
    assert len(blocks) > 1000
    assert words / elapsed > 100_000  # conservative: machine is shared


def test_regression_table_of_only_separator_rows() -> None:
    # found by hypothesis: two separator rows and no data row used to raise IndexError
    assert chunk_blocks("|-|\n|-|\n", "txt") == []
    blocks = chunk_blocks("|---|\n| a |\n|---|\n| b |", "md")
    assert [b.header for b in blocks] == [None, None]


def test_line_ending_with_a_function_word_is_not_a_heading() -> None:
    text = "Typical reactions are\n\n- chills\n- fever"
    blocks = chunk_blocks(text, "txt")
    assert blocks[0].kind == "paragraph" and blocks[1].lead == 0
