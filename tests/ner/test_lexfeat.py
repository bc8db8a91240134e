"""Dictionary features: longest-leftmost tagging, component, disk round trip, validation."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from types import MappingProxyType

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st

from claimnlp.ner.lexfeat import TermIndex, read_terms, tag_tokens, write_terms

DATA = json.loads((Path(__file__).parent / "data" / "lexfeat_cases.json").read_text())
INDEX = TermIndex.from_rows([(k, v, cs) for k, v, cs in DATA["terms"]])


@pytest.mark.parametrize("case", DATA["cases"], ids=[c["comment"] for c in DATA["cases"]])
def test_tag_tokens(case: dict) -> None:
    assert tag_tokens(case["words"], INDEX) == case["tags"]


words = st.lists(st.sampled_from(["lead", "poisoning", "iron", "HF", "hf", "heart", "failure", "congestive",
                                  "acid", "ascorbic", "and", "x"]), max_size=20)


@given(words)
def test_tags_are_well_formed_bilu(ws: list[str]) -> None:
    tags = tag_tokens(ws, INDEX)
    assert len(tags) == len(ws)
    inside = False
    for t in tags:
        pos = t[:1]
        if inside:
            assert pos in ("I", "L")
            inside = pos == "I"
        else:
            assert pos in ("", "B", "U")
            inside = pos == "B"
    assert not inside


def test_write_read_round_trip(tmp_path: Path) -> None:
    write_terms(INDEX, tmp_path / "t.tsv.gz")
    back = read_terms(tmp_path / "t.tsv.gz")
    assert back.rows() == INDEX.rows()
    # deterministic bytes
    write_terms(back, tmp_path / "u.tsv.gz")
    assert (tmp_path / "t.tsv.gz").read_bytes() == (tmp_path / "u.tsv.gz").read_bytes()


def test_empty_index_rejected() -> None:
    with pytest.raises(ValueError, match="empty"):
        TermIndex.from_rows([])


def test_unknown_class_rejected() -> None:
    with pytest.raises(ValueError, match="unknown class"):
        TermIndex.from_rows([("aspirin", "Q", False)])


def test_component_sets_tags_and_round_trips(tmp_path: Path) -> None:
    write_terms(INDEX, tmp_path / "terms.tsv.gz")
    nlp = spacy.blank("en")
    pipe = nlp.add_pipe("claimnlp_lexicon_features")
    pipe.initialize(terms_path=str(tmp_path / "terms.tsv.gz"))
    doc = nlp("Congestive heart failure and lead poisoning")
    assert [t.tag_ for t in doc] == ["B-D", "I-D", "L-D", "", "B-D", "L-D"]
    nlp.to_disk(tmp_path / "pipe")
    nlp2 = spacy.load(tmp_path / "pipe")
    assert [t.tag_ for t in nlp2("Congestive heart failure and lead poisoning")] == [t.tag_ for t in doc]


def test_component_without_terms_fails_loudly() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("claimnlp_lexicon_features")
    with pytest.raises(ValueError, match="no term index"):
        nlp("aspirin")



@given(words)
def test_tag_tokens_lengths_index_equals_full_scan(ws: list[str]) -> None:
    # the per-first-token length index gives the tags of trying every length up to max_len
    full = dataclasses.replace(INDEX, lengths=MappingProxyType({}))
    assert INDEX.lengths
    assert tag_tokens(ws, INDEX) == tag_tokens(ws, full)


def test_irregular_keys_fall_back_to_the_full_scan() -> None:
    idx = TermIndex.from_rows([("breast  cancer", "D", False), ("aspirin", "C", False)])
    assert not idx.lengths  # a double space: the token count of a key cannot be trusted
    assert tag_tokens(["Aspirin", "and", "breast", "", "cancer"], idx) == ["U-C", "", "B-D", "I-D", "L-D"]
