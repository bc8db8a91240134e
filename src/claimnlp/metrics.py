"""Precision, recall and F1 from counts: the one formula every claimnlp evaluation uses."""

from __future__ import annotations


def precision_recall_f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Unrounded precision, recall and F1; each is 0.0 where its denominator is 0."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """``{"p", "r", "f1"}`` rounded to 4 places, with the counts (the shape score.py reports)."""
    p, r, f = precision_recall_f1(tp, fp, fn)
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}
