"""Load and validate ``lexicon/data/claim_rules.json`` (claim detection, type, context cues).

The file is data: non-claim patterns (calls to action, bylines, questions),
claim-type cue patterns in priority order, anaphora cues, and patterns for
population, comparator and outcome spans. The loader rejects unknown keys,
unknown claim types or quantity kinds, invalid regexes and empty sections, and
returns an immutable, compiled, cached structure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from claimnlp.lexicon.jsonfile import loads_strict
from claimnlp.lexicon.regex import Literals, required_literals
from claimnlp.schema import ClaimType, QuantityKind

_TOP_KEYS = {"version", "source", "non_claim", "claim_type", "context", "anaphora", "population", "comparator", "outcome"}
_CONTEXT_KEYS = {"condition_context_types", "population_condition", "comparator_cue", "subject_anaphor",
                 "list_anaphor", "plural_anaphor", "treatment_cue", "treatment_quantity_kinds", "comparative",
                 "generic_interventions", "in_name", "measured", "measured_before", "note"}
_NON_CLAIM_KEYS = {"call_to_action", "byline", "question", "meta", "lead_in_min_words", "min_chars", "min_words"}
_TYPE_KEYS = {"type", "patterns", "quantity_kinds"}
_ANAPHORA_KEYS = {"intervention", "study", "condition"}


class RuleFileError(ValueError):
    """A rule file is malformed (a packaging bug: fail at load time)."""


@dataclass(frozen=True)
class TypeRule:
    type: str
    patterns: tuple[re.Pattern[str], ...]
    quantity_kinds: frozenset[str]

    @cached_property
    def combined(self) -> re.Pattern[str]:
        """All cue patterns of the type as one alternation (one scan per unit)."""
        return _combined(self.patterns)

    @cached_property
    def literals(self) -> Literals | None:
        """Strings one of which every cue match contains (``None``: always scan)."""
        return _literals(self.combined)


@lru_cache(maxsize=64)
def _combined(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)


_LITERALS: dict[re.Pattern[str], Literals | None] = {}


def _literals(pattern: re.Pattern[str]) -> Literals | None:
    """The pattern's required literals, computed once per pattern (a plain dict: this runs ~80k
    times per 500 abstracts, where an ``lru_cache`` wrapper alone cost a tenth of claim assembly)."""
    try:
        return _LITERALS[pattern]
    except KeyError:
        if len(_LITERALS) > 4096:  # rule files are a few hundred patterns; never grow without bound
            _LITERALS.clear()
        lits = _LITERALS[pattern] = required_literals(pattern)
        return lits


def search(pattern: re.Pattern[str], text: str, lowered: str | None = None) -> re.Match[str] | None:
    """``pattern.search(text)``, skipped when the pattern's required literals are absent (exact)."""
    lits = _literals(pattern)
    if lits is not None and not lits.may_match(text, lowered):
        return None
    return pattern.search(text)


def any_search(patterns: Sequence[re.Pattern[str]], text: str, lowered: str | None = None) -> bool:
    """Whether any pattern matches ``text``; patterns whose required literals are absent are skipped
    (``lexicon/regex.py``: exact, a substring test instead of a regex scan)."""
    for p in patterns:
        lits = _literals(p)
        if lits is not None and not lits.may_match(text, lowered):
            continue
        if p.search(text):
            return True
    return False


@dataclass(frozen=True)
class ClaimRules:
    version: str
    call_to_action: tuple[re.Pattern[str], ...]
    byline: tuple[re.Pattern[str], ...]
    question: tuple[re.Pattern[str], ...]
    meta: tuple[re.Pattern[str], ...]
    lead_in_min_words: int
    min_chars: int
    min_words: int
    types: tuple[TypeRule, ...]
    condition_context_types: frozenset[str]
    population_condition: re.Pattern[str]
    comparator_cue: re.Pattern[str]
    subject_anaphor: re.Pattern[str]
    list_anaphor: re.Pattern[str]
    treatment_cue: re.Pattern[str]
    in_name: re.Pattern[str]
    measured: re.Pattern[str]
    measured_before: re.Pattern[str]
    comparative: re.Pattern[str]
    plural_anaphor: re.Pattern[str]
    treatment_quantity_kinds: frozenset[str]
    generic_interventions: frozenset[str]
    anaphora_intervention: re.Pattern[str]
    anaphora_study: re.Pattern[str]
    anaphora_condition: re.Pattern[str]
    population: tuple[re.Pattern[str], ...]
    comparator: tuple[re.Pattern[str], ...]
    outcome: tuple[re.Pattern[str], ...]


