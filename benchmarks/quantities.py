#!/usr/bin/env python3
"""Quantities-only throughput over the BC5CDR PubTator abstracts (read at run time).

usage: python benchmarks/quantities.py [--corpus DIR] [--repeat N] [--units sentence|abstract]

Each title and abstract is split into sentence units (a simple splitter, outside
the timed region) and ``parse_quantities`` runs on every unit, as the pipeline
calls it. Prints words/s (whitespace tokens), units/s and quantities found; the
best of ``--repeat`` timed passes is reported after one warm-up pass.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

from claimnlp.quantities import parse_quantities

HERE = Path(__file__).resolve().parent.parent
DEFAULT = HERE.parent / "shared" / "corpora" / "bc5cdr"
_SENT = re.compile(r"\S.*?(?:[.!?](?=\s+[A-Z(\[])|$)", re.S)


def read_pubtator(folder: Path) -> list[str]:
    texts: list[str] = []
    for path in sorted(folder.glob("*.PubTator.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("|", 2)
            if len(parts) == 3 and parts[1] in ("t", "a"):
                texts.append(parts[2])
    return texts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--units", choices=("sentence", "abstract"), default="sentence")
    a = ap.parse_args(argv)
    texts = read_pubtator(a.corpus)
    if a.units == "sentence":
        units = [m.group(0).strip() for t in texts for m in _SENT.finditer(t) if m.group(0).strip()]
    else:
        units = texts
    words = sum(len(u.split()) for u in units)
    parse_quantities("warm up 5 mg/kg (p<0.05)")
    kinds: Counter[str] = Counter(q.kind for u in units for q in parse_quantities(u))
    best = float("inf")
    for _ in range(max(1, a.repeat)):
        t0 = time.perf_counter()
        for u in units:
            parse_quantities(u)
        best = min(best, time.perf_counter() - t0)
    print(f"corpus={a.corpus} texts={len(texts)} units={len(units)} words={words}")
    print(f"quantities={sum(kinds.values())} by kind: {dict(kinds.most_common())}")
    print(f"best of {a.repeat}: {best:.3f}s  {words / best:,.0f} words/s  {len(units) / best:,.0f} units/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
