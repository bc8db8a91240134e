"""Ingestion: find input files, decode them exactly, and yield Documents or error rows.

See :mod:`claimnlp.ingest.readers` for the formats and error codes.
"""

from __future__ import annotations

from claimnlp.ingest.decode import DecodeFailure, decode_bytes, looks_binary
from claimnlp.ingest.html import html_to_text
from claimnlp.ingest.readers import (
    EXTENSIONS,
    discover,
    document_from_string,
    format_for_path,
    guess_title,
    read_inputs,
    read_path,
)

__all__ = [
    "EXTENSIONS", "DecodeFailure", "decode_bytes", "discover", "document_from_string", "format_for_path",
    "guess_title", "html_to_text", "looks_binary", "read_inputs", "read_path",
]
