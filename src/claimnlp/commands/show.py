"""``claimnlp show OUT [--doc ID]``: print a document's claims readably."""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

import pandas as pd

from claimnlp.api import read_tables

NAME = "show"
HELP = "Print the claims of an output folder readably (text, intervention -> condition, numbers, certainty)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", help="output folder written by `claimnlp extract`")
    p.add_argument("--doc", help="doc_id (or a unique prefix, or a source file name) to show; default: all")
    p.add_argument("--limit", type=int, default=0, help="show at most N claim units per document")


def _fmt_q(q: Any) -> str:
    """'~ 40 % (percentage)', '7.5–25 mg (dose)': value or range, unit, kind."""
    num = f"{q.value:g}" if not pd.isna(q.value) else f"{q.low:g}–{q.high:g}"
    qual = "" if pd.isna(q.qualifier) else f"{q.qualifier} "
    unit = "" if pd.isna(q.unit) or q.unit == "1" else f" {q.unit}"
    return f"{qual}{num}{unit} ({q.kind})"


def _s(x: Any) -> str | None:
    return None if pd.isna(x) else str(x)


def run(args: argparse.Namespace) -> int:
    t = read_tables(args.out)
    docs = t.documents
    if args.doc:
        sel = docs[(docs.doc_id.str.startswith(args.doc)) | (docs.source.str.endswith(args.doc))]
        if sel.empty:
            print(f"no document matches {args.doc!r}")
            return 2
        docs = sel
    q = t.mentions[t.mentions.label == "QUANTITY"]
    for d in docs.itertuples():
        claims = t.claims[t.claims.doc_id == d.doc_id].sort_values(["start", "end"])
        print(f"== {_s(d.title) or d.source}  [{d.doc_id}]  {claims[['start', 'end']].drop_duplicates().shape[0]} claim units")
        shown = 0
        for (s, e), rows in claims.groupby(["start", "end"], sort=True):
            if args.limit and shown >= args.limit:
                break
            shown += 1
            first = rows.iloc[0]
            print(textwrap.fill(first.text, 100, initial_indent="  • ", subsequent_indent="    "))
            for r in rows.itertuples():
                iv = _s(r.intervention_name) or "—"
                cd = _s(r.condition_name) or "—"
                src = "/".join(x for x in (_s(r.intervention_source), _s(r.condition_source)) if x)
                print(f"      {iv} → {cd}   [{src}]")
            nums = [_fmt_q(x) for x in q[(q.doc_id == d.doc_id) & (q.start >= s) & (q.end <= e)].itertuples()]
            extra = f"   strength={first.strength}" if _s(first.strength) else ""
            print(f"      {first.claim_type}, {first.certainty}{extra}" + (f"; numbers: {', '.join(nums)}" if nums else ""))
        print()
    return 0
