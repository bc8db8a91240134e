"""Outcome, comparator and population spans on our own phrasings (tests/claims/spans.json)."""

import json
from pathlib import Path

import pytest

from claimnlp.claims.assemble import _first_match, find_comparator, find_outcome
from claimnlp.claims.rules import load_rules

RULES = load_rules()
CASES = json.loads((Path(__file__).parent / "spans.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("text", "expected"), CASES["outcome"])
def test_outcome(text: str, expected: str | None) -> None:
    assert find_outcome(text, RULES) == expected


@pytest.mark.parametrize(("text", "expected"), CASES["comparator"])
def test_comparator(text: str, expected: str | None) -> None:
    assert find_comparator(text, RULES) == expected


@pytest.mark.parametrize(("text", "expected"), CASES["population"])
def test_population(text: str, expected: str | None) -> None:
    assert _first_match(RULES.population, text) == expected
