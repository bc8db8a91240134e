"""Dev benchmark (not a test): words per second of ingestion and chunking.

usage: python tests/chunk/dev_bench_chunk.py [SEEDS_DIR] [--copies N]

Copies the seed articles N times (default 100) into a temporary folder, then
times ``read_inputs`` alone, and ``chunk_blocks`` + ``units`` on the texts
(best of 3 runs, single process), by wall clock and by process CPU time (the
latter is less sensitive to other jobs sharing the machine). Words are whitespace-separated tokens.
Reads ../shared at run time only.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from claimnlp.chunk import chunk_blocks, units
from claimnlp.ingest import read_inputs
from claimnlp.model import Document


def main(argv: list[str]) -> int:
    copies = 100
    if "--copies" in argv:
        copies = int(argv[argv.index("--copies") + 1])
        argv = [a for i, a in enumerate(argv) if a != "--copies" and (i == 0 or argv[i - 1] != "--copies")]
    seeds = Path(argv[0]) if argv else Path("/work/shared/seeds")
    files = sorted(seeds.glob("*.txt"))
    tmp = Path(tempfile.mkdtemp(prefix="claimnlp-bench-"))
    try:
        for i in range(copies):
            for f in files:
                shutil.copy(f, tmp / f"{i:04d}_{f.name}")
        best = [0.0, 0.0, 0.0, 0.0]  # read wall, read cpu, chunk wall, chunk cpu
        for _ in range(3):
            t0, c0 = time.perf_counter(), time.process_time()
            docs = [d for d in read_inputs([str(tmp)]) if isinstance(d, Document)]
            t1, c1 = time.perf_counter(), time.process_time()
            for d in docs:
                units(d.text, chunk_blocks(d.text, d.format))
            t2, c2 = time.perf_counter(), time.process_time()
            words = sum(len(d.text.split()) for d in docs)
            for k, dt in enumerate((t1 - t0, c1 - c0, t2 - t1, c2 - c1)):
                best[k] = max(best[k], words / max(dt, 1e-9))
        print(f"docs={len(docs)} words={words} read_inputs={best[0]:,.0f} words/s (CPU time: {best[1]:,.0f}) "
              f"chunk_blocks+units={best[2]:,.0f} words/s (CPU time: {best[3]:,.0f}) (best of 3, one process)")
    finally:
        shutil.rmtree(tmp)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
