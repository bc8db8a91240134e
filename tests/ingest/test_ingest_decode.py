"""decode_bytes / looks_binary: exact UTF-8, BOMs, legacy encodings, binary detection."""
from __future__ import annotations

import codecs
import gzip

import pytest

from claimnlp.ingest import DecodeFailure, decode_bytes, looks_binary

TEXT = "Caf\u00e9 patients \u201creported\u201d relief \u2013 2 g/kg.\r\nNext line\n"


def test_utf8_is_exact_no_newline_translation_no_strip() -> None:
    data = TEXT.encode("utf-8")
    text, enc = decode_bytes(data)
    assert text == data.decode("utf-8") and enc == "utf-8"
    assert "\r\n" in text and text.endswith("\n")


def test_utf8_bom_is_kept_as_a_character() -> None:
    data = codecs.BOM_UTF8 + TEXT.encode("utf-8")
    text, enc = decode_bytes(data)
    assert text == data.decode("utf-8") and text[0] == "\ufeff" and enc == "utf-8"


@pytest.mark.parametrize("codec,expected", [("utf-16", "utf-16"), ("utf-32", "utf-32")])
def test_utf16_and_utf32_with_bom(codec: str, expected: str) -> None:
    text, enc = decode_bytes(TEXT.encode(codec))
    assert text == TEXT and enc == expected


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_ascii_range(codec: str) -> None:
    plain = "Plain ASCII text about vaccines and their schedules.\n" * 3
    text, enc = decode_bytes(plain.encode(codec))
    assert text == plain and enc == codec


def test_cp1252_is_detected() -> None:
    text, enc = decode_bytes(TEXT.encode("cp1252"))
    assert text == TEXT and enc == "cp1252"


def test_latin1_bytes_undefined_in_cp1252_fall_back_to_latin1() -> None:
    data = "Dose for na\u00efve patients".encode("latin-1") + b"\x81\x8d"
    text, enc = decode_bytes(data)
    assert enc == "latin-1" and text.startswith("Dose for na\u00efve")


@pytest.mark.parametrize("data,reason", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
    (gzip.compress(b"hello world"), "gzip"),
    (b"PK\x03\x04\x14\x00\x00\x00", "zip"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
    (b"\x00" * 100 + b"abc", "nul_bytes"),
    (bytes(range(1, 9)) * 50, "control_bytes"),
])
def test_binary_content_is_rejected(data: bytes, reason: str) -> None:
    assert looks_binary(data) == reason
    with pytest.raises(DecodeFailure) as ei:
        decode_bytes(data)
    assert ei.value.error_type == "binary_content"


def test_stray_nul_and_control_characters_are_kept() -> None:
    data = "Aspirin\x00 lowers fever.\x07 It is cheap.\x1b".encode("utf-8")
    text, enc = decode_bytes(data)
    assert text == data.decode("utf-8") and "\x00" in text and enc == "utf-8"


def test_text_starting_like_a_signature_is_not_binary() -> None:
    # "MZ" and "RIFF" open real words; without a NUL nearby they are text
    assert looks_binary(b"MZ clinic opened a new infusion centre.") is None
    assert decode_bytes(b"RIFF study results")[0] == "RIFF study results"


@pytest.mark.parametrize("text,codec", [
    ("Прививка от гриппа снижает риск госпитализации у пожилых людей.", "cp1251"),
    ("Ο εμβολιασμός μειώνει τον κίνδυνο νοσηλείας στους ηλικιωμένους.", "cp1253"),
    ("インフルエンザの予防接種は高齢者の入院リスクを下げます。", "shift_jis"),
])
def test_non_western_legacy_encodings_are_detected(text: str, codec: str) -> None:
    got, enc = decode_bytes(text.encode(codec))
    assert got == text and enc not in ("utf-8", "cp1252", "latin-1")


def test_utf8_with_a_few_corrupt_bytes_is_kept_as_utf8_with_replacements() -> None:
    good = "It\u2019s the patient\u2019s \u201cchoice\u201d \u2013 caf\u00e9 r\u00e9sum\u00e9. "
    data = good.encode("utf-8") * 3 + b"\xff truncated \xe2\x80"
    text, enc = decode_bytes(data)
    assert enc == "utf-8-replace"
    assert text.startswith(good) and text.count("\ufffd") == 2
