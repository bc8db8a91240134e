"""spaCy component ``claimnlp_quantities``: a thin wrapper over :func:`parse_quantities`.

Factory + thin class + pure core (STYLE.md, sections 1 and 2): ``__call__`` runs
:func:`claimnlp.quantities.parse_quantities` on each sentence (or on the whole
text when the Doc has no sentence boundaries) and ``set_annotations`` writes the
results to ``doc.spans["cn_quantities"]`` (label ``QUANTITY``). Each span carries
its :class:`claimnlp.model.Quantity` in ``Span._.cn_quantity``; spans are
expanded to token boundaries, the Quantity keeps the exact character offsets.

``to_disk`` writes the five rule files next to the component so that a saved
pipeline carries its rules; ``from_disk`` reads them back (validated).
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from claimnlp.model import Quantity
from claimnlp.quantities.lexicon import DATA_DIR, load_quantity_lexicon
from claimnlp.quantities.parser import parse_text
from claimnlp.schema import MentionLabel

logger = logging.getLogger(__name__)

SPAN_KEY = "cn_quantities"
RULE_FILES = ("units.json", "quantity_words.json", "quantity_qualifiers.json", "quantity_nouns.json",
              "quantity_cues.json")

if not Span.has_extension("cn_quantity"):
    Span.set_extension("cn_quantity", default=None)


@Language.factory(
    "claimnlp_quantities",
    assigns=["doc.spans", "span._.cn_quantity"],
    default_config={"data_dir": None, "per_sentence": True},
)
def make_quantities(nlp: Language, name: str, data_dir: str | None, per_sentence: bool) -> "QuantityComponent":
    """Create the component (arguments come from ``nlp.config``)."""
    return QuantityComponent(name=name, data_dir=data_dir, per_sentence=per_sentence)


class QuantityComponent:
    """Find QUANTITY spans; see the module docstring for what is written where."""

    def __init__(self, *, name: str = "claimnlp_quantities", data_dir: str | None = None,
                 per_sentence: bool = True) -> None:
        self.name = name
        self.data_dir = data_dir
        self.per_sentence = per_sentence
        load_quantity_lexicon(data_dir)  # fail at construction on a bad rule file

    def find(self, doc: Doc) -> list[Quantity]:
        """The pure part: quantities in ``doc.text`` with document offsets."""
        text = doc.text
        if self.per_sentence and doc.has_annotation("SENT_START"):
            pieces: Iterable[tuple[int, int]] = ((s.start_char, s.end_char) for s in doc.sents)
        else:
            pieces = [(0, len(text))]
        out: list[Quantity] = []
        for s, e in pieces:
            out.extend(parse_text(text[s:e], offset=s, data_dir=self.data_dir))
        return out

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    @staticmethod
    def set_annotations(doc: Doc, quantities: list[Quantity]) -> None:
        spans = []
        for q in quantities:
            span = doc.char_span(q.start, q.end, label=MentionLabel.QUANTITY.value, alignment_mode="expand")
            if span is None:  # pragma: no cover - expand always finds tokens for non-empty spans
                continue
            span._.cn_quantity = q
            spans.append(span)
        doc.spans[SPAN_KEY] = spans

    # ------------------------------------------------------------------ serialization
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        src = Path(self.data_dir) if self.data_dir else DATA_DIR
        for f in RULE_FILES:
            shutil.copyfile(src / f, path / f)
        (path / "cfg.json").write_text(json.dumps({"per_sentence": self.per_sentence}), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "QuantityComponent":
        path = Path(path)
        cfg = json.loads((path / "cfg.json").read_text(encoding="utf-8"))
        self.per_sentence = bool(cfg.get("per_sentence", True))
        self.data_dir = str(path)
        load_quantity_lexicon(self.data_dir)
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        src = Path(self.data_dir) if self.data_dir else DATA_DIR
        payload: dict[str, Any] = {f: (src / f).read_text(encoding="utf-8") for f in RULE_FILES}
        payload["cfg"] = {"per_sentence": self.per_sentence}
        return json.dumps(payload).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "QuantityComponent":
        import tempfile

        payload = json.loads(data.decode("utf-8"))
        folder = Path(tempfile.mkdtemp(prefix="claimnlp_quantities_"))
        for f in RULE_FILES:
            (folder / f).write_text(payload[f], encoding="utf-8")
        self.per_sentence = bool(payload.get("cfg", {}).get("per_sentence", True))
        self.data_dir = str(folder)
        load_quantity_lexicon(self.data_dir)
        return self
