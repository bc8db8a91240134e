"""Chunking: structural blocks, sentences and claim-candidate units with exact offsets.

Pure Python (regular expressions and linear scans); no spaCy. Typical use::

    blocks = chunk_blocks(doc.text, doc.format)
    for u in units(doc.text, blocks):
        print(u.kind, doc.text[u.start:u.end], section_path(doc.text, blocks, u.block))
"""

from __future__ import annotations

from claimnlp.chunk.blocks import block_content, chunk_blocks, section_path
from claimnlp.chunk.rules import RuleFileError, load_abbreviations, load_boilerplate
from claimnlp.chunk.sentences import MAX_SENTENCE_CHARS, split_sentences, strip_span
from claimnlp.chunk.units import units

__all__ = [
    "MAX_SENTENCE_CHARS", "RuleFileError", "block_content", "chunk_blocks", "load_abbreviations",
    "load_boilerplate", "section_path", "split_sentences", "strip_span", "units",
]
