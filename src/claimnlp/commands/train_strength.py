"""``claimnlp train-strength``: train the claim-strength model and write it under models/strength/.

Trains on the press-release sentences (weight 1). With ``--include-dev`` the
PubMed conclusions are added with weight ``--dev-weight`` (in-domain data for
abstracts); the dev score printed then is a training-set score, so the honest
figure is the ``--cv`` one: K-fold cross-validation over the dev file where each
fold's model sees the press releases plus the other K-1 dev folds (stratified
folds, ``random_state=0``). Without ``--include-dev`` the dev file is only
scored (held out). The last printed line is ``f1=`` the held-out macro-F1
(CV when ``--cv`` is given, else the dev score of a press-only model).

``--encoder`` trains the opt-in fine-tuned MiniLM model instead
(:mod:`claimnlp.certainty.strength_encoder`, needs the ``[encoder]`` extra) into
``models/strength/encoder/``; ``--cv-seeds`` picks the CV fold seeds (default
``0..--cv-repeats-1``) and the last line is then the mean CV macro-F1 over them.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
from pathlib import Path
from typing import Any

from claimnlp.certainty.strength import MODEL_FILE, StrengthModel, macro_scores, models_dir, train_strength
from claimnlp.store import write_text_atomic

logger = logging.getLogger(__name__)

NAME = "train-strength"
HELP = "Train the causal-strength model (press releases [+ PubMed dev]) and save it as JSON."


def read_pairs(path: str | Path) -> list[tuple[str, str]]:
    """(sentence, label) rows of a CSV with columns ``sentence`` and ``label``."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or not {"sentence", "label"} <= set(reader.fieldnames):
            raise ValueError(f"{path}: needs columns 'sentence' and 'label' (has {reader.fieldnames})")
        return [(r["sentence"], r["label"].strip()) for r in reader]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    base = "/work/shared/corpora/claim_strength/"
    parser.add_argument("--train", default=base + "press_release_sentences.csv")
    parser.add_argument("--dev", default=base + "pubmed_conclusions_dev.csv")
    parser.add_argument("--include-dev", action="store_true", help="also train on the dev file (see --cv)")
    parser.add_argument("--dev-weight", type=float, default=5.0)
    parser.add_argument("--c", type=float, default=0.3, help="LinearSVC C")
    parser.add_argument("--char-weight", type=float, default=0.7,
                        help="weight of the character 2-5-gram block (0: word n-grams + rules only)")
    parser.add_argument("--cv", type=int, default=0, help="K-fold CV over the dev file (press + K-1 dev folds)")
    parser.add_argument("--cv-repeats", type=int, default=1,
                        help="repeat the CV with fold seeds 0..N-1 and also report the mean macro-F1")
    parser.add_argument("--cv-seeds", default=None,
                        help="comma-separated fold seeds to run instead of 0..N-1 of --cv-repeats")
    parser.add_argument("--encoder", action="store_true",
                        help="train the opt-in MiniLM encoder model instead (needs the [encoder] extra; "
                             "default output models/strength/encoder)")
    parser.add_argument("--top-layers", type=int, default=3, help="encoder: fine-tuned top layers")
    parser.add_argument("--epochs", type=int, default=4, help="encoder: training epochs")
    parser.add_argument("--lr", type=float, default=1e-4, help="encoder: AdamW learning rate")
    parser.add_argument("--output", default=None, help="model directory (default: models/strength)")
    parser.add_argument("--json", metavar="PATH", help="write the scores as JSON")


def _cv(train: list[tuple[str, str]], dev: list[tuple[str, str]], k: int, weight: float,
        c: float, char_weight: float, seed: int = 0) -> dict[str, Any]:
    from sklearn.model_selection import StratifiedKFold

    pred = [""] * len(dev)
    labels = [lab for _, lab in dev]
    for a, b in StratifiedKFold(k, shuffle=True, random_state=seed).split(dev, labels):
        m = StrengthModel(train_strength(train, extra=[dev[i] for i in a], extra_weight=weight, c=c,
                                         char_weight=char_weight))
        for i, p in zip(b, m.predict([dev[i][0] for i in b])):
            pred[i] = p
    return macro_scores(labels, pred)


