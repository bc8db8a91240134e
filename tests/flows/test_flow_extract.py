"""The Prefect flow: same tables as the CLI, Dask LocalCluster equals local, schedule path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from claimnlp import cli
from claimnlp.api import read_tables
from claimnlp.schema import TABLES

DOCS = {
    "a/zinc.md": "# Zinc\n\nZinc lozenges may shorten colds by a day.\n",
    "a/ginger.txt": "Ginger reduced nausea in 60% of pregnant women, a small trial found.\n",
    "b/iron.html": "<html><head><title>Iron</title></head><body><p>Iron infusions correct anaemia within "
                   "weeks in most patients.</p></body></html>",
    "b/statins.txt": "Statins lowered LDL cholesterol by 40 percent over 12 weeks.\n",
    "b/melatonin.txt": "Melatonin does not improve sleep quality in older adults, the review concluded.\n",
    "c/trials.jsonl": "\n".join(json.dumps({"id": f"t{i}", "text": f"Drug {i} improved pain scores in "
                                                                   f"{20 + i} adults with arthritis."})
                                 for i in range(6)) + "\n",
    "c/empty.txt": "\n",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, write_tree: Any) -> Path:
    return write_tree(tmp_path_factory.mktemp("flowin"), DOCS)


@pytest.fixture(scope="module")
def cli_out(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cliout")
    assert cli.main(["extract", str(corpus), "--out", str(out), "--batch-size", "3", "--no-progress"]) == 0
    return out


def _assert_same_tables(a: Path, b: Path) -> None:
    ta, tb = read_tables(a), read_tables(b)
    for n in TABLES:
        pd.testing.assert_frame_equal(getattr(ta, n), getattr(tb, n), obj=n)
        assert len(getattr(ta, n)) == len(pd.read_parquet(b / n))


@pytest.mark.slow
def test_flow_local_equals_cli(prefect_harness, flow_module, corpus: Path, cli_out: Path, tmp_path: Path,
                               caplog: pytest.LogCaptureFixture) -> None:
    out = tmp_path / "flow"
    summary = flow_module.extract_claims(inputs=[str(corpus)], out=str(out), batch_size=3)
    assert summary["processed"] == 11 and summary["input_errors"] == 1
    progress = [r.getMessage() for r in caplog.records if r.name == "claimnlp.runner"]
    assert any(m.startswith("progress: 11 docs processed") and "words/s" in m and "ETA" in m for m in progress)
    _assert_same_tables(cli_out, out)
    again = flow_module.extract_claims(inputs=[str(corpus)], out=str(out), batch_size=3)
    assert again["processed"] == 0 and again["skipped"] == 11


@pytest.mark.slow
def test_flow_on_dask_local_cluster_equals_local(prefect_harness, flow_module, corpus: Path, cli_out: Path,
                                                 tmp_path: Path) -> None:
    from claimnlp import runner

    runner._load_processor.cache_clear()  # the driver and the workers load the same (current) pipeline
    out = tmp_path / "dask"
    summary = flow_module.extract_claims(inputs=[str(corpus)], out=str(out), batch_size=2, dask_workers=2)
    assert summary["processed"] == 11 and summary["parts"] >= 5
    _assert_same_tables(cli_out, out)


def test_task_body_is_one_library_call(flow_module, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimnlp import runner
    from claimnlp.model import Document
    from fake_processor import FakeProcessor

    monkeypatch.setenv("CLAIMNLP_PROCESSOR", "fake_processor:FakeProcessor")
    doc = Document.from_text("Zinc helps Colds.", source="x.txt", format="txt")
    job = runner.BatchJob(out=str(tmp_path / "o"), docs=(doc,), pipeline_version=FakeProcessor().pipeline_version)
    info = flow_module.process_batch.fn(job)
    assert info.keys == (f"doc:{doc.doc_id}",) and info.totals()["claims"] == 1
    assert (tmp_path / "o" / "claims" / f"{info.name}.parquet").exists()


def test_task_runner_selection(flow_module) -> None:
    from prefect.task_runners import ThreadPoolTaskRunner
    from prefect_dask import DaskTaskRunner

    assert isinstance(flow_module.make_task_runner(), ThreadPoolTaskRunner)
    remote = flow_module.make_task_runner(dask_address="tcp://10.0.0.5:8786")
    assert isinstance(remote, DaskTaskRunner) and remote.address == "tcp://10.0.0.5:8786"
    local = flow_module.make_task_runner(dask_workers=3)
    assert isinstance(local, DaskTaskRunner) and local.cluster_kwargs["n_workers"] == 3


def test_schedule_deployment_has_cron_and_parameters(flow_module) -> None:
    params = {"inputs": ["/data/articles"], "out": "/data/claims", "batch_size": 32, "prune": True,
              "dask_address": None, "dask_workers": 0}
    dep = flow_module.extract_claims.to_deployment(name="nightly", cron="0 2 * * *", parameters=params)
    assert dep.name == "nightly" and dep.parameters == params
    assert [s.schedule.cron for s in dep.schedules] == ["0 2 * * *"]


def test_prefect_yaml_deployment_points_at_the_flow(flow_module) -> None:
    import yaml

    repo = Path(__file__).resolve().parents[2]
    spec = yaml.safe_load((repo / "flows" / "prefect.yaml").read_text())
    (dep,) = spec["deployments"]
    path, func = dep["entrypoint"].split(":")
    assert (repo / path).exists() and func == "extract_claims"
    assert set(dep["parameters"]) >= {"inputs", "out"}
    assert dep["schedules"][0]["cron"]
    from prefect.flows import load_flow_from_entrypoint

    flow = load_flow_from_entrypoint(str(repo / dep["entrypoint"]))
    assert flow.name == "extract-claims"


@pytest.mark.slow
def test_flow_on_an_existing_dask_scheduler(prefect_harness, flow_module, corpus: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """``dask_address``: the flow uses a scheduler it did not start (workers told where the Prefect API is)."""
    from distributed import LocalCluster
    from prefect.settings import get_current_settings

    from claimnlp import runner

    env = {"CLAIMNLP_PROCESSOR": "fake_processor:FakeProcessor", "PYTHONPATH": str(Path(__file__).parents[1] / "store"),
           "PREFECT_API_URL": str(get_current_settings().api.url), "DO_NOT_TRACK": "1"}
    monkeypatch.setenv("CLAIMNLP_PROCESSOR", env["CLAIMNLP_PROCESSOR"])
    runner.run([str(corpus)], tmp_path / "local", batch_size=2, progress=False)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, env=env) as cluster:
        summary = flow_module.extract_claims(inputs=[str(corpus)], out=str(tmp_path / "remote"), batch_size=2,
                                             dask_address=cluster.scheduler_address)
    assert summary["processed"] == 11
    _assert_same_tables(tmp_path / "local", tmp_path / "remote")
