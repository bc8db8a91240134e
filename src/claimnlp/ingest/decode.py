"""Bytes to text: exact UTF-8 first, then BOM-marked UTF-16/32, then detection.

The decoder keeps offsets honest: valid UTF-8 is decoded with
``bytes.decode("utf-8")`` and nothing else (no newline translation, no
stripping, a UTF-8 byte-order mark stays in the text as ``\\ufeff``), so a
character offset into ``Document.text`` equals the offset into
``Path.read_bytes().decode("utf-8")``. Only when UTF-8 fails do we look for a
UTF-32/UTF-16 byte-order mark, a BOM-less UTF-16 pattern (NUL in every other
byte), UTF-8 with a few corrupt bytes (replaced by U+FFFD, encoding
``utf-8-replace``), and finally ask ``charset-normalizer`` (Ousret, *charset_normalizer*,
MIT) for legacy encodings. Its guess is only trusted when most letter bytes
are non-ASCII (Cyrillic, Greek, Arabic, CJK text); for Western text, where a
few accented letters make short samples ambiguous, and for Western candidates, we
settle on cp1252 (the WHATWG Encoding Standard decodes "latin-1" labels as
windows-1252 for the same reason), falling back to ISO-8859-1, which decodes
any byte string.

Binary content (PDF, images, archives, executables, or a high share of NUL and
C0 control bytes) is rejected before any decoding so that it never becomes a
Document. Stray control characters in otherwise textual input are kept: they
are characters, and dropping them would shift offsets.
"""

from __future__ import annotations

import codecs
import logging

logger = logging.getLogger(__name__)

__all__ = ["DecodeFailure", "decode_bytes", "looks_binary"]

# File signatures (magic numbers) of common binary formats; see
# https://en.wikipedia.org/wiki/List_of_file_signatures .
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\x1f\x8b", "gzip"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"\x7fELF", "elf"),
    (b"MZ", "exe"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2"),
    (b"RIFF", "riff"),
    (b"OggS", "ogg"),
    (b"\x00\x00\x01\x00", "ico"),
    (b"wOFF", "woff"),
    (b"SQLite format 3\x00", "sqlite"),
    (b"PAR1", "parquet"),
)

# Byte-order marks, longest first (UTF-32 LE starts with the UTF-16 LE BOM).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Single-byte encodings charset-normalizer proposes for Western text; all are
# settled as cp1252 (or latin-1 when cp1252 cannot decode the bytes).
_WESTERN = frozenset({
    "ascii", "cp1252", "cp1250", "cp1254", "cp1257", "cp1258", "latin_1", "iso8859_1", "iso8859_2",
    "iso8859_3", "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15",
    "iso8859_16", "mac_roman", "mac_latin2", "mac_iceland", "mac_turkish", "cp437", "cp850", "cp858",
    "cp860", "cp861", "cp863", "cp865", "hp_roman8", "cp037", "cp500", "cp1140", "cp273", "kz1048",
})

_SAMPLE = 65_536
# ASCII bytes that are not letters (removed when counting letter-like bytes)
_ASCII_NON_LETTERS = bytes(b for b in range(0x80) if not (0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A))
# C0 controls other than tab, newline, vertical tab, form feed, carriage return and escape.
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\x0b\x0c\r\x1b")


class DecodeFailure(Exception):
    """Raised by :func:`decode_bytes`; ``error_type`` is the errors-table code."""

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message


def _utf16_without_bom(sample: bytes) -> str | None:
    """Return ``utf-16-le``/``utf-16-be`` if NULs sit in every other byte (ASCII-range UTF-16)."""
    n = len(sample) - (len(sample) % 2)
    if n < 8:
        return None
    even, odd = sample[0:n:2], sample[1:n:2]
    half = n // 2
    if odd.count(0) >= 0.9 * half and even.count(0) <= 0.1 * half:
        return "utf-16-le"
    if even.count(0) >= 0.9 * half and odd.count(0) <= 0.1 * half:
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> str | None:
    """Return a short reason if ``data`` looks like binary content, else None.

    Parameters
    ----------
    data:
        Raw bytes (only the first 64 KiB are inspected).

    Returns
    -------
    str or None
        ``"pdf"``, ``"png"``, ... for a known file signature, ``"nul_bytes"`` or
        ``"control_bytes"`` for a high share of NUL or C0 control bytes.
    """
    for magic, name in _MAGIC:
        if data.startswith(magic):
            # "MZ"/"RIFF"/"BZh" are also plausible text openings; require a NUL soon after.
            if name in ("exe", "riff", "bzip2") and b"\x00" not in data[:512]:
                continue
            return name
    sample = data[:_SAMPLE]
    if not sample:
        return None
    nul = sample.count(0)
    if nul >= 8 and nul / len(sample) > 0.10:
        return "nul_bytes"
    ctrl = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if ctrl >= 8 and ctrl / len(sample) > 0.30:
        return "control_bytes"
    return None


def _detect_single_byte(data: bytes) -> str:
    """Pick a legacy encoding for bytes that are not UTF-8 (cp1252 for Western text)."""
    best_name: str | None = None
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:_SAMPLE] if len(data) > _SAMPLE else data).best()
        if best is not None:
            best_name = codecs.lookup(best.encoding).name.replace("-", "_")
    except Exception as exc:  # noqa: BLE001 - detection is best effort
        logger.debug("charset detection failed: %s", exc)
    sample = data[:_SAMPLE]
    letters = len(sample.translate(None, _ASCII_NON_LETTERS))  # ASCII letters and all high bytes
    high = sum(1 for b in sample if b >= 0x80)
    # Western text has a few accented letters; Cyrillic, Greek, Arabic or CJK text is mostly high bytes.
    mostly_high = letters > 0 and high / letters > 0.5
    if mostly_high and best_name is not None and best_name not in _WESTERN and not best_name.startswith("utf"):
        try:
            data.decode(best_name)
            return best_name
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes to text, keeping UTF-8 byte-exact.

    Parameters
    ----------
    data:
        The complete file content.

    Returns
    -------
    tuple of (str, str)
        The text and the name of the encoding it was decoded from
        (``"utf-8"``, ``"utf-16"``, ``"utf-32"``, ``"utf-16-le"``, ``"cp1252"``, ...).
        ``"utf-8-replace"`` marks UTF-8 with a few invalid bytes, each replaced by
        U+FFFD (offsets then differ from a strict decode of the file).

    Raises
    ------
    DecodeFailure
        ``binary_content`` for binary data (signatures, NUL/control share).
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                break
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    reason = looks_binary(data)
    if reason is not None:
        enc16 = _utf16_without_bom(data[:_SAMPLE]) if reason == "nul_bytes" else None
        if enc16 is not None:
            try:
                return data.decode(enc16), enc16
            except UnicodeDecodeError:
                pass
        raise DecodeFailure("binary_content", f"binary content ({reason})")
    if text is not None:
        return text, "utf-8"
    lossy = _mostly_utf8(data)
    if lossy is not None:
        logger.warning("input is UTF-8 with a few invalid bytes; they were replaced by U+FFFD")
        return lossy, "utf-8-replace"
    enc = _detect_single_byte(data)
    return data.decode(enc, errors="replace"), enc


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few corrupt bytes (e.g. a truncated character), decoded with replacements.

    Returns None unless valid multi-byte UTF-8 sequences clearly outnumber the
    invalid bytes (then cp1252 would turn every curly quote into mojibake).
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    multi = sum(1 for ch in text if ord(ch) >= 0x80) - text.count("\ufffd")
    if bad > 0 and multi >= 2 and multi >= 4 * bad:
        return text
    return None
