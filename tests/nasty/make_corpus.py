"""Generate a corpus of nasty inputs (and what ingestion should make of each) into a folder.

usage: python tests/nasty/make_corpus.py OUT_DIR   # writes the files and prints the expectations as JSON

Nothing here is committed data: every file is generated (the 50 MB file is a
sparse file, so it costs no disk or time). Expectations are
``{relative path: [outcome, ...]}`` where an outcome is ``"doc:<format>:<encoding>"``
for a Document or ``"err:<stage>:<error_type>"`` for an IngestError, in the
order ``read_inputs`` yields them.
"""
from __future__ import annotations

import codecs
import gzip
import json
import os
import sys
from pathlib import Path

BIG = 50_000_000
PARA = "Intravenous iron can correct anaemia within weeks. Infusion reactions are rare (about 1 in 200).\n"


def _w(root: Path, rel: str, data: bytes | str) -> None:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def make_corpus(root: Path) -> dict[str, list[str]]:
    """Write the nasty inputs under ``root``; return the expected outcome per relative path."""
    root.mkdir(parents=True, exist_ok=True)
    exp: dict[str, list[str]] = {}

    def add(rel: str, data: bytes | str, *outcomes: str) -> None:
        _w(root, rel, data)
        exp[rel] = list(outcomes)

    add("01_empty.txt", b"", "err:read:empty")
    add("02_whitespace.txt", b" \n\t\r\n\xc2\xa0\n   ", "err:read:empty")
    add("03_pdf_named.txt", b"%PDF-1.5\n%\xb5\xb5\xb5\xb5\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "err:decode:binary_content")
    add("04_png_named.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "err:decode:binary_content")
    add("05_gzip_named.txt", gzip.compress(PARA.encode() * 10), "err:decode:binary_content")
    add("06_invalid_utf8.txt", PARA.encode() + b"broken \xff\xfe\xc3( bytes\n", "doc:txt:cp1252")
    add("07_cp1252.txt", ("Caf\u00e9 clinic \u201cpromises\u201d a cure \u2013 it does not.\n" + PARA).encode("cp1252"),
        "doc:txt:cp1252")
    add("08_utf16_bom.txt", ("Vitamin D \u2013 dosing\n\n" + PARA).encode("utf-16"), "doc:txt:utf-16")
    add("09_utf8_bom.md", codecs.BOM_UTF8 + ("# Iron\n\n" + PARA).encode(), "doc:md:utf-8")
    add("10_nul_control.txt", ("Iron\x00 infusions\x07 help." + PARA).encode(), "doc:txt:utf-8")
    add("11_control_heavy.txt", bytes(range(1, 9)) * 200, "err:decode:binary_content")
    with open(root / "12_huge.txt", "wb") as f:  # sparse: size is checked before reading
        f.truncate(BIG + 1)
    exp["12_huge.txt"] = ["err:read:too_large"]
    add("13_long_line.txt", "word " * 40_000 + "end", "doc:txt:utf-8")
    add("14_deep.html", "<html><body><p>top</p>" + "<div>" * 3000 + "deep" + "</div>" * 3000 + "</body></html>",
        "doc:html:utf-8")
    add("15_malformed.html", "<html><p>unclosed <b>bold <li>item </td></tr> <<>> &nosuch; text</html", "doc:html:utf-8")
    add("16_scripts.html",
        "<html><head><title>Iron &amp; You</title><style>.a{}</style></head><body><script>alert(1)</script>"
        "<p>Iron &lt;works&gt; &eacute;</p><noscript>no</noscript></body></html>", "doc:html:utf-8")
    add("17_script_only.htm", "<html><head><script>x()</script></head><body>  </body></html>", "err:read:empty")
    add("18_broken.jsonl",
        "\n".join([json.dumps({"text": PARA, "id": "a1"}), '{"text": "unterminated', "42",
                   json.dumps({"text": PARA, "url": "https://example.org/x"}), json.dumps({"no_text": 1}),
                   json.dumps({"text": ""})]) + "\n",
        "doc:jsonl:utf-8", "err:parse:invalid_json", "err:parse:invalid_record", "doc:jsonl:utf-8",
        "err:parse:missing_text", "err:read:empty")
    add("19_all_blank.jsonl", "\n\n  \n", "err:read:empty")
    add("20_utf32_bom.txt", ("Zinc lozenges\n\n" + PARA).encode("utf-32"), "doc:txt:utf-32")
    add("21_only_bom.txt", codecs.BOM_UTF8, "err:read:empty")
    add("22_mixed_newlines.md", "# Title\r\n\r\nLine one.\rLine two.\nLine three.\r\n", "doc:md:utf-8")
    add("23_latin1_undefined_cp1252.txt", "na\u00efve ".encode("latin-1") + b"\x81\x8d\x8f text\n", "doc:txt:latin-1")
    add("24_dup_a.txt", PARA, "doc:txt:utf-8")
    add("25_dup_b.txt", PARA, "doc:txt:utf-8")
    add("26_unicode name \u00fc.markdown", "Title\n\n" + PARA, "doc:md:utf-8")
    add("27_deeply/nested/folder/x.txt", PARA, "doc:txt:utf-8")
    add("28_xxe.html", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><p>a &e; b</p>',
        "doc:html:utf-8")
    add("29_ignored.csv", "a,b\n1,2\n")  # not an input extension: skipped when walking folders
    exp.pop("29_ignored.csv")
    os.symlink(root / "does_not_exist.txt", root / "30_broken_link.txt")
    exp["30_broken_link.txt"] = ["err:discover:broken_symlink"]
    os.symlink(root / "31_loop_link.txt", root / "31_loop_link.txt")
    exp["31_loop_link.txt"] = ["err:discover:symlink_loop"]
    (root / "32_dir_loop").mkdir()
    os.symlink(root, root / "32_dir_loop" / "back")
    exp["32_dir_loop/back"] = ["err:discover:symlink_loop"]
    add("33_unreadable.txt", PARA, "doc:txt:utf-8" if os.geteuid() == 0 else "err:read:permission_denied")
    os.chmod(root / "33_unreadable.txt", 0)
    add("34_pdf_real.jsonl", b"%PDF-1.4\n\x00\x00", "err:decode:binary_content")
    add("35_utf16le_nobom.txt", ("Plain text about flu shots and timing.\n" * 4).encode("utf-16-le"), "doc:txt:utf-16-le")
    return exp


def outcome(item: object) -> str:
    """The outcome string of one ``read_inputs`` item (see the module docstring)."""
    from claimnlp.model import Document

    if isinstance(item, Document):
        return f"doc:{item.format}:{item.encoding}"
    return f"err:{item.stage}:{item.error_type}"  # type: ignore[attr-defined]


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("nasty_corpus")
    print(json.dumps(make_corpus(out), indent=1, ensure_ascii=False))
