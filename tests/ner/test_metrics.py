"""Exact-span P/R/F1 against hand-computed cases, and normalization accuracy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimnlp.ner.metrics import Scorer

CASES = json.loads((Path(__file__).parent / "data" / "metrics_cases.json").read_text())["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["comment"] for c in CASES])
def test_hand_computed(case: dict) -> None:
    s = Scorer(case["labels"])
    s.add([tuple(x) for x in case["gold"]], [tuple(x) for x in case["pred"]])
    rep = s.report()
    for key, (p, r, f) in case["expected"].items():
        got = rep["overall"] if key == "overall" else rep["by_label"][key]
        assert (got["precision"], got["recall"], got["f1"]) == pytest.approx((p, r, f), abs=1e-4)


def test_normalization_accuracy_counts_matched_spans_with_ids_only() -> None:
    s = Scorer(["Chemical", "Disease"])
    gold = [(0, 5, "Chemical"), (10, 20, "Disease"), (30, 40, "Disease"), (50, 55, "Chemical")]
    pred = [(0, 5, "Chemical"), (10, 20, "Disease"), (30, 40, "Disease"), (60, 65, "Chemical")]
    gold_ids = {gold[0]: ("MESH:D1",), gold[1]: ("MESH:D2", "MESH:D3"), gold[2]: (), gold[3]: ("MESH:D9",)}
    pred_ids = {pred[0]: "MESH:D1", pred[1]: "MESH:D3", pred[2]: "MESH:D4", pred[3]: "MESH:D9"}
    s.add(gold, pred, gold_ids, pred_ids)
    # matched with ids: (0,5) correct, (10,20) correct (one of the composite ids); (30,40) has no gold id
    assert s.report()["normalization_accuracy"] == 1.0
    assert s.norm_total == 2


def test_no_matches_gives_none_accuracy() -> None:
    s = Scorer(["Disease"])
    s.add([(0, 1, "Disease")], [], {}, {})
    assert s.report()["normalization_accuracy"] is None


spans = st.lists(st.tuples(st.integers(0, 30), st.integers(1, 5), st.sampled_from(["Chemical", "Disease"])),
                 max_size=8).map(lambda xs: [(a, a + n, lab) for a, n, lab in xs])


@given(gold=spans, pred=spans)
def test_scores_bounded_and_consistent(gold: list, pred: list) -> None:
    s = Scorer(["Chemical", "Disease"])
    s.add(gold, pred)
    o = s.overall
    assert o.tp + o.fn == len(set(gold))
    assert o.tp + o.fp == len(set(pred))
    for c in [o, *s.by_label.values()]:
        assert 0.0 <= c.f1 <= 1.0
        assert min(c.precision, c.recall) - 1e-9 <= c.f1 <= max(c.precision, c.recall) + 1e-9


@given(gold=spans)
def test_perfect_prediction_scores_one(gold: list) -> None:
    s = Scorer(["Chemical", "Disease"])
    s.add(gold, list(gold))
    assert s.overall.f1 == (1.0 if gold else 0.0)
