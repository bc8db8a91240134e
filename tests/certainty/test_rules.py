"""Loader validation and round-trip of the cue rule file (certainty_cues.json)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from claimnlp.certainty.rules import (DEFAULT_RULES_PATH, CueRuleError, dump_cue_rules, load_cue_rules,
                                      parse_cue_rules)

BASE = {"version": "t1", "source": "test", "subordinators": ["if"],
        "rules": [{"literal": "may", "category": "POSSIBLE", "label": "HEDGE", "direction": "FORWARD"},
                  {"literal": "not", "category": "NEGATED_EXISTENCE", "label": "NEGATION", "direction": "FORWARD",
                   "max_scope": 5}]}


def _write(tmp_path: Path, data: object, name: str = "rules.json") -> Path:
    p = tmp_path / name
    p.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return p


def test_packaged_rules_load_and_are_immutable() -> None:
    rs = load_cue_rules()
    assert rs.version and rs.source
    assert len(rs.rules) > 30
    assert isinstance(rs.rules, tuple)
    assert load_cue_rules() is rs  # cached per path
    with pytest.raises(AttributeError):
        rs.rules[0].literal = "x"  # type: ignore[misc]


def test_packaged_rules_round_trip(tmp_path: Path) -> None:
    rs = load_cue_rules()
    p = _write(tmp_path, dump_cue_rules(rs))
    assert load_cue_rules(p) == rs
    assert dump_cue_rules(load_cue_rules(p)) == dump_cue_rules(rs)


def test_token_pattern_round_trip_and_match(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["rules"].append({"literal": "no evidence", "category": "NEGATED_EXISTENCE", "label": "NEGATION",
                          "direction": "FORWARD",
                          "pattern": [{"LOWER": "no"}, {"IN": ["clear", "good"], "OP": "?"}, {"LOWER": "evidence"}]})
    rs = load_cue_rules(_write(tmp_path, data))
    assert load_cue_rules(_write(tmp_path, dump_cue_rules(rs), "again.json")) == rs
    import re
    rx = re.compile(rs.rules[-1].regex)
    assert rx.search("there is no good evidence") and rx.search("no evidence at all")
    assert not rx.search("no bad evidence")


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d.update(extra=1), "unknown keys"),                                   # unknown file key
    (lambda d: d["rules"][0].update(scope=3), "unknown keys"),                        # unknown rule key
    (lambda d: d["rules"].append(dict(d["rules"][0], literal="MAY")), "duplicate literal"),  # case-insensitive dup
    (lambda d: d["rules"][0].update(label="SPECULATION"), "unknown label"),           # not a schema label
    (lambda d: d["rules"][0].update(direction="SIDEWAYS"), "unknown direction"),
    (lambda d: d["rules"][0].update(max_scope=0), "max_scope"),
    (lambda d: d["rules"][0].update(pattern="(unclosed"), "bad pattern"),
    (lambda d: d["rules"][0].update(pattern=[{"LEMMA": "be"}]), "unknown token keys"),
    (lambda d: d["rules"][0].pop("category"), "missing keys"),
    (lambda d: d.update(rules=[]), "no rules"),
    (lambda d: d.pop("version"), "version"),
    (lambda d: d.update(ignore_for_certainty=["NOPE"]), "unknown categories"),
    (lambda d: d.update(subordinators=["if", "If"]), "duplicate subordinators"),
])
def test_loader_rejects(tmp_path: Path, mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    data = copy.deepcopy(BASE)
    mutate(data)
    with pytest.raises(CueRuleError, match=message):
        load_cue_rules(_write(tmp_path, data))


def test_loader_rejects_empty_file_and_duplicate_json_keys(tmp_path: Path) -> None:
    with pytest.raises(CueRuleError, match="empty file"):
        load_cue_rules(_write(tmp_path, "  \n", "empty.json"))
    with pytest.raises(CueRuleError, match="duplicate key"):
        load_cue_rules(_write(tmp_path, '{"version": "1", "version": "2", "source": "s", "rules": []}', "dup.json"))
    with pytest.raises(CueRuleError, match="invalid JSON"):
        load_cue_rules(_write(tmp_path, "{not json", "bad.json"))


def test_parse_accepts_minimal_file() -> None:
    rs = parse_cue_rules(copy.deepcopy(BASE))
    assert [r.literal for r in rs.rules] == ["may", "not"]
    assert rs.rules[1].max_scope == 5


def test_default_path_is_package_data() -> None:
    assert DEFAULT_RULES_PATH.name == "certainty_cues.json"
    assert DEFAULT_RULES_PATH.is_file()
