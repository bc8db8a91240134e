"""Cue rules for the hedge and negation engine: schema, loader, dumper.

The rule file (``lexicon/data/certainty_cues.json``) follows the shape of
medspaCy's ConText ``context_rules.json`` (Harkema et al. 2009): each rule has a
``literal``, a ``category``, a ``direction`` (``FORWARD``, ``BACKWARD``,
``BIDIRECTIONAL``, ``TERMINATE``, ``PSEUDO``) and optionally a ``pattern`` and a
``max_scope`` in tokens. claimnlp adds a ``label`` (``HEDGE`` or ``NEGATION``,
validated against :class:`claimnlp.schema.MentionLabel`) and a per-rule
``source``. The file also lists ``subordinators``: words that open a subordinate
clause, used to tell a cue in the main clause from one in a relative or
adverbial clause, and ``ignore_for_certainty``: cue categories that are
emitted as mentions but do not change a claim's certainty (``CONTRAST``:
"rather than X" denies the alternative, not the claim).

A null ``pattern`` phrase-matches the literal (case-insensitive, any
whitespace); a string pattern is a regular expression over the case-folded
text; a list pattern is a token pattern of dicts with one of ``LOWER``, ``IN``
or ``REGEX`` and an optional ``OP`` (``"?"``), compiled to a regular
expression. Unlike ConText, the loader rejects unknown keys at every level,
duplicate literals, unknown labels and directions, bad regexes and empty
files, and :func:`dump_cue_rules` writes a file that loads back identically.
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
from claimnlp.schema import MentionLabel

logger = logging.getLogger(__name__)

DEFAULT_RULES_PATH = Path(__file__).resolve().parents[1] / "lexicon" / "data" / "certainty_cues.json"

DIRECTIONS = ("FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO")
CUE_LABELS = (MentionLabel.HEDGE.value, MentionLabel.NEGATION.value)

_FILE_KEYS = frozenset({"version", "source", "subordinators", "ignore_for_certainty", "rules"})
_RULE_KEYS = frozenset({"literal", "category", "label", "direction", "pattern", "max_scope", "source"})
_REQUIRED_RULE_KEYS = frozenset({"literal", "category", "label", "direction"})
_TOKEN_KEYS = frozenset({"LOWER", "IN", "REGEX", "OP"})


class CueRuleError(ValueError):
    """A cue rule file is malformed (the message names the file and the rule)."""


@dataclass(frozen=True)
class CueRule:
    """One cue rule. ``pattern`` is None, a regex string or a tuple of token specs."""

    literal: str
    category: str
    label: str
    direction: str
    pattern: str | tuple[tuple[tuple[str, Any], ...], ...] | None = None
    max_scope: int | None = None
    source: str | None = None

    @property
    def regex(self) -> str:
        """The regular expression (over case-folded text) that finds this cue."""
        if self.pattern is None:
            return _literal_regex(self.literal)
        if isinstance(self.pattern, str):
            return self.pattern
        return _token_pattern_regex(self.pattern)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"literal": self.literal, "category": self.category, "label": self.label,
                             "direction": self.direction}
        if self.pattern is not None:
            d["pattern"] = self.pattern if isinstance(self.pattern, str) else [dict(t) for t in self.pattern]
        if self.max_scope is not None:
            d["max_scope"] = self.max_scope
        if self.source is not None:
            d["source"] = self.source
        return d


@dataclass(frozen=True)
class CueRuleSet:
    """All rules of one file, in file order, plus its metadata."""

    version: str
    source: str
    subordinators: tuple[str, ...]
    rules: tuple[CueRule, ...]
    ignore_for_certainty: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "source": self.source, "subordinators": list(self.subordinators),
                "ignore_for_certainty": list(self.ignore_for_certainty),
                "rules": [r.to_dict() for r in self.rules]}


def _edge(s: str, at_start: bool) -> str:
    ch = s[0] if at_start else s[-1]
    return r"\b" if (ch.isalnum() or ch == "_") else ""


def _literal_regex(literal: str) -> str:
    words = literal.lower().split()
    body = r"\s+".join(re.escape(w) for w in words)
    return _edge(literal.strip(), True) + body + _edge(literal.strip(), False)


def _token_pattern_regex(tokens: tuple[tuple[tuple[str, Any], ...], ...]) -> str:
    parts: list[str] = []
    for spec in tokens:
        d = dict(spec)
        if "LOWER" in d:
            alt = re.escape(str(d["LOWER"]).lower())
        elif "IN" in d:
            alt = "|".join(re.escape(str(v).lower()) for v in d["IN"])
        else:
            alt = str(d["REGEX"])
        tok = rf"\b(?:{alt})\b"
        parts.append(f"(?:{tok}\\s*)?" if d.get("OP") == "?" else f"{tok}\\s*")
    rx = "".join(parts)
    return rx[: -len("\\s*")] if rx.endswith("\\s*") else rx


def _parse_token_pattern(where: str, pattern: list[Any]) -> tuple[tuple[tuple[str, Any], ...], ...]:
    if not pattern:
        raise CueRuleError(f"{where}: empty token pattern")
    out = []
    for spec in pattern:
        if not isinstance(spec, dict) or not spec:
            raise CueRuleError(f"{where}: token spec must be a non-empty object")
        bad = set(spec) - _TOKEN_KEYS
        if bad:
            raise CueRuleError(f"{where}: unknown token keys {sorted(bad)}")
        if sum(k in spec for k in ("LOWER", "IN", "REGEX")) != 1:
            raise CueRuleError(f"{where}: a token spec needs exactly one of LOWER, IN, REGEX")
        if "OP" in spec and spec["OP"] != "?":
            raise CueRuleError(f"{where}: only OP '?' is supported")
        if "IN" in spec:
            if not isinstance(spec["IN"], list) or not spec["IN"]:
                raise CueRuleError(f"{where}: IN needs a non-empty list")
            spec = {**spec, "IN": tuple(spec["IN"])}
        out.append(tuple((k, spec[k]) for k in ("LOWER", "IN", "REGEX", "OP") if k in spec))
    return tuple(out)


def parse_cue_rules(data: Any, *, where: str = "<data>") -> CueRuleSet:
    """Validate a decoded rule file and return an immutable :class:`CueRuleSet`.

    Raises
    ------
    CueRuleError
        On unknown or missing keys, duplicate literals, unknown labels or
        directions, invalid regexes, non-positive ``max_scope`` or no rules.
    """
    if not isinstance(data, dict):
        raise CueRuleError(f"{where}: top level must be an object")
    bad = set(data) - _FILE_KEYS
    if bad:
        raise CueRuleError(f"{where}: unknown keys {sorted(bad)}")
    for k in ("version", "source"):
        if not isinstance(data.get(k), str) or not data[k].strip():
            raise CueRuleError(f"{where}: missing or empty {k!r}")
    subs = data.get("subordinators", [])
    if not isinstance(subs, list) or not all(isinstance(s, str) and s.strip() for s in subs):
        raise CueRuleError(f"{where}: 'subordinators' must be a list of words")
    if len({s.lower() for s in subs}) != len(subs):
        raise CueRuleError(f"{where}: duplicate subordinators")
    ignore = data.get("ignore_for_certainty", [])
    if not isinstance(ignore, list) or not all(isinstance(s, str) and s.strip() for s in ignore):
        raise CueRuleError(f"{where}: 'ignore_for_certainty' must be a list of categories")
    raw = data.get("rules")
    if not isinstance(raw, list) or not raw:
        raise CueRuleError(f"{where}: no rules")
    seen: set[str] = set()
    rules: list[CueRule] = []
    for i, r in enumerate(raw):
        at = f"{where}: rule {i}"
        if not isinstance(r, dict):
            raise CueRuleError(f"{at}: must be an object")
        bad = set(r) - _RULE_KEYS
        if bad:
            raise CueRuleError(f"{at}: unknown keys {sorted(bad)}")
        missing = _REQUIRED_RULE_KEYS - set(r)
        if missing:
            raise CueRuleError(f"{at}: missing keys {sorted(missing)}")
        lit = r["literal"]
        if not isinstance(lit, str) or not lit.strip():
            raise CueRuleError(f"{at}: empty literal")
        at = f"{where}: rule {lit!r}"
        if lit.lower() in seen:
            raise CueRuleError(f"{at}: duplicate literal")
        seen.add(lit.lower())
        if r["label"] not in CUE_LABELS:
            raise CueRuleError(f"{at}: unknown label {r['label']!r} (expected one of {CUE_LABELS})")
        if r["direction"] not in DIRECTIONS:
            raise CueRuleError(f"{at}: unknown direction {r['direction']!r}")
        if not isinstance(r["category"], str) or not r["category"].strip():
            raise CueRuleError(f"{at}: empty category")
        ms = r.get("max_scope")
        if ms is not None and (not isinstance(ms, int) or isinstance(ms, bool) or ms <= 0):
            raise CueRuleError(f"{at}: max_scope must be a positive integer")
        src = r.get("source")
        if src is not None and not isinstance(src, str):
            raise CueRuleError(f"{at}: source must be a string")
        pat = r.get("pattern")
        pattern: str | tuple[tuple[tuple[str, Any], ...], ...] | None
        if pat is None:
            pattern = None
        elif isinstance(pat, str):
            pattern = pat
        elif isinstance(pat, list):
            pattern = _parse_token_pattern(at, pat)
        else:
            raise CueRuleError(f"{at}: pattern must be null, a regex string or a token list")
        rule = CueRule(literal=lit, category=r["category"], label=r["label"], direction=r["direction"],
                       pattern=pattern, max_scope=ms, source=src)
        try:
            re.compile(rule.regex)
        except re.error as exc:
            raise CueRuleError(f"{at}: bad pattern: {exc}") from exc
        rules.append(rule)
    unknown = set(ignore) - {r.category for r in rules}
    if unknown:
        raise CueRuleError(f"{where}: ignore_for_certainty names unknown categories {sorted(unknown)}")
    return CueRuleSet(version=data["version"], source=data["source"],
                      subordinators=tuple(s.lower() for s in subs), rules=tuple(rules),
                      ignore_for_certainty=tuple(ignore))


@lru_cache(maxsize=8)
def _load_cached(path: str) -> CueRuleSet:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise CueRuleError(f"{p}: cannot read: {exc}") from exc
    if not text.strip():
        raise CueRuleError(f"{p}: empty file")
    try:
        data = loads_strict(text, CueRuleError)
    except CueRuleError as exc:
        raise CueRuleError(f"{p}: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise CueRuleError(f"{p}: invalid JSON: {exc}") from exc
    rs = parse_cue_rules(data, where=str(p))
    logger.debug("loaded %d cue rules from %s (version %s)", len(rs.rules), p, rs.version)
    return rs


def load_cue_rules(path: str | Path | None = None) -> CueRuleSet:
    """Load and validate a cue rule file (cached per resolved path).

    Parameters
    ----------
    path
        JSON rule file; defaults to the packaged ``certainty_cues.json``.
    """
    if path is None:
        return _load_default()
    return _load_cached(str(Path(path).resolve()))


@lru_cache(maxsize=1)
def _load_default() -> CueRuleSet:
    # the packaged file: resolved once, not on every call from the hot path
    return _load_cached(str(Path(DEFAULT_RULES_PATH).resolve()))


def dump_cue_rules(rules: CueRuleSet) -> str:
    """Serialize a rule set to JSON text that :func:`load_cue_rules` reads back identically."""
    return json.dumps(rules.to_dict(), ensure_ascii=False, indent=1) + "\n"
