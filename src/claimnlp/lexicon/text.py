"""Token normalisation shared by the lexicon builder and the matcher.

Both sides of a dictionary match (the lexicon terms and the running text)
go through the same functions, so a term matches exactly when its
normalised token sequence equals the text's:

* tokens are maximal runs of Unicode letters and digits (``[^\\W_]+``);
  hyphens, dashes, spaces and apostrophes between them are ignored, so
  "Guillain-Barré", "Guillain–Barre" and "Guillain Barre" are one key;
* each token is case-folded and stripped of diacritics (NFKD, combining
  marks dropped), British spellings are mapped to American ones
  (``anaemia`` -> ``anemia``) and a tiny plural stemmer reduces it
  (``infections`` -> ``infection``, ``therapies`` -> ``therapy``);
* a term is *case-sensitive* (acronym-like: "PANS", "IVIg", "ITP") when it
  has no space, at most 6 letters and an upper-case letter after its first
  character; the matcher then also compares the original casing.

Nothing here depends on spaCy; all functions are pure.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

logger = logging.getLogger(__name__)

TOKEN_RE = re.compile(r"[^\W_]+")

#: Characters allowed between two tokens of one multi-word match.
JOIN_CHARS = frozenset(" \t\r\n\u00a0\u2009\u202f-\u2010\u2011\u2012\u2013\u2014\u2015'\u2019")
#: Longest gap (in characters) between two tokens of one match.
MAX_GAP = 3


@lru_cache(maxsize=200_000)
def fold(token: str) -> str:
    """Case-fold ``token`` and strip diacritics ("Barré" -> "barre")."""
    t = token.casefold()
    if t.isascii():
        return t
    t = unicodedata.normalize("NFKD", t)
    return "".join(c for c in t if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def stem(key: str) -> str:
    """Reduce an English plural to its singular (a deliberately tiny stemmer).

    Only tokens longer than 3 characters are touched. ``-ies`` -> ``-y``,
    ``-sses``/``-ches``/``-shes``/``-xes`` drop ``es``, any other final ``s``
    is dropped unless the word ends in ``ss``, ``us`` or ``is`` (virus,
    diagnosis, abscess). Both terms and text are stemmed, so imperfect stems
    ("diabete") are harmless as long as they are consistent.
    """
    if len(key) <= 3 or not key.endswith("s") or key.isdigit():
        return key
    if key.endswith("ies") and len(key) > 4:
        return key[:-3] + "y"
    if key.endswith(("sses", "ches", "shes", "xes")):
        return key[:-2]
    if key.endswith(("ss", "us", "is")):
        return key
    return key[:-1]


@lru_cache(maxsize=200_000)
def americanize(key: str) -> str:
    """Map common British spellings onto American ones (applied to terms and text alike).

    For folded tokens of 6+ characters: ``ae``/``oe`` -> ``e`` (anaemia,
    haemorrhage, diarrhoea, oedema, paediatric), a final ``-our`` -> ``-or``
    (tumour, behaviour), ``-isation`` -> ``-ization`` (immunisation). Since
    both sides are rewritten, a rule that also fires on an American word
    ("aerobic" -> "erobic") is harmless unless two different terms collide.
    """
    if len(key) < 6 or not key.isalpha():
        return key
    if "ae" in key or "oe" in key:
        key = key.replace("ae", "e").replace("oe", "e")
    if key.endswith(("our", "ours")) and len(key) >= 6:
        key = key.replace("our", "or") if key.count("our") == 1 else key
    if "isation" in key:
        key = key.replace("isation", "ization")
    return key


@lru_cache(maxsize=500_000)
def token_key(token: str) -> str:
    """The matching key of one token: ``stem(americanize(fold(token)))`` (cached)."""
    return stem(americanize(fold(token)))


_APOSTROPHES = ("'", "\u2019")


def words(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, token)`` for each token of ``text``, without possessive ``'s``.

    "Crohn's disease" and "Crohn disease" give the same token sequence; the
    ``'s`` stays inside the gap between "Crohn" and "disease" (see
    :func:`gap_ok`).
    """
    if "'" not in text and "\u2019" not in text:  # no possessive to drop (most texts): one C-level pass
        return [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text)]
    out: list[tuple[int, int, str]] = []
    for m in TOKEN_RE.finditer(text):
        g = m.group()
        st = m.start()
        if (g == "s" or g == "S") and st >= 2 and text[st - 1] in _APOSTROPHES and out and out[-1][1] == st - 1:
            continue
        out.append((st, m.end(), g))
    return out


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Split ``text`` into ``(start, end, key)`` tokens (end-exclusive offsets)."""
    return [(a, b, token_key(g)) for a, b, g in words(text)]


def term_tokens(term: str) -> tuple[str, ...]:
    """Original-case tokens of a lexicon term (diacritics stripped, possessive ``'s`` dropped)."""
    out = []
    for _, _, g in words(term):
        t = unicodedata.normalize("NFKD", g)
        out.append("".join(c for c in t if not unicodedata.combining(c)))
    return tuple(out)


def term_key(term: str) -> tuple[str, ...]:
    """The matching key of a whole term: the tuple of its token keys."""
    return tuple(token_key(g) for _, _, g in words(term))


def gap_ok(gap: str) -> bool:
    """True when ``gap`` (text between two tokens) may sit inside one mention.

    Allowed: up to 3 characters of spaces, hyphens, dashes and apostrophes
    with at most one line break, after an optional possessive ``'s``.
    """
    if gap == " ":  # the usual gap
        return True
    if gap[1:2] in ("s", "S") and gap[:1] in _APOSTROPHES:
        gap = gap[2:]
    return len(gap) <= MAX_GAP and gap.count("\n") <= 1 and all(c in JOIN_CHARS for c in gap)


def terms_joinable(term: str) -> bool:
    """True when every gap between the tokens of ``term`` is joinable.

    Terms with commas, parentheses, slashes and the like can never match
    running text token by token, so the builder drops them.
    """
    spans = [(a, b) for a, b, _ in words(term)]
    if not spans:
        return False
    if term[: spans[0][0]].strip() or term[spans[-1][1]:].strip():
        return False
    return all(gap_ok(term[a[1]:b[0]]) for a, b in zip(spans, spans[1:]))


def is_case_sensitive(term: str) -> bool:
    """Acronym-like terms match only with their own casing.

    A term is acronym-like when it contains no space, has at most 6 letters
    and an upper-case letter after its first character ("PANS", "IVIg",
    "HIV-1", "mRNA"); "Aspirin" and "pans" are not.
    """
    if " " in term:
        return False
    letters = [c for c in term if c.isalpha()]
    if not letters or len(letters) > 6:
        return False
    return any(c.isupper() for c in letters[1:])


def case_ok(text_tok: str, term_tok: str) -> bool:
    """Original-case comparison for case-sensitive terms (allows a plural ``s``)."""
    if text_tok == term_tok:
        return True
    if text_tok.endswith("s") and text_tok[:-1] == term_tok:
        return True
    return text_tok.endswith("es") and text_tok[:-2] == term_tok
