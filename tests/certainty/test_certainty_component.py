"""The thin spaCy component claimnlp_context: annotations and disk/bytes round-trips."""

from __future__ import annotations

from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

import claimnlp.certainty.component  # noqa: E402,F401  (registers the factory)

TEXT = "Zinc may shorten colds. It is not a cure. Sleep helps."


def _nlp():  # type: ignore[no-untyped-def]
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("claimnlp_context")
    return nlp


def test_annotations() -> None:
    doc = _nlp()(TEXT)
    cues = doc.spans["cn_cues"]
    assert [(s.text, s.label_) for s in cues] == [("may", "HEDGE"), ("not", "NEGATION")]
    assert cues[0]._.cn_cue_category == "POSSIBLE" and cues[0]._.cn_cue_direction == "FORWARD"
    s, e = cues[1]._.cn_scope
    assert doc.text[s:e] == "not a cure"
    assert [s._.cn_certainty for s in doc.sents] == ["hedged", "negated", "asserted"]


def test_round_trips(tmp_path: Path) -> None:
    nlp = _nlp()
    doc = nlp(TEXT)
    expected = [(s.start_char, s.end_char, s.label_) for s in doc.spans["cn_cues"]]
    assert expected
    nlp.to_disk(tmp_path / "p")
    nlp2 = spacy.load(tmp_path / "p")
    doc2 = nlp2(TEXT)
    assert [(s.start_char, s.end_char, s.label_) for s in doc2.spans["cn_cues"]] == expected
    nlp3 = spacy.blank("en")
    nlp3.add_pipe("sentencizer")
    nlp3.add_pipe("claimnlp_context")
    nlp3.from_bytes(nlp.to_bytes())
    doc3 = nlp3(TEXT)
    assert [(s.start_char, s.end_char, s.label_) for s in doc3.spans["cn_cues"]] == expected


def test_without_sentences() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("claimnlp_context")
    doc = nlp("No rash was seen.")
    assert [s.label_ for s in doc.spans["cn_cues"]] == ["NEGATION"]
