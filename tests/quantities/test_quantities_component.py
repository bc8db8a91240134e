"""The thin spaCy component ``claimnlp_quantities`` (blank pipeline, no model download)."""

from __future__ import annotations

from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

import claimnlp.quantities.component  # noqa: E402,F401  (registers the factory)
from claimnlp.quantities import parse_quantities  # noqa: E402

TEXTS = [
    # two sentences, quantities in both
    "Children aged 4 to 17 years took 2 g/kg. About 60-80% improved within 3-4 weeks (p<0.001).",
    # money range and a count
    "One cycle can cost $5,000 to $10,000. Three developed OCD.",
    # nothing to find
    "No numbers here.",
]


def _nlp() -> "spacy.language.Language":
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("claimnlp_quantities")
    return nlp


@pytest.mark.parametrize("text", TEXTS)
def test_spans_match_pure_function(text: str) -> None:
    doc = _nlp()(text)
    got = [s._.cn_quantity for s in doc.spans["cn_quantities"]]
    want = []
    for sent in doc.sents:
        want += parse_quantities(sent.text, offset=sent.start_char)
    assert got == want
    for span in doc.spans["cn_quantities"]:
        q = span._.cn_quantity
        assert span.label_ == "QUANTITY"
        assert span.start_char <= q.start and q.end <= span.end_char
        assert text[q.start:q.end] == q.text


def test_round_trip_to_disk(tmp_path: Path) -> None:
    nlp = _nlp()
    nlp.to_disk(tmp_path / "p")
    nlp2 = spacy.load(tmp_path / "p")
    for text in TEXTS:
        d1, d2 = nlp(text), nlp2(text)
        assert [s._.cn_quantity for s in d1.spans["cn_quantities"]] == \
            [s._.cn_quantity for s in d2.spans["cn_quantities"]]
    assert (tmp_path / "p" / "claimnlp_quantities" / "units.json").exists()


def test_round_trip_bytes() -> None:
    nlp = _nlp()
    nlp2 = _nlp().from_bytes(nlp.to_bytes())
    d1, d2 = nlp(TEXTS[0]), nlp2(TEXTS[0])
    assert [s._.cn_quantity for s in d1.spans["cn_quantities"]] == \
        [s._.cn_quantity for s in d2.spans["cn_quantities"]]
    assert len(d1.spans["cn_quantities"]) >= 4
