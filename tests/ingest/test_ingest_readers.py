"""discover / read_path / read_inputs / document_from_string."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from claimnlp.ingest import discover, document_from_string, read_inputs, read_path
from claimnlp.model import Document, IngestError, doc_id_for


def _w(p: Path, data: bytes | str) -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def _one(path: Path, **kw: int) -> Document | IngestError:
    items = list(read_path(str(path), **kw))
    assert len(items) == 1
    return items[0]


# ---------------------------------------------------------------- discover

def test_discover_is_recursive_sorted_and_filters_extensions(tmp_path: Path) -> None:
    for name in ["b.txt", "a.md", "c.markdown", "d.html", "e.HTM", "f.jsonl", "g.pdf", "h.csv", "z/y.txt",
                 "z/a/x.txt", "m/n.txt"]:
        _w(tmp_path / name, "x")
    got = [os.path.relpath(p, tmp_path) for p in discover([str(tmp_path)])]  # type: ignore[arg-type]
    assert got == ["a.md", "b.txt", "c.markdown", "d.html", "e.HTM", "f.jsonl", "m/n.txt", "z/y.txt", "z/a/x.txt"]


def test_explicit_file_with_other_extension_is_kept(tmp_path: Path) -> None:
    p = _w(tmp_path / "notes.log", "Some text.")
    assert list(discover([str(p)])) == [str(p)]
    doc = _one(p)
    assert isinstance(doc, Document) and doc.format == "txt"


def test_explicit_html_without_extension_is_sniffed(tmp_path: Path) -> None:
    p = _w(tmp_path / "page", "<!DOCTYPE html><html><body><p>Hi there.</p></body></html>")
    doc = _one(p)
    assert isinstance(doc, Document) and doc.format == "html" and doc.text == "Hi there."


def test_discover_errors_are_rows(tmp_path: Path) -> None:
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "broken.txt")
    os.symlink(tmp_path / "self.txt", tmp_path / "self.txt")
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    items = list(discover([str(tmp_path), str(tmp_path / "missing.md"), str(tmp_path / "broken.txt")]))
    errs = {(os.path.basename(e.source), e.error_type) for e in items if isinstance(e, IngestError)}
    assert ("broken.txt", "broken_symlink") in errs
    assert ("self.txt", "symlink_loop") in errs
    assert ("loop", "symlink_loop") in errs
    assert ("missing.md", "not_found") in errs
    assert all(e.stage == "discover" for e in items if isinstance(e, IngestError))


def test_unreadable_folder_is_an_error_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _w(tmp_path / "locked" / "a.txt", "x")
    real = os.scandir

    def fake_scandir(path):  # type: ignore[no-untyped-def]
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", fake_scandir)
    items = list(discover([str(tmp_path)]))
    assert [(os.path.basename(e.source), e.error_type) for e in items if isinstance(e, IngestError)] == [
        ("locked", "permission_denied")]


def test_same_file_twice_is_read_once_but_same_content_under_two_names_twice(tmp_path: Path) -> None:
    a = _w(tmp_path / "a.txt", "Same content.")
    _w(tmp_path / "b.txt", "Same content.")
    docs = list(read_inputs([str(a), str(tmp_path)]))
    assert [os.path.basename(d.source) for d in docs] == ["a.txt", "b.txt"]
    assert docs[0].doc_id == docs[1].doc_id  # type: ignore[union-attr]


def test_discover_accepts_a_single_string(tmp_path: Path) -> None:
    p = _w(tmp_path / "a.txt", "x")
    assert list(discover(str(p))) == [str(p)]  # type: ignore[arg-type]


# ---------------------------------------------------------------- read_path: txt/md

def test_txt_offsets_equal_file_offsets(tmp_path: Path) -> None:
    raw = "\ufeffZinc and Colds\r\n\r\nZinc may shorten colds.\u00a0 \n".encode("utf-8")
    p = _w(tmp_path / "a.txt", raw)
    doc = _one(p)
    assert isinstance(doc, Document)
    assert doc.text == p.read_bytes().decode("utf-8")
    assert doc.doc_id == doc_id_for(doc.text) and doc.encoding == "utf-8" and doc.format == "txt"
    assert doc.title == "Zinc and Colds" and doc.source == str(p)


@pytest.mark.parametrize("content,title", [
    ("# Markdown Title\n\nBody.", "Markdown Title"),
    ("Select Page\n\nShort First Line\n\nBody text here.", "Short First Line"),
    ("A first paragraph that is short.\n\nMore.", "A first paragraph that is short."),
    ("x" * 130 + " long first line.\n\nMore.", None),
])
def test_titles(tmp_path: Path, content: str, title: str | None) -> None:
    doc = _one(_w(tmp_path / "a.md", content))
    assert isinstance(doc, Document) and doc.format == "md" and doc.title == title


@pytest.mark.parametrize("data,etype,stage", [
    (b"", "empty", "read"),
    (b"  \n\t\r\n \xc2\xa0 ", "empty", "read"),
    (b"\xef\xbb\xbf\n", "empty", "read"),
    (b"%PDF-1.4 binary", "binary_content", "decode"),
    (b"\x89PNG\r\n\x1a\nrest", "binary_content", "decode"),
])
def test_error_rows(tmp_path: Path, data: bytes, etype: str, stage: str) -> None:
    err = _one(_w(tmp_path / "x.txt", data))
    assert isinstance(err, IngestError) and err.error_type == etype and err.stage == stage


def test_too_large_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = _w(tmp_path / "big.txt", "a" * 1000)

    def no_open(*a, **k):  # type: ignore[no-untyped-def]
        raise AssertionError("file must not be opened")

    monkeypatch.setattr("builtins.open", no_open)
    err = _one(p, max_bytes=999)
    assert isinstance(err, IngestError) and err.error_type == "too_large" and err.stage == "read"


def test_unreadable_file_is_an_error_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = _w(tmp_path / "a.txt", "text")
    real_open = open

    def fake_open(path, *a, **k):  # type: ignore[no-untyped-def]
        if str(path) == str(p):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *a, **k)

    monkeypatch.setattr("builtins.open", fake_open)
    err = _one(p)
    assert isinstance(err, IngestError) and err.error_type == "permission_denied" and err.stage == "read"


def test_missing_file_and_directory(tmp_path: Path) -> None:
    err = _one(tmp_path / "gone.txt")
    assert isinstance(err, IngestError) and err.error_type == "not_found"
    err = _one(tmp_path)
    assert isinstance(err, IngestError) and err.error_type == "is_directory"


def test_cp1252_file(tmp_path: Path) -> None:
    doc = _one(_w(tmp_path / "a.txt", "Caf\u00e9 \u201csmart\u201d quotes \u2013 fine.".encode("cp1252")))
    assert isinstance(doc, Document) and doc.encoding == "cp1252" and doc.text == "Caf\u00e9 \u201csmart\u201d quotes \u2013 fine."


def test_html_file(tmp_path: Path) -> None:
    doc = _one(_w(tmp_path / "p.html", "<html><head><title>T</title></head><body><h1>H</h1><p>Body.</p></body></html>"))
    assert isinstance(doc, Document) and doc.format == "html" and doc.title == "T" and doc.text == "# H\n\nBody."


def test_html_without_visible_text_is_empty(tmp_path: Path) -> None:
    err = _one(_w(tmp_path / "p.htm", "<html><head><script>x()</script></head><body> </body></html>"))
    assert isinstance(err, IngestError) and err.error_type == "empty"


# ---------------------------------------------------------------- JSONL

def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "First abstract.", "title": "T1"}),
        "{broken json",
        json.dumps({"text": "Second.", "id": "pmid-42"}),
        json.dumps([1, 2]),
        json.dumps({"title": "no text"}),
        "",
        json.dumps({"text": "Third.", "url": "https://example.org/a", "id": 7}),
        json.dumps({"text": "   "}),
        json.dumps({"text": 5}),
    ]
    p = _w(tmp_path / "c.jsonl", "\n".join(lines) + "\n")
    got = [(i.source.replace(str(p), "P"), type(i).__name__, getattr(i, "error_type", getattr(i, "title", None)))
           for i in read_path(str(p))]
    assert got == [
        ("P#L1", "Document", "T1"),
        ("P#L2", "IngestError", "invalid_json"),
        ("P#pmid-42", "Document", None),
        ("P#L4", "IngestError", "invalid_record"),
        ("P#L5", "IngestError", "missing_text"),
        ("https://example.org/a", "Document", None),
        ("P#L8", "IngestError", "empty"),
        ("P#L9", "IngestError", "missing_text"),
    ]
    docs = [d for d in read_path(str(p)) if isinstance(d, Document)]
    assert [d.text for d in docs] == ["First abstract.", "Second.", "Third."]
    assert all(d.format == "jsonl" for d in docs)


def test_jsonl_bom_crlf_and_long_lines(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + json.dumps({"text": "One."}).encode() + b"\r\n" + json.dumps({"text": "x" * 500}).encode() \
        + b"\n" + json.dumps({"text": "Three."}).encode()
    p = _w(tmp_path / "d.jsonl", data)
    got = list(read_path(str(p), max_bytes=100))
    assert isinstance(got[0], Document) and got[0].text == "One."
    assert isinstance(got[1], IngestError) and got[1].error_type == "too_large" and got[1].source.endswith("#L2")
    assert isinstance(got[2], Document) and got[2].text == "Three."


def test_jsonl_empty_and_binary(tmp_path: Path) -> None:
    assert [e.error_type for e in read_path(str(_w(tmp_path / "e.jsonl", "\n\n")))] == ["empty"]  # type: ignore[union-attr]
    assert [e.error_type for e in read_path(str(_w(tmp_path / "g.jsonl", b"\x1f\x8b\x08\x00rest")))] == [  # type: ignore[union-attr]
        "binary_content"]


def test_read_inputs_streams(tmp_path: Path) -> None:
    for i in range(3):
        _w(tmp_path / f"{i}.txt", f"Doc {i}.")
    it = read_inputs([str(tmp_path)])
    first = next(it)
    assert isinstance(first, Document) and first.text == "Doc 0."
    assert [d.text for d in it] == ["Doc 1.", "Doc 2."]  # type: ignore[union-attr]


# ---------------------------------------------------------------- document_from_string

def test_document_from_string_txt_md_html() -> None:
    d = document_from_string("Fever Basics\n\nParacetamol lowers fever.")
    assert d.format == "txt" and d.title == "Fever Basics" and d.source == f"<string:{d.doc_id}>"
    assert d.doc_id == doc_id_for(d.text)
    d = document_from_string("# T\n\nx", source="mem://1", format="markdown")
    assert d.format == "md" and d.source == "mem://1" and d.title == "T"
    d = document_from_string("<title>P</title><p>A &amp; B</p>", format="html")
    assert d.text == "A & B" and d.title == "P" and d.format == "html"
    assert document_from_string("").text == ""


def test_document_from_string_rejects_bad_input() -> None:
    with pytest.raises(TypeError):
        document_from_string(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        document_from_string("x", format="pdf")


def test_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    items = list(read_inputs([str(tmp_path)]))  # must not block
    assert [(type(i).__name__, getattr(i, "error_type", None)) for i in items] == [("IngestError", "not_regular_file")]
