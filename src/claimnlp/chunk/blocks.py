"""Structural blocks (headings, paragraphs, list items, table rows) with exact offsets.

One line-oriented scanner reads plain text, markdown and the markdown-like
rendering of HTML produced by :mod:`claimnlp.ingest.html`:

- **Headings**: ATX (``#`` .. ``######``, CommonMark 0.31 §4.2), setext
  (a line underlined with ``===``/``---``, §4.3) and, for text scraped from the
  web where headings are bare short lines, a heuristic: a single line of at
  most 16 words / 120 characters, starting with a capital or digit, without
  terminal punctuation (a question mark is allowed: FAQ headings), with at most
  one comma, Title Case when longer than 8 words, followed by more text. The
  first line of a document that qualifies is the level-1 title; other bare
  headings are level 2, or one deeper than a bare heading directly above.
  Bare-line headings are only guessed when the document has no explicit
  (ATX/setext) heading, except in ``txt``.
- **List items**: ``-``, ``*``, ``+``, ``•``, ``–``, ``—`` and similar bullets,
  ``1.``/``1)``/``(1)``/``a)`` numbers; a bullet alone on its line followed
  by the item text on the next line (a common shape of scraped pages) gives
  one item spanning from the bullet to the end of the text.
- **Unbulleted lists** (bullets lost in scraping): short heading-like lines
  right after a paragraph ending in ``:`` are list items; in a run of three or
  more such lines elsewhere, the first is a heading and the rest its items.
- **Table rows**: ``| a | b |`` lines; a ``|---|`` separator row makes the row
  above it the header and produces no block. Runs of two or more lines with the
  same number (≥ 2) of tab-separated cells are table rows too (the first row is
  the header when it has no digits and the second has some).
- **Paragraphs**: everything else. Lines are joined into one paragraph when
  the next line continues the sentence (the line does not end in terminal
  punctuation and the next starts in lower case), and in hard-wrapped
  documents (most lines of similar length, ≤ 100 characters) whenever the
  line is long, as in a wrapped abstract.

Each block knows the heading blocks above it (``section``), the paragraph
that introduces its list or table (``lead``: a paragraph ending in ``:`` right
before a list, a list item that heads a sub-list, or the paragraph right
before a table) and its table's header row. Boilerplate (navigation,
bylines, share bars, cookie notices, calls to action, disclaimers, reference
lists and single citations, tables of contents) is flagged with rules from
``lexicon/data/boilerplate.json``; boilerplate lines never become headings or
sections.

The scan is linear in the number of lines and never backtracks over the text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from claimnlp.chunk.rules import BoilerplateRule, load_boilerplate, load_heading_words
from claimnlp.chunk.sentences import strip_span
from claimnlp.model import Block

logger = logging.getLogger(__name__)

__all__ = ["chunk_blocks", "section_path", "block_content"]

_NEWLINE = re.compile(r"\r\n|\r|\n")
_ATX = re.compile(r"(#{1,6})(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"[ \t]+#+$|^#+$")
_SETEXT = re.compile(r"(=+|-{2,})[ \t]*$")
_HR = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"(`{3,}|~{3,})")
_TABLE_SEP = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_BULLET_CHARS = "-*+•–—·▪●◦‣⁃■□➢►✓✔➤○"
_BULLET = re.compile(
    r"(?P<m>[" + re.escape(_BULLET_CHARS) + r"]|(?P<num>\d{1,3})[.)]|\((?P<pnum>\d{1,3})\)|(?P<let>[a-z])\))"
    r"(?:[ \t\u00a0]+|$)"
)
# what every entry of a reference list has at least one of: a year, a DOI, a link, "et al", a PMID
_REFERENCE_LIKE = re.compile(r"\b(1[89]|20)\d{2}\b|\bdoi\b|https?://|www\.|\bet al\b|\bpmid\b|\bisbn\b", re.I)
_CLOSERS = "\"'”’»)]"
_TERMINALS = ".!?…:;"
_DANGLING_MARKS = "-–—•*"
_WORD = re.compile(r"[^\W\d_][\w'’.-]*|\d[\w.,%-]*")

_BARE_MAX_WORDS = 16
_BARE_MAX_CHARS = 120


@dataclass
class _Line:
    start: int  # stripped start
    end: int  # stripped end
    raw_start: int
    kind: str  # blank | text | bullet | bullet_alone | table | table_sep | atx | setext_eq | setext_dash | hr | fence
    indent: int = 0
    marker_end: int = 0  # bullet: content start
    family: str = ""  # bullet family: bullet char, "num", "pnum", "let"
    number: int | None = None
    tabs: int = 0  # text lines: number of tab-separated cells (0 without an inner tab)


@dataclass
class _Raw:
    kind: str
    start: int
    end: int
    content_start: int
    level: int = 0
    family: str = ""
    number: int | None = None
    single_line: bool = True
    explicit: bool = False  # ATX / setext heading
    header: int | None = None
    table_id: int = -1
    cells: tuple[tuple[int, int], ...] = ()
    boiler: bool = False
    extra: dict[str, int] = field(default_factory=dict)


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    n = len(text)
    bounds: list[tuple[int, int]] = []
    for m in _NEWLINE.finditer(text):
        bounds.append((pos, m.start()))
        pos = m.end()
    if pos <= n:
        bounds.append((pos, n))
    for a, b in bounds:
        s, e = strip_span(text, a, b)
        if s == e:
            out.append(_Line(s, e, a, "blank"))
            continue
        indent = s - a
        out.append(_classify(text, s, e, a, indent))
    return out


def _classify(text: str, s: int, e: int, raw: int, indent: int) -> _Line:
    ch = text[s]
    if ch == "|" and "|" in text[s + 1:e] or (ch == "|" and e - s == 1):
        if _TABLE_SEP.match(text, s, e) and "-" in text[s:e]:
            return _Line(s, e, raw, "table_sep", indent)
        return _Line(s, e, raw, "table", indent)
    if ch == "#" and indent <= 3:
        m = _ATX.match(text, s, e)
        if m:
            return _Line(s, e, raw, "atx", indent, marker_end=len(m.group(1)))
    if ch in "=-" and _SETEXT.match(text, s, e):
        if ch == "=":
            return _Line(s, e, raw, "setext_eq", indent)
        if e - s >= 3 and _HR.match(text, s, e):
            return _Line(s, e, raw, "setext_dash", indent)
    if ch in "-*_" and _HR.match(text, s, e) and e - s >= 3:
        return _Line(s, e, raw, "hr", indent)
    if ch in "`~" and _FENCE.match(text, s, e):
        return _Line(s, e, raw, "fence", indent)
    if ch in _BULLET_CHARS or ch.isdigit() or ch == "(" or "a" <= ch <= "z":
        m = _BULLET.match(text, s, e)
        if m:
            if m.group("num"):
                fam, num = "num" + m.group(0)[len(m.group("num"))], int(m.group("num"))
            elif m.group("pnum"):
                fam, num = "pnum", int(m.group("pnum"))
            elif m.group("let"):
                fam, num = "let", ord(m.group("let")) - 96
            else:
                fam, num = m.group("m"), None
            cs, _ = strip_span(text, m.end(), e)
            if cs >= e:
                return _Line(s, e, raw, "bullet_alone", indent, marker_end=e, family=fam, number=num)
            return _Line(s, e, raw, "bullet", indent, marker_end=cs, family=fam, number=num)
    line = _Line(s, e, raw, "text", indent)
    if "\t" in text[s:e]:
        line.tabs = sum(1 for c in text[s:e].split("\t") if c.strip())
    return line


def _tab_cells(text: str, s: int, e: int) -> tuple[tuple[int, int], ...]:
    """Stripped cell spans of a tab-separated row."""
    spans: list[tuple[int, int]] = []
    a = s
    while True:
        b = text.find("\t", a, e)
        stop = e if b < 0 else b
        spans.append(strip_span(text, a, stop))
        if b < 0:
            return tuple(spans)
        a = b + 1


def _ends_with(text: str, start: int, end: int, chars: str) -> bool:
    """True if ``text[start:end]`` ends with one of ``chars``, possibly followed by closing quotes/brackets."""
    j = end
    while j > start and text[j - 1] in _CLOSERS:
        j -= 1
    return j > start and text[j - 1] in chars


def _wrap_width(text: str, lines: list[_Line]) -> int:
    """Typical line width of a hard-wrapped document, or 0 if it is not hard-wrapped.

    A document is hard-wrapped when its 90th-percentile line length is 50-100
    characters, most of its long lines that are followed by another text line
    break mid-sentence (no terminal punctuation at the end), and a fifth of its
    lines sit inside runs of three or more long text lines.
    """
    body = [ln for ln in lines if ln.kind in ("text", "bullet")]
    if len(body) < 6:
        return 0
    lengths = sorted(ln.end - ln.raw_start for ln in body)
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    if not 50 <= p90 <= 100:
        return 0
    long_followed = mid_sentence = 0
    for ln, nxt in zip(lines, lines[1:]):
        if ln.kind in ("text", "bullet") and nxt.kind == "text" and ln.end - ln.raw_start >= 0.75 * p90:
            long_followed += 1
            if not _ends_with(text, ln.start, ln.end, _TERMINALS):
                mid_sentence += 1
    # wrapped prose has paragraphs of three or more long lines; one-line paragraphs under headings do not count
    middle = sum(1 for a, b, c in zip(lines, lines[1:], lines[2:])
                 if a.kind in ("text", "bullet") and b.kind == c.kind == "text" and b.end - b.raw_start >= 0.6 * p90)
    # in wrapped prose most lines break mid-sentence; a few long headings in web text do not make it wrapped
    if long_followed < 3 or mid_sentence < 0.5 * long_followed or mid_sentence < 0.3 * len(body) \
            or middle < 0.2 * len(body):
        return 0
    return p90


def _continues(text: str, prev: _Line, nxt: _Line, wrap: int) -> bool:
    """Whether text line ``nxt`` continues the paragraph or item ending with line ``prev``."""
    if nxt.kind != "text":
        return False
    if wrap and prev.end - prev.raw_start >= 0.6 * wrap:
        return True
    if _ends_with(text, prev.start, prev.end, _TERMINALS):
        return False
    first = text[nxt.start]
    return first.islower()


def _trim_dangling(text: str, start: int, end: int) -> int:
    """Drop a bullet left dangling at the end of a line ("... 18,450 yuan -")."""
    if end - start >= 3 and text[end - 1] in _DANGLING_MARKS and text[end - 2] in " \t\u00a0":
        j = end - 2
        while j > start and text[j - 1] in " \t\u00a0":
            j -= 1
        if j > start:
            return strip_span(text, start, j)[1]
    return end


def _is_bare_heading(text: str, s: int, e: int, first: bool = False) -> bool:
    """Whether the single line ``text[s:e]`` looks like a heading (see the module docstring).

    ``first`` relaxes the Title Case test for the document's first line, where
    sentence-case news headlines ("Trial finds new drug cuts attacks by half") sit.
    """
    if e - s > _BARE_MAX_CHARS:
        return False
    c = text[s:e]
    if c[-1] in ",-–—*" or (_ends_with(c, 0, len(c), _TERMINALS) and not _ends_with(c, 0, len(c), "?")):
        return False
    first_alpha = next((ch for ch in c if ch.isalpha()), None)
    if first_alpha is None:
        return False
    if not (c[0].isupper() or c[0].isdigit() or (c[0] in "\"'“‘(" and first_alpha.isupper())):
        return False
    if c.count(",") > 1 or "|" in c:
        return False
    words = _WORD.findall(c)
    if not words or len(words) > _BARE_MAX_WORDS:
        return False
    hw = load_heading_words()
    if words[-1].lower() in hw.non_heading_last_words:
        return False  # "Common side effects include"
    if len(words) > 8 and not c.endswith("?") and not first:
        content = [w for w in words if w.lower() not in hw.small_words and w[0].isalpha()]
        if not content:
            return False
        caps = sum(1 for w in content if w[0].isupper())
        if caps < 0.6 * len(content):
            return False
    return True


def _cells(text: str, s: int, e: int) -> tuple[tuple[int, int], ...]:
    """Stripped cell spans of a ``| a | b |`` row (``\\|`` is a literal pipe)."""
    cuts: list[int] = []
    i = s
    while i < e:
        c = text[i]
        if c == "\\" and i + 1 < e:
            i += 2
            continue
        if c == "|":
            cuts.append(i)
        i += 1
    if not cuts:
        return ()
    bounds = list(cuts)
    if cuts[0] != s:
        bounds.insert(0, s - 1)
    if cuts[-1] != e - 1:
        bounds.append(e)
    spans: list[tuple[int, int]] = []
    for a, b in zip(bounds, bounds[1:]):
        cs, ce = strip_span(text, a + 1, b)
        spans.append((cs, ce))
    return tuple(spans)


def _scan(text: str, fmt: str) -> list[_Raw]:
    lines = _lines(text)
    wrap = _wrap_width(text, lines)
    has_explicit = any(ln.kind in ("atx", "setext_eq") for ln in lines) or any(
        ln.kind == "setext_dash" and i > 0 and lines[i - 1].kind == "text" for i, ln in enumerate(lines))
    guess_headings = fmt == "txt" or not has_explicit
    raws: list[_Raw] = []
    i, n = 0, len(lines)
    table_id = 0
    rows_in_table = 0
    first_tsv = 0
    in_fence = False
    prev_kind = "blank"
    while i < n:
        ln = lines[i]
        k = ln.kind
        if fmt == "md" and k == "fence":
            in_fence = not in_fence
            i += 1
            continue
        if in_fence:
            if k != "blank":
                raws.append(_Raw("paragraph", ln.start, ln.end, ln.start, single_line=False))
            i += 1
            continue
        if k == "blank" or k == "hr":
            prev_kind = "blank"
            i += 1
            continue
        if k in ("table", "table_sep"):
            if prev_kind != "table":
                table_id += 1
                rows_in_table = 0
            if k == "table_sep":
                # a separator right after the first row (and only there) makes that row the header
                if rows_in_table == 1 and lines[i - 1].kind == "table":
                    raws[-1].extra["is_header"] = 1
                rows_in_table += 1
                prev_kind = "table"
                i += 1
                continue
            raws.append(_Raw("table_row", ln.start, ln.end, ln.start, table_id=table_id,
                             cells=_cells(text, ln.start, ln.end)))
            rows_in_table += 1
            prev_kind = "table"
            i += 1
            continue
        if k == "text" and ln.tabs >= 2 and (
                (prev_kind == "tsv" and lines[i - 1].tabs == ln.tabs)
                or (i + 1 < n and lines[i + 1].kind == "text" and lines[i + 1].tabs == ln.tabs)):
            # tab-separated table (a common way scrapers flatten HTML tables)
            if prev_kind != "tsv":
                table_id += 1
                first_tsv = len(raws)
            raws.append(_Raw("table_row", ln.start, ln.end, ln.start, table_id=table_id,
                             cells=_tab_cells(text, ln.start, ln.end)))
            if len(raws) - 1 == first_tsv + 1:  # second row: the first is a header if it has no digits
                head = raws[first_tsv]
                if not any(ch.isdigit() for ch in text[head.start:head.end]) and \
                        any(ch.isdigit() for ch in text[ln.start:ln.end]):
                    head.extra["is_header"] = 1
            prev_kind = "tsv"
            i += 1
            continue
        prev_kind = "other"
        if k == "atx":
            level = ln.marker_end
            cs, _ = strip_span(text, ln.start + level, ln.end)
            end = ln.end
            mc = _ATX_CLOSE.search(text, cs, ln.end) if cs < ln.end else None
            if mc:
                end = strip_span(text, cs, mc.start())[1] if mc.start() > cs else cs
            if end <= cs:  # empty heading "#"
                i += 1
                continue
            raws.append(_Raw("heading", ln.start, end, cs, level=level, explicit=True))
            i += 1
            continue
        if k in ("setext_eq", "setext_dash"):
            i += 1
            continue  # an underline not attached to a text line (handled below) is decoration
        if k == "fence":
            i += 1
            continue
        if k == "text" and i + 1 < n and lines[i + 1].kind in ("setext_eq", "setext_dash") and (
                fmt in ("md", "txt")):
            level = 1 if lines[i + 1].kind == "setext_eq" else 2
            raws.append(_Raw("heading", ln.start, ln.end, ln.start, level=level, explicit=True))
            i += 2
            continue
        if k in ("bullet", "bullet_alone"):
            if k == "bullet_alone":
                j = i + 1
                if j >= n or lines[j].kind != "text":
                    i += 1  # a bullet with nothing after it
                    continue
                cs = lines[j].start
                last = lines[j]
                j += 1
            else:
                cs = ln.marker_end
                last = ln
                j = i + 1
            while j < n and (_continues(text, last, lines[j], wrap) or (
                    fmt == "md" and lines[j].kind == "text" and lines[j].indent >= 2)):
                last = lines[j]
                j += 1
            end = _trim_dangling(text, cs, last.end)
            raws.append(_Raw("list_item", ln.start, end, cs, family=ln.family, number=ln.number,
                             single_line=last is ln or (k == "bullet_alone" and j == i + 2)))
            i = j
            continue
        # paragraph
        last = ln
        j = i + 1
        while j < n and _continues(text, last, lines[j], wrap):
            last = lines[j]
            j += 1
        end = _trim_dangling(text, ln.start, last.end)
        single = last is ln
        raw = _Raw("paragraph", ln.start, end, ln.start, single_line=single)
        if single and guess_headings and j < n and _is_bare_heading(text, ln.start, end, first=not raws):
            # needs more text after it
            if any(lines[x].kind != "blank" for x in range(j, min(n, j + 50))) or j < n - 50:
                raw.extra["bare"] = 1
        raws.append(raw)
        i = j
    return raws


_TOC_ENTRY_MAX = 80


def _table_of_contents(text: str, raws: list[_Raw], matched: list[BoilerplateRule | None]) -> None:
    """Mark the entries after a "Table of contents" line as boilerplate.

    Entries are the following short lines without terminal punctuation; the
    table ends at the first longer block, or at a line repeating an entry (the
    article's real heading that the first entry pointed to).
    """
    i, n = 0, len(raws)
    while i < n:
        rule = matched[i]
        if rule is None or rule.kind != "toc_heading":
            i += 1
            continue
        seen: set[str] = set()
        j = i + 1
        while j < n:
            r = raws[j]
            content = " ".join(text[r.content_start:r.end].split()).lower()
            if content in seen or r.kind == "table_row" or len(content) > _TOC_ENTRY_MAX or \
                    _ends_with(text, r.content_start, r.end, ".!?;:"):
                break
            seen.add(content)
            matched[j] = rule
            j += 1
        i = j


def _unmarked_lists(text: str, raws: list[_Raw], matched: list[BoilerplateRule | None]) -> None:
    """Turn runs of heading-like lines into list items when they are really an unbulleted list.

    Any run right after a paragraph ending in ``:`` ("Common effects are:",
    then "Nausea", "Diarrhea") is a list whose bullets were lost in scraping.
    In a run of three or more candidates elsewhere, the first line is a heading
    and the rest are its items ("Symptoms", "Fatigue", "Joint pain"), rather
    than a cascade of nested headings.
    """
    i, n = 0, len(raws)
    while i < n:
        if not raws[i].extra.get("bare") or matched[i] is not None:
            i += 1
            continue
        j = i
        while j < n and raws[j].extra.get("bare") and matched[j] is None:
            j += 1
        prev = raws[i - 1] if i > 0 else None
        after_colon = prev is not None and prev.kind == "paragraph" and matched[i - 1] is None and \
            _ends_with(text, prev.start, prev.end, ":")
        if after_colon or j - i >= 3:
            # without an introducing colon, the first line of the run heads the list ("Symptoms", then items)
            for r in raws[i if after_colon else i + 1:j]:
                r.extra.pop("bare", None)
                r.kind, r.family = "list_item", "unmarked"
        i = j


def _finish(text: str, raws: list[_Raw], rules_path: str | Path | None) -> list[Block]:
    rules = load_boilerplate(rules_path)
    matched = [rules.match(text[r.content_start:r.end]) for r in raws]
    _table_of_contents(text, raws, matched)
    _unmarked_lists(text, raws, matched)
    # 1. bare headings and their levels
    seen_content = False
    prev_bare_level = 0
    for r, rule in zip(raws, matched):
        is_bp = rule is not None
        if r.extra.get("bare") and not is_bp:  # boilerplate lines never become headings
            r.kind = "heading"
            if not seen_content:
                r.level = 1
            else:
                r.level = min(6, prev_bare_level + 1) if prev_bare_level else 2
            prev_bare_level = r.level
            seen_content = True
            continue
        if r.kind == "heading":
            prev_bare_level = 0
            if not is_bp:
                seen_content = True
            continue
        prev_bare_level = 0
        if not is_bp:
            seen_content = True
    # 2. boilerplate (with reference-list sections)
    ref_level: int | None = None
    for r, rule in zip(raws, matched):
        if r.kind == "heading" and ref_level is not None:
            if rule is not None and rule.kind == "citation":
                r.boiler = True
                continue
            if r.level <= ref_level or ref_level == 99:
                ref_level = None
        if rule is not None:
            r.boiler = True
            if rule.kind == "reference_heading":
                ref_level = r.level if r.kind == "heading" else 99
            continue
        if ref_level is not None:
            if _REFERENCE_LIKE.search(text, r.content_start, r.end):
                r.boiler = True
            else:  # "Sources" followed by ordinary prose ("Iron is found in red meat") is a real section
                ref_level = None
    # 3. section, lead, header
    blocks: list[Block] = []
    stack: list[tuple[int, int]] = []  # (level, block index)
    numbered_leads: dict[str, tuple[int, int | None]] = {}  # family -> (last number, lead)
    header_of: dict[int, int] = {}
    for idx, r in enumerate(raws):
        lead: int | None = None
        header: int | None = None
        if r.kind == "heading":
            while stack and stack[-1][0] >= r.level:
                stack.pop()
            section = tuple(b for _, b in stack)
            if not r.boiler:  # "Share this" or "References" never become a section of later text
                stack.append((r.level, idx))
            numbered_leads.clear()
        else:
            section = tuple(b for _, b in stack)
        if r.kind == "list_item":
            prev = raws[idx - 1] if idx > 0 else None
            if prev is not None and prev.kind == "list_item" and prev.family == r.family:
                lead = blocks[idx - 1].lead
            elif prev is not None and prev.kind == "paragraph" and not prev.boiler and (
                    _ends_with(text, prev.start, prev.end, ":") or not _ends_with(text, prev.start, prev.end, ".!?…;")):
                # "Watch for:" or an unfinished intro such as "Common side effects include"
                lead = idx - 1
            elif prev is not None and prev.kind == "list_item" and prev.family != r.family and not \
                    _ends_with(text, prev.content_start, prev.end, _TERMINALS):
                lead = idx - 1
            elif r.number is not None and r.number > 1 and r.family in numbered_leads and \
                    numbered_leads[r.family][0] == r.number - 1:
                lead = numbered_leads[r.family][1]
            elif prev is not None and prev.kind == "list_item" and _is_item(raws, blocks[idx - 1].lead):
                lead = raws_lead_of_lead(blocks, idx - 1)  # back in the outer list after a sub-list
            if r.number is not None:
                numbered_leads[r.family] = (r.number, lead)
        elif r.kind == "table_row":
            first = idx
            while first > 0 and raws[first - 1].kind == "table_row" and raws[first - 1].table_id == r.table_id:
                first -= 1
            if first < idx:
                lead = blocks[first].lead
                if raws[first].extra.get("is_header"):
                    header = first
            elif first > 0 and raws[first - 1].kind == "paragraph":
                lead = first - 1
            header_of[idx] = header if header is not None else -1
        blocks.append(Block(kind=r.kind, start=r.start, end=r.end, content_start=r.content_start,
                            level=r.level if r.kind == "heading" else 0, section=section, lead=lead,
                            header=header, cells=r.cells, is_boilerplate=r.boiler))
    return blocks


def _is_item(raws: list[_Raw], index: int | None) -> bool:
    return index is not None and raws[index].kind == "list_item"


def raws_lead_of_lead(blocks: list[Block], i: int) -> int | None:
    """Lead of the list that list-item ``blocks[i]``'s lead item belongs to (a sub-list ended)."""
    lead = blocks[i].lead
    if lead is None:
        return None
    return blocks[lead].lead


def chunk_blocks(text: str, format: str = "txt", *, boilerplate: str | Path | None = None) -> list[Block]:
    """Split a document into structural blocks with exact offsets.

    Parameters
    ----------
    text:
        The Document text (``Document.text``).
    format:
        ``txt``, ``md``, ``html`` (the markdown-like rendering of an HTML page)
        or ``jsonl`` (read as ``txt``).
    boilerplate:
        Optional path of a boilerplate rule file (default: the packaged one).

    Returns
    -------
    list of Block
        In document order; spans are non-empty, stripped and non-overlapping.
    """
    fmt = {"markdown": "md", "htm": "html", "jsonl": "txt", "text": "txt"}.get(format, format)
    if fmt not in ("txt", "md", "html"):
        fmt = "txt"
    if not text:
        return []
    raws = _scan(text, fmt)
    return _finish(text, raws, boilerplate)


def block_content(text: str, block: Block) -> str:
    """The content of a block: ``text[content_start:end]`` (bullet or ``#`` marker skipped)."""
    return text[block.content_start:block.end]


def section_path(text: str, blocks: list[Block], block_index: int) -> tuple[str, ...]:
    """Texts of the headings enclosing ``blocks[block_index]``, outermost first.

    For a heading block the path holds its ancestors, not the heading itself.
    """
    b = blocks[block_index]
    return tuple(" ".join(text[blocks[h].content_start:blocks[h].end].split()) for h in b.section)
