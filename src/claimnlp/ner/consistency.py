"""Document-level consistency for NER output: abbreviations and repeated mentions.

Two post-processing rules commonly used with biomedical taggers (e.g. the
abbreviation resolution in tmChem, Leaman et al. 2015, and TaggerOne, Leaman &
Lu 2016; Schwartz & Hearst 2003 for finding the definitions):

1. **Abbreviations.** For each definition "long form (SF)" in the text
   (:func:`claimnlp.ner.abbrev.find_abbreviations`): if a predicted entity ends
   where the long form ends, every whole-word occurrence of SF gets that
   entity's label (added where nothing overlaps; relabelled where an entity
   covers exactly SF). If no predicted entity overlaps the long form at all,
   predictions that are exactly SF are removed (SHR for "spontaneously
   hypertensive rats" is not a disease).
2. **Repeated mentions** (when ``min_chars`` > 0). A predicted surface string
   of at least ``min_chars`` characters
   is also tagged, with the same label, at its other whole-word occurrences
   that overlap no entity (the majority label wins when a string was given two).

Works on plain ``(start, end, label)`` character spans; the component
``claimnlp_ner_consistency`` applies it to ``doc.ents``. Left out: fuzzy
variants (plural forms, case differences) and cross-document memory.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from claimnlp.ner.abbrev import find_abbreviations

logger = logging.getLogger(__name__)

Span = tuple[int, int, str]


_ASCII_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Non-overlapping occurrences of ``needle`` not preceded or followed by an ASCII letter or digit.

    The same spans as ``re.finditer(r"(?<![A-Za-z0-9])" + re.escape(needle) + r"(?![A-Za-z0-9])", text)``,
    found with ``str.find``: a regex per surface string overflowed ``re``'s pattern cache and was
    recompiled on every call.
    """
    out: list[tuple[int, int]] = []
    if not needle:
        return out
    n, size = len(needle), len(text)
    i = text.find(needle)
    while i >= 0:
        j = i + n
        if (i == 0 or text[i - 1] not in _ASCII_ALNUM) and (j >= size or text[j] not in _ASCII_ALNUM):
            out.append((i, j))
            i = text.find(needle, j)
        else:
            i = text.find(needle, i + 1)
    return out


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _find_definition(text: str, short: str, long: str) -> tuple[int, int] | None:
    m = re.search(re.escape(long) + r"\s*\(\s*" + re.escape(short) + r"\s*\)", text)
    return (m.start(), m.start() + len(long)) if m else None


def make_consistent(text: str, spans: Iterable[Span], min_chars: int = 4) -> list[Span]:
    """Apply the abbreviation and repeated-mention rules; return sorted, non-overlapping spans.

    ``min_chars=0`` turns the repeated-mention rule off.
    """
    out: dict[tuple[int, int], str] = {(s, e): lab for s, e, lab in spans}

    def free(se: tuple[int, int]) -> bool:
        return not any(_overlaps(se, k) for k in out)

    # 1. abbreviations (a definition needs a parenthesis)
    for short, long in (find_abbreviations(text).items() if "(" in text else ()):
        where = _find_definition(text, short, long)
        if where is None:
            continue
        lf_start, lf_end = where
        ending = [k for k in out if k[1] == lf_end and k[0] >= lf_start - 40]
        touching = [k for k in out if _overlaps(k, where)]
        occ = _occurrences(text, short)
        if ending:
            label = out[max(ending, key=lambda k: k[1] - k[0])]
            for se in occ:
                if se in out:
                    out[se] = label
                elif free(se):
                    out[se] = label
        elif not touching:
            for se in occ:
                out.pop(se, None)
    # 2. repeated mentions
    if min_chars <= 0:
        return sorted((s, e, lab) for (s, e), lab in out.items())
    labels_of: dict[str, Counter[str]] = {}
    for (s, e), lab in out.items():
        surface = text[s:e]
        if len(surface) >= min_chars:
            labels_of.setdefault(surface, Counter())[lab] += 1
    for surface, counts in sorted(labels_of.items()):
        label = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        for se in _occurrences(text, surface):
            if se not in out and free(se):
                out[se] = label
    return sorted((s, e, lab) for (s, e), lab in out.items())


#: ``Doc.user_data`` key under which :func:`make_docs` keeps each doc's text.
TEXT_KEY = "claimnlp.text"


def make_docs(nlp: Language, texts: Iterable[str]) -> Iterator[Doc]:
    """``nlp.make_doc`` per text, keeping the text in ``doc.user_data`` (see :func:`doc_text`).

    ``nlp.pipe`` takes the docs as they are, so the pipeline's result is the same as for the texts.
    """
    for text in texts:
        doc = nlp.make_doc(text)
        doc.user_data[TEXT_KEY] = text
        yield doc


def doc_text(doc: Doc) -> str:
    """``doc.text`` without rebuilding it from the tokens when :func:`make_docs` kept it."""
    text = doc.user_data.get(TEXT_KEY)
    if isinstance(text, str) and len(doc) and (doc[-1].idx + len(doc[-1].text_with_ws) == len(text)):
        return text
    return str(doc.text)


class NerConsistency:
    """Rewrite ``doc.ents`` with :func:`make_consistent` (spans that do not align to tokens are dropped)."""

    def __init__(self, nlp: Language, name: str = "claimnlp_ner_consistency", min_chars: int = 4) -> None:
        self.name = name
        self.min_chars = min_chars

    def __call__(self, doc: Doc) -> Doc:
        given = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        spans = make_consistent(doc_text(doc), given, self.min_chars)
        if spans != given:  # doc.ents are sorted and token-aligned: rewriting the same spans changes nothing
            self.set_annotations(doc, spans)
        return doc

    @staticmethod
    def set_annotations(doc: Doc, spans: Sequence[Span]) -> None:
        ents = []
        last = 0
        for s, e, lab in spans:
            span = doc.char_span(s, e, label=lab)
            if span is None or span.start < last:
                continue
            ents.append(span)
            last = span.end
        doc.ents = ents


@Language.factory("claimnlp_ner_consistency", assigns=["doc.ents"], default_config={"min_chars": 4})
def make_ner_consistency(nlp: Language, name: str, min_chars: int) -> NerConsistency:
    """Factory for :class:`NerConsistency`."""
    return NerConsistency(nlp, name, min_chars)
