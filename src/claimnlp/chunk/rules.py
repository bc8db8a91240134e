"""Loaders for the chunker's rule files (``lexicon/data/boilerplate.json``,
``lexicon/data/sentence_abbreviations.json``).

Both files carry a file-level ``version`` and ``source``. The loaders reject
unknown keys, duplicate JSON keys, duplicate entries, unknown kinds, invalid
regular expressions and empty rule lists, and return frozen dataclasses cached
per path, in the manner of quantulum3's ``load.py`` (duplicate-key hook,
cached tables) and medspaCy's ``ConTextRule.from_dict`` (allowed keys).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from claimnlp.lexicon.jsonfile import loads_strict

logger = logging.getLogger(__name__)

__all__ = [
    "HeadingWords", "load_heading_words", "DATA_DIR", "BOILERPLATE_KINDS", "ABBREVIATION_KINDS", "RuleFileError", "BoilerplateRule",
    "BoilerplateRules", "Abbreviations", "load_boilerplate", "load_abbreviations",
]

DATA_DIR = Path(__file__).resolve().parent.parent / "lexicon" / "data"
BOILERPLATE_KINDS = frozenset({
    "navigation", "share", "byline", "cta", "cookie", "copyright", "disclaimer", "reference_heading", "citation",
    "toc_heading",
})
ABBREVIATION_KINDS = frozenset({"title", "inline", "numeric", "terminal"})

_BP_FILE_KEYS = frozenset({"version", "source", "description", "rules"})
_BP_RULE_KEYS = frozenset({"id", "kind", "match", "pattern", "max_chars", "ignore_case", "requires", "source",
                           "comment"})
_AB_FILE_KEYS = frozenset({"version", "source", "description", "abbreviations", "initial_leads",
                           "initial_leads_comment"})
_AB_KEYS = frozenset({"text", "kind", "source", "comment"})


class RuleFileError(ValueError):
    """A rule file is malformed (the message names the file and the entry)."""


@dataclass(frozen=True)
class BoilerplateRule:
    id: str
    kind: str
    full: bool
    regex: re.Pattern[str]
    max_chars: int | None = None
    anchored: bool = False  # a "search" pattern starting with "^": use re.match (same result, faster)
    requires: tuple[str, ...] = ()  # lower-case substrings, one of which must occur (prefilter)

    def matches(self, content: str, lower: str | None = None) -> bool:
        """True if ``content`` (a stripped block content) is boilerplate under this rule.

        ``lower`` is ``content.lower()`` when the caller already has it.
        """
        if self.max_chars is not None and len(content) > self.max_chars:
            return False
        if self.requires:
            low = content.lower() if lower is None else lower
            if not any(k in low for k in self.requires):
                return False
        if self.full:
            return self.regex.fullmatch(content) is not None
        if self.anchored:
            return self.regex.match(content) is not None
        return self.regex.search(content) is not None


@dataclass(frozen=True)
class BoilerplateRules:
    version: str
    source: str
    rules: tuple[BoilerplateRule, ...]
    keywords: tuple[str, ...] = ()  # union of the rules' ``requires`` lists

    def match(self, content: str) -> BoilerplateRule | None:
        """The first rule matching ``content``, or None (a tight loop: it runs once per block)."""
        n = len(content)
        present: frozenset[str] | None = None
        for rule in self.rules:
            mc = rule.max_chars
            if mc is not None and n > mc:
                continue
            if rule.requires:
                if present is None:
                    lower = content.lower()
                    present = frozenset(k for k in self.keywords if k in lower)
                if present.isdisjoint(rule.requires):
                    continue
            rx = rule.regex
            if (rx.fullmatch(content) if rule.full else rx.match(content) if rule.anchored else rx.search(content)):
                return rule
        return None


@dataclass(frozen=True)
class Abbreviations:
    version: str
    source: str
    kinds: tuple[tuple[str, str], ...]  # (lower-cased token without final period, kind), sorted
    initial_leads: frozenset[str] = frozenset()  # words after which "X." is a name initial
    index: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), compare=False, hash=False,
                                     repr=False)

    def kind_of(self, token: str) -> str | None:
        """Kind of a lower-cased abbreviation token, or None."""
        return self.index.get(token)


def _top_level(pattern: str) -> str:
    """``pattern`` with every parenthesised group removed (to look for top-level alternation)."""
    out: list[str] = []
    depth = 0
    escaped = in_class = False
    for ch in pattern:
        if escaped:
            escaped = False
            if depth == 0:
                out.append("x")
            continue
        if ch == "\\":
            escaped = True
            continue
        if in_class:
            in_class = ch != "]"
            continue
        if ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = loads_strict(path.read_text(encoding="utf-8"), RuleFileError, "duplicate JSON key")
    except RuleFileError as exc:
        raise RuleFileError(f"{path}: {exc}") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise RuleFileError(f"{path}: cannot read rule file: {exc}") from exc
    if not isinstance(data, dict):
        raise RuleFileError(f"{path}: top level must be an object")
    for key in ("version", "source"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise RuleFileError(f"{path}: missing or empty {key!r}")
    return data


def _check_keys(where: str, obj: Any, allowed: frozenset[str], required: tuple[str, ...]) -> None:
    if not isinstance(obj, dict):
        raise RuleFileError(f"{where}: expected an object")
    unknown = set(obj) - allowed
    if unknown:
        raise RuleFileError(f"{where}: unknown keys {sorted(unknown)}")
    for key in required:
        if key not in obj:
            raise RuleFileError(f"{where}: missing {key!r}")


@lru_cache(maxsize=8)
def load_boilerplate(path: str | Path | None = None) -> BoilerplateRules:
    """Load and validate the boilerplate rules (cached per path).

    Parameters
    ----------
    path:
        Rule file; defaults to ``lexicon/data/boilerplate.json``.

    Raises
    ------
    RuleFileError
        Unknown keys or kinds, duplicate ids or patterns, invalid regexes, no rules.
    """
    p = Path(path) if path is not None else DATA_DIR / "boilerplate.json"
    data = _read(p)
    _check_keys(str(p), data, _BP_FILE_KEYS, ("rules",))
    raw = data["rules"]
    if not isinstance(raw, list) or not raw:
        raise RuleFileError(f"{p}: 'rules' must be a non-empty list")
    rules: list[BoilerplateRule] = []
    seen_ids: set[str] = set()
    seen_patterns: set[tuple[str, str]] = set()
    for i, r in enumerate(raw):
        where = f"{p}: rules[{i}]"
        _check_keys(where, r, _BP_RULE_KEYS, ("id", "kind", "match", "pattern"))
        rid, kind, match, pattern = r["id"], r["kind"], r["match"], r["pattern"]
        if not isinstance(rid, str) or not rid:
            raise RuleFileError(f"{where}: 'id' must be a non-empty string")
        if rid in seen_ids:
            raise RuleFileError(f"{where}: duplicate id {rid!r}")
        if kind not in BOILERPLATE_KINDS:
            raise RuleFileError(f"{where}: unknown kind {kind!r} (expected one of {sorted(BOILERPLATE_KINDS)})")
        if match not in ("full", "search"):
            raise RuleFileError(f"{where}: 'match' must be 'full' or 'search'")
        if not isinstance(pattern, str) or not pattern:
            raise RuleFileError(f"{where}: 'pattern' must be a non-empty string")
        if (match, pattern) in seen_patterns:
            raise RuleFileError(f"{where}: duplicate pattern")
        max_chars = r.get("max_chars")
        if max_chars is not None and (not isinstance(max_chars, int) or isinstance(max_chars, bool)
                                      or max_chars <= 0):
            raise RuleFileError(f"{where}: 'max_chars' must be a positive integer")
        ignore_case = r.get("ignore_case", True)
        if not isinstance(ignore_case, bool):
            raise RuleFileError(f"{where}: 'ignore_case' must be true or false")
        requires = r.get("requires", [])
        if not isinstance(requires, list) or not all(
                isinstance(k, str) and k and k == k.lower() for k in requires) or len(set(requires)) != len(requires):
            raise RuleFileError(f"{where}: 'requires' must be a list of distinct non-empty lower-case strings")
        try:
            regex = re.compile(pattern, re.IGNORECASE if ignore_case else 0)
        except re.error as exc:
            raise RuleFileError(f"{where}: invalid pattern: {exc}") from exc
        seen_ids.add(rid)
        seen_patterns.add((match, pattern))
        anchored = match == "search" and pattern.startswith("^") and "|" not in _top_level(pattern)
        rules.append(BoilerplateRule(id=rid, kind=kind, full=match == "full", regex=regex, max_chars=max_chars,
                                     anchored=anchored, requires=tuple(requires)))
    logger.debug("loaded %d boilerplate rules from %s", len(rules), p)
    keywords = tuple(sorted({k for r in rules for k in r.requires}))
    return BoilerplateRules(version=data["version"], source=data["source"], rules=tuple(rules), keywords=keywords)


@lru_cache(maxsize=8)
def load_abbreviations(path: str | Path | None = None) -> Abbreviations:
    """Load and validate the sentence-splitter abbreviations (cached per path).

    Parameters
    ----------
    path:
        Rule file; defaults to ``lexicon/data/sentence_abbreviations.json``.

    Raises
    ------
    RuleFileError
        Unknown keys or kinds, duplicates, tokens with a final period or
        upper-case letters, or an empty list.
    """
    p = Path(path) if path is not None else DATA_DIR / "sentence_abbreviations.json"
    data = _read(p)
    _check_keys(str(p), data, _AB_FILE_KEYS, ("abbreviations",))
    raw = data["abbreviations"]
    if not isinstance(raw, list) or not raw:
        raise RuleFileError(f"{p}: 'abbreviations' must be a non-empty list")
    kinds: dict[str, str] = {}
    for i, a in enumerate(raw):
        where = f"{p}: abbreviations[{i}]"
        _check_keys(where, a, _AB_KEYS, ("text", "kind"))
        text, kind = a["text"], a["kind"]
        if not isinstance(text, str) or not text or text != text.strip():
            raise RuleFileError(f"{where}: 'text' must be a non-empty stripped string")
        if text != text.lower() or text.endswith("."):
            raise RuleFileError(f"{where}: 'text' must be lower case without the final period: {text!r}")
        if kind not in ABBREVIATION_KINDS:
            raise RuleFileError(f"{where}: unknown kind {kind!r} (expected one of {sorted(ABBREVIATION_KINDS)})")
        if text in kinds:
            raise RuleFileError(f"{where}: duplicate abbreviation {text!r}")
        kinds[text] = kind
    leads = data.get("initial_leads", [])
    if not isinstance(leads, list) or not all(isinstance(w, str) and w and w == w.strip().lower() for w in leads):
        raise RuleFileError(f"{p}: 'initial_leads' must be a list of lower-case words")
    if len(set(leads)) != len(leads):
        raise RuleFileError(f"{p}: duplicate word in 'initial_leads'")
    return Abbreviations(version=data["version"], source=data["source"], kinds=tuple(sorted(kinds.items())),
                         initial_leads=frozenset(leads), index=MappingProxyType(dict(kinds)))


_HW_FILE_KEYS = frozenset({"version", "source", "description", "small_words", "non_heading_last_words"})


@dataclass(frozen=True)
class HeadingWords:
    version: str
    source: str
    small_words: frozenset[str]
    non_heading_last_words: frozenset[str]


@lru_cache(maxsize=8)
def load_heading_words(path: str | Path | None = None) -> HeadingWords:
    """Load the word lists of the bare-line heading heuristic (``lexicon/data/chunk_headings.json``).

    Raises
    ------
    RuleFileError
        Unknown keys, missing or empty lists, non-lower-case or duplicate words.
    """
    p = Path(path) if path is not None else DATA_DIR / "chunk_headings.json"
    data = _read(p)
    _check_keys(str(p), data, _HW_FILE_KEYS, ("small_words", "non_heading_last_words"))
    lists: dict[str, frozenset[str]] = {}
    for key in ("small_words", "non_heading_last_words"):
        words = data[key]
        if not isinstance(words, list) or not words:
            raise RuleFileError(f"{p}: {key!r} must be a non-empty list")
        for w in words:
            if not isinstance(w, str) or not w or w != w.strip().lower():
                raise RuleFileError(f"{p}: {key!r}: {w!r} is not a stripped lower-case word")
        if len(set(words)) != len(words):
            raise RuleFileError(f"{p}: {key!r} has duplicates")
        lists[key] = frozenset(words)
    return HeadingWords(version=data["version"], source=data["source"], small_words=lists["small_words"],
                        non_heading_last_words=lists["non_heading_last_words"])
