"""Rule-based sentence splitting with exact character offsets.

A small Punkt-style splitter (Kiss & Strunk 2006, *Unsupervised Multilingual
Sentence Boundary Detection*) without the unsupervised training: candidate
boundaries are terminal punctuation (``.``, ``!``, ``?``, ``…``, ``...``),
optionally followed by closing quotes or brackets, then whitespace. A period
is not a boundary when

- the token before it is a listed abbreviation (``lexicon/data/
  sentence_abbreviations.json``: titles such as "Dr."/"Drs.", inline ones such
  as "e.g."/"vs."/"approx."/"Fig.", numeric ones such as "No." before a digit,
  and "terminal" ones such as "et al."/"etc."/"U.S." that end a sentence only
  before an upper-case word);
- it follows a single capital initial ("J. Smith"), unless a lower-case word
  precedes the letter ("vitamin D. Then");
- the next word starts with a lower-case letter (unknown abbreviations).

Decimals ("0.80", "p = .03") are never candidates because no whitespace follows
the period. Two artefacts of scraped web text are split as well: a period
glued to the next sentence ("works.The") and a lower-case word glued to a
capitalised one ("interpretationThis"). A blank line always ends a sentence.

Everything is one left-to-right regex scan plus bounded look-arounds, so the
cost is linear in the length of the text; a sentence longer than
``max_len`` characters (e.g. a 200,000-character line without punctuation) is
cut at the last whitespace before the limit. What is deliberately left out:
no statistical model, no handling of sentence-internal newlines as boundaries
(the chunker splits lines into blocks first).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from claimnlp.chunk.rules import Abbreviations, load_abbreviations

logger = logging.getLogger(__name__)

__all__ = ["split_sentences", "strip_span", "MAX_SENTENCE_CHARS", "is_strip_char"]

#: Sentences longer than this are cut at whitespace.
MAX_SENTENCE_CHARS = 2000
_CUT_WINDOW = 400

_TERM = ".!?…‽"
_CLOSE = "\"'”’»)]}›"
# runs of terminal punctuation, and blank lines
_PUNCT = re.compile(r"[.!?…‽]+|\n[ \t\r\f\v\u00a0]*\n")
# a lower-case letter directly followed by a capitalised word ("interpretationThis")
_GLUED = re.compile(r"[a-z](?=[A-Z][a-z]{2})")
_WORDISH = frozenset("'’-")
# characters stripped from span edges besides str.isspace() ones
_EXTRA_STRIP = frozenset("\ufeff\u200b\u200c\u200d\u2060")


def is_strip_char(ch: str) -> bool:
    """True for whitespace and invisible format characters trimmed from span edges."""
    return ch.isspace() or ch in _EXTRA_STRIP


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past leading and trailing whitespace (and BOM/zero-width chars)."""
    while start < end and (text[start].isspace() or text[start] in _EXTRA_STRIP):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EXTRA_STRIP):
        end -= 1
    return start, end


def _token_before(text: str, i: int, lo: int) -> tuple[str, int]:
    """The letters-and-periods token ending just before index ``i`` (a period), and its start."""
    j = i
    limit = max(lo, i - 24)
    while j > limit and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    while j < i and text[j] == ".":
        j += 1
    return text[j:i], j


def _prev_word(text: str, j: int, lo: int) -> str:
    k = j
    limit = max(lo, j - 40)
    while k > limit and text[k - 1] in " \t":
        k -= 1
    m = k
    while m > limit and text[m - 1].isalpha():
        m -= 1
    return text[m:k]


def _period_is_boundary(text: str, dot: int, nxt: str, lo: int, abbr: Abbreviations) -> bool:
    token, tstart = _token_before(text, dot, lo)
    if not token:
        return True
    low = token.lower()
    if low == "al" and text[max(lo, tstart - 3):tstart].lower() == "et ":
        low = "et al"
    kind = abbr.kind_of(low)
    if kind in ("title", "inline"):
        return False
    if kind == "numeric":
        return not nxt.isdigit()
    if kind == "terminal":
        return nxt.isupper()
    if "." in token:  # unknown dotted token: initials "V.X." or "A.B.C."
        return nxt.isupper() and not token.replace(".", "").isupper()
    if len(token) == 1 and token.isupper():
        if tstart > lo and not text[tstart - 1].isspace() and text[tstart - 1] not in "(.[\"'“‘":
            return True  # the end of a compound token such as "HTLV-I", "IL-2R" or "A/R"
        prev = _prev_word(text, tstart, lo)
        return bool(prev) and prev.islower() and prev not in abbr.initial_leads and nxt.isupper()
    return True


# lower-case words that may start a sentence: "mRNA", "eGFR", "p50", "c-Fos", "r-hTBP-1", "p = .03"
_LOWER_START = re.compile(r"[a-z][a-z-]*[A-Z0-9]|[pn]\s*[=<>≤≥]")


def _lower_sentence_start(text: str, q: int, end: int) -> bool:
    """True if a sentence may start with the lower-case word at ``q`` ("mRNA", "eGFR", "p = .03")."""
    return _LOWER_START.match(text, q, min(end, q + 40)) is not None


_BRACKET_WINDOW = 250


