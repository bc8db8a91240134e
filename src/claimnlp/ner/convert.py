"""Convert PubTator documents into spaCy ``Doc`` objects / ``DocBin`` files for training.

Gold spans that do not fall on token boundaries are widened to the enclosing
tokens (``Doc.char_span(..., alignment_mode="expand")``); overlapping mentions
(BC5CDR composite mentions) keep the longest, then the earliest. With
``missing_labels`` (for corpora that annotate only some classes, e.g. NCBI
disease has no chemicals), tokens inside a dictionary match of a missing class
are marked *missing* instead of *outside*, so the model is not taught that an
unannotated drug name is not an entity (partial-annotation learning, cf. Jie et
al. 2019, "Better modeling of incomplete annotations for NER").
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from claimnlp.ner.pubtator import PubtatorDoc

logger = logging.getLogger(__name__)


def gold_spans(doc: Doc, pdoc: PubtatorDoc) -> list[Span]:
    """Token-aligned, non-overlapping gold entity spans of ``pdoc`` in ``doc``."""
    cands: list[Span] = []
    for m in pdoc.mentions:
        span = doc.char_span(m.start, m.end, label=m.label, alignment_mode="expand")
        if span is None or len(span) == 0:
            logger.debug("%s: cannot align %r", pdoc.pmid, m.text)
            continue
        cands.append(span)
    cands.sort(key=lambda s: (-(s.end - s.start), s.start))
    taken: set[int] = set()
    kept: list[Span] = []
    for span in cands:
        if any(i in taken for i in range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def to_doc(
    nlp: Language,
    pdoc: PubtatorDoc,
    missing_mask: Callable[[Doc], Sequence[bool]] | None = None,
) -> Doc:
    """Tokenize ``pdoc.text`` with ``nlp`` and set the gold entities.

    ``missing_mask(doc)`` returns, per token, whether an *unannotated* token should
    be marked missing (unknown) rather than outside.
    """
    doc = nlp.make_doc(pdoc.text)
    ents = gold_spans(doc, pdoc)
    missing: list[Span] = []
    if missing_mask is not None:
        in_ent: set[int] = set()
        for s in ents:
            in_ent.update(range(s.start, s.end))
        mask = missing_mask(doc)
        i = 0
        while i < len(doc):
            if mask[i] and i not in in_ent:
                j = i
                while j < len(doc) and mask[j] and j not in in_ent:
                    j += 1
                missing.append(doc[i:j])
                i = j
            else:
                i += 1
    doc.set_ents(ents, missing=missing, default="outside")
    doc.user_data["pmid"] = pdoc.pmid
    return doc


def to_docbin(
    nlp: Language,
    pdocs: Iterable[PubtatorDoc],
    path: str | Path,
    missing_mask: Callable[[Doc], Sequence[bool]] | None = None,
) -> int:
    """Write ``pdocs`` as a ``DocBin`` to ``path``; return the number of docs."""
    db = DocBin(store_user_data=False)
    n = 0
    for pdoc in pdocs:
        db.add(to_doc(nlp, pdoc, missing_mask))
        n += 1
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    logger.info("wrote %d docs to %s", n, path)
    return n
