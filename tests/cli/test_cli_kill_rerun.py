"""Crash safety: ``claimnlp extract`` killed with SIGKILL at a random moment, then re-run,
ends with exactly the tables of an uninterrupted run; the killed state stays readable.

The subprocess uses the stub processor (``CLAIMNLP_PROCESSOR``) with a small delay
per batch so that kills land anywhere: while reading, processing, writing a
part, writing the manifest or compacting.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from claimnlp.api import read_tables
from claimnlp.schema import TABLES

STORE_TESTS = Path(__file__).parents[1] / "store"


def _corpus(root: Path, n: int = 40) -> None:
    words = ["Zinc", "Ginger", "Statins", "Melatonin", "Aspirin", "Iron", "Yoga", "Caffeine"]
    for i in range(n):
        a, b = words[i % len(words)], words[(i * 3 + 1) % len(words)]
        text = f"{a} may help with Condition{i}. A trial of {b} found benefit in {i + 10} adults."
        if i % 13 == 5:
            text = "This document will FAIL."
        p = root / f"g{i % 4}" / f"doc{i:03d}.txt"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    (root / "g0" / "copy.txt").write_text((root / "g1" / "doc001.txt").read_text())
    (root / "g2" / "empty.txt").write_text("\n")


def _cmd(inp: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "claimnlp.cli", "extract", str(inp), "--out", str(out), "--batch-size", "3",
            "--no-progress"]


def _env(pv: str, delay: float) -> dict[str, str]:
    env = dict(os.environ)
    env.update(CLAIMNLP_PROCESSOR="fake_processor:FakeProcessor", FAKE_PV=pv, FAKE_DELAY=str(delay),
               PYTHONPATH=os.pathsep.join([str(STORE_TESTS), env.get("PYTHONPATH", "")]))
    return env


def _run(inp: Path, out: Path, pv: str, delay: float = 0.0) -> float:
    t0 = time.monotonic()
    subprocess.run(_cmd(inp, out), env=_env(pv, delay), check=True, capture_output=True, timeout=300)
    return time.monotonic() - t0


def _kill_at(inp: Path, out: Path, pv: str, delay: float, at: float) -> bool:
    proc = subprocess.Popen(_cmd(inp, out), env=_env(pv, delay), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    time.sleep(at)
    killed = proc.poll() is None
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    return killed


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    t = read_tables(out)
    return {n: getattr(t, n) for n in TABLES}


def _assert_same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    for n in TABLES:
        pd.testing.assert_frame_equal(a[n], b[n], obj=n)


@pytest.mark.slow
def test_sigkill_at_random_moments_then_rerun_equals_uninterrupted(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    _corpus(inp)
    delay = 0.08
    _run(inp, tmp_path / "ref1", "fake-1")
    _run(inp, tmp_path / "ref2", "fake-2")
    ref1, ref2 = _tables(tmp_path / "ref1"), _tables(tmp_path / "ref2")
    duration = _run(inp, tmp_path / "timing", "fake-1", delay)
    rng = random.Random(20261121)
    kills = 0
    for i in range(4):
        out = tmp_path / f"fresh{i}"
        kills += _kill_at(inp, out, "fake-1", delay, rng.uniform(0.0, duration))
        if (out / "_manifest.json").exists():
            read_tables(out)  # the killed state is readable through the manifest
        _run(inp, out, "fake-1")
        _assert_same(_tables(out), ref1)
        for n in TABLES:  # and, after a finished run, by plain dataset readers
            assert len(pd.read_parquet(out / n)) == len(ref1[n])
    for i in range(3):  # killed while replacing every document (new pipeline version)
        out = tmp_path / f"replace{i}"
        _run(inp, out, "fake-1")
        kills += _kill_at(inp, out, "fake-2", delay, rng.uniform(0.0, duration))
        partial = read_tables(out)
        assert partial.documents["doc_id"].is_unique  # old or new rows per document, never both
        assert len(partial.documents) == len(ref1["documents"])
        _run(inp, out, "fake-2")
        _assert_same(_tables(out), ref2)
    assert kills >= 3, "the runs finished before the kills: the test did not test anything"
