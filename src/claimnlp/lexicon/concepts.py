"""Concept lexicon: dictionary matching and normalisation of INTERVENTION and CONDITION mentions.

What it implements
------------------
* **Matching** (:meth:`ConceptLexicon.find`): a token trie over normalised
  tokens (see :mod:`claimnlp.lexicon.text`: case-folded, diacritics
  stripped, British spellings mapped, plurals stemmed, possessive ``'s``
  dropped, hyphens/dashes/apostrophes between tokens ignored; hyphenated
  terms also match written solid). Left to right, the longest term starting
  at a token wins and matches never overlap (the leftmost-longest policy of
  spaCy's ``PhraseMatcher`` with ``filter_spans``). Acronym-like terms
  ("PANS", "IVIg") match only with their own casing, so "pans" stays
  unmatched. Matches never start or end inside a word, because tokens are
  maximal letter/digit runs. Two extensions follow a match: route/dose
  modifiers (``supplement_modifiers.jsonl``: "oral iron", "IVIG infusions")
  and coordination ellipsis ("behavioral and rehabilitative therapies",
  "hepatitis B and C"). Short forms defined elsewhere in a document can be
  passed in (``abbreviations=``).
* **Normalisation** (:meth:`ConceptLexicon.normalize`): exact lookup of the
  normalised surface, then of the abbreviation's long form (the pairs come
  from scispaCy's Schwartz & Hearst 2003 abbreviation detector), then the
  single lexicon mention that ends the long form (or surface) and covers at
  least half of it ("low-dose naltrexone" -> naltrexone), then a fuzzy
  match: cosine similarity of character-3-gram TF-IDF vectors (padded,
  case-folded term strings; idf = ln(N / df) + 1, scikit-learn's
  ``smooth_idf=False``) against every lexicon term, accepted at
  ``>= FUZZY_THRESHOLDS[label]`` (CONDITION 0.85: on the 515 BC5CDR dev
  disease strings without an exact entry it normalises 39 with 77% id
  precision, 0.75 gives 140 at 66%; INTERVENTION 0.92: on 414 BC5CDR
  chemical strings 0.85 gives 20 at 55%, so drugs get a stricter bar).

Data: ``models/lexicon/lexicon.tsv.gz`` (MeSH descriptors and drug SCRs,
built by ``scripts/build_lexicon.py``) overlaid with the curated
``lexicon/data/supplement.jsonl``. Left out on purpose: no context-dependent
disambiguation, no nested mentions, no cross-sentence matching.
"""

from __future__ import annotations

import gzip
import logging
import math
import os
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping

from claimnlp.lexicon.build import LEXICON_FILE
from claimnlp.lexicon.stoplist import LexiconDataError
from claimnlp.lexicon.supplement import ENTITY_LABELS, Modifiers, load_modifiers, load_supplement
from claimnlp.lexicon.text import (TOKEN_RE, case_ok, fold, gap_ok, is_case_sensitive, term_key,
                                   term_tokens, token_key, words)
from claimnlp.model import Mention

logger = logging.getLogger(__name__)

#: Minimum cosine similarity for a fuzzy normalisation (see scripts/dev_eval_mentions.py fuzzy).
FUZZY_THRESHOLD = 0.85
#: Per-label defaults: chemical names one suffix apart are different substances, so drugs need more.
FUZZY_THRESHOLDS = {"CONDITION": FUZZY_THRESHOLD, "INTERVENTION": 0.92}
_END = ""  # trie key of a terminal; never a token key
_CONNECTORS = frozenset({"and", "or"})
_MEMO_SIZE = 100_000
_HYPHEN_IN_WORD = re.compile(r"(?<=[^\W_]{2})-(?=[^\W_]{2})")

_Entry = tuple[int, "tuple[str, ...] | None"]  # (concept index, original tokens if case-sensitive)


