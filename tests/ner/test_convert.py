"""PubTator -> spaCy Docs: alignment, overlaps, missing labels, DocBin round trip."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.tokens import DocBin

from claimnlp.ner.convert import gold_spans, to_doc, to_docbin
from claimnlp.ner.pubtator import GoldMention, PubtatorDoc, read_pubtator
from claimnlp.ner.tokenizer import build_tokenizer

DATA = Path(__file__).parent / "data"


def _nlp() -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.tokenizer = build_tokenizer(nlp)
    return nlp


def test_gold_entities_on_tiny_file() -> None:
    nlp = _nlp()
    d1, d2 = read_pubtator(DATA / "tiny.pubtator")
    doc = to_doc(nlp, d1)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Metformin", "Chemical"), ("gastric ulcer", "Disease"), ("metformin", "Chemical"), ("MET", "Chemical"),
        ("type 2 diabetes", "Disease"), ("MET", "Chemical"), ("ulcers", "Disease"), ("nausea", "Disease"),
    ]
    # overlapping gold (red-green colour blindness / colour blindness): the longest is kept
    doc2 = to_doc(nlp, d2)
    assert [e.text for e in doc2.ents] == ["colour blindness", "red-green colour blindness", "deafness"]


def test_unaligned_span_is_expanded_to_tokens() -> None:
    nlp = spacy.blank("en")  # default tokenizer keeps "X1-mediated" parts glued differently
    text = "Abc zincpyrithione-based creams"
    pdoc = PubtatorDoc("9", "Abc", "zincpyrithione-based creams",
                       (GoldMention(4, 8, "zinc", "Chemical", ()),))
    doc = nlp.make_doc(text)
    (span,) = gold_spans(doc, pdoc)
    assert span.start_char == 4 and span.end_char >= 8


def test_missing_mask_marks_unannotated_tokens_missing() -> None:
    nlp = _nlp()
    _, d2 = read_pubtator(DATA / "tiny.pubtator")
    doc = to_doc(nlp, d2, missing_mask=lambda doc: [t.text in {"families", "deafness"} for t in doc])
    iob = {t.text: t.ent_iob_ for t in doc}
    assert iob["families"] == ""  # missing, not "O"
    assert iob["deafness"] == "B"  # gold entities are never masked
    assert iob["carried"] == "O"


def test_docbin_round_trip(tmp_path: Path) -> None:
    nlp = _nlp()
    docs = read_pubtator(DATA / "tiny.pubtator")
    n = to_docbin(nlp, docs, tmp_path / "x.spacy")
    back = list(DocBin().from_disk(tmp_path / "x.spacy").get_docs(nlp.vocab))
    assert n == len(back) == 2
    assert [e.text for e in back[0].ents][:2] == ["Metformin", "gastric ulcer"]
