"""Regression guard on the owners' development set: the seeds (read from ../shared, never copied here)
scored by ../shared/eval/score.py against ../shared/eval/gold/seeds.jsonl. Thresholds are the measured
values minus a small margin, so a change that loses claim tuples, mentions or certainty fails here
before it reaches the owners. Skipped when ../shared is not beside the checkout."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from golden_helpers import SEEDS, score_module

from claimnlp.cli import main

GOLD = SEEDS.parent / "eval" / "gold" / "seeds.jsonl"
# measured 2026-11-21 (session 2): tuples 0.8132, claims 0.9752, mentions 0.9616, attribution 0.9051,
# quantities 0.9925, certainty macro-F1 0.9842, provenance 1.0
MINIMUM = {"claim_tuples": 0.79, "claims": 0.95, "attribution_recall": 0.88, "quantities": 0.97,
           "certainty_macro_f1": 0.95, "provenance": 1.0}


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if not SEEDS.is_dir() or not GOLD.exists():
        pytest.skip("../shared/seeds or its gold is not available")
    S = score_module()
    out = tmp_path_factory.mktemp("seeds_run")
    assert main(["extract", str(SEEDS), "--out", str(out), "--no-progress"]) == 0
    json_path = out / "score.json"
    assert S.main([str(out), str(GOLD), "--json", str(json_path)]) == 0
    return dict(json.loads(Path(json_path).read_text(encoding="utf-8")))


@pytest.mark.parametrize("metric", sorted(MINIMUM))
def test_seeds_score_does_not_regress(scored: dict[str, Any], metric: str) -> None:
    value = scored[metric]
    value = value["f1"] if isinstance(value, dict) else value
    assert value >= MINIMUM[metric], f"{metric}: {value} < {MINIMUM[metric]}"
