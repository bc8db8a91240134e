"""The output contract of claimnlp: labels, tables, columns and their meaning.

This module is the single source of truth for every label name and every
output column. Rule-file loaders validate their labels against the enums
here, ``store`` writes exactly the Arrow schemas built here, and
``docs/SCHEMA.md`` is generated from the column declarations
(``python -m claimnlp.schema > docs/SCHEMA.md``).

Adding a label: add a member to its enum. Adding a column: add a ``Column``
to its table and bump ``SCHEMA_VERSION`` (minor for additions, major for
renames or type changes). A test compares the generated doc with the file.

Definitions follow ``shared/eval/ANNOTATION.md`` (claims, certainty, quantity
units: UCUM, ISO 4217 for money, ``1`` for counts, scores and ratios).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import pyarrow as pa

SCHEMA_VERSION = "1.0.0"


class _Labels(str, Enum):
    """A string enum whose members compare equal to their value."""

    def __str__(self) -> str:  # pragma: no cover - trivial
        return str(self.value)

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(m.value for m in cls)


class MentionLabel(_Labels):
    INTERVENTION = "INTERVENTION"
    CONDITION = "CONDITION"
    QUANTITY = "QUANTITY"
    HEDGE = "HEDGE"
    NEGATION = "NEGATION"
    ABBREVIATION = "ABBREVIATION"


class Certainty(_Labels):
    ASSERTED = "asserted"
    HEDGED = "hedged"
    NEGATED = "negated"


class ClaimType(_Labels):
    EFFICACY = "efficacy"
    SAFETY = "safety"
    DOSING = "dosing"
    COST = "cost"
    MECHANISM = "mechanism"
    INDICATION = "indication"
    EPIDEMIOLOGY = "epidemiology"
    RECOMMENDATION = "recommendation"
    COMPOSITION = "composition"
    STUDY_DESIGN = "study_design"
    OTHER = "other"


class Strength(_Labels):
    """Causal-language strength of a claim (Yu, Li and Wang 2019)."""

    DIRECT_CAUSAL = "direct_causal"
    CONDITIONAL_CAUSAL = "conditional_causal"
    CORRELATIONAL = "correlational"
    NONE = "none"


class QuantityKind(_Labels):
    PERCENTAGE = "percentage"
    COUNT = "count"
    SAMPLE_SIZE = "sample_size"
    P_VALUE = "p_value"
    EFFECT_SIZE = "effect_size"
    RATIO = "ratio"
    CI = "ci"
    DOSE = "dose"
    DURATION = "duration"
    FREQUENCY = "frequency"
    AGE = "age"
    COST = "cost"
    CONCENTRATION = "concentration"
    MEASUREMENT = "measurement"
    OTHER = "other"


class Qualifier(_Labels):
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    APPROX = "~"
    UP_TO = "up to"


class UnitKind(_Labels):
    """Structural kind of a text unit produced by the chunker."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"
    SENTENCE = "sentence"


class AttributionSource(_Labels):
    """Where a claim's intervention or condition was found."""

    TEXT = "text"
    HEADING = "heading"
    LIST_HEADER = "list_header"
    TABLE = "table"
    PREVIOUS_SENTENCE = "previous_sentence"
    DOCUMENT = "document"


class ErrorStage(_Labels):
    DISCOVER = "discover"
    READ = "read"
    DECODE = "decode"
    PARSE = "parse"
    PROCESS = "process"
    WRITE = "write"


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    nullable: bool
    doc: str


@dataclass(frozen=True)
class Table:
    name: str
    doc: str
    columns: tuple[Column, ...]

    @property
    def schema(self) -> pa.Schema:
        fields = [pa.field(c.name, c.type, nullable=c.nullable) for c in self.columns]
        return pa.schema(fields, metadata={
            b"claimnlp.schema_version": SCHEMA_VERSION.encode(),
            b"claimnlp.table": self.name.encode(),
        })

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


_S, _I, _F = pa.string(), pa.int64(), pa.float64()
_PV = Column("pipeline_version", _S, False, "claimnlp version and rules/model hash that produced the row.")

DOCUMENTS = Table("documents", "One row per input document.", (
    Column("doc_id", _S, False, "Stable id: first 16 hex digits of the SHA-256 of `text`."),
    Column("source", _S, False, "Path or URL as given (for JSONL: `path#line` unless the record has `url`)."),
    Column("title", _S, True, "Title: first heading, HTML <title>, or the JSONL `title` field."),
    Column("text", _S, False, "The exact string every offset indexes into (file content for .txt/.md; extracted text for HTML)."),
    Column("format", _S, False, "Input format: txt, md, html or jsonl."),
    Column("sha256", _S, False, "SHA-256 (hex) of `text` encoded as UTF-8."),
    Column("n_chars", _I, False, "len(text) in Python characters."),
    Column("encoding", _S, True, "Encoding the input bytes were decoded from: utf-8, utf-16(-le/-be), utf-32, cp1252, latin-1 or another detected code page; utf-8-replace when a few invalid bytes were replaced by U+FFFD (offsets then index the repaired text); null for raw strings."),
    _PV,
))

