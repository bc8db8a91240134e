"""The NLP core: Documents -> claim, mention and document rows.

(First scaffold: naive sentence units, no entities. Replaced stage by stage.)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from claimnlp import __version__
from claimnlp.model import Document, stable_id, sha256_text
from claimnlp.pipeline.config import PipelineConfig

logger = logging.getLogger(__name__)

_SENT = re.compile(r"[^\n.!?]+(?:[.!?]+|$)", re.M)


class Core:
    def __init__(self, config: PipelineConfig) -> None:
        self.config = config
        self.pipeline_version = __version__

    def process_batch(self, docs: Sequence[Document]) -> list[Any]:
        from claimnlp.pipeline.run import DocResult

        out: list[Any] = []
        for doc in docs:
            try:
                pv = self.pipeline_version
                drow = {"doc_id": doc.doc_id, "source": doc.source, "title": doc.title, "text": doc.text,
                        "format": doc.format, "sha256": sha256_text(doc.text), "n_chars": len(doc.text),
                        "encoding": doc.encoding, "pipeline_version": pv}
                claims = []
                for m in _SENT.finditer(doc.text):
                    s, e = m.span()
                    while s < e and doc.text[s].isspace():
                        s += 1
                    while e > s and doc.text[e - 1].isspace():
                        e -= 1
                    if e - s < 20:
                        continue
                    claims.append({"claim_id": stable_id(doc.doc_id, s, e), "doc_id": doc.doc_id, "start": s,
                                   "end": e, "text": doc.text[s:e], "unit_kind": "sentence", "section": None,
                                   "claim_type": "other", "certainty": "asserted", "strength": None,
                                   "intervention": None, "intervention_id": None, "intervention_name": None,
                                   "intervention_start": None, "intervention_end": None,
                                   "intervention_source": None, "condition": None, "condition_id": None,
                                   "condition_name": None, "condition_start": None, "condition_end": None,
                                   "condition_source": None, "outcome": None, "population": None,
                                   "comparator": None, "n_quantities": 0, "pipeline_version": pv})
                out.append(DocResult(doc.doc_id, doc.source, drow, claims, [], []))
            except Exception as exc:  # noqa: BLE001 - one document never sinks the batch
                out.append(exc)
        return out
