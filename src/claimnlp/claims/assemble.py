"""Claim assembly: which units are claims, about which intervention and condition.

Input is plain data: the document's blocks and units, the entity mentions
(INTERVENTION, CONDITION) and, per unit, its quantities and certainty. Output
is one :class:`ClaimDraft` per claim unit and intervention-condition pair.

Attribution follows a salience model common in discourse-level entity
linking for web text (cf. the centering idea: the most recently and most
prominently mentioned entity is the likely referent of an implicit subject):

1. concepts named in the unit itself (``text``); a drug class named next to a
   drug ("X is a monoclonal antibody") only describes it, and concepts inside a
   journal's or society's name or measured substances ("vitamin D levels") are
   nobody's topic;
2. the lead-in of its list or table ("Common uses include:") (``list_header``),
   or what the unit's siblings inherited from it;
3. an anaphor ("it", "this therapy", "the study", "these symptoms") pointing at
   recent concepts, and the paragraph's running topic (``previous_sentence``);
4. the section's heading path, nearest heading first (``heading``);
5. the document's title or dominant concept (``document``).

Implicit *treatment* context (3-5 without an anaphor) is given only to units
about a treatment (``context.treatment_cue``: effects, doses, costs, side
effects, studies): "Three developed OCD" in an article about IVIG describes the
condition, not the IVIG given. Implicit *condition* context depends on the
claim type, except that a study's population ("40 adults with X") or a
condition holding most of a document's mentions stays the topic of its
treatment claims. A unit's claim type comes from its own cues, else from its
list lead-in, its headings or its paragraph.

Deliberately left out: full coreference resolution and syntactic scope
(which claim a concept is the subject of); one row per pair is emitted instead.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from claimnlp.claims.rules import ClaimRules, any_search, load_rules, search
from claimnlp.model import Block, Mention, Unit
from claimnlp.schema import AttributionSource, ClaimType, MentionLabel, UnitKind

INTERVENTION = MentionLabel.INTERVENTION.value
CONDITION = MentionLabel.CONDITION.value
SAFETY = ClaimType.SAFETY.value
OTHER = ClaimType.OTHER.value

# A concept dominates a document when it has at least this share of its
# label's mentions and at least this many mentions.
DOMINANT_SHARE = 0.3
DOMINANT_MIN = 3
# A condition with at least half of the document's condition mentions is the document's
# topic even for claims about the treatment itself (dose, cost).
TOPIC_SHARE = 0.5
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
    """Identity of a concept: its preferred name (one concept may come with a MeSH and a
    supplement id), else its surface form."""
    return _key(m.norm_name or m.text)


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    return " ".join(name.casefold().split())


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


def _is_title_case_fragment(t: str) -> bool:
    """A few capitalised words without a sentence's punctuation: a name, a caption or a missed heading."""
    words = re.findall(r"[^\W\d_][\w'’-]*", t)
    return (0 < len(words) <= 5 and not re.search(r"[\d.!:;]\s*$", t)
            and all(w[0].isupper() for w in words if len(w) > 3))


def is_claim_candidate(text: str, unit: Unit, rules: ClaimRules, *, table_header: bool = False) -> bool:
    """Structural and lexical filter: no headings, table header rows, questions, calls to action,
    bylines, text about the page itself, bare acronym expansions, short list lead-ins ("Tests
    required:") whose items carry the claims."""
    if unit.kind == UnitKind.HEADING.value:
        return False
    if table_header:
        return False
    t = text.strip()
    if t.endswith(":") and len(t.split()) < rules.lead_in_min_words:
        return False
    if unit.kind not in (UnitKind.LIST_ITEM.value, UnitKind.TABLE_ROW.value) and _is_title_case_fragment(t):
        return False
    low = t.lower()
    if any_search(rules.meta, t, low):
        return False
    if len(t) < rules.min_chars or len(t.split()) < rules.min_words:
        # short list items ("- Heart failure") can still be claims through their lead-in
        if unit.kind != UnitKind.LIST_ITEM.value or len(t) < 3:
            return False
    if any_search(rules.question, t, low) or any_search(rules.call_to_action, t, low) \
            or any_search(rules.byline, t, low):
        return False
    return bool(re.search(r"[A-Za-z]{2}", t))


