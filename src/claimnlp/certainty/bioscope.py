"""Read BioScope XML and score cue detection on it (CoNLL-2010 style).

BioScope (Vincze et al. 2008) marks speculation and negation cues
(``<cue type="speculation|negation">``) and their scopes (``<xcope>``) inside
``<sentence>`` elements grouped by ``<Document>``. CoNLL-2010 Shared Task 1
(Farkas et al. 2010) calls a sentence *uncertain* when it holds at least one
speculation cue and scores sentence-level F1 of the uncertain class; we report
the same for negation, plus cue-level F1 (a predicted cue is a hit when it
overlaps a gold cue of the same type; exact-span figures are reported too).
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimnlp.metrics import prf

logger = logging.getLogger(__name__)

CUE_TYPES = ("speculation", "negation")


@dataclass(frozen=True)
class BioCue:
    start: int
    end: int
    type: str  # speculation | negation


@dataclass(frozen=True)
class BioSentence:
    doc_id: str
    sent_id: str
    text: str
    cues: tuple[BioCue, ...]

    def has(self, cue_type: str) -> bool:
        return any(c.type == cue_type for c in self.cues)


def _walk(el: ET.Element, parts: list[str], cues: list[BioCue], pos: int) -> int:
    if el.text:
        parts.append(el.text)
        pos += len(el.text)
    for child in el:
        start = pos
        pos = _walk(child, parts, cues, pos)
        if child.tag == "cue":
            cues.append(BioCue(start, pos, child.get("type", "")))
        if child.tail:
            parts.append(child.tail)
            pos += len(child.tail)
    return pos


def read_bioscope(path: str | Path) -> list[BioSentence]:
    """All sentences of a BioScope XML file with their cue spans (document order)."""
    root = ET.parse(str(path)).getroot()
    out: list[BioSentence] = []
    for n, doc in enumerate(root.iter("Document")):
        did_el = doc.find("DocID")
        doc_id = (did_el.text or "").strip() if did_el is not None else str(n)
        for sent in doc.iter("sentence"):
            parts: list[str] = []
            cues: list[BioCue] = []
            _walk(sent, parts, cues, 0)
            cues = [c for c in cues if c.type in CUE_TYPES]
            out.append(BioSentence(doc_id or str(n), sent.get("id", ""), "".join(parts),
                                   tuple(sorted(cues, key=lambda c: (c.start, c.end)))))
    if not out:
        raise ValueError(f"{path}: no <sentence> elements")
    return out


Predictor = Callable[[Sequence[str]], list[list[BioCue]]]


def score_bioscope(sentences: Sequence[BioSentence], predicted: Sequence[Iterable[BioCue]]) -> dict[str, object]:
    """Sentence-level and cue-level P/R/F1 for speculation and negation."""
    res: dict[str, object] = {"n_sentences": len(sentences)}
    for t in CUE_TYPES:
        s_tp = s_fp = s_fn = 0
        c_tp = c_fp = c_fn = 0
        e_tp = e_fp = e_fn = 0
        for sent, pred in zip(sentences, predicted):
            gold = [c for c in sent.cues if c.type == t]
            pc = [c for c in pred if c.type == t]
            g_any, p_any = bool(gold), bool(pc)
            s_tp += g_any and p_any
            s_fp += p_any and not g_any
            s_fn += g_any and not p_any
            hit_g = {i for i, g in enumerate(gold) if any(p.start < g.end and g.start < p.end for p in pc)}
            hit_p = [p for p in pc if any(p.start < g.end and g.start < p.end for g in gold)]
            c_tp += len(hit_g)
            c_fn += len(gold) - len(hit_g)
            c_fp += len(pc) - len(hit_p)
            gs = {(g.start, g.end) for g in gold}
            ps = {(p.start, p.end) for p in pc}
            e_tp += len(gs & ps)
            e_fp += len(ps - gs)
            e_fn += len(gs - ps)
        res[f"{t}_sentence"] = prf(s_tp, s_fp, s_fn)
        res[f"{t}_cue"] = prf(c_tp, c_fp, c_fn)
        res[f"{t}_cue_exact"] = prf(e_tp, e_fp, e_fn)
    return res


def split_by_document(sentences: Sequence[BioSentence], n_folds: int = 10) -> list[int]:
    """Fold number (0..n_folds-1) of each sentence, assigning whole documents round-robin in file order."""
    order: dict[str, int] = {}
    for s in sentences:
        order.setdefault(s.doc_id, len(order))
    return [order[s.doc_id] % n_folds for s in sentences]
