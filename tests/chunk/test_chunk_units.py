"""units: one unit per heading, list item, table row; paragraphs split into sentences."""
from __future__ import annotations

import pytest

from claimnlp.chunk import chunk_blocks, units


def _units(text: str, fmt: str = "txt", **kw: str) -> list[tuple[str, str]]:
    return [(u.kind, text[u.start:u.end]) for u in units(text, chunk_blocks(text, fmt), **kw)]


def test_kinds_and_spans() -> None:
    text = ("# Insulin Pumps\n\nPumps improve control. They cost more.\n\nBenefits:\n\n- fewer lows\n"
            "-\nbetter sleep\n\n| Pump | Price |\n|---|---|\n| A | 3000 |\n\nShare this\n")
    assert _units(text, "md") == [
        ("heading", "Insulin Pumps"),
        ("sentence", "Pumps improve control."),
        ("sentence", "They cost more."),
        ("sentence", "Benefits:"),
        ("list_item", "fewer lows"),
        ("list_item", "better sleep"),
        ("table_row", "| Pump | Price |"),
        ("table_row", "| A | 3000 |"),
    ]


def test_unit_block_indices_point_to_their_block() -> None:
    text = "Title Line\n\nOne. Two.\n\n- item"
    blocks = chunk_blocks(text, "txt")
    for u in units(text, blocks):
        b = blocks[u.block]
        assert b.content_start <= u.start < u.end <= b.end or b.kind == "table_row"


@pytest.mark.parametrize("mode,expected", [
    ("sentences", [("list_item", "Counts rise in 80%."), ("list_item", "The effect lasts 3-4 weeks.")]),
    ("long", [("list_item", "Counts rise in 80%. The effect lasts 3-4 weeks.")]),
    ("never", [("list_item", "Counts rise in 80%. The effect lasts 3-4 weeks.")]),
])
def test_list_item_splitting_modes(mode: str, expected: list[tuple[str, str]]) -> None:
    text = "• Counts rise in 80%. The effect lasts 3-4 weeks."
    assert _units(text, split_list_items=mode) == expected


def test_long_list_item_split_in_long_mode() -> None:
    item = "- " + " ".join(["This sentence is about a long list item and its dosing."] * 10)
    got = _units(item, split_list_items="long")
    assert len(got) == 10 and all(k == "list_item" for k, _ in got)


def test_boilerplate_blocks_give_no_units() -> None:
    text = "Select Page\n\nCopyright © 2020 Clinic\n\nZinc may help colds."
    assert _units(text) == [("sentence", "Zinc may help colds.")]


def test_reference_list_gives_no_units() -> None:
    text = "Body text here.\n\nReferences\n\n1. Li, X., Wu, Y. (2020) A trial. J Med 1, 2.\n2. Another reference line 2021."
    assert _units(text) == [("sentence", "Body text here.")]


def test_bad_mode() -> None:
    with pytest.raises(ValueError):
        units("x", chunk_blocks("x"), split_list_items="bogus")
