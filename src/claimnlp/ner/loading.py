"""Load the NER pipeline and extract character spans.

Model selection (first that applies): the ``name_or_path`` argument, the
environment variable ``CLAIMNLP_NER_MODEL``, else ``default``. ``default`` is
the pipeline shipped in ``<models>/ner`` where ``<models>`` is
``$CLAIMNLP_MODELS_DIR`` or the checkout's ``models/`` folder. Anything else is
a directory path or an installed spaCy package name (``spacy.load``), e.g.
scispaCy's ``en_ner_bc5cdr_md``.

Labels are normalized for every model by a last pipe ``claimnlp_ner_labels``:
``CHEMICAL``/``DISEASE`` (scispaCy) become ``Chemical``/``Disease``; entities
with other labels are dropped, so downstream code sees the same two labels
whatever model is configured.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Model

import claimnlp.ner.consistency  # noqa: F401  (registers claimnlp_ner_consistency)
import claimnlp.ner.lexfeat  # noqa: F401  (registers claimnlp_lexicon_features)
import claimnlp.ner.tokenizer  # noqa: F401  (registers claimnlp.ner_tokenizer.v1)

logger = logging.getLogger(__name__)

LABELS: tuple[str, ...] = ("Chemical", "Disease")
ENV_MODEL = "CLAIMNLP_NER_MODEL"
ENV_MODELS_DIR = "CLAIMNLP_MODELS_DIR"

#: Upper-cased model label -> claimnlp label.
LABEL_MAP: Mapping[str, str] = MappingProxyType(
    {"CHEMICAL": "Chemical", "DISEASE": "Disease", "CHEMICALS": "Chemical", "DISEASES": "Disease"}
)


def models_dir() -> Path:
    """``$CLAIMNLP_MODELS_DIR`` or ``<repo>/models``."""
    env = os.environ.get(ENV_MODELS_DIR)
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "models"


def default_model_path() -> Path:
    """Where the shipped NER pipeline lives (``<models>/ner``)."""
    return models_dir() / "ner"


def map_label(label: str) -> str | None:
    """Model label -> ``Chemical``/``Disease``, or ``None`` for other labels."""
    return LABEL_MAP.get(label.upper())


class LabelNormalizer:
    """Rewrite ``doc.ents`` labels to ``Chemical``/``Disease``; drop other entities."""

    def __init__(self, nlp: Language, name: str = "claimnlp_ner_labels") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        labels = [ent.label_ for ent in doc.ents]
        if all(map_label(lab) == lab for lab in labels):
            return doc  # claimnlp's own model: the same spans and labels (rewriting them changes nothing)
        ents = []
        for ent in doc.ents:
            label = map_label(ent.label_)
            if label is not None:
                ents.append(doc.char_span(ent.start_char, ent.end_char, label=label) or ent)
        doc.ents = tuple(ents)
        return doc


@Language.factory("claimnlp_ner_labels", assigns=["doc.ents"], default_config={})
def make_label_normalizer(nlp: Language, name: str) -> LabelNormalizer:
    """Factory for :class:`LabelNormalizer`."""
    return LabelNormalizer(nlp, name)


def resolve_model(name_or_path: str | None = None) -> str:
    """Return the path or package name that :func:`load_ner` will load."""
    choice = name_or_path or os.environ.get(ENV_MODEL) or "default"
    if choice == "default":
        return str(default_model_path())
    if choice.lower() == "none":
        raise ValueError("NER model 'none' selected: no NER pipeline to load")
    return choice


def load_ner(name_or_path: str | None = None, *, cache_embeddings: bool = True) -> Language:
    """Load the NER pipeline (see module docstring for how the model is chosen).

    Parameters
    ----------
    name_or_path
        ``None``/``"default"`` (shipped model), a directory, or an installed
        spaCy package name.
    cache_embeddings
        Compute each distinct token's embedding once (:mod:`claimnlp.ner.embed_cache`; the
        same output, ~15% less NER time). ``False`` runs the model as saved.

    Raises
    ------
    OSError
        If the model cannot be found (message says how to train or select one).
    """
    target = resolve_model(name_or_path)
    path = Path(target)
    try:
        if path.exists():
            nlp = spacy.load(path)
        else:
            nlp = spacy.load(target)
    except OSError as exc:
        raise OSError(
            f"cannot load NER model {target!r}: train one with `claimnlp train-ner` or set "
            f"{ENV_MODEL} to an installed package (e.g. en_ner_bc5cdr_md) or a path"
        ) from exc
    if "claimnlp_ner_labels" not in nlp.pipe_names:
        nlp.add_pipe("claimnlp_ner_labels", last=True)
    use_blas_gemm(nlp)
    from claimnlp.ner.embed_cache import cache_token_embeddings

    cached = cache_token_embeddings(nlp) if cache_embeddings else 0
    logger.info("loaded NER %s (pipes %s; %d token-embedding caches)", target, nlp.pipe_names, cached)
    return nlp


def use_blas_gemm(nlp: Language) -> None:
    """Let the pipeline's CPU layers multiply matrices with numpy's BLAS instead of blis.

    thinc's ``NumpyOps`` computes ``gemm`` with blis by default; ``use_blis=False``
    delegates to ``numpy.matmul``, whose OpenBLAS kernels are 2-3x faster here
    (AVX-512), which makes the NER ~25% faster. The weights and the model are
    unchanged; the products may differ in the last bits of float32 rounding, and on
    the 1,000 BC5CDR training + development abstracts and the seed documents every
    predicted entity is the same. Models on other ops (GPU) are left alone.
    """
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for node in model_nodes(nlp):
        if type(node.ops) is NumpyOps:
            node.ops = ops


def model_nodes(nlp: Language) -> list[Model[Any, Any]]:
    """Every thinc layer of ``nlp``'s trainable components (a list: callers may rewire layers)."""
    nodes: list[Model[Any, Any]] = []
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is not None and hasattr(model, "walk"):
            nodes.extend(model.walk())
    return nodes


def ner_spans(nlp: Language, texts: Iterable[str], batch_size: int = 64) -> Iterator[list[tuple[int, int, str]]]:
    """Yield ``(start, end, label)`` end-exclusive character spans for each text."""
    from claimnlp.ner.consistency import make_docs

    for doc in nlp.pipe(make_docs(nlp, texts), batch_size=batch_size):
        yield [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in LABELS]
