"""Dev benchmark (not a test): words per second of ingestion and chunking.

usage: python tests/chunk/dev_bench_chunk.py [SEEDS_DIR] [--copies N]

Copies the seed articles N times (default 100) into a temporary folder, then
times ``read_inputs`` alone, and ``chunk_blocks`` + ``units`` on the texts
(best of 3 runs, single process). Words are whitespace-separated tokens.
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
        best_read = best_chunk = 0.0
        for _ in range(3):
            t0 = time.perf_counter()
            docs = [d for d in read_inputs([str(tmp)]) if isinstance(d, Document)]
            t1 = time.perf_counter()
            for d in docs:
                units(d.text, chunk_blocks(d.text, d.format))
            t2 = time.perf_counter()
            words = sum(len(d.text.split()) for d in docs)
            best_read = max(best_read, words / (t1 - t0))
            best_chunk = max(best_chunk, words / (t2 - t1))
        print(f"docs={len(docs)} words={words} read_inputs={best_read:,.0f} words/s "
              f"chunk_blocks+units={best_chunk:,.0f} words/s (best of 3, one process)")
    finally:
        shutil.rmtree(tmp)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
