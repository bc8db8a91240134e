"""split_sentences: golden edge cases (tests/chunk/data/sentences.json) and invariants."""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from claimnlp.chunk import split_sentences

DATA = Path(__file__).parent / "data"


def load_cases(name: str) -> list[Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))["cases"]


CASES = load_cases("sentences.json")


@pytest.mark.parametrize("case", CASES, ids=[c["comment"] for c in CASES])
def test_golden(case: dict) -> None:
    text = case["text"]
    got = [text[s:e] for s, e in split_sentences(text)]
    assert got == case["expected"]


def test_offsets_are_absolute_within_a_range() -> None:
    text = "IGNORED PREFIX. Aspirin thins blood. It can cause bleeding. IGNORED SUFFIX."
    start = text.index("Aspirin")
    end = text.index(" IGNORED SUFFIX")
    spans = split_sentences(text, start, end)
    assert [text[s:e] for s, e in spans] == ["Aspirin thins blood.", "It can cause bleeding."]
    assert all(start <= s < e <= end for s, e in spans)


def test_empty_and_whitespace_ranges() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n\t ") == []
    assert split_sentences("abc", 2, 1) == []


def test_long_line_without_punctuation_is_capped_and_fast() -> None:
    # a 200,000-character line with no punctuation: linear time, sentences capped at max_len
    text = ("word " * 40_000).strip()
    t0 = time.perf_counter()
    spans = split_sentences(text, max_len=2000)
    elapsed = time.perf_counter() - t0
    assert elapsed < 1.0
    assert all(e - s <= 2000 for s, e in spans)
    assert "".join(text[s:e] for s, e in spans).replace(" ", "") == text.replace(" ", "")
    # cuts happen at whitespace, never inside a word
    assert all(text[s:e] == text[s:e].strip() and not text[e - 1].isspace() for s, e in spans)
    assert all(e == len(text) or text[e] == " " for s, e in spans)


def test_long_token_without_whitespace_is_hard_cut() -> None:
    text = "x" * 5001
    spans = split_sentences(text, max_len=2000)
    assert [e - s for s, e in spans] == [2000, 2000, 1001]


@pytest.mark.parametrize("text", ["." * 200_000, "!?" * 100_000, ")" * 100_000 + ". A", "a." * 100_000])
def test_pathological_punctuation_runs_are_linear(text: str) -> None:
    t0 = time.perf_counter()
    spans = split_sentences(text)
    assert time.perf_counter() - t0 < 2.0
    assert all(0 <= s < e <= len(text) for s, e in spans)


def test_max_len_must_be_positive() -> None:
    with pytest.raises(ValueError):
        split_sentences("abc", max_len=0)
