"""Exact-span NER scores and normalization accuracy (BC5CDR evaluation convention).

A predicted entity counts as a true positive when its ``(start, end, label)``
equals a gold mention's exactly (Li et al. 2016, BioCreative V CDR task,
"mention-level, exact boundaries"). Gold mentions are de-duplicated on
``(start, end, label)``; overlapping gold mentions each count. Precision,
recall and F1 are micro-averaged per label and over all labels.

Normalization accuracy is measured on the matched spans whose gold mention has
at least one concept id: correct when the predicted id is one of the gold ids
(composite mentions list several).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from claimnlp.metrics import precision_recall_f1

logger = logging.getLogger(__name__)

Span = tuple[int, int, str]


@dataclass
class Counts:
    """Mutable tallies for one label (or overall)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return precision_recall_f1(self.tp, self.fp, self.fn)[0]

    @property
    def recall(self) -> float:
        return precision_recall_f1(self.tp, self.fp, self.fn)[1]

    @property
    def f1(self) -> float:
        return precision_recall_f1(self.tp, self.fp, self.fn)[2]

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Scorer:
    """Accumulate exact-span matches over documents; ``labels`` restricts what is scored."""

    labels: Sequence[str]
    by_label: dict[str, Counts] = field(default_factory=dict)
    norm_total: int = 0
    norm_correct: int = 0

    def __post_init__(self) -> None:
        self.by_label = {label: Counts() for label in self.labels}

    def add(
        self,
        gold: Iterable[Span],
        pred: Iterable[Span],
        gold_ids: dict[Span, tuple[str, ...]] | None = None,
        pred_ids: dict[Span, str | None] | None = None,
    ) -> set[Span]:
        """Score one document; return the matched spans."""
        g = {s for s in gold if s[2] in self.by_label}
        p = {s for s in pred if s[2] in self.by_label}
        matched = g & p
        for s in matched:
            self.by_label[s[2]].tp += 1
        for s in p - g:
            self.by_label[s[2]].fp += 1
        for s in g - p:
            self.by_label[s[2]].fn += 1
        if gold_ids is not None and pred_ids is not None:
            for s in matched:
                ids = gold_ids.get(s, ())
                if not ids:
                    continue
                self.norm_total += 1
                if pred_ids.get(s) in ids:
                    self.norm_correct += 1
        return matched

    @property
    def overall(self) -> Counts:
        c = Counts()
        for x in self.by_label.values():
            c.tp += x.tp
            c.fp += x.fp
            c.fn += x.fn
        return c

    @property
    def normalization_accuracy(self) -> float | None:
        return self.norm_correct / self.norm_total if self.norm_total else None

    def report(self) -> dict[str, object]:
        """The evaluate-ner JSON: ``overall``, ``by_label``, ``normalization_accuracy``."""
        acc = self.normalization_accuracy
        return {
            "overall": self.overall.as_dict(),
            "by_label": {k: v.as_dict() for k, v in self.by_label.items()},
            "normalization_accuracy": None if acc is None else round(acc, 4),
            "normalization_n": self.norm_total,
        }
