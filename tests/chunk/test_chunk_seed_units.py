"""Regression guard: units line up with the shared gold annotation of the seed articles.

Reads ../shared at run time (skipped when it is absent); nothing from it is stored here.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimnlp.chunk import chunk_blocks, units

GOLD = Path("/work/shared/eval/gold/seeds.jsonl")
SEEDS = Path("/work/shared/seeds")


@pytest.mark.skipif(not GOLD.exists() or not SEEDS.exists(), reason="shared seeds/gold not available")
def test_gold_units_are_reproduced_and_none_is_boilerplate() -> None:
    gold = [json.loads(x) for x in GOLD.read_text(encoding="utf-8").splitlines() if x.strip()]
    by_doc: dict[str, list[dict]] = {}
    for g in gold:
        by_doc.setdefault(g["doc"], []).append(g)
    exact = total = lost = 0
    for doc, gs in by_doc.items():
        text = (SEEDS / doc).read_bytes().decode("utf-8")
        blocks = chunk_blocks(text, "txt")
        spans = {(u.start, u.end) for u in units(text, blocks)}
        bp = [(b.start, b.end) for b in blocks if b.is_boilerplate]
        for g in gs:
            total += 1
            exact += (g["start"], g["end"]) in spans
            lost += any(a <= g["start"] and g["end"] <= z for a, z in bp)
    assert total > 0
    assert exact / total >= 0.97
    assert lost == 0
