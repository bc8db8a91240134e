"""Document-level consistency rules (pure function) and the spaCy component."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st

from claimnlp.ner.consistency import make_consistent

CASES = json.loads((Path(__file__).parent / "data" / "consistency_cases.json").read_text())["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["comment"] for c in CASES])
def test_cases(case: dict) -> None:
    got = make_consistent(case["text"], [tuple(s) for s in case["spans"]], case["min_chars"])
    assert got == [tuple(s) for s in case["expected"]]


@given(st.lists(st.sampled_from(["Zinc", "zinc", "(ZN)", "helps", "ZN", "colds", ".", "and"]), max_size=15),
       st.integers(0, 5))
def test_output_sorted_non_overlapping_and_within_text(words: list[str], min_chars: int) -> None:
    text = " ".join(words)
    spans = []
    pos = 0
    for w in words:
        if w.lower() == "zinc":
            spans.append((pos, pos + len(w), "Chemical"))
        pos += len(w) + 1
    out = make_consistent(text, spans, min_chars)
    assert out == sorted(out)
    for (s1, e1, _), (s2, _, _) in zip(out, out[1:]):
        assert e1 <= s2
    for s, e, lab in out:
        assert 0 <= s < e <= len(text) and lab in ("Chemical", "Disease")


def test_component_rewrites_ents() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "Chemical", "pattern": "valproic acid"}])
    nlp.add_pipe("claimnlp_ner_consistency", config={"min_chars": 4})
    doc = nlp("We used valproic acid (VPA). VPA was stopped.")
    assert [(e.text, e.label_) for e in doc.ents] == [("valproic acid", "Chemical"), ("VPA", "Chemical"),
                                                       ("VPA", "Chemical")]


@given(st.text(alphabet="aA1 -().\u00e9_", max_size=30), st.text(alphabet="aA1 -().\u00e9_", min_size=1, max_size=3))
def test_occurrences_equal_the_whole_word_regex(text: str, needle: str) -> None:
    # str.find scan == the regex it replaced (ASCII letters/digits as word characters)
    import re

    from claimnlp.ner.consistency import _occurrences

    pat = re.compile(r"(?<![A-Za-z0-9])" + re.escape(needle) + r"(?![A-Za-z0-9])")
    assert _occurrences(text, needle) == [m.span() for m in pat.finditer(text)]
