"""Hedge and negation cues with scope, and the certainty of a claim unit.

A small ConText-style engine (Harkema et al. 2009; NegEx, Chapman et al. 2001)
over plain strings and character offsets:

1. every rule of ``certainty_cues.json`` is matched on the case-folded text
   (curly apostrophes folded to ASCII; offsets are unchanged);
2. overlapping matches are resolved longest first, so a pseudo-cue ("not only",
   "no doubt", "no more than") or a longer cue ("not conclusive" is a HEDGE)
   swallows the shorter cue inside it; pseudo-cues and terminators emit nothing;
3. a cue's scope runs FORWARD to the next terminator ("but", "however",
   "although", ...), clause punctuation (``;``, ``:``, dashes, brackets) or
   ``max_scope`` tokens; BACKWARD to the previous one; BIDIRECTIONAL both ways.

:func:`certainty_of` then decides the unit's certainty: a cue counts when its
scope covers all of the claim's target spans, or, whatever the targets, when
the cue stands in a main clause: a negation inside brackets, or a cue preceded
in its clause by a subordinator (``who``, ``if``, ``when``, ``so``, ``because``, ...)
only qualifies a population or a circumstance ("patients who do not respond",
"so they can't do damage"). Negated wins over hedged (the annotation guide).

Deliberately left out: syntactic scope (BioScope scopes follow the parse tree),
double negation beyond listed litotes ("not uncommon"), and question units
(not claims). List items inherit their lead's certainty through
:func:`combine_certainty`, which the claim assembler applies.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from claimnlp.certainty.rules import CueRule, CueRuleSet, load_cue_rules
from claimnlp.lexicon.regex import LiteralIndex, required_literals
from claimnlp.model import Mention
from claimnlp.schema import Certainty, MentionLabel

logger = logging.getLogger(__name__)

_TOKEN = re.compile(r"\w+(?:'\w+)*|[^\w\s]")
# Clause punctuation that ends a scope (besides terminator rules).
_BOUNDARY = re.compile(r"[;:()\[\]\n]|\s[-\u2013\u2014]+\s|[\u2013\u2014]|[.!?](?=\s|$)")
# Punctuation that starts a new clause for the main-clause test (adds the comma).
_CLAUSE = re.compile(r"[,;:()\[\]\n]|\s[-\u2013\u2014]+\s|[\u2013\u2014]|[.!?](?=\s|$)")
_WORD = re.compile(r"[a-z]+")
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " "})


def fold(text: str) -> str:
    """Case-fold ``text`` without changing its length (offsets stay valid)."""
    t = text.translate(_FOLD)
    low = t.lower()
    if len(low) == len(t):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in t)


@dataclass(frozen=True, eq=False)  # hashed by identity: one per rule set (see _compile), used as a cache key
class _Compiled:
    rules: CueRuleSet
    regexes: tuple[re.Pattern[str], ...]
    subordinators: frozenset[str]
    ignore: frozenset[str]
    # per rule: strings one of which occurs in every match; most units contain none of a rule's strings,
    # and one scan for all of them is much cheaper than the regexes (or a union of all rules, which the
    # regex engine tries alternative by alternative at every position)
    index: LiteralIndex


def _compile(rules: CueRuleSet | None) -> _Compiled:
    """The compiled rule set (``None``: the packaged rules); cached per rule set."""
    if rules is None:
        return _compile_default()
    return _compile_rules(rules)


@lru_cache(maxsize=1)
def _compile_default() -> _Compiled:
    return _compile_rules(load_cue_rules())


@lru_cache(maxsize=8)
def _compile_rules(rules: CueRuleSet) -> _Compiled:
    regexes = tuple(re.compile(r.regex) for r in rules.rules)
    # the text is folded, so a case-insensitive rule just always runs (LiteralIndex does that)
    return _Compiled(rules, regexes, frozenset(rules.subordinators), frozenset(rules.ignore_for_certainty),
                     LiteralIndex(map(required_literals, regexes)))


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    rule: CueRule


@lru_cache(maxsize=256)  # certainty_of re-reads the matches find_cues found in the same unit
def _raw_matches(folded: str, comp: _Compiled) -> tuple[_Match, ...]:
    # only the rules one of whose required strings is in the text (the others cannot match), in file order
    run = comp.index.candidates(folded)
    found: list[tuple[int, int, int, _Match]] = []
    all_rules, regexes = comp.rules.rules, comp.regexes
    for i in sorted(run):
        rule = all_rules[i]
        for m in regexes[i].finditer(folded):
            s, e = m.span()
            if e > s:
                # Longest first; at equal length pseudo-cues win, then file order.
                found.append((-(e - s), 0 if rule.direction == "PSEUDO" else 1, i, _Match(s, e, rule)))
    found.sort(key=lambda t: (t[0], t[1], t[2], t[3].start))
    taken: list[_Match] = []
    for _, _, _, hit in found:
        if any(hit.start < t.end and t.start < hit.end for t in taken):
            continue
        taken.append(hit)
    taken.sort(key=lambda m: (m.start, m.end))
    return tuple(taken)


def _boundaries(folded: str, terminators: Sequence[_Match]) -> list[tuple[int, int]]:
    spans = [m.span() for m in _BOUNDARY.finditer(folded)]
    spans += [(t.start, t.end) for t in terminators]
    return sorted(spans)


def _scope(folded: str, m: _Match, bounds: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """Character scope of cue ``m`` (relative to the text)."""
    direction = m.rule.direction
    lo, hi = m.start, m.end
    if direction in ("FORWARD", "BIDIRECTIONAL"):
        end = len(folded)
        for s, _ in bounds:
            if s >= m.end:
                end = s
                break
        if m.rule.max_scope:
            toks = list(_TOKEN.finditer(folded, m.end, end))
            if len(toks) > m.rule.max_scope:
                end = toks[m.rule.max_scope - 1].end()
        hi = max(m.end, end)
    if direction in ("BACKWARD", "BIDIRECTIONAL"):
        start = 0
        for _, e in bounds:
            if e <= m.start:
                start = e
        if m.rule.max_scope:
            toks = list(_TOKEN.finditer(folded, start, m.start))
            if len(toks) > m.rule.max_scope:
                start = toks[-m.rule.max_scope].start()
        lo = min(m.start, start)
    # Trim whitespace so the scope is a clean span.
    while hi > lo and folded[hi - 1].isspace():
        hi -= 1
    while lo < hi and folded[lo].isspace():
        lo += 1
    return lo, hi


def find_cues(text: str, *, offset: int = 0, rules: CueRuleSet | None = None) -> list[Mention]:
    """Find HEDGE and NEGATION cues with their scopes in one claim unit.

    Parameters
    ----------
    text
        One claim unit (sentence, list item, table row).
    offset
        Absolute offset of ``text`` in the document; added to every offset.
    rules
        Rule set; defaults to the packaged ``certainty_cues.json``.

    Returns
    -------
    list of Mention
        Label ``HEDGE`` or ``NEGATION``, ``norm_id`` the cue category,
        ``norm_name`` the rule literal, ``source="rule"`` and ``meta`` with
        ``direction``, ``scope_start`` and ``scope_end`` (absolute). Sorted by
        offset; pseudo-cues and terminators emit nothing.
    """
    comp = _compile(rules)
    folded = fold(text)
    matches = _raw_matches(folded, comp)
    terms = [m for m in matches if m.rule.direction == "TERMINATE"]
    bounds = _boundaries(folded, terms)
    out: list[Mention] = []
    for m in matches:
        if m.rule.direction in ("TERMINATE", "PSEUDO"):
            continue
        s, e = _scope(folded, m, bounds)
        out.append(Mention(label=m.rule.label, start=offset + m.start, end=offset + m.end,
                           text=text[m.start:m.end], norm_id=m.rule.category, norm_name=m.rule.literal,
                           source="rule",
                           meta=(("direction", m.rule.direction), ("scope_start", str(offset + s)),
                                 ("scope_end", str(offset + e)))))
    return out


def _bracket_depths(folded: str) -> list[int]:
    """Bracket nesting depth before each position (length ``len(folded) + 1``)."""
    depth, out = 0, [0]
    for ch in folded:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        out.append(depth)
    return out


def _clause_starts(folded: str, comp: _Compiled) -> list[int]:
    """Sorted offsets where a clause starts: text start, after punctuation and after terminators."""
    starts = {0}
    starts.update(m.end() for m in _CLAUSE.finditer(folded))
    starts.update(h.end for h in _raw_matches(folded, comp) if h.rule.direction == "TERMINATE")
    return sorted(starts)


def _main_at(folded: str, pos: int, starts: Sequence[int], subordinators: frozenset[str]) -> bool:
    start = starts[bisect_right(starts, pos) - 1] if starts else 0
    return not any(w in subordinators for w in _WORD.findall(folded, start, pos))


def is_main_clause(text: str, pos: int, *, rules: CueRuleSet | None = None) -> bool:
    """True when position ``pos`` of ``text`` is not inside a subordinate clause.

    The clause starts after the last comma, semicolon, colon, dash, bracket or
    terminator ("but", "however", ...) before ``pos``; it is subordinate when a
    subordinator word from the rule file occurs between that start and ``pos``.
    """
    comp = _compile(rules)
    folded = fold(text)
    return _main_at(folded, pos, _clause_starts(folded, comp), comp.subordinators)


def certainty_of(text: str, cues: Sequence[Mention], *, offset: int = 0,
                 targets: Sequence[tuple[int, int]] = (), rules: CueRuleSet | None = None) -> str:
    """Certainty of one claim unit: ``asserted``, ``hedged`` or ``negated``.

    Parameters
    ----------
    text
        The unit text; ``cues`` come from :func:`find_cues` on the same text
        with the same ``offset``.
    targets
        Absolute spans of the claim's intervention, condition or predicate,
        when known. A cue in a main clause always counts; a cue in a
        subordinate clause counts only when its scope holds every target (the
        whole claim sits in that clause). On the seeds, letting any overlap
        rescue a subordinate cue lowered macro-F1 (0.921 -> 0.909): entities
        in "patients who can't walk" clauses are not the claim's predicate.

    Returns
    -------
    str
        A :class:`claimnlp.schema.Certainty` value; negated wins over hedged.
    """
    comp = _compile(rules)
    ignore = comp.ignore
    folded = fold(text)
    starts: list[int] | None = None  # computed once, only when a cue needs them
    depths: list[int] | None = None
    negated = hedged = False
    for c in cues:
        if c.norm_id in ignore:
            continue
        rel = c.start - offset
        if not 0 <= rel <= len(text):
            logger.debug("cue %r outside the unit; ignored", c.text)
            continue
        if starts is None:
            starts = _clause_starts(folded, comp)
        counts = _main_at(folded, rel, starts, comp.subordinators)
        if counts and c.label == MentionLabel.NEGATION.value:
            if depths is None:
                depths = _bracket_depths(folded)
            if depths[rel] > 0:
                counts = False  # "(not shown)", "(no data)": an aside, not the claim's predicate
        if not counts and targets:
            s = int(c.get("scope_start", str(c.start)) or c.start)
            e = int(c.get("scope_end", str(c.end)) or c.end)
            counts = all(s <= ts and te <= e for ts, te in targets)
        if not counts:
            continue
        if c.label == MentionLabel.NEGATION.value:
            negated = True
        elif c.label == MentionLabel.HEDGE.value:
            hedged = True
    if negated:
        return Certainty.NEGATED.value
    if hedged:
        return Certainty.HEDGED.value
    return Certainty.ASSERTED.value


_RANK = {Certainty.ASSERTED.value: 0, Certainty.HEDGED.value: 1, Certainty.NEGATED.value: 2}


def combine_certainty(*labels: str | None) -> str:
    """Strongest of several certainty labels (negated > hedged > asserted).

    Used for a list item or table row whose lead ("It is not recommended for:",
    "Some research suggests ... such as:") qualifies every item under it.
    """
    best = Certainty.ASSERTED.value
    for lab in labels:
        if lab is None:
            continue
        if lab not in _RANK:
            raise ValueError(f"unknown certainty {lab!r}")
        if _RANK[lab] > _RANK[best]:
            best = lab
    return best


def unit_certainty(text: str, *, offset: int = 0, targets: Sequence[tuple[int, int]] = (),
                   lead: str | None = None) -> str:
    """Convenience: :func:`find_cues` + :func:`certainty_of`, combined with a lead's certainty.

    ``lead`` is the text of the block that introduces a list or table (its
    certainty is combined in only when it ends with a colon, i.e. it really
    introduces the items).
    """
    own = certainty_of(text, find_cues(text, offset=offset), offset=offset, targets=targets)
    if lead and lead.rstrip().endswith(":"):
        lead_c = certainty_of(lead, find_cues(lead))
        return combine_certainty(own, lead_c)
    return own
