"""The schema module is the single source of truth: docs, stored files and rows agree with it."""

from pathlib import Path

import pyarrow as pa

from claimnlp import schema

ROOT = Path(__file__).resolve().parents[1]


def test_schema_doc_is_generated_from_the_module():
    # regenerate with: python -m claimnlp.schema > docs/SCHEMA.md
    assert (ROOT / "docs" / "SCHEMA.md").read_text(encoding="utf-8").strip() == schema.render_markdown().strip()


def test_every_table_carries_the_schema_version():
    for table in schema.TABLES.values():
        meta = table.schema.metadata
        assert meta[b"claimnlp.schema_version"] == schema.SCHEMA_VERSION.encode()
        assert meta[b"claimnlp.table"] == table.name.encode()


def test_column_names_are_unique_and_documented():
    for table in schema.TABLES.values():
        names = [c.name for c in table.columns]
        assert len(names) == len(set(names)), table.name
        assert all(c.doc.strip() for c in table.columns)
        assert all(isinstance(c.type, pa.DataType) for c in table.columns)


def test_label_enums_are_strings_matching_the_guide():
    assert schema.Certainty.values() == ("asserted", "hedged", "negated")
    assert "p_value" in schema.QuantityKind.values() and "ci" in schema.QuantityKind.values()
    assert schema.MentionLabel.INTERVENTION == "INTERVENTION"


def test_offsets_and_text_columns_exist_where_values_must_be_traceable():
    for name in ("claims", "mentions"):
        cols = set(schema.TABLES[name].names)
        assert {"doc_id", "start", "end", "text", "pipeline_version"} <= cols
