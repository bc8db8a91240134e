"""evaluate-hedge / evaluate-strength / train-strength commands on tiny files written for the tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimnlp.certainty.bioscope import read_bioscope, score_bioscope, split_by_document
from claimnlp.cli import main

DATA = Path(__file__).parent / "data"


def test_read_bioscope_offsets() -> None:
    sents = read_bioscope(DATA / "tiny_bioscope.xml")
    assert len(sents) == 6
    s = sents[0]
    assert s.text == "The kinase may regulate cell growth."
    assert [(s.text[c.start:c.end], c.type) for c in s.cues] == [("may", "speculation")]
    assert sents[1].has("negation") and not sents[2].cues
    assert split_by_document(sents, 2) == [0, 0, 0, 1, 1, 1]


def test_score_bioscope_perfect_and_empty() -> None:
    sents = read_bioscope(DATA / "tiny_bioscope.xml")
    perfect = score_bioscope(sents, [list(s.cues) for s in sents])
    assert perfect["speculation_sentence"]["f1"] == 1.0 and perfect["negation_cue"]["f1"] == 1.0
    none = score_bioscope(sents, [[] for _ in sents])
    assert none["speculation_sentence"]["f1"] == 0.0 and none["speculation_sentence"]["fn"] == 3


def test_evaluate_hedge_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "h.json"
    assert main(["evaluate-hedge", str(DATA / "tiny_bioscope.xml"), "--json", str(out)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    res = json.loads(out.read_text())
    # "may", "suggest" found; the alternative "or" is not a rule cue -> 2 of 3 speculative sentences
    assert res["speculation_sentence"]["tp"] == 2 and res["speculation_sentence"]["fn"] == 1
    assert res["speculation_sentence"]["fp"] == 0
    assert res["negation_sentence"]["f1"] == 1.0
    assert lines[-1] == f"f1={res['speculation_sentence']['f1']:.4f}"


def test_evaluate_hedge_folds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "h.json"
    assert main(["evaluate-hedge", str(DATA / "tiny_bioscope.xml"), "--folds", "2", "--fold", "1",
                 "--json", str(out)]) == 0
    assert json.loads(out.read_text())["n_sentences"] == 3
    assert main(["evaluate-hedge", str(DATA / "tiny_bioscope.xml"), "--folds", "2", "--fold", "7"]) == 2


def test_evaluate_hedge_missing_file(tmp_path: Path) -> None:
    assert main(["evaluate-hedge", str(tmp_path / "nope.xml")]) == 2


def test_train_and_evaluate_strength(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = DATA / "tiny_strength.csv"
    model_dir = tmp_path / "m"
    assert main(["train-strength", "--train", str(csv), "--dev", str(csv), "--output", str(model_dir)]) == 0
    assert (model_dir / "strength_model.json").is_file()
    out = tmp_path / "s.json"
    assert main(["evaluate-strength", str(csv), "--model", str(model_dir), "--json", str(out)]) == 0
    res = json.loads(out.read_text())
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last == f"f1={res['macro_f1']}"
    assert res["n"] == 4 and 0.0 <= res["macro_f1"] <= 1.0


def test_evaluate_strength_bad_csv(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("text,gold\nx,y\n", encoding="utf-8")
    assert main(["evaluate-strength", str(bad)]) == 1
