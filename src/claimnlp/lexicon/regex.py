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

Scanning many literals at once
------------------------------
A rule family tests many :class:`Literals` against the same text. A
:class:`LiteralScanner` holds one Aho–Corasick automaton (``pyahocorasick``)
over all their strings and finds every string present in a text in one
C-speed pass; each rule then asks a set question instead of running ``in``
once per string::

    scanner = LiteralScanner(lit for lit in literals if lit is not None)
    found = scanner.scan(text, text.lower())   # one pass; the lowered text is optional
    for lit, rx in rules:
        if lit is None or lit.present(found):  # == lit.may_match(text): same decision
            ... rx.search(text) ...

``scan(text, lowered_text=None)`` returns a :class:`Found`; each of its two
passes (literals in ``text``, for case-sensitive rules; literals in the
lower-cased text, for ``IGNORECASE`` rules) runs at most once and only when a
rule asks for it. ``Literals.present(found)`` gives exactly the answer of
``Literals.may_match(text)``, including the non-ASCII rule (a case-insensitive
rule always runs on non-ASCII text). Asking about a ``Literals`` whose strings
the scanner was not built with raises ``ValueError`` (a missing string would
silently skip a rule). ``scanner.strings`` is the set of strings covered.

A family that only needs to know *which* of its rules can match a text
inverts the question with a :class:`LiteralIndex`: one pass over the text,
then the rules filed under the strings found (plus the rules without
literals)::

    index = LiteralIndex(required_literals(rx) for rx in regexes)
    for i in sorted(index.candidates(text)):   # the others cannot match
        ... regexes[i].finditer(text) ...

``Literals.may_match(text, lowered_text=None)`` keeps working for callers that
test one rule at a time: it answers from a process-wide scanner over every
``Literals`` it has been asked about, with a small cache of the last texts'
:class:`Found`, so consecutive rules over the same text share one pass.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

try:
    import ahocorasick  # type: ignore[import-not-found, import-untyped, unused-ignore]
except ImportError:  # pragma: no cover - a dependency; without it the scanner tests each string with ``in``
    ahocorasick = None

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
        """False only when no match of the pattern can exist in ``text``.

        ``lowered_text``, when given, must be ``text.lower()``.
        """
        # _SHARED.found and _present inlined: this runs ~150k times per 300 abstracts
        shared = _SHARED
        found = shared._cache.get(text) if id(self) in shared._known else None
        if found is None or found.scanner is not shared._scanner:
            found = shared.found(self, text, lowered_text)
            if found is None:  # the shared scanner is full: test each string
                if self.lowered:
                    if not text.isascii():
                        return True
                    text = lowered_text if lowered_text is not None else text.lower()
                return any(s in text for s in self.strings)
        if self.lowered:
            present = found._lowered
            if present is None:
                present = found.lowered_present()
                if present is None:  # non-ASCII text
                    return True
        else:
            present = found._exact
            if present is None:
                present = found.exact_present()
        return not self.strings.isdisjoint(present)

    def present(self, found: "Found") -> bool:
        """:meth:`may_match` on the text ``found`` was scanned from (see :class:`LiteralScanner`)."""
        if not self.strings <= found.scanner.strings:
            raise ValueError("Literals not covered by this LiteralScanner")
        return self._present(found)

    def _present(self, found: "Found") -> bool:
        if self.lowered:
            present = found.lowered_present()
            if present is None:  # non-ASCII text: under IGNORECASE, ``k`` also matches the Kelvin sign
                return True
        else:
            present = found.exact_present()
        return not self.strings.isdisjoint(present)


class LiteralScanner:
    """One Aho–Corasick automaton over the strings of many :class:`Literals` (see the module docstring)."""

    def __init__(self, literals: Iterable[Literals | frozenset[str] | set[str]] = ()) -> None:
        strings: set[str] = set()
        for lit in literals:
            strings |= lit.strings if isinstance(lit, Literals) else lit
        self.strings: frozenset[str] = frozenset(strings)
        self._automaton: Any = None
        if ahocorasick is not None and self.strings and "" not in self.strings:
            automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
            for s in self.strings:
                automaton.add_word(s, s)
            automaton.make_automaton()
            self._automaton = automaton

    def present_in(self, text: str) -> frozenset[str]:
        """The scanner's strings that occur in ``text`` (case-sensitive, overlaps included)."""
        if self._automaton is not None:
            return frozenset(map(itemgetter(1), self._automaton.iter(text)))
        return frozenset(s for s in self.strings if s in text)

    def occurrences(self, text: str) -> list[tuple[int, int]]:
        """``(end, length)`` of every occurrence of the scanner's strings in ``text`` (end exclusive)."""
        if self._automaton is not None:
            return [(i + 1, len(s)) for i, s in self._automaton.iter(text)]
        return [(i + len(s), len(s)) for s in self.strings if s for i in _find_all(text, s)]

    def scan(self, text: str, lowered_text: str | None = None) -> "Found":
        """A lazy :class:`Found` for ``text`` (``lowered_text``, when given, must be ``text.lower()``)."""
        return Found(self, text, lowered_text)


