"""Precision filters for statistical NER spans the lexicon cannot normalize.

A Disease span from the NER model that matches no lexicon concept is kept only
when it looks like a disorder name: it carries a medical-terminology head or
suffix (-itis, -osis, -emia, -pathy, "syndrome", "deficiency", ...), is not a
generic phrase ("chronic conditions"), and is not a bare acronym (those must
normalize). Rules live in ``lexicon/data/entity_rules.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from claimnlp.lexicon.regex import LiteralScanner, Literals, required_literals
from claimnlp.schema import MentionLabel

_KEYS = {"version", "source", "unnormalized_condition", "unnormalized_intervention"}
_FILTER_KEYS = {"require", "reject", "min_chars", "acronyms_need_normalization"}


#: ``(?i)\b[a-z]<any [a-z] classes/repeats>(?:suffix|suffix|...)\b``: every match is one whole word
_WORD_SUFFIX_SHAPE = re.compile(r"\(\?i\)\\b(?:\[a-z\](?:\{\d+,?\d*\}|[+*])?)+\(\?:[a-z]+(?:\|[a-z]+)*\)\\b")


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


class EntityRuleError(ValueError):
    """The entity rule file is malformed."""


@dataclass(frozen=True)
class EntityRules:
    require: re.Pattern[str]
    reject: re.Pattern[str]
    min_chars: int
    acronyms_need_normalization: bool
    drug_stem: re.Pattern[str] | None = None
    # strings one of which every drug-stem match contains (most blocks have none: no regex scan)
    drug_literals: Literals | None = field(default=None, init=False, compare=False, repr=False)

    # the literals' scanner when every match is one whole word ending in one of them (see find_drug_names)
    _word_scanner: LiteralScanner | None = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.drug_stem is not None:
            lits = required_literals(self.drug_stem)
            object.__setattr__(self, "drug_literals", lits)
            if lits is not None and lits.lowered and _WORD_SUFFIX_SHAPE.fullmatch(self.drug_stem.pattern):
                object.__setattr__(self, "_word_scanner", LiteralScanner([lits]))

    def keep_unnormalized(self, label: str, surface: str) -> bool:
        """Keep an NER span of ``label`` that no lexicon concept normalizes?

        Chemicals count as interventions only with a drug-name stem; conditions need disorder morphology.
        """
        if label == MentionLabel.INTERVENTION.value:
            return self.accept_unnormalized_drug(surface)
        return self.accept_unnormalized(surface)

    def accept_unnormalized_drug(self, surface: str) -> bool:
        """Keep an unnormalized chemical span as an intervention (a drug-name stem)?"""
        return self.drug_stem is not None and self.drug_stem.fullmatch(surface.strip()) is not None

    def find_drug_names(self, text: str) -> list[tuple[int, int]]:
        """Spans of words carrying a drug-name stem."""
        if self.drug_stem is None or (self.drug_literals is not None and not self.drug_literals.may_match(text)):
            return []
        if self._word_scanner is not None and text.isascii():
            return self._drug_words(text)
        return [m.span() for m in self.drug_stem.finditer(text)]

    def _drug_words(self, text: str) -> list[tuple[int, int]]:
        """``drug_stem.finditer`` for a stem of the shape ``(?i)\\b[a-z]...(?:suffix|...)\\b`` on ASCII text.

        Such a match is a whole word (a maximal ``\\w`` run, as ``[a-z]`` under IGNORECASE is all word
        characters and both ends are boundaries) ending in a suffix, so only the words at whose end a
        suffix occurs can match: the scanner finds those in one pass and the regex decides each one.
        Words never overlap, so these are finditer's matches in the same order.
        """
        assert self.drug_stem is not None and self._word_scanner is not None
        n = len(text)
        starts: set[int] = set()
        for suffix in self._word_scanner.occurrences(text.lower()):
            end, length = suffix
            if end < n and _is_word_char(text[end]):
                continue  # not the end of a word
            ws = end - length
            while ws > 0 and _is_word_char(text[ws - 1]):
                ws -= 1
            starts.add(ws)
        out = []
        for ws in sorted(starts):
            m = self.drug_stem.match(text, ws)
            if m is not None:
                out.append(m.span())
        return out

    def accept_unnormalized(self, surface: str) -> bool:
        """Keep an unnormalized condition span ``surface``?"""
        s = surface.strip()
        if len(s) < self.min_chars:
            return False
        if self.acronyms_need_normalization and re.fullmatch(r"[A-Z0-9-]{2,6}s?", s):
            return False
        if self.reject.search(s):
            return False
        return bool(self.require.search(s))


def parse_entity_rules(data: dict[str, object]) -> EntityRules:
    if not data:
        raise EntityRuleError("entity rules: empty file")
    unknown = set(data) - _KEYS
    if unknown:
        raise EntityRuleError(f"entity rules: unknown key(s) {sorted(unknown)}")
    f = data["unnormalized_condition"]
    if not isinstance(f, dict) or set(f) - _FILTER_KEYS:
        raise EntityRuleError(f"unnormalized_condition: expected keys {sorted(_FILTER_KEYS)}")
    drug = data.get("unnormalized_intervention")
    if drug is not None and (not isinstance(drug, dict) or set(drug) - {"require", "note"}):
        raise EntityRuleError("unnormalized_intervention: expected keys ['note', 'require']")
    try:
        return EntityRules(re.compile(str(f["require"])), re.compile(str(f["reject"])),
                           int(f.get("min_chars", 4)), bool(f.get("acronyms_need_normalization", True)),
                           re.compile(str(drug["require"])) if drug else None)
    except (re.error, KeyError) as exc:
        raise EntityRuleError(f"entity rules: {exc}") from exc


@lru_cache(maxsize=4)
def load_entity_rules(path: str | None = None) -> EntityRules:
    text = (Path(path).read_text("utf-8") if path else
            resources.files("claimnlp.lexicon").joinpath("data/entity_rules.json").read_text("utf-8"))
    return parse_entity_rules(json.loads(text))