@dataclass(frozen=True)
class Concept:
    """A normalised concept.

    ``id`` is ``MESH:D...`` (descriptor), ``MESH:C...`` (supplementary concept
    record, drugs only) or ``CN:....`` (curated supplement); ``name`` is the
    readable preferred name; ``synonyms`` are the match terms; ``xrefs`` the
    supplement ids that overlay a MeSH concept.
    """

    id: str
    label: str
    name: str
    synonyms: tuple[str, ...] = ()
    xrefs: tuple[str, ...] = ()


def default_lexicon_dir() -> Path:
    """``$CLAIMNLP_MODELS_DIR/lexicon`` if set, else ``<repo>/models/lexicon``."""
    env = os.environ.get("CLAIMNLP_MODELS_DIR")
    if env:
        return Path(env) / "lexicon"
    return Path(__file__).resolve().parents[3] / "models" / "lexicon"


def _read_compiled(path: Path) -> list[tuple[str, str, str, tuple[str, ...]]]:
    f = path / LEXICON_FILE if path.is_dir() else path
    if not f.exists():
        raise FileNotFoundError(f"compiled lexicon not found: {f} (run scripts/build_lexicon.py)")
    with gzip.open(f, "rt", encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    if not lines or lines[0] != "id\tlabel\tname\tterms":
        raise LexiconDataError(f"{f}: bad header")
    out = []
    for n, ln in enumerate(lines[1:], 2):
        if not ln:
            continue
        parts = ln.split("\t")
        if len(parts) != 4 or parts[1] not in ENTITY_LABELS:
            raise LexiconDataError(f"{f}:{n}: malformed row")
        out.append((parts[0], parts[1], parts[2], tuple(parts[3].split("|")) if parts[3] else ()))
    if not out:
        raise LexiconDataError(f"{f}: no concepts")
    return out


class ConceptLexicon:
    """Immutable concept dictionary with a token-trie matcher. Build it with :meth:`load`."""

    def __init__(self, concepts: tuple[Concept, ...], terms: list[tuple[str, int, int]],
                 modifiers: Modifiers | None = None) -> None:
        """``terms`` are ``(term, concept index, priority)``; lower priority wins a shared key."""
        self.concepts = concepts
        self._by_id: dict[str, Concept] = {c.id: c for c in concepts}
        # memo of normalize() results: deterministic, bounded, so repeated NER surfaces cost one lookup
        self._memo: dict[tuple[str, str | None, str | None, float | None], Concept | None] = {}
        self._mod_before: dict[str, frozenset[tuple[str, ...]]] = {}
        self._mod_after: dict[str, frozenset[tuple[str, ...]]] = {}
        if modifiers is not None:
            for lab in ENTITY_LABELS:
                self._mod_before[lab] = modifiers.keys(lab, "before")
                self._mod_after[lab] = modifiers.keys(lab, "after")
        exact: dict[tuple[str, ...], list[tuple[int, int, _Entry]]] = defaultdict(list)
        # hyphenated terms also match written solid: "anti-inflammatory" / "antiinflammatory", "COVID19"
        variants = [(_HYPHEN_IN_WORD.sub("", t), ci, prio + 1) for t, ci, prio in terms if _HYPHEN_IN_WORD.search(t)]
        for order, (term, ci, prio) in enumerate(terms + variants):
            key = term_key(term)
            if not key:
                continue
            cs = term_tokens(term) if is_case_sensitive(term) else None
            exact[key].append((prio, order, (ci, cs)))
        self._exact: dict[tuple[str, ...], tuple[_Entry, ...]] = {}
        root: dict[str, Any] = {}
        for key, lst in exact.items():
            lst.sort(key=lambda x: (x[0], x[2][1] is None, x[1]))
            # one entry per (concept, casing); case-sensitive variants are tried before insensitive ones
            seen: set[tuple[int, tuple[str, ...] | None]] = set()
            entries: list[_Entry] = []
            best_prio = lst[0][0]
            for prio, _, e in lst:
                if e in seen:
                    continue
                if prio > best_prio and e[1] is None and any(x[1] is None for x in entries):
                    continue  # a better-ranked case-insensitive concept already owns this key
                seen.add(e)
                entries.append(e)
            self._exact[key] = tuple(entries)
            node = root
            for k in key:
                node = node.setdefault(k, {})
            node[_END] = self._exact[key]
        self._trie = root
        self._terms = terms
        self._fuzzy: _FuzzyIndex | None = None

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None, *, supplement: str | os.PathLike[str] | None = None,
             modifiers: str | os.PathLike[str] | None = None) -> "ConceptLexicon":
        """Load the compiled lexicon at ``path`` (default :func:`default_lexicon_dir`) plus the supplement.

        ``supplement`` and ``modifiers`` default to the packaged
        ``supplement.jsonl`` and ``supplement_modifiers.jsonl``. Cached per
        (path, supplement, modifiers): repeated calls return the same object.
        """
        p = Path(path) if path is not None else default_lexicon_dir()
        return _load_cached(str(p.resolve()), None if supplement is None else str(Path(supplement).resolve()),
                            None if modifiers is None else str(Path(modifiers).resolve()))

    @classmethod
    def from_parts(cls, rows: list[tuple[str, str, str, tuple[str, ...]]],
                   supplement_path: str | os.PathLike[str] | None = None,
                   modifiers_path: str | os.PathLike[str] | None = None) -> "ConceptLexicon":
        """Build from compiled rows ``(id, label, name, terms)``, a supplement file and a modifier file."""
        sup = load_supplement(None if supplement_path is None else str(supplement_path))
        mods = load_modifiers(None if modifiers_path is None else str(modifiers_path))
        index: dict[str, int] = {}
        concepts: list[Concept] = []
        terms: list[tuple[str, int, int]] = []
        for cid, label, name, ts in rows:
            if cid in index:
                raise LexiconDataError(f"duplicate concept id {cid}")
            index[cid] = len(concepts)
            concepts.append(Concept(cid, label, name, ts))
            for i, t in enumerate(ts):
                terms.append((t, index[cid], 2))
        for e in sup.entries:
            mesh_id = f"MESH:{e.mesh}" if e.mesh else None
            if mesh_id and mesh_id in index:
                ci = index[mesh_id]
                old = concepts[ci]
                if old.label != e.label:
                    logger.warning("supplement %s relabels %s from %s to %s", e.id, mesh_id, old.label, e.label)
                concepts[ci] = Concept(mesh_id, e.label, e.name, old.synonyms + e.synonyms, (e.id,))
            else:
                cid = mesh_id or e.id
                ci = len(concepts)
                index[cid] = ci
                concepts.append(Concept(cid, e.label, e.name, e.synonyms, (e.id,) if mesh_id else ()))
            for t in (e.name, *e.synonyms):
                terms.append((t, ci, 0))
        return cls(tuple(concepts), terms, mods)

    # ----------------------------------------------------------------- matching
    def find(self, text: str, *, offset: int = 0, abbreviations: Mapping[str, Concept] | None = None
             ) -> list[Mention]:
        """INTERVENTION/CONDITION mentions in ``text``: leftmost-longest, non-overlapping, in text order.

        After a dictionary match two extensions apply:

        * modifiers (``supplement_modifiers.jsonl``) widen the span but keep
          the concept: "oral iron", "low-dose naltrexone", "IVIG infusions";
        * coordination ellipsis: in "behavioral and rehabilitative therapies"
          or "type 1 and type 2 diabetes" the elided head is restored, and
          "behavioral" (resp. "type 1") becomes a mention of "behavioral
          therapy" ("type 1 diabetes") when that term exists with the same
          label; "hepatitis B and C" likewise yields "C" as hepatitis C, and
          "oral and intravenous iron" yields "oral" as iron.

        ``abbreviations`` maps short forms defined elsewhere in the document
        (e.g. by scispaCy's AbbreviationDetector, normalised with
        :meth:`normalize`) to their concepts: a token equal to a short form
        (same case, optional plural ``s``) becomes a mention of that concept,
        ahead of any lexicon reading ("MG" after "myasthenia gravis (MG)").

        Offsets are ``offset`` + indices into ``text``; ``Mention.text`` is the
        exact substring, ``source`` is ``"lexicon"``.
        """
        toks = words(text)
        if not toks:
            return []
        keys = [token_key(t[2]) for t in toks]
        trie = self._trie
        spans: list[tuple[int, int, Concept]] = []  # (first token, last token, concept)
        n = len(toks)
        i = 0
        floor = 0  # first token not covered by an emitted span
        while i < n:
            if abbreviations:
                tok = toks[i][2]
                short = abbreviations.get(tok) or (abbreviations.get(tok[:-1]) if tok.endswith("s") else None)
                if short is not None:
                    spans.append((i, i, short))
                    i = floor = i + 1
                    continue
            node = trie.get(keys[i])
            if node is None:
                i += 1
                continue
            best: tuple[int, int] | None = None  # (last token index, concept index)
            j = i
            while True:
                ends = node.get(_END)
                if ends is not None:
                    ci = self._accept(ends, toks, i, j)
                    if ci is not None:
                        best = (j, ci)
                if j + 1 >= n or not gap_ok(text[toks[j][1]:toks[j + 1][0]]):
                    break
                node = node.get(keys[j + 1])
                if node is None:
                    break
                j += 1
            if best is None:
                i += 1
                continue
            j, ci = best
            label = self.concepts[ci].label
            conj = self._left_conjuncts(text, toks, keys, i, j, label, floor) if j > i else []
            a = i if conj else self._extend(text, toks, keys, i, label, floor, before=True)
            if a < i:  # "oral and intravenous iron": a modifier conjunct shares the drug
                conj = self._modifier_conjuncts(text, toks, keys, a, ci, label, floor)
            b = self._extend(text, toks, keys, j, label, n - 1, before=False)
            spans.extend((x, y, self.concepts[k]) for x, y, k in conj)
            spans.append((a, b, self.concepts[ci]))
            floor = b + 1
            if j > i and b == j:
                right = self._right_conjunct(text, toks, keys, i, j, label)
                if right is not None:
                    spans.append((right[0], right[1], self.concepts[right[2]]))
                    floor = right[1] + 1
            i = floor
        out = []
        for a, b, c in spans:
            s, e = toks[a][0], toks[b][1]
            out.append(Mention(label=c.label, start=s + offset, end=e + offset, text=text[s:e],
                               norm_id=c.id, norm_name=c.name, source="lexicon"))
        return out

    def _extend(self, text: str, toks: list[tuple[int, int, str]], keys: list[str], edge: int, label: str,
                limit: int, *, before: bool) -> int:
        """Widen a match edge over modifiers of ``label`` (at most two, each 1-2 tokens); return the new edge."""
        mods = self._mod_before.get(label) if before else self._mod_after.get(label)
        if not mods:
            return edge
        for _ in range(2):
            moved = False
            for m in (2, 1):
                if before:
                    a, b = edge - m, edge - 1
                    if a < limit:
                        continue
                else:
                    a, b = edge + 1, edge + m
                    if b > limit:
                        continue
                if tuple(keys[a:b + 1]) in mods and all(
                        gap_ok(text[toks[k][1]:toks[k + 1][0]]) for k in range(min(a, edge), max(b, edge))):
                    edge = a if before else b
                    moved = True
                    break
            if not moved:
                break
        return edge

    def _modifier_conjuncts(self, text: str, toks: list[tuple[int, int, str]], keys: list[str], a: int, ci: int,
                            label: str, floor: int) -> list[tuple[int, int, int]]:
        """One-token modifiers coordinated with the modifier that starts the span at ``a``."""
        mods = self._mod_before.get(label, frozenset())
        out: list[tuple[int, int, int]] = []
        k = a
        while k - 2 >= floor and keys[k - 1] in _CONNECTORS and (keys[k - 2],) in mods \
                and gap_ok(text[toks[k - 2][1]:toks[k - 1][0]]) and gap_ok(text[toks[k - 1][1]:toks[k][0]]):
            out.append((k - 2, k - 2, ci))
            k -= 2
        return sorted(out)

    def _term_at(self, key: tuple[str, ...], toks: list[tuple[int, int, str]], label: str) -> int | None:
        entries = self._exact.get(key)
        if not entries:
            return None
        entries = tuple(e for e in entries if self.concepts[e[0]].label == label)
        return self._accept(entries, toks, 0, len(toks) - 1) if entries else None

    def _left_conjuncts(self, text: str, toks: list[tuple[int, int, str]], keys: list[str], i: int, j: int,
                        label: str, floor: int) -> list[tuple[int, int, int]]:
        """Conjuncts sharing the head of the match ``i..j`` ("A, B and C therapies"), left to right."""
        out: list[tuple[int, int, int]] = []
        k = i  # first token of the element to the right of the connector
        for _ in range(4):
            if k - 1 < floor:
                break
            gap = text[toks[k - 1][1]:toks[k][0]]
            if keys[k - 1] in _CONNECTORS and gap_ok(gap):
                c_end = k - 2
                if c_end < floor or text[toks[c_end][1]:toks[k - 1][0]].strip() not in ("", ","):
                    break
            elif gap.strip() == "," and gap_ok(gap.replace(",", " ")):
                c_end = k - 1
            else:
                break
            hit = None
            for m in (1, 2):
                c_start = c_end - m + 1
                if c_start < floor or m > j - i:
                    break
                key = tuple(keys[c_start:c_end + 1]) + tuple(keys[i + m:j + 1])
                ci = self._term_at(key, toks[c_start:c_end + 1] + toks[i + m:j + 1], label)
                if ci is not None:
                    hit = (c_start, c_end, ci)
                    break
            if hit is not None:
                out.append(hit)
                k = hit[0]
            elif toks[c_end][2].isalpha():
                k = c_end  # a conjunct that is no term of its own ("metabolic"): keep scanning
            else:
                break
        return sorted(out)

    def _right_conjunct(self, text: str, toks: list[tuple[int, int, str]], keys: list[str], i: int, j: int,
                        label: str) -> tuple[int, int, int] | None:
        """"hepatitis B and C": the token after the connector replaces the last token of the match."""
        y = j + 2
        if y >= len(toks) or keys[j + 1] not in _CONNECTORS:
            return None
        if not gap_ok(text[toks[j][1]:toks[j + 1][0]]) or not gap_ok(text[toks[j + 1][1]:toks[y][0]]):
            return None
        if y + 1 < len(toks) and gap_ok(text[toks[y][1]:toks[y + 1][0]]) and toks[y + 1][2][:1].isalnum() \
                and len(toks[y][2]) > 2:
            return None  # "B and C" only with a short, final conjunct
        key = tuple(keys[i:j]) + (keys[y],)
        ci = self._term_at(key, toks[i:j] + [toks[y]], label)
        return None if ci is None else (y, y, ci)

    @staticmethod
    def _accept(entries: tuple[_Entry, ...], toks: list[tuple[int, int, str]], i: int, j: int) -> int | None:
        """First entry whose casing fits tokens ``i..j``; an exact-case acronym beats a plural reading."""
        if len(entries) == 1 and entries[0][1] is None:
            return entries[0][0]
        n = j - i + 1
        for ci, cs in entries:
            if cs is not None and len(cs) == n and all(toks[i + k][2] == cs[k] for k in range(n)):
                return ci
        for ci, cs in entries:
            if cs is None:
                return ci
            if len(cs) == n and all(case_ok(toks[i + k][2], cs[k]) for k in range(n)):
                return ci
        return None

    # ------------------------------------------------------------ normalising
    def lookup(self, surface: str, label: str | None = None) -> Concept | None:
        """Exact lookup of ``surface`` after token normalisation (case rules as in :meth:`find`)."""
        key = term_key(surface)
        entries = self._exact.get(key)
        if not entries:
            return None
        toks = [(0, 0, t) for t in term_tokens(surface)]
        if label is not None:
            entries = tuple(e for e in entries if self.concepts[e[0]].label == label)
        ci = self._accept(entries, toks, 0, len(toks) - 1) if entries else None
        return None if ci is None else self.concepts[ci]

    def normalize(self, surface: str, label: str | None = None, long_form: str | None = None,
                  *, threshold: float | None = None) -> Concept | None:
        """Normalise a mention: exact, then via its long form, then fuzzy (char-3-gram TF-IDF cosine).

        Parameters
        ----------
        surface : the mention as written (e.g. a short form "IVIG").
        label : restrict to INTERVENTION or CONDITION.
        long_form : the abbreviation's long form when ``surface`` is a short form.
        threshold : minimum cosine for the fuzzy step; default ``FUZZY_THRESHOLDS`` by the
            candidate's label (CONDITION 0.85, INTERVENTION 0.92: chemical names that differ
            by a few characters are often different substances, "creatinine"/"creatine").
        """
        memo_key = (surface, label, long_form, threshold)
        if memo_key in self._memo:
            return self._memo[memo_key]
        c = self._normalize(surface, label, long_form, threshold)
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        self._memo[memo_key] = c
        return c

    def _normalize(self, surface: str, label: str | None, long_form: str | None, threshold: float | None
                   ) -> Concept | None:
        c = self.lookup(surface, label)
        if c is not None:
            return c
        if long_form:
            c = self.lookup(long_form, label)
            if c is not None:
                return c
        for s in ((long_form,) if long_form else ()) + (surface,):
            c = self._head_match(s, label) if s else None
            if c is not None:
                return c
        for s in ((long_form,) if long_form else ()) + (surface,):
            if s and len(s) >= 4 and not is_case_sensitive(s):
                # no candidate below the lowest threshold that could apply can be accepted: let the
                # index skip ranking when even the best score of any term is lower
                floor = min(FUZZY_THRESHOLDS.values()) if threshold is None else threshold
                hit = self.fuzzy(s, label, _floor=floor)
                if hit is not None and hit[1] >= (FUZZY_THRESHOLDS[hit[0].label] if threshold is None else threshold):
                    return hit[0]
        return None

    def _head_match(self, s: str, label: str | None) -> Concept | None:
        """The concept of the one mention :meth:`find` sees in ``s`` when it ends ``s`` and covers half of it.

        Resolves long forms with modifiers or qualifiers: "low-dose naltrexone"
        -> naltrexone, "severe allergic reactions" -> allergic reaction.
        """
        st = s.strip()
        ms = [m for m in self.find(st) if label is None or m.label == label]
        if len(ms) != 1 or ms[0].end != len(st) or 2 * (ms[0].end - ms[0].start) < len(st):
            return None
        m = ms[0]
        return self._by_id.get(m.norm_id) if m.norm_id else None

    def prepare_fuzzy(self) -> None:
        """Build the fuzzy index now (~0.3s) instead of at the first fuzzy lookup."""
        if self._fuzzy is None:
            t0 = time.perf_counter()
            self._fuzzy = _FuzzyIndex([(t, ci) for t, ci, _ in self._terms])
            logger.info("fuzzy index over %d terms built in %.2fs", len(self._terms), time.perf_counter() - t0)

    def fuzzy(self, surface: str, label: str | None = None, *, _floor: float | None = None
              ) -> tuple[Concept, float] | None:
        """Best fuzzy candidate and its cosine similarity (no threshold), or None.

        ``_floor`` (internal): return None early when no term at all scores ``_floor`` or more.
        """
        self.prepare_fuzzy()
        assert self._fuzzy is not None
        best = self._fuzzy.query(surface, lambda ci: label is None or self.concepts[ci].label == label,
                                 floor=_floor)
        if best is None:
            return None
        return self.concepts[best[0]], best[1]

    def get(self, concept_id: str) -> Concept | None:
        """The concept with id ``concept_id`` (``MESH:D...``, ``MESH:C...``, ``CN:...``), or None."""
        return self._by_id.get(concept_id)

    def __len__(self) -> int:
        return len(self.concepts)

    def __repr__(self) -> str:
        return f"ConceptLexicon({len(self.concepts)} concepts, {len(self._exact)} keys)"


