"""Abbreviation definitions "long form (SF)" in plain text (Schwartz & Hearst 2003).

Implements the core of Schwartz, A. S. & Hearst, M. A. (2003), "A simple
algorithm for identifying abbreviation definitions in biomedical text", PSB:
a parenthesised short form of 1-10 characters, containing a letter and starting
with an alphanumeric character, is matched right-to-left against at most
``min(|SF| + 5, 2 * |SF|)`` preceding words; every short-form character must
occur in order in the long form, and the first one must start a word. Left out:
the reversed pattern "SF (long form)" and sentence splitting (the window stops
at the previous ``.``/``;``/``(``).
"""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

_PAREN = re.compile(r"\(([^()]{1,10})\)")


def best_long_form(short: str, candidate: str) -> int | None:
    """Start offset in ``candidate`` of the shortest matching long form, or ``None``.

    >>> cand = "effects of nonsteroidal anti-inflammatory drugs"
    >>> cand[best_long_form("NSAIDs", cand):]
    'nonsteroidal anti-inflammatory drugs'
    """
    s = len(short) - 1
    l = len(candidate) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while l >= 0 and (candidate[l].lower() != c or (s == 0 and l > 0 and candidate[l - 1].isalnum())):
            l -= 1
        if l < 0:
            return None
        l -= 1
        s -= 1
    start = l + 1
    # extend to the start of the word
    while start > 0 and candidate[start - 1].isalnum():
        start -= 1
    return start


def find_abbreviations(text: str) -> dict[str, str]:
    """Map each defined short form in ``text`` to its long form (first definition wins)."""
    out: dict[str, str] = {}
    for m in _PAREN.finditer(text):
        short = m.group(1).strip()
        if not short or " " in short.strip() and len(short.split()) > 2:
            continue
        if not short[0].isalnum() or not any(ch.isalpha() for ch in short) or len(short) < 2:
            continue
        left = text[: m.start()].rstrip()
        cut = max(left.rfind("."), left.rfind(";"), left.rfind("("), left.rfind(")"))
        window = left[cut + 1 :]
        words = window.split()
        max_words = min(len(short) + 5, 2 * len(short))
        candidate = " ".join(words[-max_words:])
        start = best_long_form(short, candidate)
        if start is None:
            continue
        long_form = candidate[start:].strip()
        if len(long_form) <= len(short) or short in out:
            continue
        out[short] = long_form
    return out
