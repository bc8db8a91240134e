"""Dictionary features for the NER: tag tokens covered by a MeSH term.

Gazetteer features are the classic way to help a small NER model with rare
names (Ratinov & Roth 2009; for chemicals, Leaman et al. 2015, tmChem). This
component finds the longest dictionary match at each token (left to right,
greedy) and writes a BILU position plus a class letter into ``Token.tag_``:
``B-C``/``I-C``/``L-C``/``U-C`` for chemicals, ``-D`` for diseases, ``-X`` for
terms listed under both. The NER reads ``TAG`` through its ``MultiHashEmbed``,
so the dictionary is a *feature*: the trained model decides how far to trust it
(unlike an entity ruler, whose matches would be forced).

Terms come from the MeSH 2024 thesaurus (descriptor entry terms; tree C and
F03 -> disease, tree D -> chemical), see :func:`build_terms_from_mesh`. Short
all-capital terms (acronyms) are matched case-sensitively, everything else on
lower-cased tokens. What it leaves out: supplementary concept records, fuzzy
matching, and overlapping matches (the longest leftmost one wins).
"""

from __future__ import annotations

import csv
import gzip
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ensure_path

logger = logging.getLogger(__name__)

CLASS_LETTERS: Mapping[str, str] = MappingProxyType({"Chemical": "C", "Disease": "D"})
BOTH = "X"
TERMS_FILE = "terms.tsv.gz"
# a key whose tokens are not separated by single spaces (or that holds other whitespace)
_IRREGULAR_SPACE = re.compile(r"^ | $|  |[^\S ]")


def is_case_sensitive(term: str) -> bool:
    """Acronym-like terms (no lower-case letter, at most 6 characters) match exactly."""
    return len(term) <= 6 and not any(ch.islower() for ch in term)


@dataclass(frozen=True)
class TermIndex:
    """Immutable term index: token-joined keys -> class letter.

    ``lower`` holds lower-cased keys, ``exact`` case-sensitive ones (acronyms);
    ``first`` is the set of first tokens of any key (lower-cased), used to skip
    positions quickly; ``max_len`` the longest key in tokens. ``lengths`` maps a
    first token to ``(token count, in lower, in exact)`` of the keys it starts,
    longest first, so the matcher tries only those (empty when a key has
    irregular whitespace: then every length up to ``max_len`` is tried).
    """

    lower: Mapping[str, str]
    exact: Mapping[str, str]
    first: frozenset[str]
    max_len: int
    lengths: Mapping[str, tuple[tuple[int, bool, bool], ...]] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, bool]]) -> "TermIndex":
        """Build from ``(space-joined tokens, class letter, case_sensitive)`` rows."""
        lower: dict[str, str] = {}
        exact: dict[str, str] = {}
        first: set[str] = set()
        lengths: dict[str, dict[int, tuple[bool, bool]]] = {}
        regular = True
        max_len = 0
        for key, letter, cs in rows:
            if letter not in ("C", "D", BOTH):
                raise ValueError(f"unknown class letter {letter!r} for {key!r}")
            if not key.strip():
                continue
            table = exact if cs else lower
            k = key if cs else key.lower()
            prev = table.get(k)
            table[k] = letter if prev in (None, letter) else BOTH
            toks = k.split(" ")
            first.add(toks[0].lower())
            by_len = lengths.setdefault(toks[0].lower(), {})
            in_lower, in_exact = by_len.get(len(toks), (False, False))
            by_len[len(toks)] = (in_lower or not cs, in_exact or cs)
            if regular and _IRREGULAR_SPACE.search(k):
                regular = False
            max_len = max(max_len, len(toks))
        if not lower and not exact:
            raise ValueError("empty term index")
        by_first = {f: tuple((k, lo, ex) for k, (lo, ex) in sorted(ls.items(), reverse=True))
                    for f, ls in lengths.items()} if regular else {}
        return cls(MappingProxyType(lower), MappingProxyType(exact), frozenset(first), max_len,
                   MappingProxyType(by_first))

    def rows(self) -> list[tuple[str, str, bool]]:
        """Rows in a deterministic order (for serialization)."""
        out = [(k, v, False) for k, v in self.lower.items()] + [(k, v, True) for k, v in self.exact.items()]
        return sorted(out)


def tag_tokens(words: Sequence[str], index: TermIndex) -> list[str]:
    """Longest-leftmost dictionary match over ``words``; return one tag per word.

    Tags are ``""`` (no match) or ``"{B,I,L,U}-{C,D,X}"``.

    >>> idx = TermIndex.from_rows([("breast cancer", "D", False), ("aspirin", "C", False)])
    >>> tag_tokens(["Aspirin", "and", "breast", "cancer"], idx)
    ['U-C', '', 'B-D', 'L-D']
    """
    n = len(words)
    lowers = [w.lower() for w in words]
    tags = [""] * n
    by_first = index.lengths
    i = 0
    while i < n:
        if by_first:
            # only the lengths of keys starting with this token (tokens never hold a space, and
            # keys are single-space joined, so a key of k tokens can only match k words)
            lens = by_first.get(lowers[i])
            if lens is None:
                i += 1
                continue
            ends: Iterable[tuple[int, bool, bool]] = [(i + k, lo, ex) for k, lo, ex in lens if i + k <= n]
        elif lowers[i] not in index.first:
            i += 1
            continue
        else:
            ends = [(j, True, True) for j in range(min(n, i + index.max_len), i, -1)]
        hit = 0
        letter = ""
        for j, in_lower, in_exact in ends:
            found = index.lower.get(" ".join(lowers[i:j])) if in_lower else None
            if found is None and in_exact:
                found = index.exact.get(" ".join(words[i:j]))
            if found is not None:
                hit, letter = j - i, found
                break
        if not hit:
            i += 1
            continue
        if hit == 1:
            tags[i] = f"U-{letter}"
        else:
            tags[i] = f"B-{letter}"
            for k in range(i + 1, i + hit - 1):
                tags[k] = f"I-{letter}"
            tags[i + hit - 1] = f"L-{letter}"
        i += hit
    return tags


