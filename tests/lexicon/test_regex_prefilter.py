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


def _any_in(lit, text):
    """What Literals.may_match answered before the scanner: ``in`` per string."""
    if lit.lowered:
        if not text.isascii():
            return True
        text = text.lower()
    return any(s in text for s in lit.strings)


SCANNED = [
    r"\bnot\b", r"\bfail(?:s|ed|ing)?\s+to\b", r"\bno\s+(?:clear\s+)?evidence\b", r"\bcan\s*not\b",
    r"\b(?:do|would)n't\b", r"\bpreliminar(?:y|ily)\b|\bpilot\s+(?:data|results)\b", r"(?i)failure",
    r"(?i)\b[a-z][a-z]{3,}(?:mab|tinib|sartan|kinra)\b", r"x(?i:mab)", r"(?i)\bn\s*=", r"(?i)it is", r"no",
    r"(?i)\u00e9tude",
]


def test_scanner_gives_the_same_decisions_as_substring_tests():
    from claimnlp.lexicon.regex import LiteralScanner

    lits = [lit for lit in map(required_literals, map(re.compile, SCANNED)) if lit is not None]
    scanner = LiteralScanner(lits)
    texts = TEXTS + ["N = 46 patients", "it IS NOT", "notnot fail  to", "nono", "pilot results, not preliminary"]
    for text in texts:
        found = scanner.scan(text)
        found_low = scanner.scan(text, text.lower())
        for lit in lits:
            want = _any_in(lit, text)
            assert lit.present(found) is want, (text, lit)
            assert lit.present(found_low) is want, (text, lit)
            assert lit.may_match(text) is want and lit.may_match(text, text.lower()) is want, (text, lit)


def test_scanner_finds_overlapping_and_nested_strings():
    from claimnlp.lexicon.regex import LiteralScanner

    scanner = LiteralScanner([frozenset({"he", "she", "hers", "his", "é"})])
    assert scanner.present_in("ushers é") == {"she", "he", "hers", "é"}
    assert scanner.present_in("") == frozenset()


def test_scanner_refuses_literals_it_was_not_built_with():
    from claimnlp.lexicon.regex import Literals, LiteralScanner

    found = LiteralScanner([frozenset({"abc"})]).scan("abc xyz")
    with pytest.raises(ValueError):
        Literals(frozenset({"xyz"})).present(found)


def test_may_match_stays_exact_as_new_literals_arrive():
    # the shared scanner behind may_match grows (and drops its cached texts) when it meets new strings
    from claimnlp.lexicon.regex import Literals

    text = "Metformin lowered HbA1c"
    assert Literals(frozenset({"HbA1c"})).may_match(text)
    assert not Literals(frozenset({"insulin-zz"})).may_match(text)
    assert Literals(frozenset({"metformin"}), lowered=True).may_match(text)
    assert Literals(frozenset({"lowered"})).may_match(text)
    assert not Literals(frozenset({"hba1c"})).may_match(text)


def test_may_match_falls_back_when_the_shared_scanner_is_full(monkeypatch):
    from claimnlp.lexicon import regex

    monkeypatch.setattr(regex._SharedScanner, "_MAX_STRINGS", 0)
    lit = regex.Literals(frozenset({"never-seen-before-zq", "fail"}))
    assert lit.may_match("it failed")
    assert not lit.may_match("it worked")
    low = regex.Literals(frozenset({"another-new-one-zq"}), lowered=True)
    assert low.may_match("ANOTHER-NEW-ONE-ZQ here") and low.may_match("\u00e9 anything")