def _seeds(args: argparse.Namespace) -> list[int]:
    if args.cv_seeds:
        return [int(x) for x in str(args.cv_seeds).split(",") if x.strip()]
    return list(range(max(1, args.cv_repeats)))


def _run_encoder(args: argparse.Namespace, train: list[tuple[str, str]], dev: list[tuple[str, str]]) -> int:
    """``--encoder``: the opt-in fine-tuned MiniLM model (see claimnlp.certainty.strength_encoder)."""
    import time

    from sklearn.model_selection import StratifiedKFold

    from claimnlp.certainty.strength_encoder import CLASSES, SentenceEncoder, save_encoder_model, train_top

    t0 = time.time()
    enc = SentenceEncoder(args.top_layers)
    press_states = enc.lower([t for t, _ in train])
    dev_states = enc.lower([t for t, _ in dev])
    press_labels = [lab for _, lab in train]
    labels = [lab for _, lab in dev]
    hp = {"epochs": args.epochs, "lr": args.lr}
    res: dict[str, Any] = {"model": "encoder", "train": args.train, "dev": args.dev, "include_dev": args.include_dev,
                           "dev_weight": args.dev_weight, "top_layers": args.top_layers, **hp}

    def predict(top: Any, states: list[Any]) -> list[str]:
        return [CLASSES[i] for i in enc.scores(top, states).argmax(axis=1)]

    press_only = train_top(enc, press_states, press_labels, [1.0] * len(train), **hp)
    res["press_only_on_dev"] = macro_scores(labels, predict(press_only, dev_states))
    print(f"press-only model on dev (held out): macro_f1={res['press_only_on_dev']['macro_f1']} "
          f"accuracy={res['press_only_on_dev']['accuracy']} ({time.time() - t0:.0f}s)", flush=True)
    if args.cv:
        runs = []
        for seed in _seeds(args):
            pred = [""] * len(dev)
            for a, b in StratifiedKFold(args.cv, shuffle=True, random_state=seed).split(dev, labels):
                top = train_top(enc, press_states + [dev_states[i] for i in a],
                                press_labels + [labels[i] for i in a],
                                [1.0] * len(train) + [args.dev_weight] * len(a), **hp)
                for i, p in zip(b, predict(top, [dev_states[i] for i in b])):
                    pred[i] = p
            runs.append({"seed": seed, **macro_scores(labels, pred)})
            print(f"{args.cv}-fold CV on dev, fold seed {seed} (press + other folds, weight {args.dev_weight}): "
                  f"macro_f1={runs[-1]['macro_f1']} accuracy={runs[-1]['accuracy']} ({time.time() - t0:.0f}s)",
                  flush=True)
        res["cv"] = runs[0]
        f1s = [r["macro_f1"] for r in runs]
        res["cv_repeats"] = {"seeds": [r["seed"] for r in runs], "macro_f1": f1s, "runs": runs,
                             "mean_macro_f1": round(sum(f1s) / len(f1s), 4)}
        print(f"{args.cv}-fold CV, fold seeds {res['cv_repeats']['seeds']}: macro_f1={f1s} "
              f"mean={res['cv_repeats']['mean_macro_f1']}")
    meta = {"train": Path(args.train).name, "dev": Path(args.dev).name, "include_dev": args.include_dev,
            "dev_weight": args.dev_weight, "top_layers": args.top_layers, **hp, "seed": 0,
            "press_only_dev_macro_f1": res["press_only_on_dev"]["macro_f1"],
            "cv_dev_macro_f1": res.get("cv", {}).get("macro_f1"),
            "cv_dev_mean_macro_f1": res.get("cv_repeats", {}).get("mean_macro_f1")}
    if args.include_dev:
        final = train_top(enc, press_states + dev_states, press_labels + labels,
                          [1.0] * len(train) + [args.dev_weight] * len(dev), **hp)
    else:
        final = press_only
    out = Path(args.output) if args.output else models_dir() / "strength" / "encoder"
    saved = save_encoder_model(out, enc, final, meta)
    print(f"wrote {saved} and its weights ({time.time() - t0:.0f}s)")
    return _report(args, res, res["cv_repeats"]["mean_macro_f1"] if args.cv else None)


