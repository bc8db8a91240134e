"""Loader for ``lexicon/data/lexicon_stoplist.json`` (terms and MeSH parts kept out of the lexicon).

The file is an object with ``version``, ``source`` and three lists, each
entry carrying a ``reason``:

* ``terms``: ``{"term", "reason"}``: entry terms that flood web health
  writing with false positives (common English words, generic words);
  compared after token normalisation (case, diacritics, plurals);
* ``non_drug_actions``: ``{"name", "reason"}``: MeSH pharmacological
  actions that do not make a substance an intervention (dyes, reagents,
  pesticides, carcinogens);
* ``descriptors``: ``{"id", "reason"}``: MeSH descriptor ids left out whole.

Validation follows the house style: unknown keys, duplicates, missing
reasons and an empty file are errors (:class:`LexiconDataError`).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from claimnlp.lexicon.jsonfile import loads_strict
from claimnlp.lexicon.text import term_key

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_STOPLIST = DATA_DIR / "lexicon_stoplist.json"

_TOP_KEYS = {"version", "source", "terms", "non_drug_actions", "descriptors"}
_LIST_KEYS = {"terms": ("term", "reason"), "non_drug_actions": ("name", "reason"), "descriptors": ("id", "reason")}


class LexiconDataError(ValueError):
    """A lexicon data file (stoplist, supplement, compiled lexicon) is invalid."""


@dataclass(frozen=True)
class Stoplist:
    """Normalised stop terms (space-joined token keys), excluded actions and descriptor ids."""

    terms: frozenset[str] = frozenset()
    non_drug_actions: frozenset[str] = frozenset()
    descriptors: frozenset[str] = frozenset()
    version: str = ""


def parse_stoplist(data: object, where: str = "<stoplist>") -> Stoplist:
    """Validate a parsed stoplist object and return a :class:`Stoplist`."""
    if not isinstance(data, dict):
        raise LexiconDataError(f"{where}: top level must be an object")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise LexiconDataError(f"{where}: unknown keys {sorted(unknown)}")
    for k in ("version", "source"):
        if not isinstance(data.get(k), str) or not data[k]:
            raise LexiconDataError(f"{where}: missing {k!r}")
    out: dict[str, frozenset[str]] = {}
    total = 0
    for list_key, (field, _) in _LIST_KEYS.items():
        items = data.get(list_key, [])
        if not isinstance(items, list):
            raise LexiconDataError(f"{where}: {list_key!r} must be a list")
        seen: set[str] = set()
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise LexiconDataError(f"{where}: {list_key}[{i}] must be an object")
            bad = set(item) - set(_LIST_KEYS[list_key])
            if bad:
                raise LexiconDataError(f"{where}: {list_key}[{i}] unknown keys {sorted(bad)}")
            val, reason = item.get(field), item.get("reason")
            if not isinstance(val, str) or not val.strip() or not isinstance(reason, str) or not reason.strip():
                raise LexiconDataError(f"{where}: {list_key}[{i}] needs non-empty {field!r} and 'reason'")
            if list_key == "terms":
                val = " ".join(term_key(val))
            elif list_key == "descriptors" and not re.fullmatch(r"D\d{6,9}", val):
                raise LexiconDataError(f"{where}: {list_key}[{i}] bad descriptor id {val!r}")
            if val in seen:
                raise LexiconDataError(f"{where}: duplicate {field} {item[field]!r} in {list_key}")
            seen.add(val)
        out[list_key] = frozenset(seen)
        total += len(seen)
    if total == 0:
        raise LexiconDataError(f"{where}: empty stoplist")
    return Stoplist(terms=out["terms"], non_drug_actions=out["non_drug_actions"],
                    descriptors=out["descriptors"], version=data["version"])


@lru_cache(maxsize=8)
def load_stoplist(path: str | Path | None = None) -> Stoplist:
    """Load and validate the stoplist (default: the packaged ``lexicon_stoplist.json``); cached per path."""
    p = Path(path) if path is not None else DEFAULT_STOPLIST
    text = p.read_text(encoding="utf-8")
    if not text.strip():
        raise LexiconDataError(f"{p}: empty file")
    try:
        data = loads_strict(text, LexiconDataError)
    except json.JSONDecodeError as exc:
        raise LexiconDataError(f"{p}: invalid JSON: {exc}") from exc
    return parse_stoplist(data, str(p))
