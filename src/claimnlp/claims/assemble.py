"""Claim assembly: which units are claims, about which intervention and condition.

Input is plain data: the document's blocks and units, the entity mentions
(INTERVENTION, CONDITION) and, per unit, its quantities and certainty. Output
is one :class:`ClaimDraft` per claim unit and intervention-condition pair.

Attribution follows a salience model common in discourse-level entity
linking for web text (cf. the centering idea: the most recently and most
prominently mentioned entity is the likely referent of an implicit subject):

1. concepts named in the unit itself (``text``);
2. the lead-in of its list or table ("Common uses include:") (``list_header``);
3. for conditions, the previous unit of the same block, and for both sides an
   anaphor ("it", "this therapy", "the study", "these symptoms") pointing at
   the previous unit's concepts (``previous_sentence``);
4. the section's heading path, nearest heading first (``heading``);
5. the document's dominant concept, when one concept clearly dominates the
   document's mentions (``document``).

Deliberately left out: full coreference resolution and syntactic scope
(which claim a concept is the subject of); one row per pair is emitted instead.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from claimnlp.claims.rules import ClaimRules, load_rules
from claimnlp.model import Block, Mention, Unit
from claimnlp.schema import AttributionSource, ClaimType, MentionLabel, UnitKind

INTERVENTION = MentionLabel.INTERVENTION.value
CONDITION = MentionLabel.CONDITION.value

# A concept dominates a document when it has at least this share of its
# label's mentions and at least this many mentions.
DOMINANT_SHARE = 0.3
DOMINANT_MIN = 3
# An anaphor or an implicit subject reaches back at most this many units.
RECENT_UNITS = 6


@dataclass(frozen=True)
class Concept:
    """One concept as referenced by a claim: the mention that names it and where it came from."""

    key: str
    text: str
    norm_id: str | None
    norm_name: str | None
    start: int
    end: int
    source: str


@dataclass(frozen=True)
class UnitInfo:
    """A unit with everything found inside it."""

    unit: Unit
    entities: tuple[Mention, ...] = ()
    quantity_kinds: tuple[str, ...] = ()
    certainty: str = "asserted"
    strength: str | None = None


@dataclass(frozen=True)
class ClaimDraft:
    unit: Unit
    claim_type: str
    certainty: str
    strength: str | None
    intervention: Concept | None
    condition: Concept | None
    outcome: str | None = None
    population: str | None = None
    comparator: str | None = None


def concept_key(m: Mention) -> str:
    return m.norm_id or re.sub(r"\s+", " ", m.text.casefold()).strip()


def _concepts(mentions: Sequence[Mention], label: str, source: str) -> list[Concept]:
    out: dict[str, Concept] = {}
    for m in mentions:
        if m.label != label:
            continue
        k = concept_key(m)
        if k not in out:
            out[k] = Concept(k, m.text, m.norm_id, m.norm_name, m.start, m.end, source)
    return list(out.values())


def _resourced(concepts: Sequence[Concept], source: str) -> list[Concept]:
    return [Concept(c.key, c.text, c.norm_id, c.norm_name, c.start, c.end, source) for c in concepts]


def dominant(mentions: Sequence[Mention], label: str) -> Concept | None:
    """The concept with a clear majority of the document's mentions of ``label``, if any."""
    ms = [m for m in mentions if m.label == label]
    if not ms:
        return None
    counts = Counter(concept_key(m) for m in ms)
    (key, n), = counts.most_common(1)
    if n < DOMINANT_MIN or n / len(ms) < DOMINANT_SHARE:
        return None
    first = next(m for m in ms if concept_key(m) == key)
    return Concept(key, first.text, first.norm_id, first.norm_name, first.start, first.end,
                   AttributionSource.DOCUMENT.value)


def is_claim_candidate(text: str, unit: Unit, rules: ClaimRules) -> bool:
    """Structural and lexical filter: no headings, questions, calls to action, bylines."""
    if unit.kind == UnitKind.HEADING.value:
        return False
    t = text.strip()
    if len(t) < rules.min_chars or len(t.split()) < rules.min_words:
        # short list items ("- Heart failure") can still be claims through their lead-in
        if unit.kind != UnitKind.LIST_ITEM.value or len(t) < 3:
            return False
    if any(p.search(t) for p in rules.question):
        return False
    if any(p.search(t) for p in rules.call_to_action):
        return False
    if any(p.search(t) for p in rules.byline):
        return False
    return bool(re.search(r"[A-Za-z]{2}", t))


def classify_type(text: str, quantity_kinds: Sequence[str], rules: ClaimRules) -> str:
    """First rule (in file order) whose cue patterns or quantity kinds match."""
    kinds = set(quantity_kinds)
    scores: list[tuple[int, int, str]] = []
    for prio, rule in enumerate(rules.types):
        hits = sum(1 for p in rule.patterns for _ in p.finditer(text))
        hits += 2 * len(kinds & rule.quantity_kinds)
        if hits:
            scores.append((hits, -prio, rule.type))
    if not scores:
        return ClaimType.OTHER.value
    return max(scores)[2]