def _inside_brackets(text: str, a: int, b: int, j: int, lo: int, hi: int) -> bool:
    """True if the punctuation at ``[a, b)`` sits inside a parenthesis or bracket that closes after it.

    ``(Smith, J. Virol. 65, 1991)`` holds no sentence boundary. Only a window of
    250 characters on each side is searched, so unbalanced brackets cost little
    and cannot suppress boundaries far away. A bracket closed by the closers right
    after the punctuation (``withdrew.)``) ends the parenthetical sentence there.
    """
    left = text.rfind("(", max(lo, a - _BRACKET_WINDOW), a)
    left_sq = text.rfind("[", max(lo, a - _BRACKET_WINDOW), a)
    if left < 0 and left_sq < 0:
        return False
    opener, closer = ("(", ")") if left > left_sq else ("[", "]")
    pos = max(left, left_sq)
    if text.find(closer, pos, a) >= 0:
        return False
    if closer in text[b:j]:
        return False
    close = text.find(closer, j, min(hi, j + _BRACKET_WINDOW))
    if close < 0:
        return False
    reopen = text.find(opener, j, close)
    return reopen < 0


def _boundaries(text: str, start: int, end: int, abbr: Abbreviations) -> list[tuple[int, int]]:
    """(end of sentence, start of next) pairs inside ``[start, end)``.

    Candidates come from one cheap character-class scan; the context checks are
    plain string look-ups, so the cost stays linear in the range length.
    """
    out: list[tuple[int, int]] = []
    sent_start = start
    for m in _PUNCT.finditer(text, start, end):
        a, b = m.span()
        if text[a] == "\n":
            out.append((a, b))
            sent_start = b
            continue
        j = b
        while j < end and text[j] in _CLOSE:
            j += 1
        if j >= end:
            continue  # the range ends here anyway
        if text[j].isspace():
            sent_end = j
            q = j + 1
            while q < end and text[q].isspace():
                q += 1
            if q >= end:
                continue
        elif (b - a == 1 and text[a] in ".!?" and a - 2 >= start and "a" <= text[a - 1] <= "z"
              and "a" <= text[a - 2] <= "z" and j + 1 < end and "A" <= text[j] <= "Z" and "a" <= text[j + 1] <= "z"):
            sent_end = q = j  # "works.The": period glued to the next sentence
        else:
            continue
        nxt = text[q]
        if nxt.islower() and not _lower_sentence_start(text, q, end):
            continue
        if b - a == 1 and text[a] == ".":
            if not _period_is_boundary(text, a, nxt, start, abbr):
                continue
            if text[a - 1].isdigit() and text[sent_start:a].strip().isdigit() and a - sent_start <= 4:
                continue  # "2. Danazol did not ...": a number opening the sentence
        if _inside_brackets(text, a, b, j, start, end):
            continue
        out.append((sent_end, q))
        sent_start = q
    glued: list[tuple[int, int]] = []
    for m in _GLUED.finditer(text, start, end):
        k = m.start()
        w = k
        while w > start and "a" <= text[w - 1] <= "z":
            w -= 1
        if k + 1 - w >= 4 and (w == start or not (text[w - 1].isalpha() or text[w - 1] in _WORDISH)):
            glued.append((k + 1, k + 1))
    if glued:
        out = sorted(out + glued)
    return out


def _cap(text: str, s: int, e: int, max_len: int, out: list[tuple[int, int]]) -> None:
    while e - s > max_len:
        cut = -1
        lo = s + max(1, max_len - _CUT_WINDOW)
        k = s + max_len
        while k > lo:
            if text[k - 1].isspace():
                cut = k - 1
                break
            k -= 1
        if cut <= s:
            cut = s + max_len
        a, b = strip_span(text, s, cut)
        if b > a:
            out.append((a, b))
        s, e = strip_span(text, cut, e)
    if e > s:
        out.append((s, e))


def split_sentences(text: str, start: int = 0, end: int | None = None, *,
                    max_len: int = MAX_SENTENCE_CHARS,
                    abbreviations: str | Path | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentence spans.

    Parameters
    ----------
    text:
        The whole document text (offsets are absolute).
    start, end:
        The range to split (default: the whole text).
    max_len:
        Longer sentences are cut at the last whitespace before this many characters.
    abbreviations:
        Optional path of an abbreviation rule file (default: the packaged one).

    Returns
    -------
    list of (int, int)
        End-exclusive spans, in order, non-overlapping, each non-empty and
        without leading or trailing whitespace.
    """
    if end is None:
        end = len(text)
    start = max(0, start)
    end = min(len(text), end)
    if start >= end:
        return []
    if max_len < 1:
        raise ValueError("max_len must be positive")
    abbr = load_abbreviations(abbreviations)
    spans: list[tuple[int, int]] = []
    pos = start
    for sent_end, nxt in _boundaries(text, start, end, abbr):
        if sent_end <= pos:
            pos = max(pos, nxt)
            continue
        s, e = strip_span(text, pos, sent_end)
        if e > s:
            _cap(text, s, e, max_len, spans)
        pos = nxt
    s, e = strip_span(text, pos, end)
    if e > s:
        _cap(text, s, e, max_len, spans)
    return spans
