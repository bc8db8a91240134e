"""``claimnlp extract INPUT... --out DIR``: run the pipeline into a parquet dataset folder.

Exit codes: 0 success (some inputs may have failed: see the errors table),
1 nothing could be processed, 2 bad arguments or unusable output folder.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import time
from pathlib import Path

from claimnlp import runner, store

logger = logging.getLogger(__name__)

NAME = "extract"
HELP = "Extract claims from files/folders (.txt .md .html .jsonl) into parquet tables under --out."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (searched recursively)")
    parser.add_argument("--out", "-o", required=True, metavar="DIR",
                        help="output folder: documents/ claims/ mentions/ errors/ datasets + _manifest.json")
    parser.add_argument("--prune", action="store_true",
                        help="drop rows of documents that are no longer in the inputs")
    parser.add_argument("--batch-size", type=int, default=32, metavar="N", help="documents per batch (default 32)")
    parser.add_argument("--max-bytes", type=int, default=None, metavar="N",
                        help="inputs larger than N bytes become error rows")
    parser.add_argument("--workers", type=int, default=1, metavar="N",
                        help="process batches in N local processes (default 1: in this process)")
    parser.add_argument("--no-progress", action="store_true", help="do not show progress on stderr")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print N sample claims at the end")


class _TerminalProgress:
    """Progress on stderr: one rewritten line on a terminal, a line every 30 s otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, snap: runner.Progress) -> None:
        if self.tty:
            sys.stderr.write("\r\033[K" + snap.line())
            sys.stderr.flush()
        elif time.monotonic() - self.last >= 30:
            self.last = time.monotonic()
            sys.stderr.write(snap.line() + "\n")

    def close(self) -> None:
        if self.tty:
            sys.stderr.write("\n")


def print_samples(out: str | Path, n: int) -> None:
    """Print up to ``n`` claims, preferring ones with an intervention or condition."""
    if n <= 0:
        return
    import pandas as pd

    from claimnlp.api import to_pandas

    claims = to_pandas(store.read_table(out, "claims"), "claims")
    if claims.empty:
        print("No claims found.")
        return
    # one claim per unit, claims with both an intervention and a condition first, spread over documents
    units = claims.drop_duplicates(["doc_id", "start", "end"]).copy()
    units["_rank"] = -(units["intervention"].notna().astype(int) + units["condition"].notna().astype(int))
    units = units.sort_values(["_rank", "doc_id", "start"], kind="stable")
    units["_nth"] = units.groupby("doc_id").cumcount()
    picked = units.sort_values(["_rank", "_nth"], kind="stable").head(n)
    print(f"\nSample claims ({len(picked)} of {len(claims)}):")
    for row in picked.to_dict("records"):
        text = " ".join(str(row["text"]).split())
        if len(text) > 160:
            text = text[:157] + "..."
        facts = [f"type={row['claim_type']}", f"certainty={row['certainty']}"]
        for col in ("intervention", "condition"):
            if not pd.isna(row[col]):
                facts.append(f"{col}={row[col]}")
        print(f"- {text}\n    {' '.join(facts)}")


def run(args: argparse.Namespace) -> int:
    if args.batch_size < 1:
        print("error: --batch-size must be >= 1", file=sys.stderr)
        return 2
    if args.workers < 1:
        print("error: --workers must be >= 1", file=sys.stderr)
        return 2
    if args.max_bytes is not None and args.max_bytes < 1:
        print("error: --max-bytes must be >= 1", file=sys.stderr)
        return 2
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(f"error: --out {out} exists and is not a folder", file=sys.stderr)
        return 2
    show_progress = not args.no_progress
    printer = _TerminalProgress() if show_progress else None
    try:
        with contextlib.ExitStack() as stack:
            executor = stack.enter_context(runner.process_pool(args.workers)) if args.workers > 1 else None
            summary = runner.run(args.inputs, out, batch_size=args.batch_size, prune=args.prune,
                                 progress=printer if printer else False, max_bytes=args.max_bytes,
                                 executor=executor, max_in_flight=2 * args.workers)
    except store.StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if printer:
            printer.close()
    print(f"Tables written to {out.resolve()}/ (documents/, claims/, mentions/, errors/; manifest _manifest.json)")
    print(summary.line())
    if summary.failed or summary.input_errors:
        print(f"{summary.failed + summary.input_errors} input(s) failed; see {out}/errors/")
    print_samples(out, args.show)
    if not summary.ok:
        print("error: no document could be processed", file=sys.stderr)
        return 1
    return 0
