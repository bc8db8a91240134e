"""Table-driven cue/scope/certainty cases (data/certainty_cases.json) and property tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimnlp.certainty import certainty_of, combine_certainty, find_cues, unit_certainty
from claimnlp.schema import Certainty, MentionLabel

CASES = json.loads((Path(__file__).parent / "data" / "certainty_cases.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_case(case: dict) -> None:  # type: ignore[type-arg]
    cues = find_cues(case["text"])
    assert [[c.label, c.text] for c in cues] == case["cues"], case["notes"]
    assert certainty_of(case["text"], cues) == case["certainty"], case["notes"]


def test_mention_fields_and_offsets() -> None:
    text = "Some clinics claim the drip may reverse ageing."
    off = 1000
    cues = find_cues(text, offset=off)
    assert [c.text for c in cues] == ["may"]
    c = cues[0]
    assert c.label == MentionLabel.HEDGE.value and c.norm_id == "POSSIBLE" and c.norm_name == "may"
    assert c.source == "rule" and c.get("direction") == "FORWARD"
    assert text[c.start - off:c.end - off] == "may"
    s, e = int(c.get("scope_start") or 0), int(c.get("scope_end") or 0)
    assert text[s - off:e - off] == "may reverse ageing"  # cue + forward scope to the sentence end, no period
    assert certainty_of(text, cues, offset=off) == "hedged"


def test_but_terminates_scope() -> None:
    text = "The drug is not approved for children, but adults may use it."
    neg = [c for c in find_cues(text) if c.label == "NEGATION"][0]
    assert int(neg.get("scope_end") or 0) <= text.index("but")


def test_backward_scope() -> None:
    text = "Whether fasting helps remains unclear."
    cue = [c for c in find_cues(text) if c.norm_id == "INCONCLUSIVE"][0]
    assert cue.get("direction") == "BIDIRECTIONAL"
    assert int(cue.get("scope_start") or 99) == 0


def test_targets_rescue_subordinate_cue() -> None:
    # Negation sits in a who-clause: ignored without targets, counted when its scope covers a target span.
    text = "Doctors treat patients who do not respond to steroids with rituximab."
    cues = find_cues(text)
    assert certainty_of(text, cues) == "asserted"
    t0 = text.index("respond")
    assert certainty_of(text, cues, targets=[(t0, t0 + len("respond"))]) == "negated"


def test_combine_and_lead() -> None:
    assert combine_certainty("asserted", None, "hedged") == "hedged"
    assert combine_certainty("hedged", "negated") == "negated"
    assert combine_certainty() == "asserted"
    with pytest.raises(ValueError):
        combine_certainty("maybe")
    assert unit_certainty("Severe asthma", lead="It is not advised for people with:") == "negated"
    assert unit_certainty("Severe asthma", lead="It is not advised for people with severe asthma.") == "asserted"


_WORDS = st.sampled_from(["the", "drug", "may", "not", "no", "but", "helps", "pain", "if", "who", "can",
                          "cause", "likely", "(", ")", ",", ".", "without", "doubt", "only", "IVIG", "é", "İ",
                          "don\u2019t", "suggests", "associated", "with", "-", "\n"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, max_size=25).map(" ".join), st.integers(min_value=0, max_value=10_000))
def test_properties(text: str, offset: int) -> None:
    cues = find_cues(text, offset=offset)
    # offsets index the text; cue text is the original slice; scope contains the cue
    for c in cues:
        assert text[c.start - offset:c.end - offset] == c.text
        assert c.label in (MentionLabel.HEDGE.value, MentionLabel.NEGATION.value)
        s, e = int(c.get("scope_start") or -1), int(c.get("scope_end") or -1)
        assert offset <= s <= e <= offset + len(text)
        assert s <= c.start and c.end <= max(e, c.end)
    # sorted, non-overlapping, deterministic
    assert cues == sorted(cues, key=lambda c: (c.start, c.end))
    assert all(a.end <= b.start for a, b in zip(cues, cues[1:]))
    assert find_cues(text, offset=offset) == cues
    cert = certainty_of(text, cues, offset=offset)
    assert cert in Certainty.values()
    # no cue -> asserted; negated only with a NEGATION cue; hedged only with a HEDGE cue
    if not cues:
        assert cert == "asserted"
    if cert == "negated":
        assert any(c.label == "NEGATION" for c in cues)
    if cert == "hedged":
        assert any(c.label == "HEDGE" for c in cues)
    # offset invariance
    assert [(c.start - offset, c.end - offset, c.label) for c in cues] == \
        [(c.start, c.end, c.label) for c in find_cues(text)]


def test_long_unit_is_fast() -> None:
    # a 60k-character "unit" (a table dump or a run-on paragraph) must not go quadratic
    import time

    text = "The drug may not help, but patients who cannot walk (not shown) often improve; " * 750
    t0 = time.perf_counter()
    cues = find_cues(text)
    assert certainty_of(text, cues) == "negated"
    assert time.perf_counter() - t0 < 20
    assert len(cues) == 750 * 4
