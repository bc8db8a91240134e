"""Required literals of a regular expression: a cheap, exact prefilter for rule regexes.

Rule families keep their patterns as data (``lexicon/data``) and most units of
text match none of them. Every match of ``\\bfail(?:s|ed)?\\s+to\\b`` contains
``fail``, so a text without ``fail`` needs no regex scan; a substring test is
far cheaper than running the regex engine (or a union of all rules, which it
tries alternative by alternative at every position). This is the "required
factor" filter of search engines such as Google's codesearch (Cox 2012,
"Regular Expression Matching with a Trigram Index"), reduced to literal
strings read from Python's own regex parser.

:func:`required_literals` returns a set of strings one of which occurs in every
match, or ``None`` when it cannot tell (the rule then always runs). The result
is only a necessary condition, never a decision: the regex still decides.
Left out: character classes (``[ab]c``), which would need set products.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Any

if sys.version_info >= (3, 11):
    from re import _constants as _re_constants, _parser as _re_parser  # type: ignore[attr-defined]
else:  # Python 3.10
    import sre_constants as _re_constants
    import sre_parse as _re_parser


@dataclass(frozen=True)
class Literals:
    """Strings one of which every match contains.

    With ``lowered`` (a case-insensitive pattern) the strings are lower-case
    ASCII and are looked up in the lower-cased text, which is exact only for
    ASCII text (:meth:`may_match` runs the regex otherwise: under
    ``IGNORECASE``, ``k`` also matches the Kelvin sign).
    """

    strings: frozenset[str]
    lowered: bool = False

    def may_match(self, text: str, lowered_text: str | None = None) -> bool:
        """False only when no match of the pattern can exist in ``text``."""
        if self.lowered:
            if not text.isascii():
                return True
            text = lowered_text if lowered_text is not None else text.lower()
        return any(s in text for s in self.strings)


def required_literals(pattern: re.Pattern[str]) -> Literals | None:
    """Literals one of which every match of ``pattern`` contains, or None when none can be derived."""
    try:
        parsed = _re_parser.parse(pattern.pattern, pattern.flags & ~re.UNICODE)
    except Exception:  # noqa: BLE001 - no prefilter; the regex still decides
        return None
    lowered = bool(parsed.state.flags & re.IGNORECASE)
    found = _required_in(list(parsed), lowered)
    if not found:
        return None
    if lowered:
        if not all(s.isascii() for s in found):
            return None
        found = frozenset(s.lower() for s in found)
    return Literals(found, lowered)


def _required_in(items: list[tuple[Any, Any]], ignorecase: bool) -> frozenset[str] | None:
    c = _re_constants
    candidates: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is c.LITERAL:
            run += chr(av)
            continue
        if op is c.AT:  # zero-width: the literals on both sides stay adjacent
            continue
        if run:
            candidates.append(frozenset({run}))
            run = ""
        got: frozenset[str] | None = None
        if op is c.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            if ignorecase or not add_flags & re.IGNORECASE:
                got = _required_in(list(sub), ignorecase)
        elif op is c.BRANCH:
            alts: set[str] = set()
            for branch in av[1]:
                r = _required_in(list(branch), ignorecase)
                if r is None:
                    alts = set()
                    break
                alts |= r
            got = frozenset(alts) if alts else None
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            lo, _hi, sub = av
            if lo >= 1:
                got = _required_in(list(sub), ignorecase)
        if got:
            candidates.append(got)
    if run:
        candidates.append(frozenset({run}))
    if not candidates:
        return None
    # the most selective: the longest shortest string, then the fewest strings
    return max(candidates, key=lambda alts: (min(len(a) for a in alts), -len(alts)))