def _padded(s: str) -> str:
    """The string whose character 3-grams represent ``s``: folded tokens, space-joined and space-padded."""
    return " " + " ".join(fold(w) for w in TOKEN_RE.findall(s)) + " "


def _grams(s: str) -> dict[str, int]:
    t = _padded(s)
    out: dict[str, int] = defaultdict(int)
    for k in range(len(t) - 2):
        out[t[k:k + 3]] += 1
    return out


def _gram_table(terms: list[tuple[str, int]]) -> tuple[dict[str, int], Any, Any, Any]:
    """``(vocab, rows, cols, counts)`` of the term x 3-gram count matrix (int64 arrays), vectorised with numpy.

    The same entries in the same order as looping over ``_grams(term).items()`` term by term and
    numbering grams by first appearance (so the matrix, its float sums and the scores are identical).
    """
    import numpy as np

    padded = [_padded(t) for t, _ in terms]
    lens = np.fromiter((len(p) for p in padded), dtype=np.int64, count=len(padded))
    if not len(padded) or int(lens.max()) < 3:
        return {}, np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    points = np.frombuffer("".join(padded).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    # dense character ids (the alphabet is small), so a gram code and its (term, gram, position) key fit int64
    alphabet = np.flatnonzero(np.bincount(points))
    k = len(alphabet)
    lut = np.zeros(int(alphabet[-1]) + 1, dtype=np.int64)
    lut[alphabet] = np.arange(k, dtype=np.int64)
    chars = lut[points]
    starts = np.concatenate(([0], np.cumsum(lens)[:-1]))
    n_grams = np.maximum(lens - 2, 0)
    term_of = np.repeat(np.arange(len(padded), dtype=np.int64), n_grams)
    n = len(term_of)
    # position of each gram: its term's start plus its index inside the term
    first_gram = np.concatenate(([0], np.cumsum(n_grams)[:-1]))
    pos = starts[term_of] + (np.arange(n, dtype=np.int64) - first_gram[term_of])
    k3 = k ** 3
    if len(padded) * k3 * n >= 2 ** 62:
        raise ValueError(f"fuzzy index: alphabet of {k} characters too large")
    codes = (chars[pos] * k + chars[pos + 1]) * k + chars[pos + 2]
    # merge repeats of a gram inside a term into its first occurrence: one sort of (term, gram, position)
    keys = np.sort((term_of * k3 + codes) * n + np.arange(n, dtype=np.int64))
    pair, at = keys // n, keys % n
    head = np.empty(n, dtype=bool)
    head[0] = True
    np.not_equal(pair[1:], pair[:-1], out=head[1:])
    heads = np.flatnonzero(head)
    count_at = np.zeros(n, dtype=np.int64)
    count_at[at[heads]] = np.diff(np.append(heads, n))
    sel = np.flatnonzero(count_at)  # first occurrences, in text order
    rows, g_seq, counts = term_of[sel], codes[sel], count_at[sel]
    # columns numbered by a gram's first appearance in that sequence
    g_first = np.full(k3, len(g_seq), dtype=np.int64)
    np.minimum.at(g_first, g_seq, np.arange(len(g_seq), dtype=np.int64))
    seen = np.flatnonzero(g_first < len(g_seq))
    seen = seen[np.argsort(g_first[seen])]
    col_of = np.zeros(k3, dtype=np.int64)
    col_of[seen] = np.arange(len(seen), dtype=np.int64)
    cols = col_of[g_seq]
    al = [chr(c) for c in alphabet.tolist()]
    vocab = {al[c // (k * k)] + al[(c // k) % k] + al[c % k]: i for i, c in enumerate(seen.tolist())}
    return vocab, rows, cols, counts


class _FuzzyIndex:
    """Character-3-gram TF-IDF vectors (L2-normalised rows of a sparse term x gram matrix)."""

    def __init__(self, terms: list[tuple[str, int]]) -> None:
        import numpy as np
        from scipy.sparse import csc_matrix

        vocab, rows, cols, counts = _gram_table(terms)
        n = max(len(terms), 1)
        r = np.asarray(rows, dtype=np.int64)
        c_ = np.asarray(cols, dtype=np.int64)
        df = np.bincount(c_, minlength=len(vocab))  # each (term, gram) pair occurs once
        self.vocab = vocab
        self.idf = np.log(n / np.maximum(df, 1)) + 1.0
        self.unseen_idf = math.log(n) + 1.0
        vals = np.asarray(counts, dtype=float) * self.idf[c_]
        norms = np.sqrt(np.bincount(r, weights=vals * vals, minlength=len(terms)))
        norms[norms == 0] = 1.0
        self.matrix = csc_matrix((vals / norms[r], (r, c_)), shape=(len(terms), len(vocab)))
        self.concept = np.array([ci for _, ci in terms], dtype=np.int64)
        self._indptr = self.matrix.indptr.tolist()
        self._indices = self.matrix.indices
        self._data = self.matrix.data

    def scores(self, cols: list[int], weights: list[float]) -> Any:
        """``self.matrix[:, cols] @ weights`` without building the sliced matrix.

        The same products summed per row in the same (column) order as scipy's
        ``csc_matvec`` on the slice, so the floats are identical.
        """
        import numpy as np

        ip, ix, dv = self._indptr, self._indices, self._data
        rows = np.concatenate([ix[ip[j]:ip[j + 1]] for j in cols])
        vals = np.concatenate([dv[ip[j]:ip[j + 1]] * w for j, w in zip(cols, weights)])
        return np.bincount(rows, weights=vals, minlength=self.matrix.shape[0])

    def query(self, s: str, ok: Callable[[int], bool], floor: float | None = None) -> tuple[int, float] | None:
        """Best ``(concept index, cosine)`` among terms whose concept passes ``ok``.

        With ``floor``, None when no term scores at least ``floor`` (minus a rounding margin):
        most queries fail a threshold, and the maximum is far cheaper than ranking.
        """
        import numpy as np

        g = _grams(s)
        known = [(self.vocab[k], c) for k, c in g.items() if k in self.vocab]
        # grams absent from the index still count in the query norm (they lower the cosine)
        norm = math.sqrt(sum((c * self.idf[j]) ** 2 for j, c in known)
                         + sum((c * self.unseen_idf) ** 2 for k, c in g.items() if k not in self.vocab))
        if not known or not norm:
            return None
        cols = [j for j, _ in known]
        q = np.array([c * self.idf[j] / norm for j, c in known])
        scores = self.scores(cols, q.tolist())
        if floor is not None and float(scores.max()) < floor - 1e-9:
            return None
        nz = np.flatnonzero(scores > 0)
        k = 64
        top = nz[np.argpartition(-scores[nz], k - 1)[:k]] if len(nz) > k else nz
        for ti in sorted(top.tolist(), key=lambda t: (-scores[t], t)):
            ci = int(self.concept[ti])
            if ok(ci):
                return ci, float(min(scores[ti], 1.0))
        if len(nz) > k:  # the rest only when no top candidate has the wanted label
            rest = np.setdiff1d(nz, top, assume_unique=True)
            for ti in sorted(rest.tolist(), key=lambda t: (-scores[t], t)):
                ci = int(self.concept[ti])
                if ok(ci):
                    return ci, float(min(scores[ti], 1.0))
        return None


@lru_cache(maxsize=8)
def _load_cached(path: str, supplement: str | None, modifiers: str | None) -> ConceptLexicon:
    t0 = time.perf_counter()
    rows = _read_compiled(Path(path))
    lex = ConceptLexicon.from_parts(rows, supplement, modifiers)
    logger.info("loaded %r from %s in %.2fs", lex, path, time.perf_counter() - t0)
    return lex
