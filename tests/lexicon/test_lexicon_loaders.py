"""Loader validation: supplement, stoplist and the compiled lexicon reject bad data."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from claimnlp.lexicon.concepts import ConceptLexicon
from claimnlp.lexicon.stoplist import LexiconDataError, load_stoplist, parse_stoplist
from claimnlp.lexicon.supplement import load_supplement, parse_supplement

FIX = Path(__file__).resolve().parent / "fixtures"
BAD_SUP = json.loads((FIX / "bad_supplements.json").read_text(encoding="utf-8"))
BAD_STOP = json.loads((FIX / "bad_stoplists.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", BAD_SUP, ids=[c["why"] for c in BAD_SUP])
def test_bad_supplement(case):
    with pytest.raises(LexiconDataError):
        parse_supplement(case["lines"])


@pytest.mark.parametrize("case", BAD_STOP, ids=[c["why"] for c in BAD_STOP])
def test_bad_stoplist(case):
    with pytest.raises(LexiconDataError):
        parse_stoplist(case["data"])


def test_empty_files(tmp_path):
    (tmp_path / "s.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "s.json").write_text("  \n", encoding="utf-8")
    with pytest.raises(LexiconDataError):
        load_supplement(tmp_path / "s.jsonl")
    with pytest.raises(LexiconDataError):
        load_stoplist(tmp_path / "s.json")


def test_stoplist_duplicate_json_key(tmp_path):
    p = tmp_path / "dup.json"
    p.write_text('{"version": "1", "version": "2", "source": "t", "terms": [{"term": "a", "reason": "b"}]}')
    with pytest.raises(LexiconDataError):
        load_stoplist(p)


def test_packaged_data_files_are_valid():
    sup = load_supplement()
    stop = load_stoplist()
    assert len(sup.entries) >= 50 and sup.version
    assert {e.label for e in sup.entries} == {"INTERVENTION", "CONDITION"}
    assert "therapy" in stop.terms and stop.version
    # every supplement concept has a name and a source; ids are unique (checked by the loader)
    assert all(e.name and e.source for e in sup.entries)


def test_loaded_structures_are_immutable():
    sup = load_supplement()
    assert isinstance(sup.entries, tuple)
    with pytest.raises(Exception):
        sup.entries[0].name = "x"  # type: ignore[misc]
    assert isinstance(load_stoplist().terms, frozenset)


def test_compiled_lexicon_validation(tmp_path):
    d = tmp_path / "lex"
    d.mkdir()
    with gzip.open(d / "lexicon.tsv.gz", "wt", encoding="utf-8") as fh:
        fh.write("id\tlabel\tname\tterms\nMESH:D1\tDRUG\tx\tx\n")
    with pytest.raises(LexiconDataError):
        ConceptLexicon.load(d, supplement=FIX / "supplement.jsonl")
    d2 = tmp_path / "lex2"
    d2.mkdir()
    with gzip.open(d2 / "lexicon.tsv.gz", "wt", encoding="utf-8") as fh:
        fh.write("id\tlabel\tname\tterms\n")
    with pytest.raises(LexiconDataError):
        ConceptLexicon.load(d2, supplement=FIX / "supplement.jsonl")


BAD_MOD = json.loads((FIX / "bad_modifiers.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", BAD_MOD, ids=[c["why"] for c in BAD_MOD])
def test_bad_modifiers(case):
    from claimnlp.lexicon.supplement import parse_modifiers
    with pytest.raises(LexiconDataError):
        parse_modifiers(case["lines"])


def test_packaged_modifiers_are_valid():
    from claimnlp.lexicon.supplement import load_modifiers
    m = load_modifiers()
    assert ("oral",) in m.keys("INTERVENTION", "before")
    assert ("infusion",) in m.keys("INTERVENTION", "after")
    assert not m.keys("CONDITION", "before")
