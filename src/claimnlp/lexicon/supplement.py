"""Loader for the curated concept supplement ``lexicon/data/supplement.jsonl``.

MeSH lacks, or names awkwardly, many terms of web health writing (PANS,
PANDAS, long COVID, "blood tests", "IVIg"). The supplement adds them, one
concept per line, under the ``CN:`` id namespace::

    {"version": "0.1.0", "source": "..."}                       <- first line: file header
    {"id": "CN:0001", "label": "CONDITION", "name": "pediatric acute-onset neuropsychiatric syndrome",
     "synonyms": ["PANS"], "source": "..."}
    {"id": "CN:0002", "label": "INTERVENTION", "name": "intravenous immunoglobulin",
     "synonyms": ["IVIG", "IVIg"], "mesh": "D016756", "source": "..."}

With ``mesh`` the entry *overlays* that MeSH descriptor: its synonyms join
the descriptor's terms, its ``name`` replaces the readable name, and the
emitted id stays ``MESH:D...``; without it the concept keeps its ``CN:`` id.
Supplement terms take precedence over MeSH terms with the same match key.
``CN`` ids are stable once released: never renumber or reuse one; append
new concepts with the next free number.

Validation: unknown keys, missing fields, duplicate ids, duplicate MeSH
overlays, labels outside {INTERVENTION, CONDITION}, malformed ids and an
empty file raise :class:`~claimnlp.lexicon.stoplist.LexiconDataError`.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from claimnlp.lexicon.jsonfile import loads_strict
from claimnlp.lexicon.stoplist import DATA_DIR, LexiconDataError
from claimnlp.schema import MentionLabel

logger = logging.getLogger(__name__)

DEFAULT_SUPPLEMENT = DATA_DIR / "supplement.jsonl"
ENTITY_LABELS = frozenset({MentionLabel.INTERVENTION.value, MentionLabel.CONDITION.value})

_REQUIRED = {"id", "label", "name", "source"}
_ALLOWED = _REQUIRED | {"synonyms", "mesh", "note"}
_HEADER = {"version", "source"}


@dataclass(frozen=True)
class SupplementEntry:
    """One curated concept. ``mesh`` is a bare MeSH id (descriptor ``D016756`` or SCR ``C082598``) or None."""

    id: str
    label: str
    name: str
    synonyms: tuple[str, ...]
    mesh: str | None
    source: str


@dataclass(frozen=True)
class Supplement:
    version: str
    source: str
    entries: tuple[SupplementEntry, ...]


def _header_and_objects(lines: list[str], where: str, what: str
                        ) -> tuple[dict[str, Any], list[tuple[int, dict[str, Any]]]]:
    """Decode a header-first JSONL data file: the header and the (line number, object) entries after it.

    Rejects empty files, invalid JSON, duplicate keys, non-object lines, a missing or
    incomplete ``{version, source}`` header, and a file with no entries.
    """
    objs: list[tuple[int, dict[str, Any]]] = []
    for n, ln in ((i + 1, ln) for i, ln in enumerate(lines) if ln.strip()):
        try:
            obj = loads_strict(ln, LexiconDataError)
        except (json.JSONDecodeError, LexiconDataError) as exc:
            raise LexiconDataError(f"{where}:{n}: {exc}") from exc
        if not isinstance(obj, dict):
            raise LexiconDataError(f"{where}:{n}: each line must be an object")
        objs.append((n, obj))
    if not objs:
        raise LexiconDataError(f"{where}: empty file")
    n0, head = objs[0]
    if set(head) != _HEADER or not all(isinstance(head[k], str) and head[k] for k in _HEADER):
        raise LexiconDataError(f"{where}:{n0}: first line must be the header {{'version', 'source'}}")
    if len(objs) == 1:
        raise LexiconDataError(f"{where}: no {what}")
    return head, objs[1:]


def parse_supplement(lines: list[str], where: str = "<supplement>") -> Supplement:
    """Validate supplement JSONL lines (header first) and return a :class:`Supplement`."""
    head, objs = _header_and_objects(lines, where, "concepts")
    ids: set[str] = set()
    meshes: set[str] = set()
    out = []
    for n, obj in objs:
        unknown = set(obj) - _ALLOWED
        if unknown:
            raise LexiconDataError(f"{where}:{n}: unknown keys {sorted(unknown)}")
        missing = _REQUIRED - set(obj)
        if missing:
            raise LexiconDataError(f"{where}:{n}: missing keys {sorted(missing)}")
        cid, label, name = obj["id"], obj["label"], obj["name"]
        if not isinstance(cid, str) or not re.fullmatch(r"CN:\d{4,}", cid):
            raise LexiconDataError(f"{where}:{n}: id must look like 'CN:0001', got {cid!r}")
        if cid in ids:
            raise LexiconDataError(f"{where}:{n}: duplicate id {cid}")
        ids.add(cid)
        if label not in ENTITY_LABELS:
            raise LexiconDataError(f"{where}:{n}: unknown label {label!r}")
        if not isinstance(name, str) or not name.strip():
            raise LexiconDataError(f"{where}:{n}: empty name")
        syn = obj.get("synonyms", [])
        if not isinstance(syn, list) or not all(isinstance(s, str) and s.strip() for s in syn):
            raise LexiconDataError(f"{where}:{n}: synonyms must be a list of non-empty strings")
        if len(set(syn)) != len(syn):
            raise LexiconDataError(f"{where}:{n}: duplicate synonyms")
        mesh = obj.get("mesh")
        if mesh is not None:
            if not isinstance(mesh, str) or not re.fullmatch(r"[DC]\d{6,9}", mesh):
                raise LexiconDataError(f"{where}:{n}: mesh must be a MeSH id like 'D016756' (or an SCR 'C082598')")
            if mesh in meshes:
                raise LexiconDataError(f"{where}:{n}: second overlay for {mesh}")
            meshes.add(mesh)
        if not isinstance(obj["source"], str) or not obj["source"].strip():
            raise LexiconDataError(f"{where}:{n}: empty source")
        out.append(SupplementEntry(cid, label, name.strip(), tuple(s.strip() for s in syn), mesh, obj["source"]))
    return Supplement(version=head["version"], source=head["source"], entries=tuple(out))


@lru_cache(maxsize=8)
def load_supplement(path: str | Path | None = None) -> Supplement:
    """Load and validate the supplement (default: the packaged ``supplement.jsonl``); cached per path."""
    p = Path(path) if path is not None else DEFAULT_SUPPLEMENT
    return parse_supplement(p.read_text(encoding="utf-8").splitlines(), str(p))


DEFAULT_MODIFIERS = DATA_DIR / "supplement_modifiers.jsonl"
_MOD_KEYS = {"text", "side", "label", "source"}


@dataclass(frozen=True)
class Modifiers:
    """Words that extend a match of ``label`` to the left (``before``) or right (``after``).

    Stored as token-key tuples (see :func:`claimnlp.lexicon.text.term_key`),
    so "low-dose" and "low dose" are one entry.
    """

    before: frozenset[tuple[str, str, tuple[str, ...]]]  # (label, side, key) triples, side == "before"
    after: frozenset[tuple[str, str, tuple[str, ...]]]
    version: str = ""

    def keys(self, label: str, side: str) -> frozenset[tuple[str, ...]]:
        src = self.before if side == "before" else self.after
        return frozenset(k for lab, _, k in src if lab == label)


def parse_modifiers(lines: list[str], where: str = "<modifiers>") -> Modifiers:
    """Validate modifier JSONL lines (header first): unknown keys, bad sides/labels, duplicates, empty file."""
    from claimnlp.lexicon.text import term_key

    head, objs = _header_and_objects(lines, where, "modifiers")
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    for n, obj in objs:
        if set(obj) != _MOD_KEYS:
            raise LexiconDataError(f"{where}:{n}: keys must be {sorted(_MOD_KEYS)}, got {sorted(obj)}")
        if obj["side"] not in ("before", "after"):
            raise LexiconDataError(f"{where}:{n}: side must be 'before' or 'after'")
        if obj["label"] not in ENTITY_LABELS:
            raise LexiconDataError(f"{where}:{n}: unknown label {obj['label']!r}")
        key = term_key(obj["text"]) if isinstance(obj["text"], str) else ()
        if not key or len(key) > 2:
            raise LexiconDataError(f"{where}:{n}: text must be 1-2 words")
        item = (obj["label"], obj["side"], key)
        if item in seen:
            raise LexiconDataError(f"{where}:{n}: duplicate modifier {obj['text']!r}")
        seen.add(item)
    return Modifiers(before=frozenset(x for x in seen if x[1] == "before"),
                     after=frozenset(x for x in seen if x[1] == "after"), version=head["version"])


@lru_cache(maxsize=8)
def load_modifiers(path: str | Path | None = None) -> Modifiers:
    """Load and validate the match modifiers (default: packaged ``supplement_modifiers.jsonl``); cached."""
    p = Path(path) if path is not None else DEFAULT_MODIFIERS
    return parse_modifiers(p.read_text(encoding="utf-8").splitlines(), str(p))
