#!/usr/bin/env python3
"""Quantities-only development evaluation against a gold JSONL (ANNOTATION.md format).

usage: python scripts/dev_eval_quantities.py [GOLD.jsonl ...] [--docs DIR] [--errors] [--json OUT]

Runs ``claimnlp.quantities.parse_quantities`` on each non-optional gold unit's
text (table rows get the column kinds of the table's header row, found in the
document text above the unit) and scores with exactly score.py's quantity rules:
a predicted quantity matches an unused gold quantity of the same normalized unit
whose ``value`` (or ``low``/``high``) is close; kind accuracy is over matches.
Prints P/R/F1, kind accuracy and, with ``--errors``, every miss, false positive
and wrong kind.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

from claimnlp.metrics import prf
from claimnlp.quantities import column_kind, is_separator_row, parse_quantities, table_row_cells

HERE = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = HERE.parent / "shared" / "eval" / "gold" / "seeds.jsonl"
DEFAULT_DOCS = HERE.parent / "shared" / "seeds"

# copied from shared/eval/score.py so that matching is identical
UNIT_ALIASES = {
    "percent": "%", "pct": "%", "per cent": "%",
    "1": "1", "": "1", "none": "1", "count": "1", "{count}": "1",
    "hour": "h", "hours": "h", "hr": "h", "hrs": "h",
    "minute": "min", "minutes": "min", "mins": "min",
    "day": "d", "days": "d",
    "week": "wk", "weeks": "wk", "wks": "wk",
    "month": "mo", "months": "mo",
    "year": "a", "years": "a", "yr": "a", "yrs": "a", "y": "a",
    "$": "USD", "usd": "USD", "us$": "USD", "dollar": "USD", "dollars": "USD",
    "yuan": "CNY", "cny": "CNY", "rmb": "CNY",
    "£": "GBP", "gbp": "GBP", "€": "EUR", "eur": "EUR",
    "g/kg": "g/kg", "mg/kg": "mg/kg", "ml/kg": "mL/kg", "ml": "mL",
    "mg": "mg", "g": "g", "kg": "kg",
}


def norm_unit(u: object) -> str:
    if u is None:
        return "1"
    s = str(u).strip()
    return UNIT_ALIASES.get(s.lower(), s).casefold()


def num(x: object) -> float | None:
    if x is None:
        return None
    try:
        f = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def header_kinds(doc_text: str, unit_start: int) -> list[str | None] | None:
    """Column kinds from the header row of the pipe table holding the line at ``unit_start``."""
    line_start = doc_text.rfind("\n", 0, unit_start) + 1
    lines: list[str] = []
    pos = line_start
    while pos > 0:
        prev_start = doc_text.rfind("\n", 0, pos - 1) + 1
        line = doc_text[prev_start:pos - 1]
        if not line.lstrip().startswith("|"):
            break
        lines.append(line)
        pos = prev_start
    lines = [ln for ln in lines if not is_separator_row(ln)]
    if not lines:
        return None
    header = lines[-1]
    return [column_kind(header[s:e]) for s, e in table_row_cells(header)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="*", type=Path, default=[DEFAULT_GOLD])
    ap.add_argument("--docs", type=Path, default=DEFAULT_DOCS)
    ap.add_argument("--errors", action="store_true", help="list misses, false positives and wrong kinds")
    ap.add_argument("--json", type=Path)
    a = ap.parse_args(argv)

    qty: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    errors: list[str] = []
    texts: dict[str, str] = {}
    lines = [ln for g in a.gold for ln in g.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        if not line.strip():
            continue
        u = json.loads(line)
        if u.get("optional"):
            continue
        text = u["text"]
        start = u.get("start")
        kw: dict[str, object] = {}
        if text.lstrip().startswith("|"):
            doc = a.docs / u["doc"]
            if doc.exists():
                if u["doc"] not in texts:
                    texts[u["doc"]] = doc.read_bytes().decode("utf-8")
                where = start if start is not None else texts[u["doc"]].find(text)
                ck = header_kinds(texts[u["doc"]], where) if where is not None and where >= 0 else None
                if ck is not None:
                    kw = {"column_kinds": ck, "cell_spans": table_row_cells(text)}
        off = start if start is not None else 0
        preds = parse_quantities(text, offset=off, **kw)  # type: ignore[arg-type]
        for q in preds:
            assert q.text == text[q.start - off:q.end - off], (q, text)
        gq = list(u.get("quantities", []))
        used: set[int] = set()
        for q in preds:
            pu = norm_unit(q.unit)
            match = None
            for j, g in enumerate(gq):
                if j in used or norm_unit(g.get("unit")) != pu:
                    continue
                if "value" in g and g["value"] is not None:
                    if close(q.value, float(g["value"])) or (q.value is None and close(q.low, float(g["value"]))
                                                             and close(q.high, float(g["value"]))):
                        match = j
                        break
                elif close(q.low, num(g.get("low"))) and close(q.high, num(g.get("high"))):
                    match = j
                    break
            if match is None:
                qty["fp"] += 1
                errors.append(f"FP   {q.text!r} value={q.value} low={q.low} high={q.high} unit={q.unit} "
                              f"kind={q.kind}  <- {text[:90]!r}")
            else:
                used.add(match)
                qty["tp"] += 1
                kinds["seen"] += 1
                if q.kind == gq[match].get("kind"):
                    kinds["right"] += 1
                else:
                    errors.append(f"KIND {q.text!r} {q.kind} != gold {gq[match].get('kind')}  <- {text[:90]!r}")
        for j, g in enumerate(gq):
            if j not in used:
                qty["fn"] += 1
                errors.append(f"MISS {g.get('text')!r} {json.dumps({k: v for k, v in g.items() if k != 'text'})}"
                              f"  <- {text[:90]!r}")
    tp, fp, fn = qty["tp"], qty["fp"], qty["fn"]
    acc = kinds["right"] / kinds["seen"] if kinds["seen"] else 0.0
    res = {**prf(tp, fp, fn), "kind_acc": round(acc, 4), "kind_seen": kinds["seen"]}
    if a.errors:
        for e in errors:
            print(e)
    print(f"quantities: p={res['p']} r={res['r']} f1={res['f1']} (tp={tp} fp={fp} fn={fn}) "
          f"kind_acc={res['kind_acc']} ({kinds['right']}/{kinds['seen']})")
    if a.json:
        a.json.write_text(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
