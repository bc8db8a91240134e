"""Rule-file validation, the table helpers and the public interface contract."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from claimnlp.quantities import (
    QuantityLexiconError, column_kind, load_quantity_lexicon, parse_quantities, table_row_cells,
)
from claimnlp.quantities.lexicon import DATA_DIR
from claimnlp.schema import Qualifier, QuantityKind

FILES = ["units.json", "quantity_words.json", "quantity_qualifiers.json", "quantity_nouns.json", "quantity_cues.json"]


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    for f in FILES:
        shutil.copy(DATA_DIR / f, tmp_path / f)
    load_quantity_lexicon.cache_clear()
    yield tmp_path
    load_quantity_lexicon.cache_clear()


def _edit(folder: Path, name: str, fn) -> None:
    p = folder / name
    data = json.loads(p.read_text(encoding="utf-8"))
    fn(data)
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_packaged_files_load_and_are_immutable() -> None:
    lex = load_quantity_lexicon()
    assert lex is load_quantity_lexicon()  # cached
    assert {u.code for u in lex.units} >= {"%", "mg", "g", "kg", "mL", "h", "min", "d", "wk", "mo", "a", "USD", "CNY",
                                           "GBP", "EUR"}
    assert set(lex.qualifiers_before.values()) <= set(Qualifier.values())
    assert set(lex.left_cues) <= set(QuantityKind.values())
    assert {u.kind for u in lex.units} <= set(QuantityKind.values())
    with pytest.raises(TypeError):
        lex.cardinals["eleventy"] = 110  # type: ignore[index]
    for f in FILES:
        data = json.loads((DATA_DIR / f).read_text(encoding="utf-8"))
        assert data["version"] and data["source"], f


def test_copy_loads(data_copy: Path) -> None:
    assert load_quantity_lexicon(str(data_copy)).units


@pytest.mark.parametrize("name,mutate,message", [
    # unknown top-level key
    ("units.json", lambda d: d.update(extra=1), "unknown keys"),
    # unknown key inside a unit
    ("units.json", lambda d: d["units"]["milligram"].update(colour="red"), "unknown keys"),
    # unknown kind label
    ("units.json", lambda d: d["units"]["milligram"].update(kind="weight"), "unknown kind"),
    # unknown dimension
    ("units.json", lambda d: d["units"]["milligram"].update(dimension="mood"), "unknown dimension"),
    # the same surface for two units
    ("units.json", lambda d: d["units"]["gram"]["symbols"].append("mg"), "already belongs"),
    # unknown qualifier label
    ("quantity_qualifiers.json", lambda d: d["before"].update(roughly="about"), "is not one of"),
    # empty list
    ("quantity_nouns.json", lambda d: d.update(population=[]), "non-empty"),
    # duplicate entry in a list
    ("quantity_nouns.json", lambda d: d["dose_nouns"].append("dose"), "duplicate entry"),
    # unknown kind in cues
    ("quantity_cues.json", lambda d: d["left_cues"].update(speed=["mph"]), "unknown kind"),
    # missing version
    ("quantity_words.json", lambda d: d.pop("version"), "missing keys"),
    # a number word that is not a number
    ("quantity_words.json", lambda d: d["cardinals"].update(lots="many"), "must be a number"),
])
def test_invalid_files_fail_at_load(data_copy: Path, name: str, mutate, message: str) -> None:
    _edit(data_copy, name, mutate)
    with pytest.raises(QuantityLexiconError, match=message):
        load_quantity_lexicon(str(data_copy))


def test_duplicate_json_keys_fail(data_copy: Path) -> None:
    p = data_copy / "quantity_words.json"
    p.write_text(p.read_text(encoding="utf-8").replace('"zero": 0,', '"zero": 0, "zero": 0,'), encoding="utf-8")
    with pytest.raises(QuantityLexiconError, match="duplicate key"):
        load_quantity_lexicon(str(data_copy))


def test_empty_file_fails(data_copy: Path) -> None:
    (data_copy / "quantity_cues.json").write_text("{}", encoding="utf-8")
    with pytest.raises(QuantityLexiconError, match="empty"):
        load_quantity_lexicon(str(data_copy))


@pytest.mark.parametrize("row,cells", [
    ("| Irritability | 0.87 | Large | <0.0001 |", ["Irritability", "0.87", "Large", "<0.0001"]),
    ("Irritability | 0.87", ["Irritability", "0.87"]),
    ("|  | 12 |", ["", "12"]),  # an empty cell keeps its column
    ("no pipes here", ["no pipes here"]),
])
def test_table_row_cells(row: str, cells: list[str]) -> None:
    spans = table_row_cells(row)
    assert [row[s:e] for s, e in spans] == cells


@pytest.mark.parametrize("header,kind", [
    ("p", "p_value"), ("p-value", "p_value"), ("P value", "p_value"), ("d'", "effect_size"),
    ("Cohen's d", "effect_size"), ("Effect size", "effect_size"), ("Effect Size (d')", "effect_size"),
    ("OR (95% CI)", "ratio"), ("HR", "ratio"), ("95% CI", "ci"), ("n", "sample_size"), ("N", "sample_size"),
    ("%", "percentage"), ("Response rate", "percentage"), ("Cost", "cost"), ("Cost (USD)", "cost"),
    ("Dose (mg/kg)", "dose"), ("Age (years)", "age"), ("Outcome Domain", None), ("Magnitude", None), ("", None),
])
def test_column_kind(header: str, kind: str | None) -> None:
    assert column_kind(header) == kind


def test_table_row_takes_column_kinds() -> None:
    header = "| Outcome | Effect size (d') | Magnitude | p-value |"
    row = "| Sleep quality | 0.72 | Medium | <0.01 |"
    kinds = [column_kind(header[s:e]) for s, e in table_row_cells(header)]
    got = parse_quantities(row, offset=100, column_kinds=kinds, cell_spans=table_row_cells(row))
    assert [(q.text, q.value, q.kind, q.qualifier) for q in got] == [
        ("0.72", 0.72, "effect_size", None), ("<0.01", 0.01, "p_value", "<")]
    assert all(row[q.start - 100:q.end - 100] == q.text for q in got)


def test_percentage_column_gives_unit() -> None:
    header = "| Group | n | % |"
    row = "| Placebo | 40 | 12.5 |"
    kinds = [column_kind(header[s:e]) for s, e in table_row_cells(header)]
    got = parse_quantities(row, column_kinds=kinds, cell_spans=table_row_cells(row))
    assert [(q.value, q.unit, q.kind) for q in got] == [(40, "1", "sample_size"), (12.5, "%", "percentage")]


def test_table_row_without_header_is_parsed_as_text() -> None:
    got = parse_quantities("| Fever | 3 days | 25% |")
    assert [(q.value, q.unit, q.kind) for q in got] == [(3, "d", "duration"), (25, "%", "percentage")]


def test_cell_spans_outside_text_are_ignored() -> None:
    assert parse_quantities("| 5 mg |", cell_spans=[(50, 60)], column_kinds=["dose"]) == []


def test_offsets_and_sorting() -> None:
    text = "Give 5 mg, then 10 mg after 2 days."
    got = parse_quantities(text, offset=1000)
    assert [q.start for q in got] == sorted(q.start for q in got)
    assert all(text[q.start - 1000:q.end - 1000] == q.text for q in got)
    assert parse_quantities("") == [] and parse_quantities("   ") == []


def test_deterministic() -> None:
    text = "About 60-80% of 120 patients improved within 3 to 6 weeks (p<0.001), at $50–$80 per dose."
    assert parse_quantities(text) == parse_quantities(text)
