"""A fast, deterministic stand-in with the Processor contract (for run-layer tests).

Rows follow ``claimnlp.schema`` exactly: one document row, one claim per
sentence, one INTERVENTION mention per capitalised word, and an error result
for texts containing ``FAIL``. ``$FAKE_PV`` sets the pipeline version and
``$FAKE_DELAY`` adds seconds of sleep per batch (to make a run killable).
Use it in a subprocess with ``CLAIMNLP_PROCESSOR=fake_processor:FakeProcessor``.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Sequence
from typing import Any

from claimnlp.model import Document, sha256_text, stable_id
from claimnlp.pipeline.run import DocResult
from claimnlp.schema import CLAIMS, MENTIONS

_SENT = re.compile(r"[^.!?\n]+[.!?]?")
_CAP = re.compile(r"\b[A-Z][a-z]+\b")


def _blank(table: Any) -> dict[str, Any]:
    return {c.name: None for c in table.columns}


class FakeProcessor:
    def __init__(self, pipeline_version: str | None = None, delay: float | None = None) -> None:
        self.pipeline_version = pipeline_version or os.environ.get("FAKE_PV", "fake-1")
        self.delay = float(os.environ.get("FAKE_DELAY", "0")) if delay is None else delay
        self.calls = 0
        self.docs_seen = 0

    def process(self, docs: Sequence[Document]) -> list[DocResult]:
        self.calls += 1
        self.docs_seen += len(docs)
        if self.delay:
            time.sleep(self.delay)
        return [self._one(d) for d in docs]

    def _one(self, doc: Document) -> DocResult:
        pv = self.pipeline_version
        if "FAIL" in doc.text:
            err = {"doc_id": doc.doc_id, "source": doc.source, "stage": "process", "error_type": "ValueError",
                   "message": "fake failure", "pipeline_version": pv}
            return DocResult(doc.doc_id, doc.source, None, errors=[err])
        drow = {"doc_id": doc.doc_id, "source": doc.source, "title": doc.title, "text": doc.text,
                "format": doc.format, "sha256": sha256_text(doc.text), "n_chars": len(doc.text),
                "encoding": doc.encoding, "pipeline_version": pv}
        claims, mentions = [], []
        for m in _SENT.finditer(doc.text):
            s, e = m.span()
            if not doc.text[s:e].strip():
                continue
            cid = stable_id(doc.doc_id, s, e)
            row = _blank(CLAIMS) | {"claim_id": cid, "doc_id": doc.doc_id, "start": s, "end": e,
                                    "text": doc.text[s:e], "unit_kind": "sentence", "claim_type": "other",
                                    "certainty": "asserted", "n_quantities": 0, "pipeline_version": pv}
            claims.append(row)
            for w in _CAP.finditer(doc.text, s, e):
                mentions.append(_blank(MENTIONS) | {
                    "mention_id": stable_id(doc.doc_id, "INTERVENTION", w.start(), w.end()),
                    "doc_id": doc.doc_id, "claim_id": cid, "label": "INTERVENTION", "start": w.start(),
                    "end": w.end(), "text": w.group(), "source": "rule", "pipeline_version": pv})
        return DocResult(doc.doc_id, doc.source, drow, claims, mentions, [])
