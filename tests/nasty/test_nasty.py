"""read_inputs on a generated corpus of nasty inputs gives the expected Document / IngestError for each."""
from __future__ import annotations

import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from claimnlp.chunk import chunk_blocks, units
from claimnlp.ingest import read_inputs, read_path
from claimnlp.model import Document, IngestError

sys.path.insert(0, str(Path(__file__).parent))
from make_corpus import make_corpus, outcome  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]], list[object]]:
    root = tmp_path_factory.mktemp("nasty")
    expected = make_corpus(root)
    items = list(read_inputs([str(root)]))
    return root, expected, items


def _rel(root: Path, source: str) -> str:
    path = source.split("#", 1)[0] if source.startswith(str(root)) else source
    return os.path.relpath(path, root)


def test_corpus_is_big_enough(corpus: tuple[Path, dict[str, list[str]], list[object]]) -> None:
    _, expected, _ = corpus
    assert len(expected) >= 25


def test_every_input_gives_the_expected_outcomes(corpus: tuple[Path, dict[str, list[str]], list[object]]) -> None:
    root, expected, items = corpus
    got: dict[str, list[str]] = defaultdict(list)
    for item in items:
        assert isinstance(item, (Document, IngestError))
        src = item.source
        key = "18_broken.jsonl" if src == "https://example.org/x" else _rel(root, src)
        got[key].append(outcome(item))
    assert dict(got) == expected


def test_documents_keep_exact_offsets_and_specific_content(corpus: tuple[Path, dict[str, list[str]], list[object]]) -> None:
    root, _, items = corpus
    docs = {_rel(root, d.source): d for d in items if isinstance(d, Document) and d.source.startswith(str(root))}
    for rel in ("09_utf8_bom.md", "10_nul_control.txt", "22_mixed_newlines.md", "13_long_line.txt"):
        assert docs[rel].text == (root / rel).read_bytes().decode("utf-8")
    assert docs["09_utf8_bom.md"].text.startswith("\ufeff# Iron") and docs["09_utf8_bom.md"].title == "Iron"
    assert "\x00" in docs["10_nul_control.txt"].text
    assert docs["07_cp1252.txt"].text.startswith("Caf\u00e9 clinic \u201cpromises\u201d")
    assert "deep" in docs["14_deep.html"].text and "top" in docs["14_deep.html"].text
    scripts = docs["16_scripts.html"]
    assert scripts.title == "Iron & You" and scripts.text == "Iron <works> \u00e9"
    assert "passwd" not in docs["28_xxe.html"].text and "root:" not in docs["28_xxe.html"].text
    assert docs["24_dup_a.txt"].doc_id == docs["25_dup_b.txt"].doc_id
    assert docs["35_utf16le_nobom.txt"].text.startswith("Plain text about flu shots")


def test_every_document_chunks_cleanly(corpus: tuple[Path, dict[str, list[str]], list[object]]) -> None:
    _, _, items = corpus
    for d in items:
        if not isinstance(d, Document):
            continue
        t0 = time.perf_counter()
        blocks = chunk_blocks(d.text, d.format)
        us = units(d.text, blocks)
        assert time.perf_counter() - t0 < 5
        for u in us:
            span = d.text[u.start:u.end]
            assert span and span == span.strip() and len(span) <= 2000


def test_unreadable_file_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # tests run as root, where chmod 000 does not stop reading: simulate the EACCES
    p = tmp_path / "locked.txt"
    p.write_text("text")
    real_open = open

    def fake_open(path, *a, **k):  # type: ignore[no-untyped-def]
        if str(path) == str(p):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **k)

    monkeypatch.setattr("builtins.open", fake_open)
    got = [outcome(i) for i in read_inputs([str(tmp_path)])]
    assert got == ["err:read:permission_denied"]


def test_file_disappearing_during_the_run(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"Contents of {name}.")
    it = read_inputs([str(tmp_path)])
    first = next(it)
    assert isinstance(first, Document)
    (tmp_path / "b.txt").unlink()
    rest = [outcome(i) for i in it]
    # depending on whether the folder walk or the reader notices first
    assert rest in (["err:discover:not_found", "doc:txt:utf-8"], ["err:read:not_found", "doc:txt:utf-8"])


def test_huge_file_with_smaller_limit_and_streaming_jsonl(tmp_path: Path) -> None:
    p = tmp_path / "many.jsonl"
    with open(p, "w", encoding="utf-8") as f:
        for i in range(2000):
            f.write('{"text": "Record %d about dosing.", "id": %d}\n' % (i, i))
    it = read_path(str(p), max_bytes=100)
    first = next(it)
    assert isinstance(first, Document) and first.source.endswith("#0")
    assert sum(1 for _ in it) == 1999
