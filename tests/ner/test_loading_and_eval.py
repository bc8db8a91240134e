"""load_ner / ner_spans with a stand-in model, evaluate-ner end to end, shipped model smoke test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from claimnlp.cli import main
from claimnlp.ner import LABELS, load_ner, ner_spans
from claimnlp.ner.evaluate import evaluate_file
from claimnlp.ner.loading import default_model_path

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def fake_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A rule-based stand-in with scispaCy-style upper-case labels (no training needed)."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([
        {"label": "CHEMICAL", "pattern": "metformin"},
        {"label": "CHEMICAL", "pattern": "placebo"},
        {"label": "DISEASE", "pattern": "nausea"},
        {"label": "PERSON", "pattern": "adults"},
    ])
    path = tmp_path_factory.mktemp("m") / "fake"
    nlp.to_disk(path)
    return path


def test_labels_mapped_and_others_dropped(fake_model: Path) -> None:
    nlp = load_ner(str(fake_model))
    (spans,) = ner_spans(nlp, ["Metformin caused nausea in adults."])
    assert spans == [(0, 9, "Chemical"), (17, 23, "Disease")]


def test_env_variable_selects_model(fake_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMNLP_NER_MODEL", str(fake_model))
    nlp = load_ner()
    assert "claimnlp_ner_labels" in nlp.pipe_names
    assert next(ner_spans(nlp, ["placebo"])) == [(0, 7, "Chemical")]


def test_missing_model_error_says_what_to_do() -> None:
    with pytest.raises(OSError, match="train-ner"):
        load_ner("/nonexistent/claimnlp-model")


def test_none_is_rejected() -> None:
    with pytest.raises(ValueError):
        load_ner("none")


def test_evaluate_file_hand_computed(fake_model: Path) -> None:
    rep = evaluate_file(DATA / "tiny.pubtator", str(fake_model), normalize=False)
    # Chemical: metformin x2 right, placebo x2 wrong, MET x2 missed -> P=R=0.5
    assert rep["by_label"]["Chemical"]["f1"] == 0.5
    # Disease: nausea right, 7 other gold mentions missed (overlapping ones count)
    assert (rep["by_label"]["Disease"]["precision"], rep["by_label"]["Disease"]["recall"]) == (1.0, 0.125)
    o = rep["overall"]
    assert (o["precision"], o["recall"], o["f1"]) == (0.6, 0.25, 0.3529)


def test_cli_prints_f1_last_and_writes_json(fake_model: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.json"
    code = main(["evaluate-ner", str(DATA / "tiny.pubtator"), "--model", str(fake_model), "--no-normalize",
                 "--json", str(out)])
    assert code == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == "f1=0.3529"
    rep = json.loads(out.read_text())
    assert set(rep) >= {"overall", "by_label", "normalization_accuracy"}
    assert set(rep["overall"]) >= {"precision", "recall", "f1"}


def test_cli_missing_file_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate-ner", "/nonexistent.txt"]) == 2


shipped = pytest.mark.skipif(not (default_model_path() / "config.cfg").exists(), reason="no shipped model")


@shipped
def test_shipped_model_loads_and_finds_entities() -> None:
    nlp = load_ner()
    assert nlp.pipe_names[:2] == ["lexfeat", "ner"]
    texts = ["Aspirin lowered the risk of colorectal cancer in older women.", "", "No entities here at all."]
    out = list(ner_spans(nlp, texts))
    assert len(out) == 3 and out[1] == []
    for start, end, label in out[0]:
        assert label in LABELS and 0 <= start < end <= len(texts[0])
    assert (0, 7, "Chemical") in out[0]
    assert (28, 45, "Disease") in out[0]


@shipped
def test_shipped_model_loads_with_spacy_load_in_fresh_process() -> None:
    import subprocess
    import sys

    code = ("import spacy, claimnlp.ner; nlp = spacy.load(%r); "
            "print(nlp.pipe_names)") % str(default_model_path())
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "ner" in res.stdout
