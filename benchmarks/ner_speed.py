"""Speed of the claimnlp NER: load time and words/s on 1,000 PubMed abstracts.

The abstracts are BC5CDR training + development (title + " " + abstract, 500 +
500 PMIDs) read from ``../shared/corpora``. Words are whitespace-separated
tokens of the texts (as in ``benchmarks/throughput.py``). The run is: load the
pipeline with ``claimnlp.ner.load_ner`` (timed), one warm-up pass over 50 texts,
then ``ner_spans`` over all texts (timed), repeated ``--repeat`` times; the best
repeat is reported, plus the blank tokenizer on the same texts as a ceiling.
The last printed line is::

    ner_words_per_s=N load_s=S tokenizer_words_per_s=N docs=N words=N model_mb=M

Usage::

    OMP_NUM_THREADS=1 python benchmarks/ner_speed.py [--model PATH_OR_NAME] [--batch-size 64] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "bc5cdr"


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)

    import spacy

    from claimnlp.ner import load_ner, ner_spans
    from claimnlp.ner.loading import resolve_model
    from claimnlp.ner.pubtator import read_pubtator

    docs = read_pubtator(CORPORA / "CDR_TrainingSet.PubTator.txt") + read_pubtator(
        CORPORA / "CDR_DevelopmentSet.PubTator.txt"
    )
    texts = [d.text for d in docs][: args.docs]
    words = sum(len(t.split()) for t in texts)

    t0 = time.perf_counter()
    nlp = load_ner(args.model)
    load_s = time.perf_counter() - t0
    list(ner_spans(nlp, texts[:50], batch_size=args.batch_size))

    best = float("inf")
    n_ents = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        out = list(ner_spans(nlp, texts, batch_size=args.batch_size))
        best = min(best, time.perf_counter() - t0)
        n_ents = sum(len(x) for x in out)

    blank = spacy.blank("en")
    t0 = time.perf_counter()
    for _ in blank.pipe(texts, batch_size=args.batch_size):
        pass
    tok_s = time.perf_counter() - t0

    target = Path(resolve_model(args.model))
    size = round(dir_mb(target), 1) if target.exists() else None
    result = {
        "model": str(target),
        "docs": len(texts),
        "words": words,
        "entities": n_ents,
        "load_s": round(load_s, 2),
        "seconds": round(best, 2),
        "ner_words_per_s": round(words / best),
        "tokenizer_words_per_s": round(words / tok_s),
        "model_mb": size,
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
        "load_average": os.getloadavg()[0],
    }
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result))
    print(
        f"ner_words_per_s={result['ner_words_per_s']} load_s={result['load_s']} "
        f"tokenizer_words_per_s={result['tokenizer_words_per_s']} docs={len(texts)} words={words} model_mb={size}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
