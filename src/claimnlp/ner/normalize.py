"""Map an entity mention to a MeSH descriptor: ``("MESH:D...", preferred name)``.

A lookup cascade in the spirit of dictionary normalizers such as scispaCy's
``EntityLinker`` (char-3-gram TF-IDF nearest neighbours, Neumann et al. 2019)
and simple rule sieves (D'Souza & Ng 2015):

1. exact term (case-sensitive), then the normalized key (lower case, hyphens
   and punctuation to spaces, collapsed whitespace), then simple plural/suffix
   variants;
2. the abbreviation's long form, if the caller found one (:mod:`claimnlp.ner.abbrev`);
3. character 3-gram TF-IDF cosine over all terms of the label's class, kept
   above ``threshold``.

Terms come from the MeSH 2024 thesaurus (descriptors only; tree C/F03 for
``Disease``, D for ``Chemical``). Supplementary concept records (``C``-ids) and
OMIM are not covered. The index is a small gzipped TSV shipped in the model
directory (``mesh_index.tsv.gz``) and loaded once per process.
"""

from __future__ import annotations

import csv
import functools
import gzip
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from claimnlp.ner.pubtator import PubtatorDoc

logger = logging.getLogger(__name__)

INDEX_FILE = "mesh_index.tsv.gz"
CLASS_OF_LABEL: Mapping[str, str] = MappingProxyType({"Chemical": "C", "Disease": "D"})
_PUNCT = re.compile(r"[\s\-‐‑–—/,;:()\[\]{}'\"’.]+")


def norm_key(text: str) -> str:
    """Lower-case, punctuation to single spaces, stripped."""
    return _PUNCT.sub(" ", text.lower()).strip()


def variants(key: str) -> list[str]:
    """Simple morphological variants of a normalized key (plural, -ic/-ia)."""
    out = []
    if key.endswith("ies"):
        out.append(key[:-3] + "y")
    if key.endswith("es"):
        out.append(key[:-2])
    if key.endswith("s") and not key.endswith("ss"):
        out.append(key[:-1])
    return out


@dataclass(frozen=True, eq=False)
class MeshIndex:
    """Term lookup tables per class letter, plus TF-IDF matrices built lazily."""

    exact: Mapping[tuple[str, str], str]  # (class, term) -> descriptor
    keyed: Mapping[tuple[str, str], str]  # (class, norm_key) -> descriptor
    names: Mapping[str, str]  # descriptor -> preferred name
    keys_by_class: Mapping[str, tuple[str, ...]]

    @classmethod
    def from_rows(cls, rows: list[tuple[str, str, str, str]]) -> "MeshIndex":
        """Rows: (class letter, descriptor, term, preferred name); first row per key wins."""
        exact: dict[tuple[str, str], str] = {}
        keyed: dict[tuple[str, str], str] = {}
        names: dict[str, str] = {}
        for letter, ui, term, name in rows:
            if letter not in ("C", "D"):
                raise ValueError(f"unknown class {letter!r}")
            names.setdefault(ui, name)
            exact.setdefault((letter, term), ui)
            k = norm_key(term)
            if k:
                keyed.setdefault((letter, k), ui)
        if not names:
            raise ValueError("empty MeSH index")
        by_class: dict[str, list[str]] = {"C": [], "D": []}
        for letter, k in keyed:
            by_class[letter].append(k)
        return cls(
            MappingProxyType(exact),
            MappingProxyType(keyed),
            MappingProxyType(names),
            MappingProxyType({k: tuple(sorted(v)) for k, v in by_class.items()}),
        )

    def lookup(self, surface: str, letter: str) -> str | None:
        """Exact and normalized-key lookup (steps 1 of the cascade)."""
        ui = self.exact.get((letter, surface))
        if ui:
            return ui
        k = norm_key(surface)
        ui = self.keyed.get((letter, k))
        if ui:
            return ui
        for v in variants(k):
            ui = self.keyed.get((letter, v))
            if ui:
                return ui
        return None


@functools.lru_cache(maxsize=4)
def _tfidf(index: MeshIndex, letter: str) -> tuple[Any, Any, tuple[str, ...]]:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    keys = index.keys_by_class[letter]
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 3), min_df=1, dtype=np.float32)
    mat = vec.fit_transform(keys)
    return vec, mat.T.tocsr(), keys


def tfidf_match(index: MeshIndex, key: str, letter: str, threshold: float) -> str | None:
    """Nearest term by character-3-gram TF-IDF cosine, if at least ``threshold``."""
    if len(key) < 3:
        return None
    vec, mat_t, keys = _tfidf(index, letter)
    q = vec.transform([key])
    if q.nnz == 0:
        return None
    scores = (q @ mat_t).toarray().ravel()
    best = int(scores.argmax())
    if scores[best] < threshold:
        return None
    return index.keyed[(letter, keys[best])]


