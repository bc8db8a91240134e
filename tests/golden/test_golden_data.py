"""Checks on the golden data itself (no pipeline needed).

The gold files follow shared/eval/ANNOTATION.md; these tests keep them
well-formed, consistent with claimnlp.schema labels, locatable in the samples,
and consistent with data/golden/expectations.json.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from claimnlp.schema import Certainty, ClaimType, QuantityKind, Qualifier
from golden_helpers import (GOLDEN, SAMPLES, SEEDS, expectations, gold_files, gold_units, naive_html_text, resolver,
                            sample_files, thresholds)

UNIT_KEYS = ["doc", "start", "end", "text", "optional", "claim_type", "certainty", "interventions", "conditions",
             "context_interventions", "context_conditions", "quantities", "hedge_cues"]
CONCEPT_KEYS = ("interventions", "conditions", "context_interventions", "context_conditions")
QTY_KEYS = {"text", "value", "low", "high", "unit", "kind", "qualifier"}
OFFSET_FORMATS = {".txt", ".md"}

UNITS = gold_units()


def _uid(u: dict[str, Any]) -> str:
    return f"{u['doc']}:{u['text'][:40]}"


def test_every_sample_has_a_gold_file_and_back() -> None:
    samples = {p.stem for p in sample_files()}
    golds = {p.stem for p in gold_files()}
    assert samples == golds
    assert 6 <= len(samples) <= 8


def test_gold_doc_names_are_sample_files() -> None:
    for p in gold_files():
        docs = {json.loads(line)["doc"] for line in p.read_text(encoding="utf-8").splitlines() if line.strip()}
        assert docs == {next(s.name for s in sample_files() if s.stem == p.stem)}, p


@pytest.mark.parametrize("unit", UNITS, ids=_uid)
def test_unit_is_well_formed(unit: dict[str, Any]) -> None:
    assert list(unit) == UNIT_KEYS
    assert isinstance(unit["text"], str) and unit["text"] == unit["text"].strip() and unit["text"]
    assert isinstance(unit["optional"], bool)
    assert unit["claim_type"] in ClaimType.values()
    assert unit["certainty"] in Certainty.values()
    for key in CONCEPT_KEYS:
        for aliases in unit[key]:
            assert aliases and all(isinstance(a, str) and a.strip() for a in aliases), (key, aliases)
            assert len({a.casefold() for a in aliases}) == len(aliases), f"duplicate alias in {aliases}"
    if not unit["optional"]:
        # ANNOTATION.md: a claim names or clearly implies an intervention or a condition
        assert any(unit[k] for k in CONCEPT_KEYS), "non-optional unit without any concept"
    for cue in unit["hedge_cues"]:
        assert cue.casefold() in unit["text"].casefold(), cue


@pytest.mark.parametrize("unit", [u for u in UNITS if u["quantities"]], ids=_uid)
def test_unit_quantities_are_well_formed(unit: dict[str, Any]) -> None:
    for q in unit["quantities"]:
        assert set(q) <= QTY_KEYS and {"text", "unit", "kind"} <= set(q), q
        assert q["text"] in unit["text"], q
        assert q["kind"] in QuantityKind.values(), q
        assert q.get("qualifier") is None or q["qualifier"] in Qualifier.values(), q
        assert isinstance(q["unit"], str) and q["unit"] and " " not in q["unit"], q
        if "value" in q:
            assert "low" not in q and "high" not in q, q
            assert isinstance(q["value"], (int, float)) and math.isfinite(q["value"]), q
        else:
            assert q["low"] <= q["high"], q
        if q["kind"] == "ci":
            assert "low" in q, "a CI has low/high"


@pytest.mark.parametrize("path", [p for p in gold_files() if Path(json.loads(p.read_text().splitlines()[0])["doc"]).suffix in OFFSET_FORMATS],
                         ids=lambda p: p.name)
def test_txt_md_offsets_index_the_file_content(path: Path) -> None:
    units = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    text = (SAMPLES / units[0]["doc"]).read_bytes().decode("utf-8")
    prev_end = 0
    for u in units:
        assert text[u["start"]:u["end"]] == u["text"], u["text"]
        assert u["start"] >= prev_end, f"units out of order or overlapping at {u['text']!r}"
        prev_end = u["end"]


@pytest.mark.parametrize("unit", [u for u in UNITS if Path(u["doc"]).suffix not in OFFSET_FORMATS], ids=_uid)
def test_extracted_text_units_have_null_offsets(unit: dict[str, Any]) -> None:
    assert unit["start"] is None and unit["end"] is None


def test_jsonl_units_are_in_the_records_in_order() -> None:
    for sample in (p for p in sample_files() if p.suffix == ".jsonl"):
        records = [json.loads(line) for line in sample.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert all({"id", "title", "text", "url"} <= set(r) for r in records)
        docs = [{"source": r["url"], "text": r["text"], "format": "jsonl"} for r in records]
        units = [u for u in UNITS if u["doc"] == sample.name]
        titles = {r["title"] for r in records}
        for u in units:
            assert u["text"] in titles or any(u["text"] in r["text"] for r in records), u["text"]
            assert u["text"] not in titles or u["optional"], "titles are headings: optional only"
        resolved = resolver().resolve(units, docs)
        assert len(resolved) == len([u for u in units if u["text"] not in titles])
        assert all(r["text"] == u["text"] for r, u in zip(resolved, [u for u in units if u["text"] not in titles]))


def test_html_units_are_found_in_a_crude_extraction() -> None:
    for sample in (p for p in sample_files() if p.suffix == ".html"):
        text = naive_html_text(sample.read_text(encoding="utf-8"))
        units = [u for u in UNITS if u["doc"] == sample.name]
        resolved = resolver().resolve(units, [{"source": str(sample), "text": text, "format": "html"}])
        assert len(resolved) == len(units)
        norm = [re.sub(r"[\s|]+", " ", r["text"]).strip() for r in resolved]
        assert norm == [re.sub(r"[\s|]+", " ", u["text"]).strip() for u in units]


def _gold_unit_for(exp: dict[str, Any]) -> dict[str, Any]:
    hits = [u for u in UNITS if u["doc"] == exp["doc"] and exp["text_contains"] in u["text"]]
    assert len(hits) == 1, f"{exp['text_contains']!r} must pick exactly one gold unit, got {len(hits)}"
    return hits[0]


@pytest.mark.parametrize("exp", expectations(), ids=lambda e: f"{e['doc']}:{e['text_contains'][:30]}")
def test_expectation_agrees_with_gold(exp: dict[str, Any]) -> None:
    assert set(exp) == {"doc", "text_contains", "intervention_any", "condition_any", "certainty", "quantities"}
    u = _gold_unit_for(exp)
    assert not u["optional"]
    assert exp["certainty"] == u["certainty"]
    for key, concept_keys in (("intervention_any", ("interventions", "context_interventions")),
                              ("condition_any", ("conditions", "context_conditions"))):
        if exp[key]:
            gold_aliases = {a.casefold() for k in concept_keys for c in u[k] for a in c}
            assert gold_aliases & {a.casefold() for a in exp[key]}, (key, exp[key])
    for q in exp["quantities"]:
        def same(g: dict[str, Any]) -> bool:
            if g["unit"] != q["unit"]:
                return False
            if "value" in q:
                return "value" in g and math.isclose(g["value"], q["value"])
            return "low" in g and math.isclose(g["low"], q["low"]) and math.isclose(g["high"], q["high"])
        assert any(same(g) for g in u["quantities"]), q


def test_expectations_cover_every_sample_and_label() -> None:
    exps = expectations()
    assert len(exps) >= 15
    assert {e["doc"] for e in exps} == {p.name for p in sample_files()}
    assert {e["certainty"] for e in exps} == set(Certainty.values())


def test_gold_covers_labels_and_kinds() -> None:
    real = [u for u in UNITS if not u["optional"]]
    cert = Counter(u["certainty"] for u in real)
    assert all(cert[c] >= 10 for c in Certainty.values()), cert
    kinds = {q["kind"] for u in real for q in u["quantities"]}
    assert {"percentage", "count", "sample_size", "p_value", "effect_size", "ratio", "ci", "dose", "duration",
            "frequency", "age", "cost", "measurement"} <= kinds


def test_thresholds_name_known_metrics() -> None:
    known = {"provenance", "claims.f1", "claims.p", "claims.r", "claim_tuples.f1", "claim_tuples.p", "claim_tuples.r",
             "interventions.f1", "conditions.f1", "attribution_recall", "quantities.f1", "quantities.p", "quantities.r",
             "quantity_kind_acc", "certainty_acc", "certainty_macro_f1"}
    th = thresholds()
    assert th and set(th) <= known
    assert all(0.0 <= v <= 1.0 for v in th.values())
    assert th["provenance"] == 1.0


def _shingles(text: str, n: int = 7) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_samples_do_not_copy_the_seed_articles() -> None:
    if not SEEDS.is_dir():
        pytest.skip("shared seeds not available")
    seed = set().union(*(_shingles(p.read_text(encoding="utf-8", errors="replace")) for p in SEEDS.glob("*.txt")))
    for p in sample_files():
        shared = _shingles(p.read_text(encoding="utf-8")) & seed
        assert not shared, f"{p.name} shares 7-word runs with a seed: {sorted(shared)[:3]}"
