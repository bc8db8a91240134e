"""Loader validation for lexicon/data/claim_rules.json."""

import copy
import json
from importlib import resources

import pytest

from claimnlp.claims.rules import RuleFileError, load_rules, parse_rules


def _raw():
    return json.loads(resources.files("claimnlp.lexicon").joinpath("data/claim_rules.json").read_text("utf-8"))


def test_packaged_rules_load():
    rules = load_rules()
    assert rules.types and rules.population and rules.outcome
    assert load_rules() is rules  # cached


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d.update(extra=1), "unknown key"),
    (lambda d: d["claim_type"][0].update(type="nonsense"), "unknown claim type"),
    (lambda d: d["claim_type"].append(copy.deepcopy(d["claim_type"][0])), "duplicate claim type"),
    (lambda d: d["claim_type"][0].update(quantity_kinds=["weird"]), "unknown quantity kind"),
    (lambda d: d["claim_type"][0].update(patterns=["(unclosed"]), "invalid regex"),
    (lambda d: d["claim_type"][0].update(patterns=[]), "non-empty"),
    (lambda d: d["non_claim"].update(typo=[]), "unknown key"),
])
def test_invalid_rule_files_fail_at_load(mutate, message):
    data = _raw()
    mutate(data)
    with pytest.raises(RuleFileError, match=message):
        parse_rules(data)


def test_empty_file_fails():
    with pytest.raises(RuleFileError):
        parse_rules({})


def test_duplicate_json_keys_rejected(tmp_path):
    p = tmp_path / "r.json"
    p.write_text('{"version": "1", "version": "2"}')
    with pytest.raises(RuleFileError, match="duplicate key"):
        load_rules(str(p))
