"""The throughput benchmark runs end to end on a tiny corpus and prints its contract line.

Speed is never asserted here (a shared CI machine): only that every figure is
measured, in the documented format, and that the rates are measured alike
(best pass >= first pass for the pipeline and both references).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "benchmarks" / "throughput.py"
CORPORA = REPO.parent / "shared" / "corpora"
LAST = re.compile(r"^words_per_s=(\d+) tokenizer_words_per_s=(\d+) ratio=([0-9.]+) sm_words_per_s=(\d+|nan) "
                  r"rss_1x_mb=(\d+) rss_2x_mb=(\d+)$")


@pytest.mark.skipif(not (CORPORA / "bc5cdr").is_dir(), reason="needs ../shared/corpora (BC5CDR)")
def test_benchmark_tiny_run_prints_the_contract_line(tmp_path: Path) -> None:
    res = subprocess.run([sys.executable, str(SCRIPT), "--base-docs", "6", "--sizes", "1,2", "--passes", "2",
                          "--corpora", str(CORPORA), "--keep", str(tmp_path / "work")],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-3000:]
    lines = res.stdout.strip().splitlines()
    m = LAST.match(lines[-1])
    assert m, lines[-1]
    wps, tok, ratio = int(m.group(1)), int(m.group(2)), float(m.group(3))
    assert wps > 0 and tok > wps and abs(ratio - wps / tok) < 1e-3
    assert any(line.startswith("1x: 6 docs (0 failed)") for line in lines)
    assert any(line.startswith("2x: 12 docs (0 failed)") for line in lines)
    cold = next(line for line in lines if line.startswith("first (cold) pass:"))
    nums = [int(x) for x in re.findall(r"(?:pipeline|tokenizer) (\d+)", cold)]
    assert len(nums) == 2 and nums[0] <= wps and nums[1] <= tok  # the headline is the best pass
    # every pipeline pass wrote a complete dataset into its own folder (nothing skipped as unchanged)
    passes = sorted((tmp_path / "work" / "out_passes").glob("pass*"))
    assert [p.name for p in passes] == ["pass1", "pass2"]
    for p in passes:
        assert list((p / "claims").glob("*.parquet"))
