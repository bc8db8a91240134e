"""Chemical/Disease named-entity recognition for claimnlp.

Public API
----------
``load_ner(name_or_path=None) -> spacy.Language``
    The shipped pipeline (``models/ner``, trained by ``claimnlp train-ner``), a
    path, or an installed spaCy/scispaCy package (``en_ner_bc5cdr_md``); see
    :func:`claimnlp.ner.loading.load_ner`.
``ner_spans(nlp, texts, batch_size=64)``
    ``(start, end, label)`` character spans per text, labels ``Chemical``/``Disease``.
``normalize(surface, label, long_form=None)``
    ``("MESH:D...", preferred name)`` or ``None`` (:mod:`claimnlp.ner.normalize`).

Submodules: ``pubtator`` (corpus reader), ``tokenizer``, ``lexfeat`` (MeSH
dictionary features, spaCy factory ``claimnlp_lexicon_features``), ``convert``
(DocBins), ``train``, ``metrics`` and ``evaluate`` (exact-span P/R/F1),
``abbrev`` (Schwartz & Hearst 2003), ``normalize``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimnlp.ner.loading import LABELS, load_ner, ner_spans

if TYPE_CHECKING:  # pragma: no cover
    pass

__all__ = ["LABELS", "load_ner", "ner_spans", "normalize"]


def normalize(surface: str, label: str, long_form: str | None = None) -> Any:
    """MeSH normalization with the shipped index; see :func:`claimnlp.ner.normalize.normalize`."""
    from claimnlp.ner.normalize import normalize as _normalize

    return _normalize(surface, label, long_form=long_form)
