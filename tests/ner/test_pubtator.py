"""PubTator reader: documents, offsets, label mapping, relations skipped, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimnlp.ner.pubtator import normalize_ids, parse_pubtator, read_pubtator

DATA = Path(__file__).parent / "data"


def test_reads_two_docs_with_offsets_matching_text() -> None:
    docs = read_pubtator(DATA / "tiny.pubtator")
    assert [d.pmid for d in docs] == ["1001", "2002"]
    for d in docs:
        for m in d.mentions:
            assert d.text[m.start : m.end] == m.text
    assert len(docs[0].mentions) == 8  # the CID relation line is skipped
    assert len(docs[1].mentions) == 4


def test_ncbi_classes_map_to_disease_and_ids_split() -> None:
    docs = read_pubtator(DATA / "tiny.pubtator")
    assert {m.label for m in docs[1].mentions} == {"Disease"}
    deaf = [m for m in docs[1].mentions if m.text == "deafness"][0]
    assert deaf.ids == ("MESH:D003638", "MESH:D034381")


def test_mentions_sorted_by_offset() -> None:
    d = read_pubtator(DATA / "tiny.pubtator")[1]
    starts = [(m.start, m.end) for m in d.mentions]
    assert starts == sorted(starts)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("D001234", ("MESH:D001234",)),
        ("D001|D002", ("MESH:D001", "MESH:D002")),
        ("D001+D002", ("MESH:D001", "MESH:D002")),
        ("-1", ()),  # no concept id
        ("OMIM:123456", ("OMIM:123456",)),
        ("C012345", ("MESH:C012345",)),  # supplementary concept
    ],
)
def test_normalize_ids(raw: str, expected: tuple[str, ...]) -> None:
    assert normalize_ids(raw) == expected


def test_offset_mismatch_raises() -> None:
    lines = ["7|t|Zinc helps.", "7|a|Really.", "7\t0\t3\tZinc\tChemical\tD015032"]
    with pytest.raises(ValueError, match="offsets"):
        list(parse_pubtator(lines))


def test_unknown_type_raises() -> None:
    lines = ["7|t|Zinc helps.", "7|a|Really.", "7\t0\t4\tZinc\tGene\t-1"]
    with pytest.raises(ValueError, match="unknown mention type"):
        list(parse_pubtator(lines))


def test_trailing_whitespace_in_mention_text_is_tolerated() -> None:
    lines = ["7|t|Zinc helps.", "7|a|Really.", "7\t0\t4\tZinc  \tChemical\tD015032"]
    (doc,) = parse_pubtator(lines)
    assert doc.mentions[0].text == "Zinc"


def test_empty_input_gives_no_docs() -> None:
    assert list(parse_pubtator([])) == []
