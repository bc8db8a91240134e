"""Certainty of claims: hedge and negation cues with scope (ConText-style) and claim strength.

Public API
----------
find_cues(text, *, offset=0) -> list[Mention]
certainty_of(text, cues, *, offset=0, targets=()) -> str
combine_certainty(*labels) -> str
StrengthModel.load(path=None).predict(texts) -> list[str]
load_cue_rules(path=None) -> CueRuleSet
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claimnlp.certainty.engine import certainty_of, combine_certainty, find_cues, unit_certainty
from claimnlp.certainty.rules import CueRule, CueRuleError, CueRuleSet, dump_cue_rules, load_cue_rules

if TYPE_CHECKING:  # pragma: no cover
    from claimnlp.certainty.strength import StrengthModel

__all__ = ["CueRule", "CueRuleError", "CueRuleSet", "StrengthModel", "certainty_of", "combine_certainty",
           "dump_cue_rules", "find_cues", "load_cue_rules", "unit_certainty"]


def __getattr__(name: str) -> Any:
    # The strength model pulls in spaCy/sklearn; import it only when asked for.
    if name == "StrengthModel":
        from claimnlp.certainty.strength import StrengthModel

        return StrengthModel
    raise AttributeError(name)
