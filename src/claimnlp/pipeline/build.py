"""Build the spaCy pipeline: a biomedical NER model plus scispaCy's abbreviation detector.

``load_pipeline(config)`` returns a ``Language`` that is run per block (never
on a whole document: scispaCy's abbreviation detector slows down sharply on
one huge Doc). Which NER is used is a setting (``PipelineConfig.ner_model``,
env ``CLAIMNLP_NER_MODEL``):

- ``default``: the model trained by claimnlp and shipped in ``models/ner``;
- ``none``: no statistical NER (tokenizer + abbreviations only; the lexicon
  still finds concepts);
- a path or an installed package name (e.g. ``en_ner_bc5cdr_md`` from
  scispaCy), whose ``CHEMICAL``/``DISEASE`` labels are mapped to
  ``Chemical``/``Disease``.
"""

from __future__ import annotations

import logging
from typing import Any

import spacy
from spacy.language import Language

from claimnlp.pipeline.config import PipelineConfig, models_dir

logger = logging.getLogger(__name__)


def load_pipeline(config: PipelineConfig | None = None) -> Language:
    """Load the NER pipeline named by ``config`` and add the abbreviation detector."""
    config = config or PipelineConfig.from_env()
    nlp: Language
    if config.ner_model == "none":
        nlp = spacy.blank("en")
    elif config.ner_model == "default" and not (models_dir() / "ner" / "config.cfg").exists():
        logger.warning("no NER model shipped in %s; running with the lexicon only", models_dir() / "ner")
        nlp = spacy.blank("en")
    else:
        from claimnlp.ner import load_ner

        nlp = load_ner(None if config.ner_model == "default" else config.ner_model)
    if config.abbreviations and "abbreviation_detector" not in nlp.pipe_names:
        import scispacy.abbreviation  # noqa: F401  (registers the factory)

        nlp.add_pipe("abbreviation_detector")
    return nlp


def pipeline_fingerprint(nlp: Language) -> dict[str, Any]:
    """What identifies the loaded pipeline (for pipeline_version and logs)."""
    meta = nlp.meta or {}
    return {"name": meta.get("name"), "version": meta.get("version"), "pipes": list(nlp.pipe_names)}
