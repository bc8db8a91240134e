"""Compile the MeSH-derived concept lexicon (used by ``scripts/build_lexicon.py``).

Source: the MeSH 2024 tables in ``shared/corpora/mesh``
(``data_mesh_thesaurus.tsv``, ``data_mesh_trees.tsv``,
``data_pharm_action.tsv``; NLM, https://www.nlm.nih.gov/mesh/) and,
optionally, the Human Disease Ontology cross-references
(``shared/corpora/disease_ontology/MESHinDO.tsv``, CC0).

Selection (one label per descriptor, see :func:`select_label`):

* CONDITION: descriptors under ``C`` (Diseases, incl. C23 signs and
  symptoms) or ``F03`` (Mental Disorders); descriptors found only under C22
  (animal diseases) are skipped.
* INTERVENTION: descriptors under ``E02`` (Therapeutics), ``E01.370``
  (diagnostic techniques, minus measurements that are also G phenomena),
  ``E03`` (anesthesia), ``E04`` (surgical procedures), ``F04.754``
  (psychotherapy), ``D20.215.894`` (vaccines), ``D26`` (pharmaceutical
  preparations, minus dosage forms and solutions) and ``D27.505``
  (pharmacologic action classes), minus drug administration routes
  (``E02.319.267``); ``D`` descriptors with at least one *therapeutic*
  pharmacological action (the stoplist names non-therapeutic actions such as
  dyes, reagents, pesticides, carcinogens; "Immunologic Factors" alone marks
  a body protein unless the name is a -mab/-cept INN); and drug
  Supplementary Concept Records (:func:`scr_drugs`). This keeps "Lead",
  "Gold", "Water", "Oxygen", "Proteins", "Antibodies" and "Cells" out.

Term filters: lab codes (``LAB`` tag), terms whose tokens cannot be matched
contiguously (commas, parentheses, brackets, slashes: MeSH's inverted
"X, Y" forms and qualifiers; the natural-order forms, even when flagged
permuted, are kept), terms shorter than 3 characters, longer than 6 tokens
or 50 characters, terms starting with a participle ("Induced Hypotension"
would match "drug-induced hypotension"), terms on the stoplist, and terms
claimed by both an INTERVENTION and a CONDITION descriptor (kept only where
it is one side's record-preferred term). Each match key keeps one concept:
descriptors before SCRs, record-preferred term first, then
concept-preferred, then the lowest id. Output is sorted, so builds are
reproducible.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from claimnlp.lexicon.stoplist import Stoplist
from claimnlp.lexicon.text import is_case_sensitive, term_key, term_tokens, terms_joinable
from claimnlp.model import sha256_file

logger = logging.getLogger(__name__)

LEXICON_FILE = "lexicon.tsv.gz"
MANIFEST_FILE = "manifest.json"
FORMAT_VERSION = 1

INTERVENTION_TREES = ("E02", "E01.370", "E03", "E04", "F04.754", "D26", "D27.505", "D20.215.894")
INTERVENTION_TREES_EXCLUDED = ("D26.255", "D26.776", "D26.650", "E02.319.267")
CONDITION_TREES = ("C", "F03")
MAX_TOKENS = 6
MAX_CHARS = 50
MIN_CHARS = 3
#: A term starting with one of these keys reads as "X-induced Y" in running text ("Induced Hypotension").
LEADING_PARTICIPLES = frozenset({"induced", "associated", "related", "mediated", "dependent"})


@dataclass(frozen=True)
class LexEntry:
    """One compiled concept: MeSH id (``MESH:D...``), label, readable name and match terms."""

    id: str
    label: str
    name: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class _Term:
    text: str
    permuted: bool
    tag: str
    record_preferred: bool
    concept_preferred: bool


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def select_label(trees: Iterable[str], actions: Iterable[str], non_drug_actions: frozenset[str],
                 name: str = "") -> str | None:
    """Label of a descriptor from its tree numbers and pharmacological actions (None: not in the lexicon).

    Besides the branch rules in the module docstring: a diagnostic-technique
    descriptor (E01) that is also a physiological phenomenon (G: blood
    pressure, platelet count, muscle strength) is a measurement, not a test;
    drug administration routes (E02.319.267: infusions, injections) are modes,
    not interventions; a substance whose only action is "Immunologic Factors"
    is a body protein (antibodies, IgG, complement) unless its name is a
    biologic's INN (-mab, -cept).
    """
    trees = sorted(trees)
    actions = set(actions)
    cond = [t for t in trees if t.startswith(CONDITION_TREES)]
    if cond and not all(t.startswith("C22") for t in cond):
        return "CONDITION"
    inter = [t for t in trees if t.startswith(INTERVENTION_TREES) and not t.startswith(INTERVENTION_TREES_EXCLUDED)]
    if inter and all(t.startswith("E01") for t in inter) and any(t.startswith("G") for t in trees):
        inter = []
    if inter:
        return "INTERVENTION"
    drug_actions = actions - non_drug_actions
    if drug_actions == {"Immunologic Factors"} and not name.lower().endswith(("mab", "cept")):
        drug_actions = set()
    if any(t.startswith("D") for t in trees) and drug_actions:
        return "INTERVENTION"
    return None


_WORD_RE = re.compile(r"\S+")
_PLAIN = re.compile(r"[A-Za-z][A-Za-z\-']*( [A-Za-z0-9][A-Za-z0-9\-']*){0,2}")


def proper_words(terms: Iterable[tuple[str, str]]) -> frozenset[str]:
    """Words that are proper names (eponyms): seen more often in ``EPO``-tagged MeSH terms than in others.

    ``terms`` yields ``(term, lexical_tag)``. Hyphenated parts count separately
    ("Guillain-Barre" gives "Guillain" and "Barre").
    """
    epo: dict[str, int] = defaultdict(int)
    other: dict[str, int] = defaultdict(int)
    for text, tag in terms:
        for w in re.split(r"[\s\-,()]+", text):
            if w[:1].isupper():
                (epo if tag == "EPO" else other)[w.rstrip("'s").rstrip("\u2019")] += 1
    return frozenset(w for w, n in epo.items() if n > other.get(w, 0))


def readable_name(name: str, proper: frozenset[str] = frozenset()) -> str:
    """Natural-order, sentence-case name: "Immunoglobulins, Intravenous" -> "intravenous immunoglobulins".

    MeSH's inverted forms ("A, B" or "A, B, C" with plain 1-3 word tails) are
    put back in natural order ("C B A"); words are
    lower-cased unless they are acronyms (an upper-case letter after the
    first), contain digits next to capitals, or are proper names (``proper``).
    """
    parts = name.split(", ")
    if len(parts) in (2, 3) and all(_PLAIN.fullmatch(p) for p in parts[1:]):
        name = " ".join(reversed(parts))

    def fix(piece: str) -> str:
        if not piece or len(piece) == 1 or any(c.isupper() for c in piece[1:]) or piece in proper:
            return piece
        bare = piece.rstrip("'s").rstrip("\u2019")
        if bare in proper:
            return piece
        return piece.lower()

    words = []
    for w in name.split(" "):
        words.append("-".join(fix(p) for p in w.split("-")))
    return " ".join(words)


def read_do_labels(do_dir: Path) -> dict[str, tuple[str, ...]]:
    """MeSH descriptor id -> Disease Ontology labels cross-referenced to it (``MESHinDO.tsv``), sorted."""
    out: dict[str, set[str]] = defaultdict(set)
    path = Path(do_dir) / "MESHinDO.tsv"
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            x, label = (r.get("xrefs") or "").strip(), (r.get("label") or "").strip()
            if x.startswith("MESH:D") and label and not label.lower().startswith("obsolete"):
                out[x[5:]].add(label)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def do_proper_words(labels: Iterable[str]) -> frozenset[str]:
    """Words written capitalised in Disease Ontology labels more often than in lower case.

    DO labels are lower case except for proper names and acronyms
    ("Kawasaki disease", "Alzheimer's disease"), so they are a casing source
    for the readable names of MeSH headings, which are all title case.
    """
    cap: dict[str, int] = defaultdict(int)
    low: dict[str, int] = defaultdict(int)
    for lab in labels:
        for w in re.split(r"[\s\-,()/]+", lab):
            w = w.removesuffix("'s").removesuffix("\u2019s")
            if not w or not w[0].isalpha():
                continue
            if w[0].isupper() and w[1:].islower():
                cap[w] += 1
            elif w.islower():
                low[w.capitalize()] += 1
    return frozenset(w for w, n in cap.items() if n > low.get(w, 0))


def _narrows(label_key: tuple[str, ...], name_key: tuple[str, ...]) -> bool:
    """True when a DO label only adds words to the MeSH name ("subacute delirium" vs "Delirium")."""
    return len(label_key) > len(name_key) and set(name_key) <= set(label_key)


def _rank(t: _Term, desc: str) -> tuple[int, int, int, str]:
    """Sort key of a term's claim on a match key: descriptors before SCRs, preferred terms first."""
    return (1 if desc.startswith("C") else 0, 0 if t.record_preferred else 1, 0 if t.concept_preferred else 1, desc)


