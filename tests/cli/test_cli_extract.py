"""``claimnlp extract`` end to end (real Processor) on tiny documents written here; exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from claimnlp import cli
from claimnlp.schema import TABLES

DOCS = {
    "web/zinc.md": "# Zinc for colds\n\nZinc lozenges may shorten the common cold by about a day in adults.\n",
    "news/ginger.txt": "Ginger reduced nausea in 60% of pregnant women in a small trial, researchers said.\n",
    "abstracts.jsonl": json.dumps({
        "id": "p1", "title": "Statins",
        "text": "Statin therapy lowered LDL cholesterol by 40 percent over 12 weeks."}) + "\n",
}


@pytest.fixture()
def corpus(tmp_path: Path, write_tree: Any) -> Path:
    return write_tree(tmp_path / "in", DOCS)


def test_extract_writes_tables_and_prints_summary(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "out"
    rc = cli.main(["extract", str(corpus), "--out", str(out), "--show", "2", "--no-progress"])
    text = capsys.readouterr().out
    assert rc == 0
    assert str(out.resolve()) in text and "processed" in text and "Sample claims" in text
    for name in TABLES:
        df = pd.read_parquet(out / name)
        assert list(df.columns) == list(TABLES[name].names)
    docs = pd.read_parquet(out / "documents")
    assert len(docs) == 3
    assert (docs["pipeline_version"].str.len() > 0).all()


def test_rerun_skips_and_exit_code_stays_zero(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "out"
    assert cli.main(["extract", str(corpus), "--out", str(out), "--no-progress"]) == 0
    before = {n: pd.read_parquet(out / n) for n in TABLES}
    capsys.readouterr()
    assert cli.main(["extract", str(corpus), "--out", str(out), "--no-progress"]) == 0
    assert "3 skipped" in capsys.readouterr().out
    for n in TABLES:
        assert len(pd.read_parquet(out / n)) == len(before[n])


def test_some_failures_still_exit_zero_and_are_reported(corpus: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture) -> None:
    (corpus / "empty.txt").write_text("  \n")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02\x00" * 50)
    out = tmp_path / "out"
    rc = cli.main(["extract", str(corpus), str(tmp_path / "missing.txt"), "--out", str(out), "--no-progress"])
    assert rc == 0
    assert "3 input(s) failed" in capsys.readouterr().out
    errors = pd.read_parquet(out / "errors")
    assert len(errors) == 3
    assert set(errors["stage"]) <= {"discover", "read", "decode", "parse"}


def test_nothing_processed_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.md").write_text("\n")
    assert cli.main(["extract", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-progress"]) == 1
    assert "no document could be processed" in capsys.readouterr().err
    assert len(pd.read_parquet(tmp_path / "out" / "errors")) == 1


@pytest.mark.parametrize("argv", [
    ["extract", "--out", "OUT"],                       # no INPUT
    ["extract", "IN"],                                  # no --out
    ["extract", "IN", "--out", "OUT", "--batch-size", "0"],
    ["extract", "IN", "--out", "OUT", "--batch-size", "x"],
    ["extract", "IN", "--out", "OUT", "--workers", "0"],
    ["extract", "IN", "--out", "FILE"],                 # --out is a file
    [],                                                 # no command
])
def test_bad_arguments_exit_2(argv: list[str], corpus: Path, tmp_path: Path) -> None:
    (tmp_path / "FILE").write_text("not a folder")
    argv = [a.replace("IN", str(corpus)).replace("OUT", str(tmp_path / "o")).replace("FILE", str(tmp_path / "FILE"))
            for a in argv]
    try:
        rc = cli.main(argv)
    except SystemExit as exc:  # argparse errors
        rc = exc.code
    assert rc == 2


def test_duplicate_content_under_two_names(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    text = "Melatonin may ease jet lag after long flights.\n"
    (inp / "a.txt").write_text(text)
    (inp / "b.txt").write_text(text)
    assert cli.main(["extract", str(inp), "--out", str(tmp_path / "out"), "--no-progress"]) == 0
    docs = pd.read_parquet(tmp_path / "out" / "documents")
    errors = pd.read_parquet(tmp_path / "out" / "errors")
    assert list(docs["source"]) == [str(inp / "a.txt")]
    assert errors[["source", "stage", "error_type"]].values.tolist() == [[str(inp / "b.txt"), "discover",
                                                                          "duplicate_content"]]
    assert errors["doc_id"].tolist() == docs["doc_id"].tolist()


def test_workers_give_the_same_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimnlp.api import read_tables

    monkeypatch.setenv("CLAIMNLP_PROCESSOR", "fake_processor:FakeProcessor")
    inp = tmp_path / "in"
    inp.mkdir()
    for i in range(9):
        (inp / f"d{i}.txt").write_text(f"Zinc helps Colds {i}. Ginger eases Nausea.", encoding="utf-8")
    (inp / "copy.txt").write_text("Zinc helps Colds 3. Ginger eases Nausea.", encoding="utf-8")
    base = ["extract", str(inp), "--batch-size", "2", "--no-progress"]
    assert cli.main([*base, "--out", str(tmp_path / "one")]) == 0
    assert cli.main([*base, "--out", str(tmp_path / "two"), "--workers", "2"]) == 0
    a, b = read_tables(tmp_path / "one"), read_tables(tmp_path / "two")
    for n in TABLES:
        pd.testing.assert_frame_equal(getattr(a, n), getattr(b, n), obj=n)
    assert len(a.documents) == 9 and len(a.errors) == 1


def test_max_bytes_turns_large_inputs_into_error_rows(corpus: Path, tmp_path: Path) -> None:
    (corpus / "big.txt").write_text("Vitamin C may shorten colds. " * 50, encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["extract", str(corpus), "--out", str(out), "--max-bytes", "1000", "--no-progress"]) == 0
    errors = pd.read_parquet(out / "errors")
    assert errors[["stage", "error_type"]].values.tolist() == [["read", "too_large"]]
    assert errors["source"].str.endswith("big.txt").all()
    assert len(pd.read_parquet(out / "documents")) == 3
