"""The store's files: dataset layout, schema, manifest, atomicity and recovery, path safety."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from claimnlp import runner, store
from claimnlp.api import read_tables
from claimnlp.schema import SCHEMA_VERSION, TABLES
from fake_processor import FakeProcessor

DOCS = {
    "a.txt": "Zinc may shorten Colds. Adults took Zinc daily.",
    "b.md": "# Sleep\nMelatonin helps Jet lag.",
    "sub/c.txt": "Ginger eases Nausea. It is cheap.",
    "sub/d.txt": "Statins lower Cholesterol.",
    "e.txt": "Vitamin D may reduce Falls.",
}


@pytest.fixture()
def corpus(tmp_path: Path, write_tree: Any) -> Path:
    return write_tree(tmp_path / "in", DOCS)


def _run(inp: Path, out: Path, pv: str = "fake-1", **kw: object) -> runner.RunSummary:
    return runner.run([str(inp)], out, batch_size=2, processor=FakeProcessor(pv), progress=False, **kw)


def test_dataset_readable_by_pyarrow_pandas_duckdb(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(corpus, out)
    t = read_tables(out)
    assert len(t.documents) == 5 and len(t.claims) > 5 and len(t.mentions) > 5
    for name in TABLES:
        folder = out / name
        parts = sorted(folder.iterdir())
        assert parts and all(p.name.startswith("part-") and p.suffix == ".parquet" for p in parts)
        dset = ds.dataset(folder, format="parquet")
        assert dset.count_rows() == len(getattr(t, name))
        assert len(pd.read_parquet(folder)) == len(getattr(t, name))
        n = duckdb.sql(f"select count(*) from read_parquet('{folder}/*.parquet')").fetchall()[0][0]
        assert n == len(getattr(t, name))


def test_every_file_has_the_declared_schema_and_versions(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(corpus, out)
    for name, table in TABLES.items():
        for f in (out / name).glob("*.parquet"):
            schema = pq.read_schema(f)
            assert schema.names == list(table.names)
            assert [fld.type for fld in schema] == [c.type for c in table.columns]
            assert [fld.nullable for fld in schema] == [c.nullable for c in table.columns]
            assert schema.metadata[b"claimnlp.schema_version"] == SCHEMA_VERSION.encode()
            assert schema.metadata[b"claimnlp.table"] == name.encode()
            assert schema.metadata[b"claimnlp.pipeline_version"] == b"fake-1"
    m = json.loads((out / "_manifest.json").read_text())
    assert m["schema_version"] == SCHEMA_VERSION and m["pipeline_version"] == "fake-1"
    docs = {k: v for k, v in m["entries"].items() if v["kind"] == "doc"}
    assert len(docs) == 5
    for key, meta in docs.items():
        assert key == f"doc:{meta['doc_id']}" and len(meta["sha256"]) == 64 and meta["pipeline_version"] == "fake-1"
        assert meta["part"] in m["parts"]
    listed = {f"{p}.parquet" for p in m["parts"]}
    for name in TABLES:
        assert {f.name for f in (out / name).iterdir()} == listed


def test_parts_have_deterministic_names(corpus: Path, tmp_path: Path) -> None:
    _run(corpus, tmp_path / "o1")
    _run(corpus, tmp_path / "o2")
    assert sorted(os.listdir(tmp_path / "o1" / "claims")) == sorted(os.listdir(tmp_path / "o2" / "claims"))


def test_empty_run_still_gives_readable_empty_tables(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    s = _run(tmp_path / "in", tmp_path / "out")
    assert not s.ok
    for name in TABLES:
        df = pd.read_parquet(tmp_path / "out" / name)
        assert len(df) == 0 and list(df.columns) == list(TABLES[name].names)


def test_orphans_and_temp_files_are_removed_on_open(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(corpus, out)
    before = read_tables(out)
    some = next((out / "claims").glob("*.parquet"))
    for name in TABLES:  # a part written by a killed run, never committed
        (out / name / "part-0123456789abcdef.parquet").write_bytes((out / name / some.name).read_bytes())
    (out / "claims" / ".tmp-part-x.123").write_bytes(b"half a parquet file")
    assert store.read_table(out, "claims").num_rows == len(before.claims)  # manifest ignores the orphan
    assert len(pd.read_parquet(out / "claims")) > len(before.claims)  # a plain reader would not
    with store.Store(out):
        pass
    assert not list(out.rglob("part-0123456789abcdef.parquet")) and not list(out.rglob(".tmp-*"))
    assert len(pd.read_parquet(out / "claims")) == len(before.claims)


def _entry(key: str, doc: str, version: str, n_claims: int) -> store.Entry:
    proc = FakeProcessor(version)
    from claimnlp.model import Document

    d = Document.from_text(doc, source=key, format="txt")
    res = proc.process([d])[0]
    meta = {"kind": "doc", "doc_id": d.doc_id, "source": key, "pipeline_version": version, "version": version}
    rows = {"documents": [res.document], "claims": res.claims[:n_claims], "mentions": [], "errors": []}
    return store.Entry(key=f"doc:{d.doc_id}", meta=meta, rows=rows)


def test_superseded_rows_are_hidden_by_manifest_and_compacted_on_open(tmp_path: Path) -> None:
    out = tmp_path / "out"
    a = _entry("a", "Alpha one. Alpha two.", "v1", 2)
    b = _entry("b", "Beta one. Beta two. Beta three.", "v1", 3)
    b2 = _entry("b", "Beta one. Beta two. Beta three.", "v2", 3)
    with store.Store(out) as st:
        st.commit([store.write_part(out, [a, b], "v1")])
        st.commit([store.write_part(out, [b2], "v2")])  # killed before finalize: b's v1 rows still on disk
    exact = store.read_table(out, "claims")
    assert exact.num_rows == 5
    assert sorted(set(exact.column("pipeline_version").to_pylist())) == ["v1", "v2"]
    with store.Store(out) as st:  # recovery compacts the part holding b@v1
        assert st.totals()["claims"] == 5
    assert len(pd.read_parquet(out / "claims")) == 5
    assert len(list((out / "claims").glob("*.parquet"))) == 2


def test_writer_lock_rejects_a_second_writer(tmp_path: Path) -> None:
    with store.Store(tmp_path / "out"):
        with pytest.raises(store.StoreError, match="another run"):
            store.Store(tmp_path / "out").open()


@pytest.mark.parametrize("bad", ["../evil", "part-../../x", "part-0123456789ABCDEF", "part-123"])
def test_part_names_cannot_escape(bad: str, tmp_path: Path) -> None:
    with pytest.raises(store.StoreError):
        store._part_path(tmp_path, "claims", bad)


def test_symlinked_table_folder_is_refused(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "claims").symlink_to(elsewhere)
    with pytest.raises(store.StoreError):
        store.Store(out).open()


def test_out_must_be_a_folder(tmp_path: Path) -> None:
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(store.StoreError):
        store.Store(f)


def test_rows_must_match_schema_exactly() -> None:
    with pytest.raises(store.SchemaMismatch):
        store.rows_to_table("errors", [{"source": "x"}])


def test_schema_mismatch_from_processor_becomes_an_error_row(corpus: Path, tmp_path: Path) -> None:
    class Broken(FakeProcessor):
        def process(self, docs):  # type: ignore[no-untyped-def]
            res = super().process(docs)
            for r in res:
                if r.document is not None:
                    r.document["surprise"] = 1
            return res

    s = runner.run([str(corpus)], tmp_path / "out", processor=Broken(), progress=False)
    t = read_tables(tmp_path / "out")
    assert len(t.documents) == 0 and s.failed == 5
    assert set(t.errors["error_type"]) == {"schema_mismatch"} and set(t.errors["stage"]) == {"write"}


def test_schema_version_change_rebuilds(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(corpus, out)
    m = json.loads((out / "_manifest.json").read_text())
    m["schema_version"] = "0.0.1"
    (out / "_manifest.json").write_text(json.dumps(m))
    s = _run(corpus, out)
    assert s.processed == 5 and s.skipped == 0
    assert len(pd.read_parquet(out / "documents")) == 5


def test_second_run_is_much_cheaper(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    p1, p2 = FakeProcessor(), FakeProcessor()
    runner.run([str(corpus)], out, processor=p1, progress=False)
    runner.run([str(corpus)], out, processor=p2, progress=False)
    assert p1.docs_seen == 5 and p2.docs_seen == 0 and p2.calls == 0


def test_progress_snapshots_and_summary(corpus: Path, tmp_path: Path) -> None:
    snaps: list[runner.Progress] = []
    s = runner.run([str(corpus)], tmp_path / "out", batch_size=2, processor=FakeProcessor(), progress=snaps.append,
                   progress_every=0.0)
    assert len(snaps) >= 3  # one per committed batch, and a final one
    last = snaps[-1]
    assert last.docs_done == 5 and last.docs_seen == 5 and last.words_done == s.words > 0
    assert last.bytes_total == sum(len(t.encode()) for t in DOCS.values()) and last.eta_s == 0.0
    assert "docs processed" in last.line() and "words/s" in last.line() and "ETA" in last.line()
    assert s.ok and s.processed == 5 and s.claims == len(read_tables(tmp_path / "out").claims)
    assert "5 processed" in s.line()


def test_rerun_over_only_failed_documents_still_reports_nothing_processed(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "bad.txt").write_text("This will FAIL.", encoding="utf-8")
    s1 = _run(inp, tmp_path / "out")
    s2 = _run(inp, tmp_path / "out")
    assert not s1.ok and s1.failed == 1
    assert not s2.ok and s2.skipped == 1 and s2.skipped_failed == 1 and "1 failed" in s2.line()
