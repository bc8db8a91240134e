"""Run an NER pipeline over a PubTator file and score it (see :mod:`claimnlp.ner.metrics`).

Each document is ``title + " " + abstract`` (the offsets' reference string).
Only labels present in the gold file are scored, so an NCBI-disease file is
scored on ``Disease`` alone. Predicted spans are normalized with
:mod:`claimnlp.ner.normalize`, passing the long form when the mention is an
abbreviation defined in the same document (:mod:`claimnlp.ner.abbrev`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from claimnlp.ner.metrics import Scorer, Span
from claimnlp.ner.pubtator import LABELS, PubtatorDoc, read_pubtator

logger = logging.getLogger(__name__)

Normalizer = Callable[[str, str, "str | None"], "tuple[str, str] | None"]


def evaluate_docs(
    docs: Sequence[PubtatorDoc],
    predict: Callable[[list[str]], list[list[Span]]],
    normalizer: Normalizer | None = None,
    labels: Sequence[str] | None = None,
) -> dict[str, object]:
    """Score ``predict`` (texts -> spans per text) on ``docs``; return the report dict."""
    from claimnlp.ner.abbrev import find_abbreviations

    if labels is None:
        present = {m.label for d in docs for m in d.mentions}
        labels = [lab for lab in LABELS if lab in present] or list(LABELS)
    scorer = Scorer(labels)
    texts = [d.text for d in docs]
    t0 = time.perf_counter()
    preds = predict(texts)
    elapsed = time.perf_counter() - t0
    for doc, spans in zip(docs, preds):
        gold: list[Span] = []
        gold_ids: dict[Span, tuple[str, ...]] = {}
        for m in doc.mentions:
            s = (m.start, m.end, m.label)
            gold.append(s)
            gold_ids[s] = tuple(dict.fromkeys(gold_ids.get(s, ()) + m.ids))
        pred_ids: dict[Span, str | None] | None = None
        if normalizer is not None:
            abbrevs = find_abbreviations(doc.text)
            pred_ids = {}
            for s in spans:
                surface = doc.text[s[0] : s[1]]
                res = normalizer(surface, s[2], abbrevs.get(surface))
                pred_ids[s] = res[0] if res else None
        scorer.add(gold, spans, gold_ids if normalizer else None, pred_ids)
    report = scorer.report()
    words = sum(len(t.split()) for t in texts)
    report["docs"] = len(docs)
    report["words"] = words
    report["seconds"] = round(elapsed, 2)
    report["words_per_second"] = round(words / elapsed) if elapsed > 0 else None
    return report


def evaluate_file(path: str | Path, model: str | None = None, normalize: bool = True,
                  batch_size: int = 64) -> dict[str, object]:
    """Load the NER (``claimnlp.ner.load_ner(model)``) and score it on a PubTator file."""
    from claimnlp.ner.loading import load_ner, ner_spans

    nlp = load_ner(model)
    normalizer: Normalizer | None = None
    if normalize:
        from claimnlp.ner.normalize import normalize as norm

        normalizer = norm
    docs = read_pubtator(path)
    report = evaluate_docs(docs, lambda texts: list(ner_spans(nlp, texts, batch_size=batch_size)), normalizer)
    report["file"] = str(path)
    report["model"] = str(model or "default")
    return report
