"""Hypothesis: ingestion of arbitrary bytes never raises; UTF-8 stays byte-exact."""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimnlp.ingest import decode_bytes, document_from_string, html_to_text, read_path
from claimnlp.ingest.decode import DecodeFailure
from claimnlp.model import Document, IngestError

SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
EXTS = st.sampled_from([".txt", ".md", ".html", ".jsonl", ".bin"])


@SETTINGS
@given(st.binary(max_size=2000), EXTS)
def test_read_path_never_raises_on_random_bytes(tmp_path: Path, data: bytes, ext: str) -> None:
    p = tmp_path / f"f{ext}"
    p.write_bytes(data)
    for item in read_path(str(p)):
        assert isinstance(item, (Document, IngestError))
        if isinstance(item, Document):
            assert item.text.strip()


@SETTINGS
@given(st.text(max_size=500))
def test_valid_utf8_is_decoded_exactly(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    try:
        got, enc = decode_bytes(data)
    except DecodeFailure:
        return  # text made mostly of NUL/control characters is binary by design
    if enc == "utf-8":
        assert got == text


@SETTINGS
@given(st.text(max_size=500))
def test_html_and_strings_never_raise(markup: str) -> None:
    text, title = html_to_text(markup)
    assert isinstance(text, str)
    document_from_string(markup, format="html")
    document_from_string(markup)
