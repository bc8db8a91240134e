"""Typed loaders for claimnlp's data files and the MeSH concept lexicon.

Public API (imported lazily so that ``import claimnlp.lexicon`` stays cheap):

* :class:`ConceptLexicon` (``load``, ``find``, ``lookup``, ``normalize``, ``fuzzy``)
  and :class:`Concept`, from :mod:`claimnlp.lexicon.concepts`;
* :func:`load_supplement` (:mod:`claimnlp.lexicon.supplement`) and
  :func:`load_stoplist` (:mod:`claimnlp.lexicon.stoplist`);
* :class:`LexiconDataError`, raised by every loader on invalid data.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)

__all__ = ["Concept", "ConceptLexicon", "LexiconDataError", "load_stoplist", "load_supplement"]

_WHERE = {
    "Concept": "claimnlp.lexicon.concepts",
    "ConceptLexicon": "claimnlp.lexicon.concepts",
    "LexiconDataError": "claimnlp.lexicon.stoplist",
    "load_stoplist": "claimnlp.lexicon.stoplist",
    "load_supplement": "claimnlp.lexicon.supplement",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'claimnlp.lexicon' has no attribute {name!r}")
