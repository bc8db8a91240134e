"""claimnlp.lexicon.regex: required literals are a necessary condition for a match, never a decision."""

import re

import pytest

from claimnlp.lexicon.regex import required_literals

TEXTS = [
    "", "fail to", "failed to respond", "FAILURE TO THRIVE", "no evidence", "no doubt whatsoever",
    "dupilumab", "Dupilumab and imatinib", "abcdeſartan", "abcde\u212aINRA", "x mab", "can not", "cannot",
    "it is not conclusive", "n't", "wouldn't", "the pilot data", "preliminary", "\u00e9tude mab",
]


@pytest.mark.parametrize("pattern, expected", [
    (r"\bnot\b", {"not"}),                                   # boundaries are zero-width
    (r"\bfail(?:s|ed|ing)?\s+to\b", {"fail"}),               # optional suffix and whitespace break the run
    (r"\b(?:unable|inability)\s+to\b", {"unable", "inability"}),  # an alternation: one of them
    (r"\bno\s+(?:clear\s+)?evidence\b", {"evidence"}),       # the longest required piece wins
    (r"(?<!\bin )\bmay\b", {"may"}),                         # lookbehinds are not required text
    (r"[a-z]+", None),                                       # nothing literal
    (r"a?b?", None),                                         # nothing required
])
def test_required_literals(pattern, expected):
    got = required_literals(re.compile(pattern))
    assert (got.strings if got else None) == (frozenset(expected) if expected else None)


@pytest.mark.parametrize("pattern", [
    r"\bnot\b", r"\bfail(?:s|ed|ing)?\s+to\b", r"\bno\s+(?:clear\s+)?evidence\b", r"\bcan\s*not\b",
    r"\b(?:do|would)n't\b", r"\bpreliminar(?:y|ily)\b|\bpilot\s+(?:data|results)\b", r"\b(?:no|without)\s+doubts?\b",
    r"(?i)\b[a-z][a-z]{3,}(?:mab|tinib|sartan|kinra)\b",     # case-insensitive: exact only on ASCII text
    r"(?i)failure", r"x(?i:mab)",
])
def test_prefilter_never_hides_a_match(pattern):
    rx = re.compile(pattern)
    lit = required_literals(rx)
    for text in TEXTS:
        if rx.search(text):
            assert lit is None or lit.may_match(text), (pattern, text)


def test_case_insensitive_literals_are_lowered():
    lit = required_literals(re.compile(r"(?i)\bFoo(?:BAR|baz)\b"))
    assert lit is not None and lit.lowered and lit.strings in ({"foo"}, {"bar", "baz"})
    assert not lit.may_match("nothing here")
    assert lit.may_match("caf\u00e9")  # non-ASCII text: the regex decides
