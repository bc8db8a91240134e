"""``claimnlp train-ner``: train the shipped Chemical/Disease NER (see claimnlp.ner.train)."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "train-ner"
HELP = "train the Chemical/Disease NER on BC5CDR + NCBI-disease and install it (default models/ner)"

_REPO = Path(__file__).resolve().parents[3]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=_REPO / "configs" / "ner.cfg")
    parser.add_argument("--output", type=Path, default=_REPO / "models" / "ner")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/claimnlp_ner"))
    parser.add_argument("--corpora", type=Path, default=None, help="folder with bc5cdr/, ncbi_disease/, mesh/")
    parser.add_argument("--no-ncbi", action="store_true", help="train on BC5CDR only")
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="extra spaCy config override, e.g. components.ner.model.tok2vec.encode.width=96")


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from claimnlp.ner.train import TrainPaths, train_ner

    paths = TrainPaths.default(args.corpora) if args.corpora else TrainPaths.default()
    if args.no_ncbi:
        paths = replace(paths, ncbi_train=None)
    overrides: dict[str, object] = {}
    if args.max_steps is not None:
        overrides["training.max_steps"] = args.max_steps
    if args.seed is not None:
        overrides["system.seed"] = args.seed
    for item in args.set:
        key, _, value = item.partition("=")
        try:
            import json

            overrides[key] = json.loads(value)
        except ValueError:
            overrides[key] = value
    out = train_ner(args.config, args.output, args.workdir, paths, overrides)
    print(f"installed {out}")
    return 0
