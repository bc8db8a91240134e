"""The Python API: ``claimnlp.extract([...])`` -> pandas DataFrames.

The API, the CLI (``claimnlp extract``) and the Prefect flow all go through
:func:`claimnlp.runner.run`; the API runs it into ``out`` (or a temporary
folder) and reads the tables back, so notebooks see exactly what the CLI writes.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from claimnlp import runner, store
from claimnlp.model import Document
from claimnlp.schema import TABLES

logger = logging.getLogger(__name__)

#: Stable row order of each table (ids are content hashes, so this is deterministic).
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id",),
    "claims": ("doc_id", "start", "end", "claim_id"),
    "mentions": ("doc_id", "start", "end", "label", "mention_id"),
    "errors": ("source", "stage", "error_type", "doc_id", "message"),
}

_PANDAS_TYPES = {pa.int64(): pd.Int64Dtype(), pa.float64(): pd.Float64Dtype(), pa.string(): pd.StringDtype()}


@dataclass
class Tables:
    """The output tables as pandas DataFrames (nullable dtypes, stable row order)."""

    documents: pd.DataFrame
    claims: pd.DataFrame
    mentions: pd.DataFrame
    errors: pd.DataFrame
    summary: runner.RunSummary | None = field(default=None, repr=False)

    def __iter__(self) -> Any:
        return iter((self.documents, self.claims, self.mentions, self.errors))


def is_text(value: str) -> bool:
    """True when ``value`` is raw text rather than a path.

    A string is text when it is not an existing path and contains whitespace
    (a space, tab or newline); a single token that does not exist is treated as
    a missing path, so typos produce a ``not_found`` error row.
    """
    if any(c in value for c in "\n\r"):
        return True
    try:
        if Path(value).exists():
            return False
    except (OSError, ValueError):
        return True
    return any(c.isspace() for c in value)


def _to_document(text: str, index: int) -> Document:
    source = f"<string {index}>"
    try:
        from claimnlp.ingest import document_from_string
    except ImportError:
        return Document.from_text(text, source=source, format="txt")
    return document_from_string(text, source=source)


def as_inputs(inputs: str | os.PathLike[str] | Document | Iterable[str | os.PathLike[str] | Document]
              ) -> list[str | Document]:
    """Normalize API inputs: paths stay strings, raw text becomes Documents."""
    if isinstance(inputs, (str, os.PathLike, Document)):
        inputs = [inputs]
    out: list[str | Document] = []
    for i, item in enumerate(inputs):
        if isinstance(item, Document):
            out.append(item)
        elif isinstance(item, os.PathLike):
            out.append(os.fspath(item))
        elif isinstance(item, str):
            out.append(_to_document(item, i) if is_text(item) else item)
        else:
            raise TypeError(f"input {i} is neither a path, a string nor a Document: {type(item).__name__}")
    return out


def to_pandas(table: pa.Table, name: str) -> pd.DataFrame:
    """Arrow table -> DataFrame with nullable dtypes, sorted by :data:`SORT_KEYS`."""
    df = table.to_pandas(types_mapper=_PANDAS_TYPES.get)
    df = df[list(TABLES[name].names)]
    if len(df):
        df = df.sort_values(list(SORT_KEYS[name]), kind="stable", na_position="first").reset_index(drop=True)
    return df


def read_tables(out: str | os.PathLike[str]) -> Tables:
    """Read the four tables of an output folder (following its manifest)."""
    frames = {name: to_pandas(store.read_table(out, name), name) for name in TABLES}
    return Tables(**frames)


def extract(inputs: str | os.PathLike[str] | Document | Sequence[str | os.PathLike[str] | Document], *,
            out: str | os.PathLike[str] | None = None, batch_size: int = 32, prune: bool = False,
            processor: Any = None, progress: Any = False, max_bytes: int | None = None,
            executor: Any = None) -> Tables:
    """Extract claims from paths and/or raw strings.

    Parameters
    ----------
    inputs:
        Files, folders, raw text strings or Documents (one or a list).
    out:
        Keep the output folder here (incremental on re-runs); default: a
        temporary folder removed afterwards.
    batch_size, prune, processor, progress, max_bytes, executor:
        As in :func:`claimnlp.runner.run`.

    Returns
    -------
    Tables
        ``documents``, ``claims``, ``mentions``, ``errors`` DataFrames and the
        run ``summary``.
    """
    items = as_inputs(inputs)
    kw = dict(batch_size=batch_size, prune=prune, processor=processor, progress=progress,
              max_bytes=max_bytes, executor=executor)
    if out is not None:
        summary = runner.run(items, out, **kw)
        tables = read_tables(out)
    else:
        with tempfile.TemporaryDirectory(prefix="claimnlp-") as tmp:
            summary = runner.run(items, tmp, **kw)
            tables = read_tables(tmp)
    tables.summary = summary
    return tables