_SCR_NAME = re.compile(r"[A-Za-z][a-z\-]{3,}( [A-Za-z][a-z\-]{2,}){0,2}")


def scr_drugs(actions: Mapping[str, set[str]], scr_names: Mapping[str, str],
              non_drug_actions: frozenset[str]) -> dict[str, str]:
    """Supplementary Concept Records (``C...`` ids) that are drugs: id -> name.

    The pharmacological-action table also lists SCR substances (newer drugs
    such as pembrolizumab and tirzepatide are SCRs in MeSH 2024). Kept: a
    therapeutic action and a name of 1-3 plain words (letters and hyphens,
    4+ letters first), which drops chemical names and lab codes.
    """
    out = {}
    for c, name in scr_names.items():
        if c.startswith("C") and actions.get(c, set()) - non_drug_actions and _SCR_NAME.fullmatch(name):
            out[c] = name
    return out


def build_entries(mesh_dir: Path, stoplist: Stoplist, do_dir: Path | None = None) -> list[LexEntry]:
    """Read MeSH from ``mesh_dir`` and return the compiled, filtered concept list (sorted by id).

    With ``do_dir`` (Human Disease Ontology lookup tables), DO labels
    cross-referenced to a selected CONDITION descriptor are added as match
    terms, a single such label that is also one of the descriptor's own MeSH
    terms becomes the readable name ("Kawasaki disease" for "Mucocutaneous
    Lymph Node Syndrome"; DO cross-references are sometimes narrower, so a
    label MeSH does not share is never used as the name), and DO casing marks
    proper names for the other readable names.
    """
    mesh_dir = Path(mesh_dir)
    do_labels = read_do_labels(do_dir) if do_dir is not None else {}
    trees: dict[str, set[str]] = defaultdict(set)
    heads: dict[str, set[str]] = defaultdict(set)  # top-level headings by name ("Infections" -> C01)
    for r in _read_tsv(mesh_dir / "data_mesh_trees.tsv"):
        trees[r["DescriptorUI"]].add(r["tree_location"])
        for name_col, code_col in (("mesh1", "tree1"), ("mesh2", "tree2")):
            if r.get(name_col) and r.get(code_col):
                heads[r[name_col]].add(r[code_col])
    actions: dict[str, set[str]] = defaultdict(set)
    scr_names: dict[str, str] = {}
    pa = mesh_dir / "data_pharm_action.tsv"
    if pa.exists():
        for r in _read_tsv(pa):
            actions[r["DescriptorUI"]].add(r["PharmActionName"])
            if r["DescriptorUI"].startswith("C"):
                scr_names[r["DescriptorUI"]] = r["DescriptorName"]
    names: dict[str, str] = {}
    terms: dict[str, list[_Term]] = defaultdict(list)
    for r in _read_tsv(mesh_dir / "data_mesh_thesaurus.tsv"):
        d = r["DescriptorUI"]
        names[d] = r["DescriptorName"]
        terms[d].append(_Term(r["TermName"], r["IsPermutedTermYN"] == "Y", r["LexicalTag"],
                              r["RecordPreferredTermYN"] == "Y", r["ConceptPreferredTermYN"] == "Y"))
    for d, name in names.items():
        if d not in trees and name in heads:
            # the trees table omits the top-level headings themselves; take their codes from the
            # ``mesh1``/``mesh2`` columns of their children
            trees[d] = set(heads[name])
    proper = proper_words((t.text, t.tag) for ts in terms.values() for t in ts)
    proper |= do_proper_words(lab for labs in do_labels.values() for lab in labs)
    for ts in terms.values():  # "Crohn's Disease": a possessive marks an eponym
        for t in ts:
            proper |= {m.group(1) for m in re.finditer(r"([A-Z][a-z]+)'s\b", t.text)}
    mesh_keys = {d: {term_key(t.text) for t in ts} for d, ts in terms.items()}
    for d, do_labs in do_labels.items():
        for do_label in do_labs:
            terms[d].append(_Term(do_label, False, "DO", False, False))

    labels: dict[str, str] = {}
    for d in sorted(names):
        if d in stoplist.descriptors:
            continue
        sel = select_label(trees.get(d, ()), actions.get(d, ()), stoplist.non_drug_actions, names[d])
        if sel is not None:
            labels[d] = sel

    for c, scr_name in sorted(scr_drugs(actions, scr_names, stoplist.non_drug_actions).items()):
        if c in stoplist.descriptors:
            continue
        labels[c] = "INTERVENTION"
        names[c] = scr_name
        terms[c].append(_Term(scr_name, False, "SCR", True, True))

    # candidate terms per match key
    cands: dict[tuple[tuple[str, ...], tuple[str, ...] | None], list[tuple[tuple[int, int, int, str], str, str]]]
    cands = defaultdict(list)
    for d in labels:
        for t in terms[d]:
            text = t.text.strip()
            if t.tag == "LAB" or len(text) < MIN_CHARS or len(text) > MAX_CHARS:
                continue
            if not terms_joinable(text):
                continue
            key = term_key(text)
            if not key or len(key) > MAX_TOKENS or " ".join(key) in stoplist.terms:
                continue
            if not any(c.isalpha() for c in text) or key[0] in LEADING_PARTICIPLES:
                continue
            cs = term_tokens(text) if is_case_sensitive(text) else None
            cands[(key, cs)].append((_rank(t, d), d, text))

    kept: dict[str, list[str]] = defaultdict(list)
    n_ambiguous = 0
    for (key, cs), lst in sorted(cands.items(), key=lambda kv: (kv[0][0], kv[0][1] or ())):
        lst.sort()
        by_label = {labels[d] for _, d, _ in lst}
        best_rank, best_d, best_text = lst[0]
        if len(by_label) > 1:
            logger.debug("label clash on %s: %s", " ".join(key), sorted({(labels[d], d) for _, d, _ in lst}))
            pref = [x for x in lst if x[0][0] == 0 and x[0][1] == 0]  # descriptor's record-preferred term
            if len({labels[d] for _, d, _ in pref}) != 1:
                n_ambiguous += 1
                logger.debug("ambiguous between labels, dropped: %s", " ".join(key))
                continue
            best_rank, best_d, best_text = pref[0]
        kept[best_d].append(best_text)
    logger.info("dropped %d keys ambiguous between INTERVENTION and CONDITION", n_ambiguous)

    out = []
    for d in sorted(kept):
        final = tuple(sorted(set(kept[d])))
        dl = do_labels.get(d, ())
        if d.startswith("C"):
            name = names[d]
        elif len(dl) == 1 and labels[d] == "CONDITION" and term_key(dl[0]) in mesh_keys.get(d, set()) \
                and not _narrows(term_key(dl[0]), term_key(names[d])):
            name = dl[0]  # DO's casing of one of MeSH's own terms ("Kawasaki disease")
        else:
            name = readable_name(names[d], proper)
        out.append(LexEntry(id=f"MESH:{d}", label=labels[d], name=name, terms=final))
    return out


