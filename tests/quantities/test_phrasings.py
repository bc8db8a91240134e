"""Table-driven phrasings (tests/quantities/phrasings.json): every expected quantity, and nothing else.

Each case is ``{"text", "expected": [{"text", "value" | "low"/"high", "unit", "kind", "qualifier"?}]}``;
an empty ``expected`` list is a negative case (ordinals, citation years, references,
DOIs, phone numbers, trial registrations, labels such as "type 2").
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from claimnlp.model import Quantity
from claimnlp.quantities import parse_quantities

CASES = json.loads((Path(__file__).parent / "phrasings.json").read_text(encoding="utf-8"))


def _same(q: Quantity, e: dict) -> bool:
    def eq(a: float | None, b: float | None) -> bool:
        return (a is None and b is None) or (a is not None and b is not None and math.isclose(a, b, rel_tol=1e-6))

    return (q.text == e["text"] and eq(q.value, e.get("value")) and eq(q.low, e.get("low"))
            and eq(q.high, e.get("high")) and q.unit == e["unit"] and q.kind == e["kind"]
            and q.qualifier == e.get("qualifier"))


def _show(qs: list[Quantity]) -> list[dict]:
    return [{k: v for k, v in q.__dict__.items() if v is not None and k not in ("start", "end")} for q in qs]


def test_enough_cases() -> None:
    assert len(CASES) >= 150
    assert sum(1 for c in CASES if not c["expected"]) >= 20


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:50] for c in CASES])
def test_phrasing(case: dict) -> None:
    text = case["text"]
    got = parse_quantities(text, offset=7)
    for q in got:
        assert text[q.start - 7:q.end - 7] == q.text
    expected = case["expected"]
    missing = [e for e in expected if not any(_same(q, e) for q in got)]
    extra = [q for q in got if not any(_same(q, e) for e in expected)]
    assert not missing and not extra, f"missing={missing}\nextra={_show(extra)}"
