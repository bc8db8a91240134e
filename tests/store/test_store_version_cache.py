"""An unchanged re-run neither loads the pipeline nor processes anything (the 10x re-run path)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimnlp import runner
from fake_processor import FakeProcessor


@pytest.fixture()
def counted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[FakeProcessor]:
    loads: list[FakeProcessor] = []

    def fake_get_processor() -> FakeProcessor:
        p = FakeProcessor("fake-cache-1")
        loads.append(p)
        return p

    import claimnlp.pipeline.run as prun

    monkeypatch.delattr(prun, "pipeline_version", raising=False)  # force the fingerprint-cache path
    monkeypatch.delenv(runner.PROCESSOR_ENV, raising=False)
    monkeypatch.setenv("CLAIMNLP_MODELS_DIR", str(tmp_path / "models"))
    (tmp_path / "models").mkdir()
    monkeypatch.setattr(runner, "get_processor", fake_get_processor)
    return loads


def _corpus(root: Path) -> Path:
    root.mkdir()
    for i in range(5):
        (root / f"d{i}.txt").write_text(f"Zinc helps Colds number {i}.", encoding="utf-8")
    return root


def test_unchanged_rerun_does_not_load_the_pipeline(counted: list[FakeProcessor], tmp_path: Path) -> None:
    inp, out = _corpus(tmp_path / "in"), tmp_path / "out"
    s1 = runner.run([str(inp)], out, progress=False)
    assert len(counted) == 1 and counted[0].docs_seen == 5 and s1.processed == 5
    cache = json.loads((out / "_manifest.json").read_text())["version_cache"]
    assert cache["pipeline_version"] == "fake-cache-1" and cache["fingerprint"] == runner.environment_fingerprint()
    s2 = runner.run([str(inp)], out, progress=False)
    assert len(counted) == 1 and s2.skipped == 5 and s2.processed == 0
    # a changed document loads the pipeline lazily, only when it has to be processed
    (inp / "d0.txt").write_text("Zinc helps Colds, changed.", encoding="utf-8")
    s3 = runner.run([str(inp)], out, progress=False)
    assert len(counted) == 2 and counted[1].docs_seen == 1 and s3.processed == 1 and s3.skipped == 4


def test_a_model_or_rule_change_invalidates_the_cached_version(counted: list[FakeProcessor], tmp_path: Path) -> None:
    inp, out = _corpus(tmp_path / "in"), tmp_path / "out"
    runner.run([str(inp)], out, progress=False)
    (tmp_path / "models" / "ner").mkdir()
    (tmp_path / "models" / "ner" / "meta.json").write_text("{}")
    s = runner.run([str(inp)], out, progress=False)
    assert len(counted) == 2  # loaded to learn the version; same version, so nothing reprocessed
    assert s.skipped == 5 and counted[1].docs_seen == 0


def test_config_environment_is_part_of_the_fingerprint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMNLP_NER_MODEL", raising=False)
    a = runner.environment_fingerprint()
    monkeypatch.setenv("CLAIMNLP_NER_MODEL", "none")
    assert runner.environment_fingerprint() != a
