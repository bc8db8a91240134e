"""Schwartz-Hearst abbreviations and the MeSH normalization cascade (tiny index)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimnlp.ner.abbrev import best_long_form, find_abbreviations
from claimnlp.ner.normalize import MeshIndex, norm_key, normalize_with, read_index, write_index


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Patients with chronic kidney disease (CKD) took it.", {"CKD": "chronic kidney disease"}),
        ("We used tranexamic acid (TXA). TXA was safe.", {"TXA": "tranexamic acid"}),
        # the first letter must start a word
        ("the level of haemoglobin A1c (HbA1c) fell", {"HbA1c": "haemoglobin A1c"}),
        ("a dose (5 mg) was given", {}),  # no letters in order -> nothing
        ("no parentheses here", {}),
    ],
)
def test_find_abbreviations(text: str, expected: dict[str, str]) -> None:
    assert find_abbreviations(text) == expected


def test_best_long_form_none_when_letters_missing() -> None:
    assert best_long_form("XYZ", "some words here") is None


ROWS = [
    ("C", "D001241", "Aspirin", "Aspirin"),
    ("C", "D001241", "Acetylsalicylic Acid", "Aspirin"),
    ("D", "D006333", "Heart Failure", "Heart Failure"),
    ("D", "D006333", "Cardiac Failure", "Heart Failure"),
    ("D", "D003924", "Diabetes Mellitus, Type 2", "Diabetes Mellitus, Type 2"),
    ("D", "D007676", "Kidney Failure, Chronic", "Kidney Failure, Chronic"),
    ("D", "D051436", "Chronic kidney disease", "Renal Insufficiency, Chronic"),
]
INDEX = MeshIndex.from_rows(ROWS)


@pytest.mark.parametrize(
    "surface, label, long_form, expected",
    [
        ("Aspirin", "Chemical", None, "MESH:D001241"),  # exact
        ("acetylsalicylic acid", "Chemical", None, "MESH:D001241"),  # case-insensitive key
        ("heart failure", "Disease", None, "MESH:D006333"),
        ("cardiac failures", "Disease", None, "MESH:D006333"),  # plural variant
        ("heart-failure", "Disease", None, "MESH:D006333"),  # hyphen as space
        ("CKD", "Disease", "chronic kidney disease", "MESH:D051436"),  # abbreviation long form
        ("aspirin", "Disease", None, None),  # wrong class
        ("diabetes mellitus type 2", "Disease", None, "MESH:D003924"),  # punctuation-insensitive
        ("acetylsalicylic acids", "Chemical", None, "MESH:D001241"),
        ("zzzz qqqq", "Disease", None, None),  # TF-IDF below threshold
        ("aspirin", "Gene", None, None),  # unknown label
    ],
)
def test_cascade(surface: str, label: str, long_form: str | None, expected: str | None) -> None:
    res = normalize_with(INDEX, surface, label, long_form)
    assert (res[0] if res else None) == expected


def test_tfidf_fallback_finds_near_spelling() -> None:
    res = normalize_with(INDEX, "acetylsalicylic-acid tablets", "Chemical", threshold=0.5)
    assert res is not None and res[0] == "MESH:D001241" and res[1] == "Aspirin"


def test_norm_key() -> None:
    assert norm_key("  Diabetes  Mellitus, Type-2 ") == "diabetes mellitus type 2"


def test_index_round_trip(tmp_path: Path) -> None:
    write_index(ROWS, tmp_path / "m.tsv.gz")
    idx = read_index(tmp_path / "m.tsv.gz")
    assert normalize_with(idx, "Cardiac Failure", "Disease") == ("MESH:D006333", "Heart Failure")


def test_empty_index_rejected() -> None:
    with pytest.raises(ValueError):
        MeshIndex.from_rows([])