@dataclass
class Found:
    """The strings of a :class:`LiteralScanner` present in one text; each pass runs on first use."""

    scanner: LiteralScanner
    text: str
    lowered_text: str | None = None
    _exact: frozenset[str] | None = field(default=None, repr=False)
    _lowered: frozenset[str] | None = field(default=None, repr=False)
    _ascii: bool | None = field(default=None, repr=False)

    def exact_present(self) -> frozenset[str]:
        """Strings present in the text as it is."""
        if self._exact is None:
            self._exact = self.scanner.present_in(self.text)
        return self._exact

    def lowered_present(self) -> frozenset[str] | None:
        """Strings present in the lower-cased text; ``None`` for non-ASCII text (no exact answer)."""
        if self._ascii is None:
            self._ascii = self.text.isascii()
        if not self._ascii:
            return None
        if self._lowered is None:
            low = self.lowered_text if self.lowered_text is not None else self.text.lower()
            self._lowered = self.scanner.present_in(low)
        return self._lowered


class LiteralIndex:
    """Which of a family's regexes can match a text, from one scan for all their required literals.

    Built from each regex's :func:`required_literals` (in family order). A rule
    without literals, or with case-insensitive ones (exact only on ASCII text),
    is a candidate for every text; the others are candidates when one of their
    strings occurs in the text as given (callers pass the text their regexes run on).
    """

    def __init__(self, literals: Iterable[Literals | None]) -> None:
        always: list[int] = []
        rules_of: dict[str, list[int]] = {}
        for i, lit in enumerate(literals):
            if lit is None or lit.lowered:
                always.append(i)
                continue
            for string in lit.strings:
                rules_of.setdefault(string, []).append(i)
        self.always: tuple[int, ...] = tuple(always)
        self.rules_of: dict[str, tuple[int, ...]] = {x: tuple(ix) for x, ix in rules_of.items()}
        self.scanner = LiteralScanner([frozenset(self.rules_of)])

    def candidates(self, text: str) -> set[int]:
        """Positions of the regexes that can match ``text`` (a superset of those that do)."""
        run = set(self.always)
        for string in self.scanner.present_in(text):
            run.update(self.rules_of[string])
        return run


def _find_all(text: str, s: str) -> list[int]:
    out, i = [], text.find(s)
    while i >= 0:
        out.append(i)
        i = text.find(s, i + 1)
    return out


class _SharedScanner:
    """The scanner behind :meth:`Literals.may_match`: grows with the literals asked about; caches recent texts."""

    _CACHE = 32
    _KNOWN = 4096  # callers that rebuild their Literals per call must not grow _known without bound
    _MAX_STRINGS = 20_000  # the packaged rule families hold ~600 strings

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._scanner = LiteralScanner()
        self._known: dict[int, Literals] = {}  # by id; the value keeps the id taken
        self._cache: dict[str, Found] = {}

    def found(self, lit: Literals, text: str, lowered_text: str | None) -> Found | None:
        """The cached or new :class:`Found` of ``text``; None when ``lit`` does not fit in the scanner."""
        if id(lit) not in self._known:
            with self._lock:
                if not lit.strings <= self._scanner.strings:
                    if len(self._scanner.strings) + len(lit.strings) > self._MAX_STRINGS:
                        return None  # e.g. generated patterns in a loop: no rebuild per new literal
                    # a new rule family: rebuild once with every string seen so far
                    self._scanner = LiteralScanner([self._scanner.strings, lit.strings])
                    self._cache = {}
                if len(self._known) >= self._KNOWN:
                    self._known = {}  # entries are re-added on use; the scanner keeps its strings
                self._known[id(lit)] = lit
        cache = self._cache
        got = cache.get(text)
        if got is None or got.scanner is not self._scanner:
            got = self._scanner.scan(text, lowered_text)
            if len(cache) >= self._CACHE:
                cache.clear()
            cache[text] = got
        return got


_SHARED = _SharedScanner()


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
