"""``claimnlp.extract``: paths and raw strings in, DataFrames out (same code path as the CLI)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import claimnlp
from claimnlp.api import as_inputs, is_text
from claimnlp.model import Document
from claimnlp.schema import TABLES
from fake_processor import FakeProcessor


@pytest.mark.parametrize(("value", "expected"), [
    ("Zinc may shorten colds.", True),            # has spaces, not a path
    ("one\ntwo", True),                           # newlines: always text
    ("notes.txt", False),                         # one token: a (missing) path, reported as not_found
    ("data/none/such/folder", False),
    ("", False),
])
def test_is_text(value: str, expected: bool) -> None:
    assert is_text(value) is expected


def test_existing_path_with_spaces_is_a_path(tmp_path: Path) -> None:
    p = tmp_path / "my notes.txt"
    p.write_text("Ginger eases nausea.")
    assert is_text(str(p)) is False
    assert as_inputs([str(p)]) == [str(p)]


def test_extract_mixes_paths_and_strings(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Aspirin thins Blood.", encoding="utf-8")
    t = claimnlp.extract([str(tmp_path / "a.txt"), "Zinc may shorten Colds. Ginger eases Nausea.",
                          "Zinc may shorten Colds. Ginger eases Nausea.", "missing.txt"],
                         processor=FakeProcessor())
    assert len(t.documents) == 2 and len(t.claims) == 3
    assert sorted(t.documents["source"]) == sorted([str(tmp_path / "a.txt"), "<string 1>"])
    errs = t.errors.set_index("source")
    assert errs.loc["<string 2>", "error_type"] == "duplicate_content"
    assert errs.loc["missing.txt", "stage"] == "discover"
    for name in TABLES:
        df = getattr(t, name)
        assert list(df.columns) == list(TABLES[name].names)
    assert str(t.claims["start"].dtype) == "Int64" and str(t.documents["text"].dtype).startswith("string")
    assert t.summary is not None and t.summary.processed == 2
    docs, claims, mentions, errors = t
    assert docs is t.documents and errors is t.errors


def test_extract_into_out_is_incremental(tmp_path: Path) -> None:
    doc = Document.from_text("Melatonin helps Jet lag.", source="mem", format="txt")
    proc = FakeProcessor()
    t1 = claimnlp.extract(doc, out=tmp_path / "o", processor=proc)
    t2 = claimnlp.extract([doc], out=tmp_path / "o", processor=proc)
    assert proc.docs_seen == 1 and t2.summary is not None and t2.summary.skipped == 1
    pd.testing.assert_frame_equal(t1.claims, t2.claims)
    assert len(pd.read_parquet(tmp_path / "o" / "claims")) == len(t1.claims)


def test_extract_rejects_other_types() -> None:
    with pytest.raises(TypeError):
        claimnlp.extract([42], processor=FakeProcessor())  # type: ignore[list-item]
