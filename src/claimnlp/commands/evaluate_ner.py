"""``claimnlp evaluate-ner PUBTATOR_FILE``: exact-span P/R/F1 and normalization accuracy."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from claimnlp.store import write_text_atomic

NAME = "evaluate-ner"
HELP = "score the NER on a PubTator file (exact span match; Chemical, Disease, overall)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pubtator", type=Path, metavar="PUBTATOR_FILE")
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="write the report as JSON")
    parser.add_argument("--model", default=None,
                        help="model name or path (default: $CLAIMNLP_NER_MODEL or the shipped models/ner)")
    parser.add_argument("--no-normalize", action="store_true", help="skip MeSH normalization")
    parser.add_argument("--batch-size", type=int, default=64)


def run(args: argparse.Namespace) -> int:
    from claimnlp.ner.evaluate import evaluate_file

    if not args.pubtator.exists():
        print(f"no such file: {args.pubtator}")
        return 2
    report = evaluate_file(args.pubtator, args.model, normalize=not args.no_normalize, batch_size=args.batch_size)
    by_label: dict[str, dict[str, float]] = report["by_label"]  # type: ignore[assignment]
    for label, c in by_label.items():
        print(f"{label:10s} P={c['precision']:.4f} R={c['recall']:.4f} F1={c['f1']:.4f} "
              f"(tp={c['tp']} fp={c['fp']} fn={c['fn']})")
    o: dict[str, float] = report["overall"]  # type: ignore[assignment]
    acc = report["normalization_accuracy"]
    print(f"{'overall':10s} P={o['precision']:.4f} R={o['recall']:.4f} F1={o['f1']:.4f}")
    print(f"normalization_accuracy={acc if acc is None else format(acc, '.4f')} (n={report['normalization_n']})")
    print(f"docs={report['docs']} words={report['words']} words_per_second={report['words_per_second']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(args.json, json.dumps(report, indent=2) + "\n")
    print(f"f1={o['f1']:.4f}")
    return 0
