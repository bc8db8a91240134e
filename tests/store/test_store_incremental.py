"""Incremental runs, table-driven from data/incremental_scenarios.json, plus a property test.

A stub processor (fake_processor.py) with the Processor contract keeps these fast
and independent of the NLP core; the store and runner are what is under test.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimnlp import runner
from claimnlp.api import read_tables
from fake_processor import FakeProcessor

SCENARIOS = json.loads((Path(__file__).parent / "data" / "incremental_scenarios.json").read_text())["scenarios"]


def _apply(root: Path, step: dict) -> None:
    for name, text in step.get("write", {}).items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    for name in step.get("delete", []):
        (root / name).unlink()


def _rel(root: Path, source: str) -> str:
    return str(Path(source).relative_to(root)) if source.startswith(str(root)) else source


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_incremental_scenario(scenario: dict, tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for i, step in enumerate(scenario["steps"]):
        _apply(inp, step)
        opts = step.get("run", {})
        proc = FakeProcessor(pipeline_version=opts.get("pipeline_version", "fake-1"))
        summary = runner.run([str(inp)], out, batch_size=2, prune=opts.get("prune", False), processor=proc,
                             progress=False)
        exp = step["expect"]
        where = f"step {i}"
        for key in ("processed", "skipped", "failed", "duplicates", "removed"):
            if key in exp:
                assert getattr(summary, key) == exp[key], f"{where}: {key}"
        if "processor_docs" in exp:
            assert proc.docs_seen == exp["processor_docs"], where
        t = read_tables(out)
        if "documents" in exp:
            assert len(t.documents) == exp["documents"], where
            assert t.documents["doc_id"].is_unique, where
        if "claims" in exp:
            assert len(t.claims) == exp["claims"], where
        if "sources" in exp:
            assert sorted(_rel(inp, s) for s in t.documents["source"]) == exp["sources"], where
        if "errors" in exp:
            got = sorted((_rel(inp, r["source"]), r["stage"], r["error_type"]) for r in t.errors.to_dict("records"))
            want = sorted((e["source"], e["stage"], e["error_type"]) for e in exp["errors"])
            assert got == want, where
        for text in exp.get("claim_texts_include", []):
            assert text in set(t.claims["text"]), where
        for text in exp.get("claim_texts_exclude", []):
            assert text not in set(t.claims["text"]), where
        if "pipeline_versions" in exp:
            for df in (t.documents, t.claims, t.mentions):
                assert sorted(set(df["pipeline_version"])) == exp["pipeline_versions"], where
        # after a finished run the plain dataset readers see exactly the manifest's rows
        for name in ("documents", "claims", "mentions", "errors"):
            assert len(pd.read_parquet(out / name)) == len(getattr(t, name)), f"{where}: {name}"
        assert not [p for p in out.rglob(".tmp-*")], where


def _assert_tables_equal(a: Path, b: Path) -> None:
    ta, tb = read_tables(a), read_tables(b)
    for name in ("documents", "claims", "mentions", "errors"):
        pd.testing.assert_frame_equal(getattr(ta, name), getattr(tb, name), obj=name)


WORDS = ["Zinc", "colds", "helps", "Ginger", "nausea"]
texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(lambda ws: " ".join(ws) + ".")
names = st.sampled_from(["a.txt", "b.txt", "c.md", "sub/d.txt", "sub/e.txt"])
edit = st.one_of(st.tuples(st.just("write"), names, texts), st.tuples(st.just("delete"), names, st.just("")))
run_step = st.tuples(st.lists(edit, min_size=1, max_size=4), st.booleans(), st.sampled_from(["fake-1", "fake-2"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(run_step, min_size=1, max_size=4))
def test_incremental_with_prune_equals_fresh_run(steps: list) -> None:
    """Any edit/run sequence ending in a pruned run gives the tables of a fresh run."""
    tmp = Path(tempfile.mkdtemp(prefix="cn-prop-"))
    try:
        inp, out, fresh = tmp / "in", tmp / "out", tmp / "fresh"
        inp.mkdir()
        (inp / "seed.txt").write_text("Seed text about Aspirin.", encoding="utf-8")
        pv = "fake-1"
        for edits, prune, pv in steps:
            for op, name, text in edits:
                p = inp / name
                if op == "write":
                    p.parent.mkdir(parents=True, exist_ok=True)
                    p.write_text(text, encoding="utf-8")
                elif p.exists():
                    p.unlink()
            runner.run([str(inp)], out, batch_size=2, prune=prune, processor=FakeProcessor(pv), progress=False)
        runner.run([str(inp)], out, batch_size=2, prune=True, processor=FakeProcessor(pv), progress=False)
        runner.run([str(inp)], fresh, batch_size=3, processor=FakeProcessor(pv), progress=False)
        _assert_tables_equal(out, fresh)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
