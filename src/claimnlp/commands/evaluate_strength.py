"""``claimnlp evaluate-strength CSV``: accuracy and macro-F1 of the strength model.

The CSV has columns ``sentence`` and ``label`` (one of direct_causal,
conditional_causal, correlational, none). The last printed line is ``f1=`` the
macro-F1 over the four labels. Note: the shipped model is trained on
``pubmed_conclusions_dev.csv`` too (see models/strength/README.md), so its
score on that file is not a held-out figure.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from claimnlp.certainty.strength import StrengthModel, macro_scores
from claimnlp.commands.train_strength import read_pairs
from claimnlp.store import write_text_atomic

logger = logging.getLogger(__name__)

NAME = "evaluate-strength"
HELP = "Score the claim-strength model on a CSV (sentence,label): accuracy and macro-F1."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("csv", help="CSV with columns sentence,label")
    parser.add_argument("--model", default=None,
                        help="model file or directory (default: shipped model; models/strength/encoder: the "
                             "opt-in encoder model, needs the [encoder] extra)")
    parser.add_argument("--json", metavar="PATH", help="also write the scores as JSON")


def run(args: argparse.Namespace) -> int:
    path = Path(args.csv)
    if not path.is_file():
        print(f"error: no such file: {path}")
        return 2
    try:
        pairs = read_pairs(path)
        model = StrengthModel.load(args.model)
    except (ValueError, FileNotFoundError, ImportError) as exc:  # ImportError: encoder model without its extra
        print(f"error: {exc}")
        return 1
    if model.meta.get("include_dev") and model.meta.get("dev") == path.name:
        print(f"warning: the model was trained on {path.name}; this is a training-set score, not a held-out one "
              f"(held-out CV macro-F1: {model.meta.get('cv_dev_macro_f1')})")
    gold = [lab for _, lab in pairs]
    pred = model.predict([t for t, _ in pairs])
    res = macro_scores(gold, pred)
    res["file"] = str(path)
    res["model"] = str(model.path)
    print(f"n={res['n']} accuracy={res['accuracy']}")
    for lab in ("direct_causal", "conditional_causal", "correlational", "none"):
        v = res[lab]
        print(f"{lab:19s} p={v['p']:.4f} r={v['r']:.4f} f1={v['f1']:.4f} support={v['support']}")
    if args.json:
        write_text_atomic(args.json, json.dumps(res, indent=1))
    print(f"f1={res['macro_f1']}")
    return 0