def _first_match(patterns: Sequence[re.Pattern[str]], text: str, group: int = 0) -> str | None:
    for p in patterns:
        m = p.search(text)
        if m:
            g = m.group(group) if group <= (p.groups or 0) else m.group(0)
            if g:
                return g.strip(" ,;:")
    return None


def find_outcome(text: str, rules: ClaimRules) -> str | None:
    for p in rules.outcome:
        m = p.search(text)
        if m:
            return (m.group(2) if p.groups and p.groups >= 2 and m.group(2) else m.group(1)).strip()
    return None


def find_comparator(text: str, rules: ClaimRules) -> str | None:
    for p in rules.comparator:
        m = p.search(text)
        if m:
            groups = [g for g in m.groups() if g] if p.groups else []
            return (groups[-1] if len(groups) > 1 else m.group(0)).strip(" ,;:")
    return None


@dataclass
class _State:
    last_iv: list[Concept] = field(default_factory=list)
    last_iv_at: int = -10**9
    last_cd: list[Concept] = field(default_factory=list)
    last_cd_at: int = -10**9
    last_cd_block: int = -1


def assemble(text: str, blocks: Sequence[Block], infos: Sequence[UnitInfo],
             entities: Sequence[Mention], *, rules: ClaimRules | None = None) -> list[ClaimDraft]:
    """Decide claim units and attribute intervention and condition (see module doc)."""
    rules = rules or load_rules()
    by_block: dict[int, list[Mention]] = {}
    for m in entities:
        # entities are assigned to the block that contains them (for headings and lead-ins)
        for i, b in enumerate(blocks):
            if b.start <= m.start and m.end <= b.end:
                by_block.setdefault(i, []).append(m)
                break
    dom_iv = dominant(entities, INTERVENTION)
    dom_cd = dominant(entities, CONDITION)
    st = _State()
    drafts: list[ClaimDraft] = []
    for idx, info in enumerate(infos):
        u = info.unit
        utext = text[u.start:u.end]
        block = blocks[u.block]
        named_iv = _concepts(info.entities, INTERVENTION, AttributionSource.TEXT.value)
        named_cd = _concepts(info.entities, CONDITION, AttributionSource.TEXT.value)
        if u.kind == UnitKind.HEADING.value:
            continue
        lead = by_block.get(block.lead, []) if block.lead is not None else []
        headings = [by_block.get(h, []) for h in reversed(block.section)]
        recent_iv = idx - st.last_iv_at <= RECENT_UNITS
        anaphor_iv = bool(rules.anaphora_intervention.search(utext) or rules.anaphora_study.search(utext))

        ivs = named_iv
        if not ivs:
            ivs = _resourced(_concepts(lead, INTERVENTION, ""), AttributionSource.LIST_HEADER.value)
        if not ivs and st.last_iv and recent_iv and anaphor_iv:
            ivs = _resourced(st.last_iv, AttributionSource.PREVIOUS_SENTENCE.value)
        if not ivs:
            for hs in headings:
                ivs = _resourced(_concepts(hs, INTERVENTION, ""), AttributionSource.HEADING.value)
                if ivs:
                    break
        if not ivs and st.last_iv and recent_iv:
            ivs = _resourced(st.last_iv, AttributionSource.PREVIOUS_SENTENCE.value)
        if not ivs and dom_iv is not None:
            ivs = [dom_iv]

        cds = named_cd
        if not cds:
            cds = _resourced(_concepts(lead, CONDITION, ""), AttributionSource.LIST_HEADER.value)
        if not cds and st.last_cd and st.last_cd_block == u.block:
            cds = _resourced(st.last_cd, AttributionSource.PREVIOUS_SENTENCE.value)
        if not cds and st.last_cd and idx - st.last_cd_at <= 1 and rules.anaphora_condition.search(utext):
            cds = _resourced(st.last_cd, AttributionSource.PREVIOUS_SENTENCE.value)
        if not cds:
            for hs in headings:
                cds = _resourced(_concepts(hs, CONDITION, ""), AttributionSource.HEADING.value)
                if cds:
                    break
        if not cds and dom_cd is not None:
            cds = [dom_cd]

        if named_iv:
            st.last_iv, st.last_iv_at = named_iv, idx
        if named_cd:
            st.last_cd, st.last_cd_at, st.last_cd_block = named_cd, idx, u.block

        if not is_claim_candidate(utext, u, rules):
            continue
        if not ivs and not cds:
            continue
        ctype = classify_type(utext, info.quantity_kinds, rules)
        outcome = find_outcome(utext, rules)
        population = _first_match(rules.population, utext)
        comparator = find_comparator(utext, rules)
        for iv in ivs or [None]:
            for cd in cds or [None]:
                drafts.append(ClaimDraft(u, ctype, info.certainty, info.strength, iv, cd,
                                         outcome, population, comparator))
    return drafts