def _compile(patterns: object, where: str, flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
    if not isinstance(patterns, list) or not patterns:
        raise RuleFileError(f"{where}: expected a non-empty list of regexes")
    out = []
    for p in patterns:
        try:
            out.append(re.compile(p, flags))
        except (re.error, TypeError) as exc:
            raise RuleFileError(f"{where}: invalid regex {p!r}: {exc}") from exc
    return tuple(out)


def _quantity_kinds(kinds: object, where: str) -> frozenset[str]:
    out = frozenset(kinds) if isinstance(kinds, list) else frozenset()
    bad = out - set(QuantityKind.values())
    if bad:
        raise RuleFileError(f"{where}: unknown quantity kind(s) {sorted(bad)}")
    return out


def _check_keys(obj: dict[str, object], allowed: set[str], where: str) -> None:
    unknown = set(obj) - allowed
    if unknown:
        raise RuleFileError(f"{where}: unknown key(s) {sorted(unknown)}")


def parse_rules(data: dict[str, object]) -> ClaimRules:
    """Validate a decoded rule file and compile it."""
    if not data:
        raise RuleFileError("claim rules: empty file")
    _check_keys(data, _TOP_KEYS, "claim rules")
    nc = data["non_claim"]
    assert isinstance(nc, dict)
    _check_keys(nc, _NON_CLAIM_KEYS, "non_claim")
    types = []
    seen: set[str] = set()
    raw_types = data["claim_type"]
    if not isinstance(raw_types, list) or not raw_types:
        raise RuleFileError("claim_type: expected a non-empty list")
    for i, t in enumerate(raw_types):
        _check_keys(t, _TYPE_KEYS, f"claim_type[{i}]")
        if t["type"] not in ClaimType.values():
            raise RuleFileError(f"claim_type[{i}]: unknown claim type {t['type']!r}")
        if t["type"] in seen:
            raise RuleFileError(f"claim_type[{i}]: duplicate claim type {t['type']!r}")
        seen.add(t["type"])
        kinds = _quantity_kinds(t.get("quantity_kinds", []), f"claim_type[{i}]")
        types.append(TypeRule(t["type"], _compile(t["patterns"], f"claim_type[{i}]"), kinds))
    ctx = data["context"]
    assert isinstance(ctx, dict)
    _check_keys(ctx, _CONTEXT_KEYS, "context")
    ctx_types = frozenset(ctx["condition_context_types"])
    if ctx_types - set(ClaimType.values()):
        raise RuleFileError(f"context: unknown claim type(s) {sorted(ctx_types - set(ClaimType.values()))}")
    ana = data["anaphora"]
    assert isinstance(ana, dict)
    _check_keys(ana, _ANAPHORA_KEYS, "anaphora")
    return ClaimRules(
        version=str(data.get("version", "")),
        call_to_action=_compile(nc["call_to_action"], "non_claim.call_to_action"),
        byline=_compile(nc["byline"], "non_claim.byline"),
        question=_compile(nc["question"], "non_claim.question"),
        meta=_compile(nc["meta"], "non_claim.meta"),
        lead_in_min_words=int(nc.get("lead_in_min_words", 0)),
        min_chars=int(nc.get("min_chars", 12)),
        min_words=int(nc.get("min_words", 3)),
        types=tuple(types),
        condition_context_types=ctx_types,
        population_condition=_compile([ctx["population_condition"]], "context.population_condition")[0],
        comparator_cue=_compile([ctx["comparator_cue"]], "context.comparator_cue")[0],
        subject_anaphor=_compile([ctx["subject_anaphor"]], "context.subject_anaphor")[0],
        list_anaphor=_compile([ctx["list_anaphor"]], "context.list_anaphor")[0],
        treatment_cue=_compile([ctx["treatment_cue"]], "context.treatment_cue")[0],
        in_name=_compile([ctx["in_name"]], "context.in_name", flags=0)[0],
        measured=_compile([ctx["measured"]], "context.measured")[0],
        measured_before=_compile([ctx["measured_before"]], "context.measured_before")[0],
        comparative=_compile([ctx["comparative"]], "context.comparative")[0],
        plural_anaphor=_compile([ctx["plural_anaphor"]], "context.plural_anaphor")[0],
        treatment_quantity_kinds=_quantity_kinds(ctx.get("treatment_quantity_kinds", []),
                                                 "context.treatment_quantity_kinds"),
        generic_interventions=frozenset(ctx.get("generic_interventions", {})),
        anaphora_intervention=_compile([ana["intervention"]], "anaphora.intervention")[0],
        anaphora_study=_compile([ana["study"]], "anaphora.study")[0],
        anaphora_condition=_compile([ana["condition"]], "anaphora.condition")[0],
        population=_compile(data["population"], "population"),
        comparator=_compile(data["comparator"], "comparator"),
        outcome=_compile(data["outcome"], "outcome", flags=0),
    )


@lru_cache(maxsize=8)
def load_rules(path: str | None = None) -> ClaimRules:
    """Load the packaged (or given) claim rule file, cached per path."""
    if path is None:
        text = resources.files("claimnlp.lexicon").joinpath("data/claim_rules.json").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    return parse_rules(loads_strict(text, RuleFileError))