CLAIMS = Table("claims", "One row per claim unit and intervention-condition pair.", (
    Column("claim_id", _S, False, "Stable id hashed from doc_id, offsets and the pair."),
    Column("doc_id", _S, False, "Document the claim is in."),
    Column("start", _I, False, "Start character offset (inclusive) in documents.text."),
    Column("end", _I, False, "End character offset (exclusive) in documents.text."),
    Column("text", _S, False, "documents.text[start:end]."),
    Column("unit_kind", _S, False, "Structural kind of the unit: sentence, list_item, table_row, paragraph."),
    Column("section", _S, True, "Heading path, ' > '-joined, of the section the unit is in."),
    Column("claim_type", _S, False, f"One of: {', '.join(ClaimType.values())}."),
    Column("certainty", _S, False, f"One of: {', '.join(Certainty.values())} (negated wins over hedged)."),
    Column("strength", _S, True, f"Causal-language strength: {', '.join(Strength.values())}."),
    Column("intervention", _S, True, "Intervention surface form as written (null when absent)."),
    Column("intervention_id", _S, True, "Normalized id (MESH:D..., CN:...) or null when unnormalized."),
    Column("intervention_name", _S, True, "Preferred name of the intervention concept."),
    Column("intervention_start", _I, True, "Offset of the intervention span (may lie outside the claim, see intervention_source)."),
    Column("intervention_end", _I, True, "End offset of the intervention span."),
    Column("intervention_source", _S, True, f"Where the intervention came from: {', '.join(AttributionSource.values())}."),
    Column("condition", _S, True, "Condition surface form as written (null when absent)."),
    Column("condition_id", _S, True, "Normalized id (MESH:D..., CN:...) or null when unnormalized."),
    Column("condition_name", _S, True, "Preferred name of the condition concept."),
    Column("condition_start", _I, True, "Offset of the condition span."),
    Column("condition_end", _I, True, "End offset of the condition span."),
    Column("condition_source", _S, True, f"Where the condition came from: {', '.join(AttributionSource.values())}."),
    Column("outcome", _S, True, "The measure or effect claimed, as written."),
    Column("population", _S, True, "Population the claim is about, as written."),
    Column("comparator", _S, True, "Comparator (placebo, conventional therapy) as written."),
    Column("n_quantities", _I, False, "Number of QUANTITY mentions linked to this claim (see mentions.claim_id)."),
    _PV,
))

MENTIONS = Table("mentions", "One row per span found (entities, quantities, cues).", (
    Column("mention_id", _S, False, "Stable id hashed from doc_id, label and offsets."),
    Column("doc_id", _S, False, "Document the mention is in."),
    Column("claim_id", _S, True, "Claim row the mention belongs to (first pair of its unit), null outside claims."),
    Column("label", _S, False, f"One of: {', '.join(MentionLabel.values())}."),
    Column("start", _I, False, "Start character offset in documents.text."),
    Column("end", _I, False, "End character offset (exclusive)."),
    Column("text", _S, False, "documents.text[start:end]."),
    Column("norm_id", _S, True, "Normalized concept id (MESH:D..., CN:...) for entities; cue category for cues."),
    Column("norm_name", _S, True, "Preferred name for entities; cue rule literal for cues."),
    Column("value", _F, True, "Quantity point value."),
    Column("low", _F, True, "Quantity range lower bound (or CI lower bound)."),
    Column("high", _F, True, "Quantity range upper bound."),
    Column("unit", _S, True, "Quantity unit: UCUM code, ISO 4217 for money, '1' for counts/scores/ratios."),
    Column("kind", _S, True, f"Quantity kind: {', '.join(QuantityKind.values())}."),
    Column("qualifier", _S, True, f"Quantity qualifier: {', '.join(Qualifier.values())}."),
    Column("source", _S, True, "What found it: lexicon, ner, abbreviation, rule."),
    _PV,
))

ERRORS = Table("errors", "One row per input (or part of one) that could not be processed.", (
    Column("doc_id", _S, True, "Document id when the text could be read."),
    Column("source", _S, False, "Path or URL as given."),
    Column("stage", _S, False, f"Where it failed: {', '.join(ErrorStage.values())}."),
    Column("error_type", _S, False, "Short machine-readable error class (e.g. binary_content, empty, invalid_json)."),
    Column("message", _S, False, "Human-readable explanation."),
    _PV,
))

TABLES: dict[str, Table] = {t.name: t for t in (DOCUMENTS, CLAIMS, MENTIONS, ERRORS)}


def render_markdown() -> str:
    """Render the schema documentation (docs/SCHEMA.md) from the declarations."""
    out = [
        "# claimnlp output schema",
        "",
        f"Schema version **{SCHEMA_VERSION}** (stored in each parquet file's metadata under "
        "`claimnlp.schema_version`). Generated by `python -m claimnlp.schema`; do not edit by hand.",
        "",
        "Offsets are end-exclusive Python string indices into `documents.text`; for every row "
        "`text == documents.text[start:end]`.",
        "",
    ]
    for t in TABLES.values():
        out += [f"## `{t.name}`", "", t.doc, "", "| column | type | nullable | meaning |", "|---|---|---|---|"]
        for c in t.columns:
            out.append(f"| `{c.name}` | {c.type} | {'yes' if c.nullable else 'no'} | {c.doc} |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    print(render_markdown())