def write_lexicon(entries: list[LexEntry], out_dir: Path, *, sources: Mapping[str, Path] | None = None) -> dict[str, object]:
    """Write ``lexicon.tsv.gz`` (id, label, name, ``|``-joined terms) and ``manifest.json``; return the manifest.

    The gzip header carries no timestamp or file name, so identical input
    gives byte-identical output.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    buf.write("id\tlabel\tname\tterms\n")
    for e in entries:
        for field in (e.name, *e.terms):
            if any(c in field for c in "\t\n|"):
                raise ValueError(f"illegal character in {field!r} ({e.id})")
        buf.write(f"{e.id}\t{e.label}\t{e.name}\t{'|'.join(e.terms)}\n")
    raw = buf.getvalue().encode("utf-8")
    path = out_dir / LEXICON_FILE
    tmp = out_dir / f".{LEXICON_FILE}.tmp"
    with open(tmp, "wb") as fh:
        with gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0, compresslevel=9) as gz:
            gz.write(raw)
    tmp.replace(path)
    counts: dict[str, int] = defaultdict(int)
    nterms: dict[str, int] = defaultdict(int)
    for e in entries:
        counts[e.label] += 1
        nterms[e.label] += len(e.terms)
    manifest: dict[str, object] = {
        "format_version": FORMAT_VERSION,
        "source": "MeSH 2024 descriptors (NLM), via shared/corpora/mesh",
        "concepts": dict(sorted(counts.items())),
        "terms": dict(sorted(nterms.items())),
        "sha256": hashlib.sha256(raw).hexdigest(),
        "inputs": {k: sha256_file(Path(v)) for k, v in sorted((sources or {}).items())},
    }
    (out_dir / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest
