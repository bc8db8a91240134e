"""Builder: selection, filters, readable names, determinism (synthetic MeSH tables in fixtures/mesh)."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from claimnlp.lexicon.build import (LEXICON_FILE, build_entries, readable_name, select_label,
                                    write_lexicon)
from claimnlp.lexicon.stoplist import load_stoplist

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def by_id(entries):
    return {e.id: e for e in entries}


@pytest.mark.parametrize("desc,label", [
    ("D900001", "CONDITION"),      # C23 sign
    ("D900002", "CONDITION"),
    ("D900003", "CONDITION"),      # top-level heading, tree taken from its children's mesh1 column
    ("D900011", "CONDITION"),      # F03
    ("D900101", "INTERVENTION"),   # immunologic factor in D12 but ... kept through E? no: see below
    ("D900102", "INTERVENTION"),   # drug with a pharmacological action
    ("D900104", "INTERVENTION"),   # E02
    ("D900107", "INTERVENTION"),   # -mab biologic
    ("D900109", "INTERVENTION"),   # E01.370 diagnostic technique
    ("D900114", "INTERVENTION"),
])
def test_selected(fixture_entries, desc, label):
    if desc == "D900101":
        # "Immunologic Factors" only and no -mab name: a body protein for the builder;
        # the supplement overlay brings IVIG back (tested in test_matcher)
        assert f"MESH:{desc}" not in by_id(fixture_entries)
        return
    assert by_id(fixture_entries)[f"MESH:{desc}"].label == label


@pytest.mark.parametrize("desc,why", [
    ("D900008", "only term is stoplisted"),
    ("D900010", "C22 animal disease only"),
    ("D900013", "descriptor stoplist"),
    ("D900103", "no drug action (Lead)"),
    ("D900106", "Immunologic Factors only (Antibodies)"),
    ("D900108", "dye action only"),
    ("D900110", "E01 measurement that is also a G phenomenon"),
    ("D900111", "administration route"),
    ("D900113", "not in a selected branch"),
])
def test_not_selected(fixture_entries, desc, why):
    assert f"MESH:{desc}" not in by_id(fixture_entries), why


def test_term_filters(fixture_entries):
    e = by_id(fixture_entries)
    assert "AB-1234" not in e["MESH:D900102"].terms                  # LAB code
    assert "Syndrome, Guillain-Barre" not in e["MESH:D900002"].terms  # inverted form
    assert "Guillain-Barre Syndrome" in e["MESH:D900002"].terms
    assert "Chronic Kidney Disease" in e["MESH:D900004"].terms        # natural-order permuted term kept
    assert "Disease, Kidney" not in e["MESH:D900004"].terms
    assert "Anxiety States (Neurotic)" not in e["MESH:D900012"].terms
    assert all(len(t) <= 50 for t in e["MESH:D900114"].terms)
    assert "Therapeutics" in e["MESH:D900112"].terms and "Therapy" not in e["MESH:D900112"].terms
    # ambiguous between labels, neither side's preferred term: dropped on both sides
    assert "Shared Term" not in e["MESH:D900105"].terms
    assert "MESH:D900014" not in e
    assert "MESH:D900009" not in e and "MESH:D900115" not in e


@pytest.mark.parametrize("name,expected", [
    ("Immunoglobulins, Intravenous", "intravenous immunoglobulins"),
    ("Diabetes Mellitus, Type 2", "type 2 diabetes mellitus"),
    ("Purpura, Thrombocytopenic, Idiopathic", "idiopathic thrombocytopenic purpura"),
    ("Anemia, Hemolytic, Autoimmune", "autoimmune hemolytic anemia"),
    ("Vitamin B 12", "vitamin B 12"),
    ("Adenosine Triphosphate, 2-Chloro", "adenosine triphosphate, 2-chloro"),  # chemical tail: left alone
    ("Guillain-Barre Syndrome", "Guillain-Barre syndrome"),
    ("Hepatitis B", "hepatitis B"),
    ("HIV Infections", "HIV infections"),
    ("Acetaminophen", "acetaminophen"),
])
def test_readable_name(name, expected):
    assert readable_name(name, frozenset({"Guillain", "Barre"})) == expected


def test_readable_name_uses_eponyms_from_mesh(fixture_entries):
    assert by_id(fixture_entries)["MESH:D900002"].name == "Guillain-Barre syndrome"


@pytest.mark.parametrize("trees,actions,name,label", [
    (["C01.1"], [], "", "CONDITION"),
    (["C22.1"], [], "", None),
    (["C22.1", "C01.2"], [], "", "CONDITION"),
    (["D02.1"], ["Analgesics"], "", "INTERVENTION"),
    (["D02.1"], ["Fluorescent Dyes"], "", None),
    (["D12.1"], ["Immunologic Factors"], "Natalizumab", "INTERVENTION"),
    (["D12.1"], ["Immunologic Factors"], "Immunoglobulin G", None),
    (["E01.370.1", "G09.1"], [], "", None),
    (["E02.319.267.1"], [], "", None),
    (["A11.1"], ["Analgesics"], "", None),
])
def test_select_label(trees, actions, name, label):
    assert select_label(trees, actions, frozenset({"Fluorescent Dyes"}), name) == label


def test_build_is_deterministic(tmp_path):
    stop = load_stoplist(FIXTURES / "stoplist.json")
    a = write_lexicon(build_entries(FIXTURES / "mesh", stop), tmp_path / "a")
    b = write_lexicon(build_entries(FIXTURES / "mesh", stop), tmp_path / "b")
    assert (tmp_path / "a" / LEXICON_FILE).read_bytes() == (tmp_path / "b" / LEXICON_FILE).read_bytes()
    assert a == b
    rows = gzip.open(tmp_path / "a" / LEXICON_FILE, "rt", encoding="utf-8").read().splitlines()
    assert rows[0] == "id\tlabel\tname\tterms"
    assert rows[1:] == sorted(rows[1:])


def test_write_rejects_separator_in_term(tmp_path):
    from claimnlp.lexicon.build import LexEntry
    with pytest.raises(ValueError):
        write_lexicon([LexEntry("MESH:D1", "CONDITION", "x", ("a|b",))], tmp_path)


def test_disease_ontology_label_names_and_terms(fixture_entries):
    e = by_id(fixture_entries)
    assert e["MESH:D900021"].name == "Kawasaki disease"          # single DO label -> readable name
    assert "kawasaki disease" in {t.lower() for t in e["MESH:D900021"].terms}
    assert e["MESH:D900001"].name == "fever"


def test_do_proper_words():
    from claimnlp.lexicon.build import do_proper_words
    words = do_proper_words(["Kawasaki disease", "Alzheimer's disease", "Down syndrome", "down syndrome thing",
                             "disease of metabolism"])
    assert "Kawasaki" in words and "Alzheimer" in words
    assert "Down" not in words     # as often lower case as capitalised
    assert "Disease" not in words


def test_leading_participle_terms_dropped(fixture_entries):
    assert "MESH:D900122" not in by_id(fixture_entries)   # its only term is "Induced Hypotension"


def test_case_variants_of_acronyms_are_not_ambiguous(fixture_entries):
    e = by_id(fixture_entries)
    assert "AIDS" in e["MESH:D900020"].terms and "AID" in e["MESH:D900120"].terms


def test_build_without_do_is_still_valid(tmp_path):
    stop = load_stoplist(FIXTURES / "stoplist.json")
    e = by_id(build_entries(FIXTURES / "mesh", stop))
    assert e["MESH:D900021"].name == "mucocutaneous lymph node syndrome"


def test_narrower_do_label_is_a_term_but_not_the_name(fixture_entries):
    e = by_id(fixture_entries)["MESH:D900007"]
    assert e.name == "headache"
    assert "nocturnal headache" in {t.lower() for t in e.terms}


def test_label_clash_goes_to_the_side_whose_preferred_term_it_is(fixture_entries):
    e = by_id(fixture_entries)
    assert "Pref Shared" in e["MESH:D900023"].terms
    assert "Pref Shared" not in e["MESH:D900123"].terms and "Other Drug" in e["MESH:D900123"].terms