def run(args: argparse.Namespace) -> int:
    train, dev = read_pairs(args.train), read_pairs(args.dev)
    if args.encoder:
        try:
            return _run_encoder(args, train, dev)
        except ImportError as exc:
            print(f"error: {exc}")
            return 1
    res: dict[str, Any] = {"train": args.train, "dev": args.dev, "include_dev": args.include_dev,
                 "dev_weight": args.dev_weight, "c": args.c, "char_weight": args.char_weight}
    press_only = StrengthModel(train_strength(train, c=args.c, char_weight=args.char_weight))
    res["press_only_on_dev"] = macro_scores([lab for _, lab in dev], press_only.predict([t for t, _ in dev]))
    print(f"press-only model on dev (held out): macro_f1={res['press_only_on_dev']['macro_f1']} "
          f"accuracy={res['press_only_on_dev']['accuracy']}")
    if args.cv:
        res["cv"] = _cv(train, dev, args.cv, args.dev_weight, args.c, args.char_weight)
        print(f"{args.cv}-fold CV on dev (press + other folds, weight {args.dev_weight}): "
              f"macro_f1={res['cv']['macro_f1']} accuracy={res['cv']['accuracy']}")
        if args.cv_repeats > 1:
            f1s = [res["cv"]["macro_f1"]] + [
                _cv(train, dev, args.cv, args.dev_weight, args.c, args.char_weight, seed)["macro_f1"]
                for seed in range(1, args.cv_repeats)]
            res["cv_repeats"] = {"seeds": list(range(args.cv_repeats)), "macro_f1": f1s,
                                 "mean_macro_f1": round(sum(f1s) / len(f1s), 4)}
            print(f"{args.cv}-fold CV repeated with fold seeds 0..{args.cv_repeats - 1}: macro_f1={f1s} "
                  f"mean={res['cv_repeats']['mean_macro_f1']}")
    meta = {"train": Path(args.train).name, "dev": Path(args.dev).name, "include_dev": args.include_dev,
            "dev_weight": args.dev_weight, "c": args.c, "char_weight": args.char_weight, "seed": 0,
            "press_only_dev_macro_f1": res["press_only_on_dev"]["macro_f1"],
            "cv_dev_macro_f1": res.get("cv", {}).get("macro_f1"),
            "cv_dev_mean_macro_f1": res.get("cv_repeats", {}).get("mean_macro_f1")}
    data = train_strength(train, extra=dev if args.include_dev else (), extra_weight=args.dev_weight, c=args.c,
                          char_weight=args.char_weight, meta=meta)
    out = Path(args.output) if args.output else models_dir() / "strength"
    out.mkdir(parents=True, exist_ok=True)
    write_text_atomic(out / MODEL_FILE, json.dumps(data, separators=(",", ":")) + "\n")
    print(f"wrote {out / MODEL_FILE} ({(out / MODEL_FILE).stat().st_size / 1e6:.1f} MB)")
    return _report(args, res, res["cv"]["macro_f1"] if args.cv else None)


def _report(args: argparse.Namespace, res: dict[str, Any], cv_f1: float | None) -> int:
    """Write the scores (``--json``) and print the held-out macro-F1 last: the CV figure, else press-only on dev."""
    if args.json:
        write_text_atomic(args.json, json.dumps(res, indent=1))
    print(f"f1={cv_f1 if cv_f1 is not None else res['press_only_on_dev']['macro_f1']}")
    return 0
