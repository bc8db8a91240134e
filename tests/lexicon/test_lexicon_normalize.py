"""Normalisation: exact lookup, abbreviation long form, fuzzy char-3-gram threshold."""
from __future__ import annotations

import pytest

from claimnlp.lexicon.concepts import FUZZY_THRESHOLD


@pytest.mark.parametrize("surface,label,expected", [
    ("Fever", None, "MESH:D900001"),
    ("fevers", "CONDITION", "MESH:D900001"),
    ("Fever", "INTERVENTION", None),                   # label filter
    ("Guillain–Barré Syndrome", None, "MESH:D900002"),
    ("IVIg", None, "MESH:D900101"),
    ("ivig", None, None),                              # acronym: case-sensitive
    ("immune thrombocytopenia", None, "MESH:D900005"),
    ("unknown thing", None, None),
])
def test_lookup(lex, surface, label, expected):
    c = lex.lookup(surface, label)
    assert (c.id if c else None) == expected


def test_normalize_exact_beats_long_form(lex):
    assert lex.normalize("Fever", long_form="immune thrombocytopenia").id == "MESH:D900001"


@pytest.mark.parametrize("short,long,expected", [
    ("ITP", "immune thrombocytopenia", "MESH:D900005"),
    ("GBS", "Guillain-Barre syndrome", "MESH:D900002"),
    ("TP", "therapeutic plasmapheresis", "MESH:D900104"),
    ("XYZ", "nothing like it at all", None),
])
def test_normalize_via_long_form(lex, short, long, expected):
    c = lex.normalize(short, long_form=long)
    assert (c.id if c else None) == expected


@pytest.mark.parametrize("surface,threshold,expected", [
    ("Guillian-Barre syndrome", 0.75, "MESH:D900002"),     # misspelling
    ("Guillian-Barre syndrome", 0.85, None),                # ... below the default threshold
    ("idiopathic thrombocytopenic purpuras", 0.85, "MESH:D900005"),
    ("chronic kidney diseases", 0.85, "MESH:D900004"),
    ("zzz qqq", 0.0, None),                                  # no shared 3-gram at all
])
def test_normalize_fuzzy(lex, surface, threshold, expected):
    c = lex.normalize(surface, threshold=threshold)
    assert (c.id if c else None) == expected


def test_fuzzy_threshold_is_applied(lex):
    hit = lex.fuzzy("thrombocytopenia of the kidney")
    assert hit is not None and hit[1] < FUZZY_THRESHOLD
    assert lex.normalize("thrombocytopenia of the kidney") is None
    assert lex.normalize("thrombocytopenia of the kidney", threshold=0.0) is not None


def test_fuzzy_respects_label(lex):
    hit = lex.fuzzy("plasmapheresis therapy", "CONDITION")
    assert hit is None or hit[0].label == "CONDITION"


def test_fuzzy_scores_are_bounded(lex):
    for s in ("fever", "Guillain", "plasmapheresis", "intravenous immune globulin"):
        c, score = lex.fuzzy(s)
        assert 0.0 < score <= 1.0 + 1e-9
    assert lex.fuzzy("intravenous immune globulin")[1] == pytest.approx(1.0)


@pytest.mark.parametrize("short,long,expected", [
    ("LDR", "low-dose rituximab", "MESH:D900107"),           # long form = modifier + term
    ("IRX", "oral iron therapy", "CN:0011"),
    ("ABC", "rituximab and fever", None),                     # two mentions: ambiguous
    ("KD", "kidney", None),                                   # nothing matched
])
def test_normalize_long_form_with_modifiers(lex, short, long, expected):
    c = lex.normalize(short, long_form=long)
    assert (c.id if c else None) == expected


def test_get(lex):
    assert lex.get("CN:0001").name == "pediatric acute-onset neuropsychiatric syndrome"
    assert lex.get("MESH:D000000") is None


def test_interventions_need_a_closer_fuzzy_match(lex):
    from claimnlp.lexicon.concepts import FUZZY_THRESHOLDS
    # "acetaminophene" scores between the CONDITION and the INTERVENTION bar in the fixture index
    c, score = lex.fuzzy("acetaminophene", "INTERVENTION")
    assert c.id == "MESH:D900102"
    assert FUZZY_THRESHOLDS["CONDITION"] <= score < FUZZY_THRESHOLDS["INTERVENTION"]
    assert lex.normalize("acetaminophene", "INTERVENTION") is None
    assert lex.normalize("acetaminophene", "INTERVENTION", threshold=0.85).id == "MESH:D900102"


def test_gram_table_equals_the_python_loop():
    # the numpy build of the fuzzy index gives the entries (and column numbering) of the plain loop
    from claimnlp.lexicon.concepts import _gram_table, _grams

    terms = [("Guillain-Barré syndrome", 0), ("", 1), ("ab", 2), ("aaaa aaaa", 3), ("IVIG", 4), ("x", 5),
             ("type 2 diabetes", 6), ("Crohn's disease", 7)]
    vocab: dict[str, int] = {}
    rows, cols, counts = [], [], []
    for i, (t, _) in enumerate(terms):
        for k, c in _grams(t).items():
            rows.append(i)
            cols.append(vocab.setdefault(k, len(vocab)))
            counts.append(c)
    got = _gram_table(terms)
    assert list(got[0].items()) == list(vocab.items())
    assert (list(got[1]), list(got[2]), list(got[3])) == (rows, cols, counts)


@pytest.mark.parametrize("surface", ["thrombocytopenia of the kidney", "fevr", "Guillan Barre", "immune thrombocytopnia",
                                     "zzzz", "syndrome"])
def test_fuzzy_floor_only_drops_hits_below_it(lex, surface):
    # the floor is a shortcut for "no term can reach it": hits at or above it are unchanged
    import numpy as np

    hit = lex.fuzzy(surface)
    floored = lex.fuzzy(surface, _floor=FUZZY_THRESHOLD)
    if hit is not None and hit[1] >= FUZZY_THRESHOLD:
        assert floored == hit
    else:
        assert floored is None or floored[1] < FUZZY_THRESHOLD
    fx = lex._fuzzy
    cols = list(range(0, fx.matrix.shape[1], 3))[:20]
    w = [0.1 * (k + 1) for k in range(len(cols))]
    assert np.array_equal(fx.scores(cols, w), fx.matrix[:, cols] @ np.array(w))  # same floats as scipy
