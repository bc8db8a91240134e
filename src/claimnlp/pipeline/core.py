"""The NLP core behind :class:`claimnlp.pipeline.run.Processor`.

``Core`` is the narrow seam the Processor depends on (``pipeline_version``
and ``process_batch``); the work is done by :class:`claimnlp.pipeline.annotate.Annotator`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from claimnlp.model import Document
from claimnlp.pipeline.annotate import Annotator
from claimnlp.pipeline.config import PipelineConfig


class Core:
    def __init__(self, config: PipelineConfig) -> None:
        self._annotator = Annotator(config)
        self.pipeline_version = self._annotator.pipeline_version

    def process_batch(self, docs: Sequence[Document]) -> list[Any]:
        """One DocResult or exception per document, in order."""
        return self._annotator.annotate(docs)
