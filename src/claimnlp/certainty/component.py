"""Thin spaCy component ``claimnlp_context`` over the pure cue engine.

Runs :func:`claimnlp.certainty.find_cues` on each sentence of a Doc (the whole
Doc when it has no sentence boundaries) and writes the cues to the span group
``doc.spans["cn_cues"]`` (labels ``HEDGE``/``NEGATION``) with
``Span._.cn_cue_category`` (rule category), ``Span._.cn_cue_direction`` and
``Span._.cn_scope`` (character offsets of the scope in the Doc). Each sentence
span gets ``Span._.cn_certainty``. Cues that do not align to token boundaries
are expanded to the enclosing tokens.

The rules travel with the pipeline: ``to_disk``/``to_bytes`` write the rule
file, ``from_disk``/``from_bytes`` validate and load it, so a saved pipeline
does not depend on the packaged file (unlike medspaCy's ConText, STYLE.md 3).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from claimnlp.certainty.engine import certainty_of, find_cues
from claimnlp.certainty.rules import CueRuleSet, dump_cue_rules, load_cue_rules, parse_cue_rules

logger = logging.getLogger(__name__)

SPAN_KEY = "cn_cues"

for _name, _default in (("cn_cue_category", None), ("cn_cue_direction", None), ("cn_scope", None),
                        ("cn_certainty", None)):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)


@Language.factory("claimnlp_context", assigns=["doc.spans", "span._.cn_certainty"],
                  default_config={"rules_path": None, "span_key": SPAN_KEY})
def make_context(nlp: Language, name: str, rules_path: str | None, span_key: str) -> "ContextComponent":
    return ContextComponent(nlp, name, rules_path=rules_path, span_key=span_key)


class ContextComponent:
    """Hedge/negation cues with scope (see :mod:`claimnlp.certainty.engine`)."""

    def __init__(self, nlp: Language, name: str = "claimnlp_context", *, rules_path: str | None = None,
                 span_key: str = SPAN_KEY) -> None:
        self.name = name
        self.span_key = span_key
        self.rules: CueRuleSet = load_cue_rules(rules_path) if rules_path else load_cue_rules()

    def predict(self, doc: Doc) -> list[tuple[tuple[int, int], list[Any], str]]:
        """Pure half: (sentence char span, cues, certainty) per sentence."""
        sents = [(s.start_char, s.end_char) for s in doc.sents] if doc.has_annotation("SENT_START") \
            else [(0, len(doc.text))]
        out = []
        for s, e in sents:
            text = doc.text[s:e]
            cues = find_cues(text, offset=s, rules=self.rules)
            out.append(((s, e), cues, certainty_of(text, cues, offset=s, rules=self.rules)))
        return out

    def set_annotations(self, doc: Doc, results: list[tuple[tuple[int, int], list[Any], str]]) -> None:
        spans = []
        for (s, e), cues, cert in results:
            sent = doc.char_span(s, e, alignment_mode="expand")
            if sent is not None and doc.has_annotation("SENT_START"):
                sent._.cn_certainty = cert
            for c in cues:
                span = doc.char_span(c.start, c.end, label=c.label, alignment_mode="expand")
                if span is None:
                    continue
                span._.cn_cue_category = c.norm_id
                span._.cn_cue_direction = c.get("direction")
                span._.cn_scope = (int(c.get("scope_start") or c.start), int(c.get("scope_end") or c.end))
                spans.append(span)
        doc.spans[self.span_key] = spans

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.predict(doc))
        return doc

    # serialization: the rules travel with the pipeline
    def to_bytes(self, *, exclude: tuple[str, ...] = ()) -> bytes:
        return dump_cue_rules(self.rules).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: tuple[str, ...] = ()) -> "ContextComponent":
        self.rules = parse_cue_rules(json.loads(data.decode("utf-8")), where=f"{self.name} bytes")
        return self

    def to_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> None:
        p = Path(path)
        p.mkdir(parents=True, exist_ok=True)
        (p / "certainty_cues.json").write_text(dump_cue_rules(self.rules), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> "ContextComponent":
        self.rules = load_cue_rules(Path(path) / "certainty_cues.json")
        return self
