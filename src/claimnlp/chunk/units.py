"""Claim-candidate units from blocks: sentences of paragraphs, whole headings, list items, table rows.

Following ``shared/eval/ANNOTATION.md`` (a unit is one sentence; a heading,
a list item and a table row each count as one unit), with one refinement
taken from the gold annotation: a list item that holds several sentences
("Immune thrombocytopenia (ITP): Counts rise in 80%. The effect lasts 3-4
weeks.") is split into its sentences, all of kind ``list_item``. Set
``split_list_items`` to ``"long"`` to split only items longer than 400
characters, or ``"never"`` to keep every item whole.

Boilerplate blocks produce no units; table separator rows are not blocks.
Unit spans start at the block's ``content_start`` (bullet and ``#`` markers
skipped) and exclude surrounding whitespace.
"""

from __future__ import annotations

import logging
from pathlib import Path

from claimnlp.chunk.sentences import MAX_SENTENCE_CHARS, split_sentences, strip_span
from claimnlp.model import Block, Unit

logger = logging.getLogger(__name__)

__all__ = ["units", "LONG_LIST_ITEM"]

#: List items longer than this are always split into sentences.
LONG_LIST_ITEM = 400


def units(text: str, blocks: list[Block], *, split_list_items: str = "sentences",
          max_len: int = MAX_SENTENCE_CHARS, abbreviations: str | Path | None = None) -> list[Unit]:
    """Turn blocks into claim-candidate units.

    Parameters
    ----------
    text:
        The Document text the blocks index into.
    blocks:
        Output of :func:`claimnlp.chunk.chunk_blocks` for ``text``.
    split_list_items:
        ``"sentences"`` (default): a list item with several sentences gives one
        unit per sentence; ``"long"``: only items over 400 characters are split;
        ``"never"``: one unit per item.
    max_len:
        Maximum sentence length (longer ones are cut at whitespace).
    abbreviations:
        Optional abbreviation rule file for the sentence splitter.

    Returns
    -------
    list of Unit
        In document order, non-overlapping, each ``text[start:end]`` non-empty
        and stripped.
    """
    if split_list_items not in ("sentences", "long", "never"):
        raise ValueError("split_list_items must be 'sentences', 'long' or 'never'")
    out: list[Unit] = []
    for i, b in enumerate(blocks):
        if b.is_boilerplate:
            continue
        s, e = strip_span(text, b.content_start, b.end)
        if e <= s:
            continue
        if b.kind == "paragraph":
            for a, z in split_sentences(text, s, e, max_len=max_len, abbreviations=abbreviations):
                out.append(Unit(a, z, "sentence", i))
        elif b.kind == "list_item":
            split = split_list_items == "sentences" or (split_list_items == "long" and e - s > LONG_LIST_ITEM)
            if split or e - s > max_len:
                for a, z in split_sentences(text, s, e, max_len=max_len, abbreviations=abbreviations):
                    out.append(Unit(a, z, "list_item", i))
            else:
                out.append(Unit(s, e, "list_item", i))
        elif b.kind == "table_row":
            s, e = strip_span(text, b.start, b.end)
            out.append(Unit(s, e, "table_row", i))
        else:  # heading
            if e - s > max_len:
                for a, z in split_sentences(text, s, e, max_len=max_len, abbreviations=abbreviations):
                    out.append(Unit(a, z, b.kind, i))
            else:
                out.append(Unit(s, e, b.kind, i))
    return out
