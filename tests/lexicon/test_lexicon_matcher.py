"""Matcher: table-driven cases (fixtures/matcher_cases.json) and properties of ``find``."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimnlp.lexicon.concepts import ConceptLexicon
from claimnlp.model import Mention

CASES = json.loads((Path(__file__).resolve().parent / "fixtures" / "matcher_cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["comment"] for c in CASES])
def test_matcher_case(lex, case):
    got = lex.find(case["text"])
    assert [[m.text, m.label, m.norm_id] for m in got] == case["expected"], case["comment"]
    for m in got:
        assert case["text"][m.start:m.end] == m.text
        assert m.source == "lexicon" and m.norm_name


def test_norm_name_is_the_overlay_name(lex):
    (m,) = lex.find("IVIG")
    assert m.norm_name == "intravenous immunoglobulin"


def test_offset_shifts_spans(lex):
    text = "Fever and headaches after IVIG."
    base = lex.find(text)
    shifted = lex.find(text, offset=100)
    assert [(m.start + 100, m.end + 100, m.text) for m in base] == [(m.start, m.end, m.text) for m in shifted]



WORDS = ["fever", "Fever", "IVIG", "ivig", "PANS", "pans", "infections", "Guillain", "Barré", "syndrome", "–", "-",
         "chronic", "kidney", "disease", "the", "and", ",", "(", ")", "’s", "blood", "tests", "\n", "  ", "é", "immune",
         "thrombocytopenia", "plasmapheresis", "Therapeutic", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30), st.lists(st.sampled_from([" ", "", "-", ", ", "\n"]), max_size=30))
def test_find_properties(lex, words, seps):
    text = "".join(w + (seps[i] if i < len(seps) else " ") for i, w in enumerate(words))
    ms = lex.find(text)
    assert all(isinstance(m, Mention) for m in ms)
    last_end = -1
    for m in ms:
        assert text[m.start:m.end] == m.text
        assert m.start >= last_end, "mentions overlap or are out of order"
        last_end = m.end
        assert m.text == m.text.strip() and m.text[:1].isalnum() and m.text[-1:].isalnum()
        # token boundaries: the characters around a mention are not letters or digits
        assert m.start == 0 or not text[m.start - 1].isalnum()
        assert m.end == len(text) or not text[m.end].isalnum()
        assert m.label in ("INTERVENTION", "CONDITION")
    assert lex.find(text) == ms  # deterministic


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_find_never_fails_on_arbitrary_text(lex, text):
    for m in lex.find(text):
        assert text[m.start:m.end] == m.text


def test_load_is_cached(fixture_lexdir):
    sup = Path(__file__).resolve().parent / "fixtures" / "supplement.jsonl"
    assert ConceptLexicon.load(fixture_lexdir, supplement=sup) is ConceptLexicon.load(str(fixture_lexdir), supplement=sup)


def test_missing_lexicon_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        ConceptLexicon.load(tmp_path)


def test_document_abbreviations(lex):
    mg = lex.lookup("Guillain-Barre syndrome")
    text = "GBS and GBSs, but not gbs; ITP stays ITP"
    ms = lex.find(text, abbreviations={"GBS": mg})
    assert [(m.text, m.norm_id) for m in ms] == [("GBS", mg.id), ("GBSs", mg.id)]
    # a document definition wins over the lexicon reading of the same short form
    other = lex.lookup("fever")
    assert [m.norm_id for m in lex.find("IVIG", abbreviations={"IVIG": other})] == [other.id]


def test_scr_name_is_kept_as_written(lex):
    assert lex.get("MESH:C000001").name == "tirzepatide"
    # a descriptor owns a key an SCR also claims
    assert lex.lookup("acetaminophen").id == "MESH:D900102"


def _all_terms(lex):
    return sorted({t for c in lex.concepts for t in c.synonyms})


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_any_term_matches_itself_in_context(lex, data):
    term = data.draw(st.sampled_from(_all_terms(lex)))
    left = data.draw(st.sampled_from(["", "We saw ", "(", "Results: "]))
    right = data.draw(st.sampled_from(["", ".", " today", ")"]))
    text = left + term + right
    ms = lex.find(text)
    assert any(m.start <= len(left) and m.end >= len(left) + len(term) for m in ms), (text, ms)


def test_models_dir_from_environment(monkeypatch, fixture_lexdir, tmp_path):
    import shutil

    from claimnlp.lexicon.concepts import default_lexicon_dir
    shutil.copytree(fixture_lexdir, tmp_path / "lexicon")
    monkeypatch.setenv("CLAIMNLP_MODELS_DIR", str(tmp_path))
    assert default_lexicon_dir() == tmp_path / "lexicon"
    lex2 = ConceptLexicon.load(supplement=Path(__file__).resolve().parent / "fixtures" / "supplement.jsonl")
    assert lex2.lookup("Fever").id == "MESH:D900001"


def test_fresh_load_gives_identical_output(fixture_lexdir):
    from claimnlp.lexicon.concepts import _load_cached
    fx = Path(__file__).resolve().parent / "fixtures"
    text = "Oral iron and IVIG for Guillain–Barré syndrome, fevers and type 1 and type 2 diabetes."
    a = ConceptLexicon.load(fixture_lexdir, supplement=fx / "supplement.jsonl", modifiers=fx / "modifiers.jsonl")
    first = a.find(text)
    _load_cached.cache_clear()
    b = ConceptLexicon.load(fixture_lexdir, supplement=fx / "supplement.jsonl", modifiers=fx / "modifiers.jsonl")
    assert a is not b and b.find(text) == first
