"""Turn Documents into table rows: the one entry point of the NLP core.

``Processor`` owns the loaded resources (spaCy pipeline, lexicon, models) and
turns a batch of :class:`claimnlp.model.Document` into :class:`DocResult`
rows that match ``claimnlp.schema`` exactly. It never writes files and never
imports Prefect: the run layer (``claimnlp.runner``), the CLI and the flows
all call ``Processor.process``.

A failure inside one document becomes an error row in that document's
``DocResult``; it never aborts the batch.
"""

from __future__ import annotations

import atexit
import functools
import gc
import logging
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from claimnlp.model import Document
from claimnlp.pipeline.config import PipelineConfig
from claimnlp.schema import ErrorStage

logger = logging.getLogger(__name__)

Row = dict[str, Any]


@dataclass
class DocResult:
    """All rows produced for one document (``document`` is None if it failed)."""

    doc_id: str
    source: str
    document: Row | None
    claims: list[Row] = field(default_factory=list)
    mentions: list[Row] = field(default_factory=list)
    errors: list[Row] = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def _unfreeze_at_exit() -> None:
    """Hand frozen objects back to the collector at exit (once per process).

    The collection at interpreter shutdown skips frozen objects too; extension modules
    that check for leaks (duckdb's nanobind bindings) would then report theirs.
    """
    atexit.register(gc.unfreeze)


class Processor:
    """Loads the pipeline once and processes batches of documents.

    Parameters
    ----------
    config:
        Pipeline settings; ``None`` reads defaults and environment overrides.
    """

    def __init__(self, config: PipelineConfig | None = None) -> None:
        from claimnlp.pipeline.annotate import Annotator

        self.config = config or PipelineConfig.from_env()
        self._annotator = Annotator(self.config)
        # The loaded resources (lexicon trie, rule tables, spaCy pipeline: ~140k tracked objects) live as
        # long as the process. Moving them out of the collector's generations spares every full
        # collection a walk over all of them (~4% of the run time otherwise).
        gc.collect()
        gc.freeze()
        _unfreeze_at_exit()

    @property
    def pipeline_version(self) -> str:
        return self._annotator.pipeline_version

    def process(self, docs: Sequence[Document]) -> list[DocResult]:
        """Process a batch; one DocResult per input document, in order."""
        out: list[DocResult] = []
        for doc, res in zip(docs, self._annotator.annotate(docs)):
            if isinstance(res, BaseException):
                logger.warning("processing %s failed: %s", doc.source, res)
                out.append(self.error_result(doc, ErrorStage.PROCESS.value, type(res).__name__,
                                             "".join(traceback.format_exception_only(type(res), res)).strip()))
            else:
                out.append(res)
        return out

    def error_result(self, doc: Document, stage: str, error_type: str, message: str) -> DocResult:
        err = {"doc_id": doc.doc_id, "source": doc.source, "stage": stage, "error_type": error_type,
               "message": message, "pipeline_version": self.pipeline_version}
        return DocResult(doc_id=doc.doc_id, source=doc.source, document=None, errors=[err])
