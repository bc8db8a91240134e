"""Hypothesis properties: random documents of headings, paragraphs, bullets, tables and unicode."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimnlp.chunk import chunk_blocks, split_sentences, units
from claimnlp.chunk.sentences import is_strip_char

WORDS = st.sampled_from([
    "IVIG", "dose", "Dr.", "e.g.", "0.80", "p<0.001", "(n=46)", "≈", "USD", "970", "et", "al.", "vs.", "U.S.",
    "Café", "naïve", "—", "–", "•", "…", "...", "“quoted”", "it’s", "the", "patients", "improved", "\u00a0",
    "\ufeff", "\x00", "|", "#", "-", "*", "1.", "a)", ":", "?", "!", "mg/kg", "CIDP", "Kawasaki", "\u200b", "\t",
])
SENTENCE = st.lists(WORDS, min_size=1, max_size=12).map(" ".join).map(lambda s: s + st_end(s))


def st_end(s: str) -> str:
    return "" if s.endswith((".", "?", "!")) else "."


PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=4).map(" ".join)
HEADING = st.tuples(st.sampled_from(["", "# ", "## ", "### "]), st.lists(WORDS, min_size=1, max_size=6).map(" ".join)).map(
    lambda t: t[0] + t[1])
BULLET = st.tuples(st.sampled_from(["- ", "* ", "• ", "– ", "1. ", "-\n", "  • "]), PARAGRAPH).map(lambda t: t[0] + t[1])
TABLE = st.lists(st.lists(st.lists(WORDS, max_size=3).map(" ".join), min_size=1, max_size=4), min_size=1,
                 max_size=4).map(lambda rows: "\n".join(["| " + " | ".join(r) + " |" for r in rows[:1]]
                                                         + ["|---|---|"] + ["| " + " | ".join(r) + " |" for r in rows[1:]]))
BLOCK = st.one_of(HEADING, PARAGRAPH, BULLET, TABLE, st.text(max_size=40))
SEP = st.sampled_from(["\n", "\n\n", "\r\n", "\n \n", "\n\n\n", "\r"])
DOCUMENT = st.tuples(st.lists(BLOCK, max_size=12), st.lists(SEP, min_size=12, max_size=12)).map(
    lambda t: "".join(b + s for b, s in zip(t[0], t[1])))
FORMATS = st.sampled_from(["txt", "md", "html"])

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(DOCUMENT, FORMATS)
def test_blocks_are_in_bounds_stripped_ordered_non_overlapping(text: str, fmt: str) -> None:
    blocks = chunk_blocks(text, fmt)
    prev_end = 0
    for i, b in enumerate(blocks):
        assert 0 <= b.start <= b.content_start < b.end <= len(text)
        assert b.start >= prev_end
        prev_end = b.end
        assert not is_strip_char(text[b.start]) and not is_strip_char(text[b.end - 1])
        assert text[b.content_start:b.end].strip()
        assert all(0 <= h < i and blocks[h].kind == "heading" for h in b.section)
        assert b.lead is None or 0 <= b.lead < i
        assert b.header is None or (0 <= b.header < i and blocks[b.header].kind == "table_row")
        assert b.kind in ("heading", "paragraph", "list_item", "table_row")
        assert (b.level > 0) == (b.kind == "heading")
        for s, e in b.cells:
            assert b.start <= s <= e <= b.end


@SETTINGS
@given(DOCUMENT, FORMATS)
def test_units_are_in_bounds_stripped_non_overlapping_inside_their_block(text: str, fmt: str) -> None:
    blocks = chunk_blocks(text, fmt)
    us = units(text, blocks)
    prev_end = 0
    for u in us:
        span = text[u.start:u.end]
        assert 0 <= u.start < u.end <= len(text)
        assert span and span == span.strip()
        assert not is_strip_char(span[0]) and not is_strip_char(span[-1])
        assert u.start >= prev_end
        prev_end = u.end
        b = blocks[u.block]
        assert not b.is_boilerplate
        assert b.start <= u.start and u.end <= b.end
        assert u.kind == ("sentence" if b.kind == "paragraph" else b.kind)


@SETTINGS
@given(st.text(max_size=400), st.integers(min_value=1, max_value=50))
def test_split_sentences_on_arbitrary_unicode(text: str, max_len: int) -> None:
    spans = split_sentences(text, max_len=max_len)
    prev = 0
    for s, e in spans:
        assert prev <= s < e <= len(text)
        assert e - s <= max_len
        assert text[s:e] == text[s:e].strip()
        prev = e
    # nothing but whitespace (and invisible format characters) is left outside the sentences
    covered = [False] * len(text)
    for s, e in spans:
        covered[s:e] = [True] * (e - s)
    assert all(covered[i] or is_strip_char(ch) for i, ch in enumerate(text))


@SETTINGS
@given(st.text(max_size=300), FORMATS)
def test_chunking_is_deterministic(text: str, fmt: str) -> None:
    assert chunk_blocks(text, fmt) == chunk_blocks(text, fmt)
    assert units(text, chunk_blocks(text, fmt)) == units(text, chunk_blocks(text, fmt))
