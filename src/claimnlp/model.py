"""Plain data passed between pipeline stages.

Every stage works on these frozen dataclasses; spaCy objects never cross a
module boundary. Offsets are end-exclusive Python ``str`` indices into
``Document.text`` so that every value traces back to a character span.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path


def sha256_text(text: str) -> str:
    """Hex SHA-256 of ``text`` encoded as UTF-8 (surrogates escaped)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def sha256_file(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def doc_id_for(text: str) -> str:
    """Stable document id: the first 16 hex digits of the text's SHA-256."""
    return sha256_text(text)[:16]


def stable_id(*parts: object) -> str:
    """Deterministic 16-hex-digit id hashed from ``parts``."""
    h = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class Document:
    """One input document. ``text`` is what every offset indexes into."""

    doc_id: str
    source: str
    text: str
    format: str  # txt | md | html | jsonl
    title: str | None = None
    encoding: str | None = "utf-8"

    @classmethod
    def from_text(cls, text: str, source: str, format: str, title: str | None = None,
                  encoding: str | None = "utf-8") -> "Document":
        return cls(doc_id=doc_id_for(text), source=source, text=text, format=format,
                   title=title, encoding=encoding)


@dataclass(frozen=True)
class IngestError:
    """An input (or a part of one, e.g. a JSONL line) that could not be read."""

    source: str
    stage: str  # schema.ErrorStage value
    error_type: str
    message: str
    doc_id: str | None = None


@dataclass(frozen=True)
class Block:
    """A structural block: heading, paragraph, list item or table row.

    ``content_start`` skips a bullet/number/heading marker, so
    ``text[content_start:end]`` is the item's content. ``section`` holds the
    indices (into the document's block list) of the headings above it, outermost
    first. ``lead`` is the index of the block that introduces a list or table
    (e.g. "Here are common uses:"), ``header`` the index of a table's header row.
    ``cells`` are the (start, end) spans of a table row's cells.
    """

    kind: str  # schema.UnitKind: heading | paragraph | list_item | table_row
    start: int
    end: int
    content_start: int
    level: int = 0  # heading level (1 = top); 0 for non-headings
    section: tuple[int, ...] = ()
    lead: int | None = None
    header: int | None = None
    cells: tuple[tuple[int, int], ...] = ()
    is_boilerplate: bool = False


@dataclass(frozen=True)
class Unit:
    """A claim candidate: one sentence of a paragraph, or a whole heading, list item or table row."""

    start: int
    end: int
    kind: str  # schema.UnitKind
    block: int  # index of the Block it belongs to


@dataclass(frozen=True)
class Quantity:
    """A number with its meaning. ``value`` for a point, ``low``/``high`` for a range or CI."""

    start: int
    end: int
    text: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str = "1"
    kind: str = "other"  # schema.QuantityKind
    qualifier: str | None = None  # schema.Qualifier


@dataclass(frozen=True)
class Mention:
    """An entity or cue span. ``label`` is a schema.MentionLabel value."""

    label: str
    start: int
    end: int
    text: str
    norm_id: str | None = None
    norm_name: str | None = None
    source: str = "rule"
    quantity: Quantity | None = None
    meta: tuple[tuple[str, str], ...] = field(default=())

    def get(self, key: str, default: str | None = None) -> str | None:
        for k, v in self.meta:
            if k == key:
                return v
        return default