def read_terms(path: str | Path) -> TermIndex:
    """Read a ``terms.tsv.gz`` file (``key<TAB>letter<TAB>0|1``)."""
    rows: list[tuple[str, str, bool]] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3 or parts[2] not in ("0", "1"):
                raise ValueError(f"{path}:{lineno}: bad row {line!r}")
            rows.append((parts[0], parts[1], parts[2] == "1"))
    return TermIndex.from_rows(rows)


def write_terms(index: TermIndex, path: str | Path) -> None:
    """Write ``index`` as a deterministic gzipped TSV (mtime 0)."""
    data = "".join(f"{k}\t{v}\t{int(cs)}\n" for k, v, cs in index.rows()).encode("utf-8")
    with open(path, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write(data)


def mesh_classes(trees_tsv: str | Path) -> dict[str, str]:
    """Descriptor UI -> class letter from MeSH tree numbers (C, F03 -> D; D -> C)."""
    classes: dict[str, set[str]] = {}
    with open(trees_tsv, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            loc = row["tree_location"]
            if loc.startswith("C") or loc.startswith("F03"):
                classes.setdefault(row["DescriptorUI"], set()).add("D")
            elif loc.startswith("D"):
                classes.setdefault(row["DescriptorUI"], set()).add("C")
    return {ui: (next(iter(s)) if len(s) == 1 else BOTH) for ui, s in classes.items()}


def build_terms_from_mesh(
    thesaurus_tsv: str | Path,
    trees_tsv: str | Path,
    tokenize: Callable[[str], list[str]],
    max_tokens: int = 8,
) -> TermIndex:
    """Build a :class:`TermIndex` from the MeSH thesaurus and tree tables.

    Parameters
    ----------
    thesaurus_tsv, trees_tsv
        ``data_mesh_thesaurus.tsv`` and ``data_mesh_trees.tsv`` (MeSH 2024).
    tokenize
        The NER tokenizer (text -> token strings), so keys match doc tokens.
    max_tokens
        Longer terms are dropped (systematic chemical names rarely recur verbatim).
    """
    classes = mesh_classes(trees_tsv)
    rows: list[tuple[str, str, bool]] = []
    seen: set[str] = set()
    with open(thesaurus_tsv, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            letter = classes.get(row["DescriptorUI"])
            term = row["TermName"].strip()
            if letter is None or len(term) < 2 or term in seen:
                continue
            seen.add(term)
            toks = tokenize(term)
            if not toks or len(toks) > max_tokens:
                continue
            rows.append((" ".join(toks), letter, is_case_sensitive(term)))
    logger.info("MeSH term index: %d terms", len(rows))
    return TermIndex.from_rows(rows)


class LexiconFeatures:
    """Write dictionary-match tags into ``Token.tag_`` (see module docstring).

    The term index is set by :meth:`initialize` (``terms_path``) or loaded by
    :meth:`from_disk`; calling the component without one raises ``ValueError``.
    """

    def __init__(self, nlp: Language, name: str = "claimnlp_lexicon_features") -> None:
        self.name = name
        self.index: TermIndex | None = None

    def __call__(self, doc: Doc) -> Doc:
        if self.index is None:
            raise ValueError(f"{self.name}: no term index (initialize or from_disk first)")
        # token texts from the ORTH column: no Token object per word
        strings = doc.vocab.strings
        tags = tag_tokens([strings[h] for h in doc.to_array(ORTH).tolist()], self.index)
        self.set_annotations(doc, tags)
        return doc

    @staticmethod
    def set_annotations(doc: Doc, tags: Sequence[str]) -> None:
        # most tokens match nothing and keep the empty default tag: only write the matches
        for i, tag in enumerate(tags):
            if tag:
                doc[i].tag_ = tag

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        terms_path: str | None = None,
    ) -> None:
        if terms_path:
            self.index = read_terms(terms_path)
        if self.index is None:
            raise ValueError(f"{self.name}: initialize needs terms_path")

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        if self.index is None:
            raise ValueError(f"{self.name}: nothing to save")
        p = ensure_path(path)
        p.mkdir(parents=True, exist_ok=True)
        write_terms(self.index, p / TERMS_FILE)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "LexiconFeatures":
        self.index = read_terms(ensure_path(path) / TERMS_FILE)
        return self


@Language.factory("claimnlp_lexicon_features", assigns=["token.tag"], default_config={})
def make_lexicon_features(nlp: Language, name: str) -> LexiconFeatures:
    """Factory for :class:`LexiconFeatures` (registered as ``claimnlp_lexicon_features``)."""
    return LexiconFeatures(nlp, name)
