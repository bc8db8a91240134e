"""Rule-file loaders: the packaged files load; malformed files fail at load time."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimnlp.chunk.rules import (
    ABBREVIATION_KINDS,
    BOILERPLATE_KINDS,
    RuleFileError,
    load_abbreviations,
    load_boilerplate,
)


def _write(tmp_path: Path, name: str, data: Any) -> Path:
    p = tmp_path / name
    p.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return p


GOOD_RULE = {"id": "r1", "kind": "navigation", "match": "full", "pattern": "menu"}
GOOD_ABBR = {"text": "dr", "kind": "title"}


def test_packaged_files_load_and_are_cached_and_immutable() -> None:
    bp = load_boilerplate()
    assert bp.version and bp.source and len(bp.rules) >= 20
    assert {r.kind for r in bp.rules} <= BOILERPLATE_KINDS
    assert load_boilerplate() is bp
    ab = load_abbreviations()
    assert ab.version and ab.source
    assert ab.kind_of("e.g") == "inline" and ab.kind_of("dr") == "title" and ab.kind_of("et al") == "terminal"
    assert {k for _, k in ab.kinds} <= ABBREVIATION_KINDS
    assert load_abbreviations() is ab
    with pytest.raises(Exception):
        bp.rules = ()  # type: ignore[misc]
    assert isinstance(bp.rules, tuple) and isinstance(ab.kinds, tuple)


@pytest.mark.parametrize("data,msg", [
    ({"version": "1", "source": "s", "rules": []}, "non-empty"),  # empty rule list
    ({"version": "1", "source": "s"}, "missing 'rules'"),  # no rules key
    ({"source": "s", "rules": [GOOD_RULE]}, "version"),  # no version
    ({"version": "1", "source": "", "rules": [GOOD_RULE]}, "source"),  # empty source
    ({"version": "1", "source": "s", "rules": [GOOD_RULE], "extra": 1}, "unknown keys"),  # unknown file key
    ({"version": "1", "source": "s", "rules": [{**GOOD_RULE, "colour": "red"}]}, "unknown keys"),  # unknown rule key
    ({"version": "1", "source": "s", "rules": [{**GOOD_RULE, "kind": "spam"}]}, "unknown kind"),  # bad kind
    ({"version": "1", "source": "s", "rules": [{**GOOD_RULE, "match": "prefix"}]}, "'match'"),  # bad match mode
    ({"version": "1", "source": "s", "rules": [{**GOOD_RULE, "pattern": "(unclosed"}]}, "invalid pattern"),
    ({"version": "1", "source": "s", "rules": [GOOD_RULE, GOOD_RULE]}, "duplicate id"),
    ({"version": "1", "source": "s", "rules": [GOOD_RULE, {**GOOD_RULE, "id": "r2"}]}, "duplicate pattern"),
    ({"version": "1", "source": "s", "rules": [{**GOOD_RULE, "max_chars": 0}]}, "max_chars"),
    ({"version": "1", "source": "s", "rules": [{**GOOD_RULE, "ignore_case": "yes"}]}, "ignore_case"),
    ({"version": "1", "source": "s", "rules": [{"id": "x", "kind": "navigation", "match": "full"}]}, "missing 'pattern'"),
    ({"version": "1", "source": "s", "rules": [{**GOOD_RULE, "requires": ["Menu"]}]}, "requires"),  # not lower case
    ({"version": "1", "source": "s", "rules": [{**GOOD_RULE, "requires": "menu"}]}, "requires"),  # not a list
    ({"version": "1", "source": "s", "rules": [{**GOOD_RULE, "requires": ["a", "a"]}]}, "requires"),  # duplicates
])
def test_boilerplate_loader_rejects(tmp_path: Path, data: Any, msg: str) -> None:
    with pytest.raises(RuleFileError, match=msg):
        load_boilerplate(_write(tmp_path, "bp.json", data))


def test_boilerplate_loader_rejects_duplicate_json_keys_and_bad_json(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="duplicate JSON key"):
        load_boilerplate(_write(tmp_path, "a.json", '{"version": "1", "version": "2", "source": "s", "rules": []}'))
    with pytest.raises(RuleFileError, match="cannot read"):
        load_boilerplate(_write(tmp_path, "b.json", "{not json"))
    with pytest.raises(RuleFileError, match="cannot read"):
        load_boilerplate(tmp_path / "missing.json")
    with pytest.raises(RuleFileError, match="top level"):
        load_boilerplate(_write(tmp_path, "c.json", "[1, 2]"))


@pytest.mark.parametrize("data,msg", [
    ({"version": "1", "source": "s", "abbreviations": []}, "non-empty"),
    ({"version": "1", "source": "s", "abbreviations": [{**GOOD_ABBR, "kind": "sometimes"}]}, "unknown kind"),
    ({"version": "1", "source": "s", "abbreviations": [{**GOOD_ABBR, "text": "Dr"}]}, "lower case"),
    ({"version": "1", "source": "s", "abbreviations": [{**GOOD_ABBR, "text": "dr."}]}, "final period"),
    ({"version": "1", "source": "s", "abbreviations": [GOOD_ABBR, GOOD_ABBR]}, "duplicate abbreviation"),
    ({"version": "1", "source": "s", "abbreviations": [{**GOOD_ABBR, "why": 1}]}, "unknown keys"),
    ({"version": "1", "source": "s", "abbreviations": [GOOD_ABBR], "initial_leads": ["By"]}, "initial_leads"),
    ({"version": "1", "source": "s", "abbreviations": [GOOD_ABBR], "initial_leads": ["by", "by"]}, "duplicate word"),
])
def test_abbreviation_loader_rejects(tmp_path: Path, data: Any, msg: str) -> None:
    with pytest.raises(RuleFileError, match=msg):
        load_abbreviations(_write(tmp_path, "ab.json", data))


def test_custom_rule_files_are_used(tmp_path: Path) -> None:
    from claimnlp.chunk import chunk_blocks, split_sentences

    bp = _write(tmp_path, "bp.json", {"version": "1", "source": "test", "rules": [
        {"id": "x", "kind": "cta", "match": "search", "pattern": "^call now"}]})
    blocks = chunk_blocks("Call now for help.\n\nSelect Page", "txt", boilerplate=bp)
    assert [b.is_boilerplate for b in blocks] == [True, False]
    ab = _write(tmp_path, "ab.json", {"version": "1", "source": "test", "abbreviations": [
        {"text": "zz", "kind": "inline"}]})
    text = "Take zz. Two tablets. Dr. Who."
    assert [text[s:e] for s, e in split_sentences(text, abbreviations=ab)] == ["Take zz. Two tablets.", "Dr.", "Who."]


def test_requires_prefilter_gates_the_pattern(tmp_path: Path) -> None:
    bp = load_boilerplate(_write(tmp_path, "bp.json", {"version": "1", "source": "test", "rules": [
        {"id": "x", "kind": "cookie", "match": "search", "pattern": "we use", "requires": ["cookie"]}]}))
    assert bp.match("We use cookies here.") is not None
    assert bp.match("We use antibiotics here.") is None  # pattern matches, required keyword absent


def test_heading_words_load_and_validate(tmp_path: Path) -> None:
    from claimnlp.chunk.rules import load_heading_words

    hw = load_heading_words()
    assert "include" in hw.non_heading_last_words and "the" in hw.small_words
    good = {"version": "1", "source": "s", "small_words": ["a"], "non_heading_last_words": ["include"]}
    assert load_heading_words(_write(tmp_path, "ok.json", good)).small_words == frozenset({"a"})
    for bad, msg in [({**good, "small_words": []}, "non-empty"), ({**good, "small_words": ["A"]}, "lower-case"),
                     ({**good, "small_words": ["a", "a"]}, "duplicates"), ({**good, "x": 1}, "unknown keys")]:
        with pytest.raises(RuleFileError, match=msg):
            load_heading_words(_write(tmp_path, f"bad{len(msg)}{len(str(bad))}.json", bad))