def classify_type(text: str, quantity_kinds: Sequence[str], rules: ClaimRules) -> str:
    """The claim type with the most cue hits (a matching quantity kind counts two); ties go to file order."""
    kinds = set(quantity_kinds)
    scores: list[tuple[int, int, str]] = []
    low = text.lower()
    for prio, rule in enumerate(rules.types):
        lits = rule.literals
        hits = 0 if lits is not None and not lits.may_match(text, low) else \
            sum(1 for _ in rule.combined.finditer(text))
        hits += 2 * len(kinds & rule.quantity_kinds)
        if hits:
            scores.append((hits, -prio, rule.type))
    if not scores:
        return ClaimType.OTHER.value
    return max(scores)[2]


def _first_match(patterns: Sequence[re.Pattern[str]], text: str) -> str | None:
    """The whole match of the first pattern that matches ``text``."""
    for p in patterns:
        m = search(p, text)
        if m and m.group(0):
            return m.group(0).strip(" ,;:")
    return None


def find_outcome(text: str, rules: ClaimRules) -> str | None:
    for p in rules.outcome:
        m = search(p, text)
        if m:
            return m.group(1).strip()
    return None


def find_comparator(text: str, rules: ClaimRules) -> str | None:
    for p in rules.comparator:
        m = search(p, text)
        if m:
            groups = [g for g in m.groups() if g]
            return (groups[-1] if groups else m.group(0)).strip(" ,;:")
    return None


def _prefer(concepts: list[Concept], dom: Concept | None) -> list[Concept]:
    """Of several context concepts, keep the document's dominant one when it is among them."""
    if dom is not None and len(concepts) > 1:
        keep = [c for c in concepts if c.key == dom.key]
        if keep:
            return keep
    return concepts


@dataclass
class _State:
    """What the reader remembers while walking through the document."""

    last_iv: list[Concept] = field(default_factory=list)
    last_iv_at: int = -10**9
    last_cd: list[Concept] = field(default_factory=list)
    last_cd_at: int = -10**9
    last_cd_block: int = -1
    last_cd_type: str = ""
    # every condition named so far in the block of last_cd
    block_cd: list[Concept] = field(default_factory=list)
    # conditions of the list items just read (an anaphor after a list points at all of them)
    list_cd: list[Concept] = field(default_factory=list)
    list_cd_at: int = -10**9
    # the study population's condition ("5 children with X") stays the topic until replaced
    population_cd: list[Concept] = field(default_factory=list)
    # context resolved for the previous unit of the same table or list
    group: dict[tuple[str, int], tuple[list[Concept], list[Concept]]] = field(default_factory=dict)
    # the interventions of the unit just read (a paragraph keeps its treatment topic)
    prev_ivs: list[Concept] = field(default_factory=list)
    prev_idx: int = -10**9
    prev_block: int = -1
    prev_type: str = ""


def _group_key(unit: Unit, block: Block) -> tuple[str, int] | None:
    if unit.kind == UnitKind.TABLE_ROW.value and block.header is not None:
        return ("table", block.header)
    if block.kind == UnitKind.LIST_ITEM.value and block.lead is not None:
        return ("list", block.lead)
    return None


def _population_conditions(text: str, unit: Unit, named: Sequence[Concept], rules: ClaimRules) -> list[Concept]:
    out = []
    for c in named:
        if c.start >= unit.start and rules.population_condition.search(text[max(unit.start, c.start - 60):c.start]):
            out.append(Concept(c.key, c.text, c.norm_id, c.norm_name, c.start, c.end,
                               AttributionSource.PREVIOUS_SENTENCE.value))
    return out


