"""Filters for unnormalized NER condition spans (data: lexicon/data/entity_rules.json)."""

import pytest

from claimnlp.pipeline.entity_rules import EntityRuleError, load_entity_rules, parse_entity_rules

RULES = load_entity_rules()


@pytest.mark.parametrize("surface, keep", [
    ("autoimmune deficiency", True),      # disorder head noun
    ("necrotizing fasciitis", True),      # -itis
    ("hepatosplenomegaly", True),         # -megaly
    ("chronic diseases", False),          # generic phrase
    ("other conditions", False),          # generic phrase
    ("weight administered slowly", False),  # no disorder morphology
    ("blood glucose", False),             # a measurement, not a disorder
    ("TB", False),                        # bare acronyms must normalize
    ("pain", True),
])
def test_unnormalized_condition_filter(surface, keep):
    assert RULES.accept_unnormalized(surface) is keep


def test_bad_files_fail():
    with pytest.raises(EntityRuleError):
        parse_entity_rules({})
    with pytest.raises(EntityRuleError):
        parse_entity_rules({"version": "1", "unnormalized_condition": {"require": "(", "reject": "x"}})
    with pytest.raises(EntityRuleError):
        parse_entity_rules({"version": "1", "typo": 1, "unnormalized_condition": {}})


def test_span_index_overlap_and_containment():
    from claimnlp.pipeline.annotate import _SpanIndex

    idx = _SpanIndex([(10, 20), (30, 40)])
    assert idx.overlaps((15, 16)) and idx.overlaps((5, 11)) and idx.overlaps((19, 31))
    assert not idx.overlaps((20, 30)) and not idx.overlaps((0, 10)) and not idx.overlaps((40, 50))
    idx.add((25, 28))
    assert idx.overlaps((27, 29)) and not idx.overlaps((20, 25))
    assert idx.contains((31, 39)) and not idx.contains((19, 21)) and not idx.contains((41, 42))


@pytest.mark.parametrize("surface, keep", [
    ("dupilumab", True),     # -mab: monoclonal antibody
    ("Osimertinib", True),   # -tinib: kinase inhibitor
    ("empagliflozin", True), # -gliflozin
    ("glucose", False),      # a chemical, not a drug name
    ("sodium chloride", False),
    ("mab", False),          # a stem alone is not a name
    ("concept", False),      # over-broad stems are not in the list
    ("peptide", False),
])
def test_unnormalized_drug_names_need_a_drug_stem(surface, keep):
    assert RULES.accept_unnormalized_drug(surface) is keep


@pytest.mark.parametrize("label, surface, keep", [
    ("INTERVENTION", "dupilumab", True),      # chemicals need a drug-name stem
    ("INTERVENTION", "glucose", False),
    ("CONDITION", "necrotizing fasciitis", True),  # conditions need disorder morphology
    ("CONDITION", "blood glucose", False),
])
def test_keep_unnormalized_dispatches_by_label(label, surface, keep):
    assert RULES.keep_unnormalized(label, surface) is keep
