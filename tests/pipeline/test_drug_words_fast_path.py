"""EntityRules.find_drug_names: the scanner fast path gives finditer's spans exactly."""

import random

from claimnlp.pipeline.entity_rules import load_entity_rules


def _finditer(rules, text):
    return [m.span() for m in rules.drug_stem.finditer(text)]


def test_fast_path_is_used_and_equals_finditer():
    rules = load_entity_rules()
    assert rules._word_scanner is not None  # the shipped stem has the whole-word suffix shape
    texts = ["Adalimumab and imatinib (IMATINIB) vs. placebo; atorvastatin-induced myopathy",
             "x_adalimumab 2adalimumab adalimumab2 abcdmab abcmab ADALIMUMAB. metoprolol/lisinopril",
             "", "mab", "Kelvin \u212aadalimumab", "\u00e9tudemab abcdnib"]
    rnd = random.Random(7)
    parts = ["mab", "nib", "tinib", "abcd", "x", "_", "1", " ", "-", "ADALIMUMAB", "Ab", "olol", "pril", "K", "q"]
    texts += ["".join(rnd.choice(parts) for _ in range(rnd.randint(1, 12))) for _ in range(3000)]
    for text in texts:
        want = _finditer(rules, text) if rules.drug_literals is None or rules.drug_literals.may_match(text) else []
        assert want == _finditer(rules, text)  # the literal gate never hides a match
        assert rules.find_drug_names(text) == want, text