@dataclass
class _BlockCues:
    """Claim type and treatment cue of a heading or lead-in block, computed once per block:
    every list item and every unit of a section asks about the same few blocks."""

    text: str
    blocks: Sequence[Block]
    rules: ClaimRules
    _types: dict[int, str] = field(default_factory=dict)
    _treats: dict[int, bool] = field(default_factory=dict)

    def _text(self, i: int) -> str:
        return self.text[self.blocks[i].start:self.blocks[i].end]

    def type(self, i: int) -> str:
        if i not in self._types:
            self._types[i] = classify_type(self._text(i), (), self.rules)
        return self._types[i]

    def about_treatment(self, i: int) -> bool:
        if i not in self._treats:
            self._treats[i] = search(self.rules.treatment_cue, self._text(i)) is not None
        return self._treats[i]


def _union(*groups: Sequence[Concept]) -> list[Concept]:
    seen: dict[str, Concept] = {}
    for g in groups:
        for c in g:
            seen.setdefault(c.key, c)
    return list(seen.values())


def assemble(text: str, blocks: Sequence[Block], infos: Sequence[UnitInfo],
             entities: Sequence[Mention], *, rules: ClaimRules | None = None) -> list[ClaimDraft]:
    """Decide claim units and attribute intervention and condition (see module doc)."""
    rules = rules or load_rules()
    by_block: dict[int, list[Mention]] = {}
    starts = [b.start for b in blocks]

    # a concept inside a journal's or an organisation's name ("Journal of Personalized Medicine") is no
    # claim's topic, and a substance measured ("hydration status", "vitamin D levels") is not a treatment
    dropped = {m for m in entities if rules.in_name.search(text[max(0, m.start - 60):m.start])
               or (m.label == INTERVENTION and (rules.measured.match(text, m.end) or rules.measured_before.search(
                   text[max(0, m.start - 12):m.start])))}
    if dropped:
        entities = [m for m in entities if m not in dropped]
        infos = [replace(i, entities=tuple(m for m in i.entities if m not in dropped)) for i in infos]
    for m in entities:
        # entities are assigned to the block that contains them (for headings and lead-ins)
        i = bisect.bisect_right(starts, m.start) - 1
        if i >= 0 and blocks[i].start <= m.start and m.end <= blocks[i].end:
            by_block.setdefault(i, []).append(m)
    title = next((i for i, b in enumerate(blocks) if b.kind == UnitKind.HEADING.value), None)
    if title is not None and (blocks[title].level != 1 or any(
            b.kind == UnitKind.HEADING.value and b.level == 1 for b in blocks[title + 1:])):
        title = None  # only a single top-level first heading is the document's title
    title_ents = by_block.get(title, []) if title is not None else []
    header_rows = {b.header for b in blocks if b.header is not None}
    dom_iv = dominant(entities, INTERVENTION)
    dom_cd = dominant(entities, CONDITION)
    n_cd = sum(1 for m in entities if m.label == CONDITION)
    dom_cd_share = (sum(1 for m in entities if m.label == CONDITION and concept_key(m) == dom_cd.key) / n_cd
                    if dom_cd is not None else 0.0)
    block_cues = _BlockCues(text, blocks, rules)
    st = _State()
    drafts: list[ClaimDraft] = []
    for idx, info in enumerate(infos):
        u = info.unit
        if u.kind == UnitKind.HEADING.value:
            continue
        utext = text[u.start:u.end]
        block = blocks[u.block]
        named_iv = _concepts(info.entities, INTERVENTION, AttributionSource.TEXT.value)
        # a drug class named next to the drug ("Dupilumab is a monoclonal antibody") describes it;
        # alone, the class only stands in when no specific treatment is in context
        generic_iv = [c for c in named_iv if c.norm_id in rules.generic_interventions]
        named_iv = [c for c in named_iv if c.norm_id not in rules.generic_interventions]
        named_cd = _concepts(info.entities, CONDITION, AttributionSource.TEXT.value)
        lead = by_block.get(block.lead, []) if block.lead is not None else []
        group = _group_key(u, block)
        prev_group = st.group.get(group) if group else None
        # the document title is document-level context, not a section heading
        heading_ids = [h for h in reversed(block.section) if h != title]
        headings = [by_block.get(h, []) for h in heading_ids]
        recent_iv = idx - st.last_iv_at <= RECENT_UNITS
        anaphor_iv = bool(search(rules.anaphora_intervention, utext) or search(rules.anaphora_study, utext))

        lead_ids = [block.lead] if block.lead is not None else []
        ctype = own_type = classify_type(utext, info.quantity_kinds, rules)
        if ctype == OTHER:
            # no cue of its own: the list lead-in, then the section headings say what it is about
            # ("Side effects" > "- Headache"), then the paragraph it continues
            for b in lead_ids + heading_ids:
                ctype = block_cues.type(b)
                if ctype != OTHER:
                    break
            if ctype == OTHER and st.prev_idx == idx - 1 and st.prev_block == u.block:
                ctype = st.prev_type or OTHER
        # a unit continues its paragraph's treatment topic unless it turns to a condition of its own,
        # which it does only as an adverse effect ("Headache is the most common")
        continuing = (st.prev_idx == idx - 1 and st.prev_block == u.block and bool(st.prev_ivs)
                      and (not named_cd or own_type == SAFETY or (own_type == OTHER and st.prev_type == SAFETY)))
        # implicit treatment context (heading, earlier text, document) only for units about a treatment:
        # "Three developed OCD" or "PANS presents acutely" describe the condition, not the IVIG given
        about_treatment = bool((anaphor_iv and recent_iv) or continuing or search(rules.treatment_cue, utext)
                               or rules.treatment_quantity_kinds.intersection(info.quantity_kinds)
                               or any(block_cues.about_treatment(b) for b in lead_ids))

        # -- intervention -------------------------------------------------------
        ivs = named_iv
        focus = [c for c in named_iv
                 if not rules.comparator_cue.search(text[max(u.start, c.start - 40):c.start])]
        if named_iv and st.last_iv and recent_iv and (
                search(rules.subject_anaphor, utext)
                # "Unlike X, it does not ...": every named treatment is a comparator of the pronoun
                or (not focus and anaphor_iv)
                # "PLEX can be more effective in GBS": a comparative without its second term
                # compares with the treatment under discussion
                or (search(rules.comparative, utext) and not search(rules.comparator_cue, utext))):
            # "It works better than X": the pronoun subject is the previous topic, X only a comparator
            ivs = _union(_resourced(st.last_iv, AttributionSource.PREVIOUS_SENTENCE.value), named_iv)
        if not ivs:
            ivs = _concepts(lead, INTERVENTION, AttributionSource.LIST_HEADER.value)
        if not ivs and prev_group and prev_group[0]:
            ivs = prev_group[0]
        if not ivs and st.last_iv and recent_iv and anaphor_iv:
            ivs = _resourced(st.last_iv, AttributionSource.PREVIOUS_SENTENCE.value)
        if not ivs:
            ivs = generic_iv
        if not ivs and continuing:
            ivs = _resourced(st.prev_ivs, AttributionSource.PREVIOUS_SENTENCE.value)
        if not ivs:
            for h, hs in zip(heading_ids, headings):
                ivs = _concepts(hs, INTERVENTION, AttributionSource.HEADING.value)
                if ivs:
                    # a section about the treatment's use ("Why X is used") covers its items
                    if not (about_treatment or block_cues.about_treatment(h)):
                        ivs = []
                    break
        if not ivs and about_treatment:
            if st.last_iv and recent_iv:
                ivs = _resourced(st.last_iv, AttributionSource.PREVIOUS_SENTENCE.value)
            if not ivs:
                ivs = _concepts(title_ents, INTERVENTION, AttributionSource.DOCUMENT.value)
            if not ivs and dom_iv is not None:
                ivs = [dom_iv]
        if not named_iv:
            ivs = _prefer(ivs, dom_iv)

        # -- condition ----------------------------------------------------------
        about_condition = ctype in rules.condition_context_types
        cds = named_cd
        if not cds:
            cds = _concepts(lead, CONDITION, AttributionSource.LIST_HEADER.value)
        if not cds and prev_group and prev_group[1]:
            cds = prev_group[1]
        # adverse effects named in passing stay the topic only through an anaphor ("These usually pass")
        if not cds and st.last_cd and st.last_cd_block == u.block and (
                st.last_cd_type != SAFETY or search(rules.list_anaphor, utext)
                or search(rules.anaphora_condition, utext)):
            # a plural anaphor ("These usually go away") points at everything the paragraph has named
            last = st.block_cd if search(rules.plural_anaphor, utext) else st.last_cd
            cds = _resourced(last, AttributionSource.PREVIOUS_SENTENCE.value)
        if not cds and st.list_cd and idx - st.list_cd_at <= 1 and search(rules.list_anaphor, utext):
            cds = _resourced(st.list_cd, AttributionSource.PREVIOUS_SENTENCE.value)
        if not cds and st.last_cd and idx - st.last_cd_at <= 1 and search(rules.anaphora_condition, utext):
            cds = _resourced(st.last_cd, AttributionSource.PREVIOUS_SENTENCE.value)
        if not cds and about_condition:
            cds = list(st.population_cd)
            for hs in headings:
                if cds:
                    break
                cds = _concepts(hs, CONDITION, AttributionSource.HEADING.value)
            if not cds:
                cds = _concepts(title_ents, CONDITION, AttributionSource.DOCUMENT.value)
            if not cds and dom_cd is not None:
                cds = [dom_cd]
        if not cds and ivs:
            # a treatment claim in a document about one condition (a study population, or a condition
            # holding most of the mentions) is about that condition
            cds = list(st.population_cd)
            if not cds and dom_cd is not None and dom_cd_share >= TOPIC_SHARE:
                cds = [dom_cd]
        elif ivs and st.population_cd and not named_cd:
            # treatment claims of a study report stay about its population's condition
            cds = _union(cds, st.population_cd)
        elif named_cd and st.population_cd and u.kind != UnitKind.LIST_ITEM.value:
            # findings about the study population keep its condition as context
            cds = _union(named_cd, st.population_cd)
        if not named_cd:
            cds = _prefer(cds, dom_cd)
        elif (dom_cd is not None and about_condition and all(c.key != dom_cd.key for c in cds)
              and u.kind != UnitKind.LIST_ITEM.value):
            # the document's main condition stays the topic
            cds = cds + [dom_cd]

        # -- remember -----------------------------------------------------------
        # centering: a pronoun subject keeps the topic; comparators never become the antecedent
        if named_iv and search(rules.subject_anaphor, utext) and ivs and ivs[0].source != AttributionSource.TEXT.value:
            st.last_iv_at = idx
        elif focus:
            st.last_iv, st.last_iv_at = focus, idx
        if named_cd:
            if st.last_cd_block != u.block:
                st.block_cd = []
            st.block_cd = _union(st.block_cd, named_cd)
            st.last_cd, st.last_cd_at, st.last_cd_block, st.last_cd_type = named_cd, idx, u.block, ctype
            # only a study's population sets the topic ("a trial followed 40 adults with X")
            population = _population_conditions(text, u, named_cd, rules) \
                if ctype == ClaimType.STUDY_DESIGN.value else []
            if population:
                st.population_cd = population
        if u.kind == UnitKind.LIST_ITEM.value:
            if idx - st.list_cd_at > 1:
                st.list_cd = []
            st.list_cd, st.list_cd_at = _union(st.list_cd, named_cd), idx
        if group:
            # siblings share the context an item inherited, not what the item itself names
            st.group[group] = ([c for c in ivs if c.source != AttributionSource.TEXT.value],
                               [c for c in cds if c.source != AttributionSource.TEXT.value])
        st.prev_ivs, st.prev_idx, st.prev_block, st.prev_type = list(ivs), idx, u.block, ctype

        if not is_claim_candidate(utext, u, rules, table_header=u.block in header_rows):
            continue
        if not ivs and not cds:
            continue
        outcome = find_outcome(utext, rules)
        population_text = _first_match(rules.population, utext)
        comparator = find_comparator(utext, rules)
        iv_side: list[Concept | None] = list(ivs) or [None]
        cd_side: list[Concept | None] = list(cds) or [None]
        for iv in iv_side:
            for cd in cd_side:
                drafts.append(ClaimDraft(u, ctype, info.certainty, info.strength, iv, cd,
                                         outcome, population_text, comparator))
    return drafts
