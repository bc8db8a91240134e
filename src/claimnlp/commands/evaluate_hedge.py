"""``claimnlp evaluate-hedge BIOSCOPE_XML``: score the cue engine on BioScope.

Prints sentence-level speculation F1 (CoNLL-2010 Task 1: a sentence is
speculative when it holds a speculation cue), sentence-level negation F1 and
cue-level F1 for each; the last line is ``f1=`` the sentence speculation F1.
HEDGE mentions are speculation cues except those of the categories named by
``--exclude-categories`` (default ``ASSOCIATION``: BioScope does not annotate
correlational language such as "associated with" as speculation).
``--folds K --fold I`` scores only the sentences of documents in fold I of K
(whole documents assigned round-robin in file order), for a held-out split.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from claimnlp.certainty.bioscope import BioCue, read_bioscope, score_bioscope, split_by_document
from claimnlp.certainty.engine import find_cues
from claimnlp.certainty.rules import load_cue_rules
from claimnlp.store import write_text_atomic

logger = logging.getLogger(__name__)

NAME = "evaluate-hedge"
HELP = "Score hedge/negation cue detection on a BioScope XML file (sentence and cue F1)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("xml", help="BioScope XML file (e.g. abstracts.xml)")
    parser.add_argument("--json", metavar="PATH", help="also write the scores as JSON")
    parser.add_argument("--rules", metavar="PATH", help="cue rule file (default: packaged certainty_cues.json)")
    parser.add_argument("--exclude-categories", default="ASSOCIATION",
                        help="comma-separated HEDGE categories not counted as speculation (default: ASSOCIATION)")
    parser.add_argument("--folds", type=int, default=0, help="split documents into K folds (0: all sentences)")
    parser.add_argument("--fold", type=str, default="",
                        help="comma-separated fold numbers to score when --folds is set (e.g. 5,6,7,8,9)")


def run(args: argparse.Namespace) -> int:
    path = Path(args.xml)
    if not path.is_file():
        print(f"error: no such file: {path}")
        return 2
    try:
        sentences = read_bioscope(path)
    except Exception as exc:  # noqa: BLE001 - report a bad file, don't trace back
        print(f"error: cannot read {path}: {exc}")
        return 1
    split = "all"
    if args.folds:
        folds = {int(x) for x in str(args.fold).split(",") if x.strip()}
        if not folds or any(not 0 <= f < args.folds for f in folds):
            print("error: --fold must list fold numbers in [0, --folds)")
            return 2
        assign = split_by_document(sentences, args.folds)
        sentences = [s for s, f in zip(sentences, assign) if f in folds]
        split = f"folds {sorted(folds)} of {args.folds} (documents round-robin in file order)"
    rules = load_cue_rules(args.rules) if args.rules else load_cue_rules()
    excluded = {c.strip() for c in str(args.exclude_categories).split(",") if c.strip()}
    predicted = []
    for s in sentences:
        cues = find_cues(s.text, rules=rules)
        predicted.append([BioCue(c.start, c.end, "speculation" if c.label == "HEDGE" else "negation")
                          for c in cues if c.norm_id not in excluded])
    res = score_bioscope(sentences, predicted)
    res["split"] = split
    res["file"] = str(path)
    res["rules_version"] = rules.version
    res["excluded_categories"] = sorted(excluded)
    print(f"sentences={res['n_sentences']} split={split}")
    for key in ("speculation_sentence", "negation_sentence", "speculation_cue", "negation_cue",
                "speculation_cue_exact", "negation_cue_exact"):
        v = res[key]
        assert isinstance(v, dict)
        print(f"{key:22s} p={v['p']:.4f} r={v['r']:.4f} f1={v['f1']:.4f}")
    if args.json:
        write_text_atomic(args.json, json.dumps(res, indent=1))
    spec = res["speculation_sentence"]
    assert isinstance(spec, dict)
    print(f"f1={spec['f1']:.4f}")
    return 0
