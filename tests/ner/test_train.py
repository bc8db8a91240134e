"""End-to-end training on the tiny corpus: data preparation, a few steps of spaCy training, install, load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.tokens import DocBin
from spacy.util import load_config

from claimnlp.ner.train import TrainPaths, prepare_data, train_ner

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[2]


def _paths() -> TrainPaths:
    tiny = DATA / "tiny.pubtator"
    return TrainPaths(tiny, tiny, tiny, DATA / "mesh_thesaurus.tsv", DATA / "mesh_trees.tsv")


def test_prepare_data(tmp_path: Path) -> None:
    out = prepare_data(_paths(), tmp_path)
    assert set(out) == {"terms", "train", "dev"}
    import spacy

    nlp = spacy.blank("en")
    train = list(DocBin().from_disk(out["train"]).get_docs(nlp.vocab))
    assert len(train) == 4  # BC5CDR-style copy + NCBI-style copy of the 2 docs
    # in the NCBI-style copy, dictionary chemicals are missing, not outside
    ncbi_doc1 = train[2]
    assert {t.ent_iob_ for t in ncbi_doc1 if t.text.lower() == "metformin"} <= {"", "B"}


def test_train_install_and_load(tmp_path: Path) -> None:
    out = train_ner(REPO / "configs" / "ner.cfg", tmp_path / "model", tmp_path / "work", _paths(),
                    overrides={"training.max_steps": 4, "training.eval_frequency": 2,
                               "components.ner.model.tok2vec.encode.width": 32})
    cfg = load_config(out / "config.cfg", interpolate=False)
    assert cfg["nlp"]["tokenizer"] == {"@tokenizers": "spacy.Tokenizer.v1"}
    meta = json.loads((out / "meta.json").read_text())
    assert meta["name"] == "claimnlp_ner"
    assert (out / "mesh_index.tsv.gz").exists()
    from claimnlp.ner import load_ner, ner_spans

    nlp = load_ner(str(out))
    (spans,) = ner_spans(nlp, ["Metformin and nausea."])
    assert all(label in ("Chemical", "Disease") for _, _, label in spans)
    # the trained tokenizer rules travel with the model
    assert [t.text for t in nlp.make_doc("Na+/K+")] == ["Na", "+", "/", "K", "+"]


@pytest.mark.parametrize("missing", ["cdr_train", "mesh_trees"])
def test_missing_input_fails(tmp_path: Path, missing: str) -> None:
    from dataclasses import replace

    paths = replace(_paths(), **{missing: tmp_path / "nope.txt"})
    with pytest.raises(FileNotFoundError):
        prepare_data(paths, tmp_path / "w")
