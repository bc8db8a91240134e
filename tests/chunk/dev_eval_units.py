"""Dev check (not a test): how well chunk units line up with the gold units of the seeds.

usage: python tests/chunk/dev_eval_units.py [GOLD.jsonl] [SEEDS_DIR] [-v]
       python tests/chunk/dev_eval_units.py --samples [-v]   # data/golden/*.jsonl against data/samples/

Reads ../shared at run time only. Reports, over non-optional and all gold
units: exact span matches, units "hit" in score.py's sense (overlap >= half of
the shorter span) by exactly one of our units, and gold units that lie inside
boilerplate blocks (they would be lost).
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from claimnlp.chunk import chunk_blocks, units


def samples(verbose: bool) -> int:
    """Team golden files: units with null offsets are located by their text in the extracted document."""
    from claimnlp.ingest import read_path
    from claimnlp.model import Document

    root = Path(__file__).resolve().parents[2]
    n = exact = in_bp = 0
    for gpath in sorted((root / "data" / "golden").glob("*.jsonl")):
        gs = [json.loads(x) for x in gpath.read_text(encoding="utf-8").splitlines() if x.strip()]
        sample = next((p for p in (root / "data" / "samples").glob(gpath.stem + ".*")), None)
        if sample is None:
            continue
        docs = [d for d in read_path(str(sample)) if isinstance(d, Document)]
        spans: dict[str, set[tuple[int, int]]] = {}
        bps: dict[str, list[tuple[int, int]]] = {}
        for d in docs:
            blocks = chunk_blocks(d.text, d.format)
            spans[d.doc_id] = {(u.start, u.end) for u in units(d.text, blocks)}
            bps[d.doc_id] = [(b.start, b.end) for b in blocks if b.is_boilerplate]
        for g in gs:
            n += 1
            found = False
            for d in docs:
                s = g["start"] if g.get("start") is not None else d.text.find(g["text"])
                if s is None or s < 0:
                    continue
                if any(a <= s and s + len(g["text"]) <= z for a, z in bps[d.doc_id]):
                    in_bp += 1
                    if verbose:
                        print(f"IN BOILERPLATE: {g['text'][:80]!r}")
                if (s, s + len(g["text"])) in spans[d.doc_id]:
                    found = True
                    break
            exact += found
            if verbose and not found:
                print(f"{gpath.stem[:20]} opt={g.get('optional')} gold={g['text'][:90]!r}")
    print(f"samples: gold units={n} exact={exact} ({exact / max(n, 1):.3f}) in_boilerplate={in_bp}")
    return 0


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    if "--samples" in argv:
        return samples(verbose)
    args = [a for a in argv if a != "-v"]
    gold_path = Path(args[0]) if args else Path("/work/shared/eval/gold/seeds.jsonl")
    seeds = Path(args[1]) if len(args) > 1 else Path("/work/shared/seeds")
    gold: dict[str, list[dict]] = defaultdict(list)
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            gold[g["doc"]].append(g)
    tot = {"all": [0, 0, 0, 0], "req": [0, 0, 0, 0]}  # n, exact, hit-by-one, in-boilerplate
    for doc, gs in sorted(gold.items()):
        text = (seeds / doc).read_bytes().decode("utf-8")
        blocks = chunk_blocks(text, "txt")
        us = units(text, blocks)
        spans = {(u.start, u.end) for u in us}
        bp = [(b.start, b.end) for b in blocks if b.is_boilerplate]
        for g in gs:
            s, e = g["start"], g["end"]
            exact = (s, e) in spans
            hitters = [u for u in us if max(0, min(u.end, e) - max(u.start, s)) * 2 >= min(u.end - u.start, e - s)]
            in_bp = any(a <= s and e <= z for a, z in bp)
            for key in ("all",) + (() if g["optional"] else ("req",)):
                t = tot[key]
                t[0] += 1
                t[1] += exact
                t[2] += len(hitters) == 1
                t[3] += in_bp
            if verbose and not exact:
                print(f"{doc[:3]} {s}-{e} opt={g['optional']} bp={in_bp} gold={text[s:e][:70]!r}")
                for u in hitters:
                    print(f"      ours {u.start}-{u.end} {u.kind}: {text[u.start:u.end][:70]!r}")
    for key, (n, ex, one, inbp) in tot.items():
        print(f"{key}: gold units={n} exact={ex} ({ex / n:.3f}) hit_by_one={one} ({one / n:.3f}) in_boilerplate={inbp}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
