"""Read PubTator files (BC5CDR, NCBI-disease) into plain frozen records.

Format (Wei et al. 2013, PubTator; used by BioCreative V CDR, Li et al. 2016, and
the NCBI disease corpus, Doğan et al. 2014)::

    PMID|t|title
    PMID|a|abstract
    PMID<TAB>start<TAB>end<TAB>text<TAB>type<TAB>ids[<TAB>extra]
    PMID<TAB>CID<TAB>chemical<TAB>disease        (relations, ignored)

Offsets are end-exclusive character offsets into ``title + " " + abstract``.
Mention types are mapped to the two claimnlp NER labels: ``Chemical`` and
``Disease`` (the four NCBI classes SpecificDisease, DiseaseClass, CompositeMention
and Modifier all become ``Disease``). Relations are skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

LABELS: tuple[str, ...] = ("Chemical", "Disease")

#: PubTator mention types -> claimnlp NER label.
TYPE_TO_LABEL: dict[str, str] = {
    "Chemical": "Chemical",
    "Disease": "Disease",
    "SpecificDisease": "Disease",
    "DiseaseClass": "Disease",
    "CompositeMention": "Disease",
    "Modifier": "Disease",
}


@dataclass(frozen=True)
class GoldMention:
    """One annotated mention: end-exclusive char offsets, label, concept ids."""

    start: int
    end: int
    text: str
    label: str
    ids: tuple[str, ...]


@dataclass(frozen=True)
class PubtatorDoc:
    """One title+abstract with its mentions (sorted by offset)."""

    pmid: str
    title: str
    abstract: str
    mentions: tuple[GoldMention, ...]

    @property
    def text(self) -> str:
        """``title + " " + abstract``, the string the offsets refer to."""
        return f"{self.title} {self.abstract}"


def normalize_ids(raw: str) -> tuple[str, ...]:
    """Split a PubTator id field (``D001|D002``, ``OMIM:1234``, ``-1``) into ids.

    MeSH ids get a ``MESH:`` prefix; ``-1`` (no id) yields an empty tuple.
    """
    out: list[str] = []
    for part in raw.replace(",", "|").replace("+", "|").split("|"):
        part = part.strip()
        if not part or part == "-1":
            continue
        if part.startswith(("D", "C")) and part[1:].isdigit():
            part = f"MESH:{part}"
        out.append(part)
    return tuple(out)


def parse_pubtator(lines: Iterable[str]) -> Iterator[PubtatorDoc]:
    """Parse PubTator lines into :class:`PubtatorDoc` records, in file order.

    Raises
    ------
    ValueError
        If a mention's text does not match the document text at its offsets,
        or a mention has an unknown type.
    """
    pmid: str | None = None
    title = abstract = ""
    mentions: list[GoldMention] = []

    def flush() -> PubtatorDoc | None:
        if pmid is None:
            return None
        return PubtatorDoc(pmid, title, abstract, tuple(sorted(mentions, key=lambda m: (m.start, m.end))))

    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\n").rstrip("\r")
        if not line.strip():
            continue
        if "|t|" in line[:40] and line.split("|", 1)[0].isdigit():
            doc = flush()
            if doc is not None:
                yield doc
            pmid, _, title = line.split("|", 2)
            abstract = ""
            mentions = []
            continue
        if "|a|" in line[:40] and line.split("|", 1)[0].isdigit():
            abstract = line.split("|", 2)[2]
            continue
        cols = line.split("\t")
        if len(cols) >= 4 and cols[1] in {"CID"}:
            continue
        if len(cols) < 5:
            logger.debug("line %d: skipped (%r)", lineno, line[:60])
            continue
        start, end, text, typ = int(cols[1]), int(cols[2]), cols[3], cols[4]
        if typ not in TYPE_TO_LABEL:
            raise ValueError(f"line {lineno}: unknown mention type {typ!r}")
        full = f"{title} {abstract}"
        if full[start:end] != text and full[start:end].strip() != text.strip():
            raise ValueError(f"line {lineno}: offsets {start}-{end} give {full[start:end]!r}, not {text!r}")
        ids = normalize_ids(cols[5]) if len(cols) > 5 else ()
        mentions.append(GoldMention(start, end, full[start:end], TYPE_TO_LABEL[typ], ids))
    doc = flush()
    if doc is not None:
        yield doc


def read_pubtator(path: str | Path) -> list[PubtatorDoc]:
    """Read a PubTator file (UTF-8) into a list of documents."""
    with Path(path).open(encoding="utf-8") as fh:
        return list(parse_pubtator(fh))
