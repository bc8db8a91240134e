"""The schedule path end to end: a real ``prefect server start`` on localhost, the flow served with a
cron schedule (``python flows/extract_claims.py ... --serve --cron``), one run triggered, tables written.

Bounded: every wait has a timeout and both processes are stopped in ``finally``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(pred, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return
        time.sleep(1.0)
    raise TimeoutError(f"timed out waiting for {what}")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def _stop(proc: subprocess.Popen) -> None:  # type: ignore[type-arg]
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.mark.slow
def test_served_flow_with_cron_runs_on_a_local_server(tmp_path: Path) -> None:
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    home = tmp_path / "prefect-home"
    home.mkdir()
    env = dict(os.environ)
    env.update(PREFECT_HOME=str(home), PREFECT_API_URL=api, DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_RUNNER_POLL_FREQUENCY="2", PREFECT_LOGGING_EXTRA_LOGGERS="claimnlp",
               CLAIMNLP_PROCESSOR="fake_processor:FakeProcessor",
               PYTHONPATH=os.pathsep.join([str(REPO / "tests" / "store"), env.get("PYTHONPATH", "")]))
    server_env = {k: v for k, v in env.items() if k != "PREFECT_API_URL"}
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "a.txt").write_text("Zinc may shorten Colds. Ginger eases Nausea.", encoding="utf-8")
    (inp / "b.md").write_text("# Iron\nIron infusions correct Anaemia.", encoding="utf-8")
    prefect = str(Path(sys.executable).with_name("prefect"))
    server = subprocess.Popen([prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                              env=server_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    served = None
    try:
        _wait(lambda: _healthy(api), 150, "the Prefect server")
        served = subprocess.Popen([sys.executable, str(REPO / "flows" / "extract_claims.py"), str(inp), "--out",
                                   str(out), "--serve", "--cron", "15 3 * * *", "--name", "test-nightly"],
                                  env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)
        check = subprocess.run([sys.executable, "-c", CLIENT_SCRIPT], env=env, capture_output=True, text=True,
                               timeout=300)
        assert check.returncode == 0, check.stdout[-2000:] + check.stderr[-3000:]
        assert "cron=15 3 * * *" in check.stdout and "state=COMPLETED" in check.stdout, check.stdout
        assert len(pd.read_parquet(out / "documents")) == 2
        assert len(pd.read_parquet(out / "claims")) == 4  # one per line or sentence (stub processor)
    finally:
        if served is not None:
            _stop(served)
        _stop(server)


CLIENT_SCRIPT = r'''
import time
from prefect.client.orchestration import get_client
from prefect.deployments import run_deployment

name = "extract-claims/test-nightly"
dep = None
with get_client(sync_client=True) as client:
    for _ in range(120):
        try:
            dep = client.read_deployment_by_name(name)
            break
        except Exception:
            time.sleep(1)
assert dep is not None, "deployment never appeared"
crons = [s.schedule.cron for s in dep.schedules]
print("cron=" + ",".join(crons))
assert dep.parameters["out"].endswith("out") and dep.parameters["inputs"][0].endswith("in"), dep.parameters
run = run_deployment(name, timeout=240)
print("state=" + str(run.state.type.value))
'''