def normalize_with(
    index: MeshIndex, surface: str, label: str, long_form: str | None = None, threshold: float = 0.75
) -> tuple[str, str] | None:
    """Run the cascade with an explicit index; see module docstring."""
    letter = CLASS_OF_LABEL.get(label)
    if letter is None or not surface.strip():
        return None
    ui = index.lookup(surface, letter)
    if ui is None and long_form:
        ui = index.lookup(long_form, letter)
    if ui is None:
        ui = tfidf_match(index, norm_key(long_form or surface), letter, threshold)
    if ui is None:
        return None
    return f"MESH:{ui}", index.names[ui]


def read_index(path: str | Path) -> MeshIndex:
    """Read ``mesh_index.tsv.gz`` (``class<TAB>descriptor<TAB>term<TAB>name``)."""
    rows: list[tuple[str, str, str, str]] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4:
                raise ValueError(f"{path}:{lineno}: expected 4 columns")
            rows.append((parts[0], parts[1], parts[2], parts[3]))
    return MeshIndex.from_rows(rows)


def build_index_rows(
    thesaurus_tsv: str | Path,
    trees_tsv: str | Path,
    training_docs: Iterable[PubtatorDoc] = (),
) -> list[tuple[str, str, str, str]]:
    """Rows for :func:`write_index`.

    First the mention surfaces of ``training_docs`` with a single concept id
    (a corpus dictionary, as in DNorm/TaggerOne: annotators' conventions such as
    "toxicity" -> Drug-Related Side Effects win over MeSH entry terms), then the
    MeSH descriptors in trees C/F03/D (descriptors without a tree number, e.g.
    top-level headings such as Neoplasms, go to both classes), preferred terms first.
    """
    from claimnlp.ner.lexfeat import mesh_classes

    classes = mesh_classes(trees_tsv)
    rows: list[tuple[str, str, str, str]] = []
    with open(thesaurus_tsv, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        # preferred-record terms first so they win ties
        data = sorted(reader, key=lambda r: (r["RecordPreferredTermYN"] != "Y", r["ConceptPreferredTermYN"] != "Y"))
    treed = {ui for ui in classes}
    names = {r["DescriptorUI"]: r["DescriptorName"].strip() for r in data}
    for pdoc in training_docs:
        for m in pdoc.mentions:
            if len(m.ids) != 1 or not m.ids[0].startswith("MESH:"):
                continue
            ui = m.ids[0][len("MESH:"):]
            letter = CLASS_OF_LABEL[m.label]
            rows.append((letter, ui, m.text.strip(), names.get(ui, m.text.strip())))
    for r in data:
        cls_letter = classes.get(r["DescriptorUI"])
        if cls_letter is None and r["DescriptorUI"] not in treed:
            cls_letter = "X"
        if cls_letter is None or len(r["TermName"]) > 120:
            continue
        letters = ("C", "D") if cls_letter == "X" else (cls_letter,)
        for letter in letters:
            rows.append((letter, r["DescriptorUI"], r["TermName"].strip(), r["DescriptorName"].strip()))
    seen: set[tuple[str, str]] = set()
    out: list[tuple[str, str, str, str]] = []
    for row in rows:
        if (row[0], row[2]) not in seen:
            seen.add((row[0], row[2]))
            out.append(row)
    return out


def write_index(rows: list[tuple[str, str, str, str]], path: str | Path) -> None:
    """Write rows as a deterministic gzipped TSV."""
    data = "".join("\t".join(r) + "\n" for r in rows).encode("utf-8")
    with open(path, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write(data)


@functools.lru_cache(maxsize=4)
def load_index(path: str | None = None) -> MeshIndex:
    """Load (once per path) the shipped index, default ``<models>/ner/mesh_index.tsv.gz``."""
    from claimnlp.ner.loading import default_model_path

    p = Path(path) if path else default_model_path() / INDEX_FILE
    if not p.exists():
        raise FileNotFoundError(f"MeSH index not found at {p}; run `claimnlp train-ner` (or build_index_rows)")
    return read_index(p)


def normalize(surface: str, label: str, long_form: str | None = None) -> tuple[str, str] | None:
    """``("MESH:D...", preferred name)`` for a ``Chemical``/``Disease`` mention, else ``None``.

    Uses the shipped index (:func:`load_index`); ``long_form`` is the
    abbreviation's definition when ``surface`` is a short form.
    """
    return normalize_with(load_index(), surface, label, long_form)
