"""Tests for data/golden/resolve_offsets.py (gold units -> offsets in documents.text)."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from golden_helpers import resolver

R = resolver()


def unit(doc: str, text: str, optional: bool = False, start: int | None = None, end: int | None = None) -> dict[str, Any]:
    return {"doc": doc, "start": start, "end": end, "text": text, "optional": optional}


# (case id, documents, units, expected [(doc name, start, end)])
CASES = [
    ("exact, in order",
     [{"source": "data/samples/a.html", "text": "Intro. IVIG helps. More. IVIG helps."}],
     [unit("a.html", "IVIG helps."), unit("a.html", "IVIG helps.")],
     [("a.html", 7, 18), ("a.html", 25, 36)]),
    ("short repeated answers resolve in order",
     [{"source": "x/faq.html", "text": "Q1?\nNo.\nQ2?\nNo.\n"}],
     [unit("faq.html", "No."), unit("faq.html", "No.")],
     [("faq.html", 4, 7), ("faq.html", 12, 15)]),
    ("table row rendered with tabs instead of pipes",
     [{"source": "c.html", "text": "Step\tTime\nInfusion\t15 to 30 minutes\n"}],
     [unit("c.html", "| Infusion | 15 to 30 minutes |")],
     [("c.html", 10, 35)]),
    ("line break and nbsp inside a sentence, curly apostrophe",
     [{"source": "c.html", "text": "It refills the body\u2019s\niron\u00a0stores."}],
     [unit("c.html", "It refills the body's iron stores.")],
     [("c.html", 0, 34)]),
    ("JSONL records with url sources are matched by format and text",
     [{"source": "https://pubmed.example.org/1/", "text": "A. B one.", "format": "jsonl"},
      {"source": "https://pubmed.example.org/2/", "text": "C two. D.", "format": "jsonl"}],
     [unit("abs.jsonl", "B one."), unit("abs.jsonl", "C two.")],
     [("1", 3, 9), ("2", 0, 6)]),
    ("path#line sources match the file name",
     [{"source": "data/abs.jsonl#2", "text": "Only here.", "format": "jsonl"}],
     [unit("abs.jsonl", "Only here.")],
     [("abs.jsonl#2", 0, 10)]),
    ("given offsets are kept when they agree",
     [{"source": "s.txt", "text": "aa bb aa bb"}],
     [unit("s.txt", "aa bb", start=6, end=11)],
     [("s.txt", 6, 11)]),
    ("optional units that are not found are dropped",
     [{"source": "s.txt", "text": "Text one."}],
     [unit("s.txt", "Title line", optional=True), unit("s.txt", "Text one.")],
     [("s.txt", 0, 9)]),
]


@pytest.mark.parametrize("docs,units,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_resolve_cases(docs: list[dict[str, Any]], units: list[dict[str, Any]], expected: list[tuple[str, int, int]]) -> None:
    out = R.resolve(units, pd.DataFrame(docs))
    assert [(u["doc"], u["start"], u["end"]) for u in out] == expected
    texts = {d["source"]: d["text"] for d in docs}
    for u in out:
        src = next(s for s in texts if R.source_name(s) == u["doc"])
        assert texts[src][u["start"]:u["end"]] == u["text"]


def test_missing_required_unit_raises_and_lists_it() -> None:
    with pytest.raises(R.UnresolvedUnitError, match="IVIG cures"):
        R.resolve([unit("s.txt", "IVIG cures everything.")], [{"source": "s.txt", "text": "Nothing here."}])
    assert R.resolve([unit("s.txt", "IVIG cures everything.")], [{"source": "s.txt", "text": "x"}], strict=False) == []


def test_input_units_are_not_mutated() -> None:
    u = unit("s.txt", "abc")
    R.resolve([u], [{"source": "s.txt", "text": "xx abc"}])
    assert u["start"] is None and u["end"] is None


WORD = st.text(alphabet="abcdefghij", min_size=1, max_size=6)
FILLER = st.text(alphabet="0123456789 .\n", min_size=1, max_size=20)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.lists(WORD, min_size=1, max_size=5), FILLER), min_size=1, max_size=8), FILLER)
def test_resolved_offsets_point_at_the_units(parts: list[tuple[list[str], str]], head: str) -> None:
    # units are letter runs separated by letter-free filler, so each unit's first match after the cursor is itself
    text, spans, units = head, [], []
    for words, filler in parts:
        u = "-".join(words)
        spans.append((len(text), len(text) + len(u)))
        units.append(unit("d.txt", u))
        text += u + filler
    out = R.resolve(units, [{"source": "dir/d.txt", "text": text}])
    assert [(u["start"], u["end"]) for u in out] == spans
    assert all(text[u["start"]:u["end"]] == u["text"] for u in out)


@settings(max_examples=150, deadline=None)
@given(st.lists(WORD, min_size=1, max_size=8), st.lists(st.sampled_from([" ", "  ", "\n", "\t", "\u00a0", " | "]), min_size=8, max_size=8),
       FILLER, FILLER)
def test_whitespace_variants_resolve_to_the_rendered_span(words: list[str], seps: list[str], before: str, after: str) -> None:
    rendered = words[0] + "".join(s + w for s, w in zip(seps, words[1:]))
    text = before + rendered + after
    out = R.resolve([unit("p.html", " ".join(words))], [{"source": "p.html", "text": text}])
    assert len(out) == 1
    assert out[0]["text"] == text[out[0]["start"]:out[0]["end"]]
    assert re.sub(r"[\s|]+", " ", out[0]["text"]) == " ".join(words)
