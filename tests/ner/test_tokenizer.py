"""NER tokenizer: golden splits, offsets preserved, rules survive serialization."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st

from claimnlp.ner.tokenizer import build_tokenizer

CASES = json.loads((Path(__file__).parent / "data" / "tokenizer_cases.json").read_text())["cases"]


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    n = spacy.blank("en")
    n.tokenizer = build_tokenizer(n)
    return n


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_golden_splits(nlp: spacy.language.Language, case: dict) -> None:
    assert [t.text for t in nlp.make_doc(case["text"])] == case["tokens"]


_NLP = spacy.blank("en")
_NLP.tokenizer = build_tokenizer(_NLP)


@given(st.text(alphabet="ab1()[]+-/. ,AZ", max_size=40))
def test_tokens_cover_text(text: str) -> None:
    doc = _NLP.make_doc(text)
    assert doc.text == text
    for t in doc:
        assert text[t.idx : t.idx + len(t.text)] == t.text


def test_rules_survive_to_disk(tmp_path: Path, nlp: spacy.language.Language) -> None:
    nlp.to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")  # default spacy.Tokenizer.v1 in the config
    text = "Na+/K+ in [3H]dopamine-treated cells"
    assert [t.text for t in loaded.make_doc(text)] == [t.text for t in nlp.make_doc(text)]
