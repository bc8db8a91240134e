"""Issue 8 end to end: the generated nasty corpus through the CLI and the Prefect flow.

Every input ends up in ``documents`` or ``errors`` with the expected stage and
error type, the run exits 0, good documents have their claims, and the flow
writes exactly the CLI's tables.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from claimnlp import cli
from claimnlp.api import read_tables
from claimnlp.schema import TABLES

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "nasty"))
from make_corpus import PARA, make_corpus  # noqa: E402


@pytest.fixture(scope="module")
def nasty(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]], Path]:
    root = tmp_path_factory.mktemp("nasty_in")
    expected = make_corpus(root)
    out = tmp_path_factory.mktemp("nasty_cli")
    assert cli.main(["extract", str(root), "--out", str(out), "--no-progress", "--batch-size", "4"]) == 0
    return root, expected, out


def _owner(root: Path, source: str) -> str:
    if source.startswith(str(root)):
        return str(Path(source.split("#", 1)[0]).relative_to(root))
    return "18_broken.jsonl"  # the one record in the corpus whose source is its url


def test_every_input_is_accounted_for(nasty: tuple[Path, dict[str, list[str]], Path]) -> None:
    root, expected, out = nasty
    t = read_tables(out)
    docs = Counter(_owner(root, s) for s in t.documents.source)
    errs: dict[str, Counter[tuple[str, str]]] = {}
    for r in t.errors.itertuples():
        errs.setdefault(_owner(root, r.source), Counter())[(r.stage, r.error_type)] += 1
    assert set(docs) | set(errs) == set(expected), "an input vanished or an unknown source appeared"
    for rel, outcomes in expected.items():
        want_errs = Counter(tuple(o.split(":")[1:3]) for o in outcomes if o.startswith("err:"))
        got = errs.get(rel, Counter())
        dup = got.pop(("discover", "duplicate_content"), 0)
        assert got == want_errs, rel
        # the same content under two names is one document plus a duplicate_content row
        assert docs.get(rel, 0) + dup == sum(o.startswith("doc:") for o in outcomes), rel


def test_good_documents_have_their_claims_and_exact_spans(nasty: tuple[Path, dict[str, list[str]], Path]) -> None:
    root, _, out = nasty
    t = read_tables(out)
    text = dict(zip(t.documents.doc_id, t.documents.text))
    with_para = {d for d, s in text.items() if PARA.strip().split(".")[0] in s}
    assert len(with_para) >= 5
    assert with_para <= set(t.claims.doc_id)
    for table in (t.claims, t.mentions):
        assert all(text[r.doc_id][r.start:r.end] == r.text for r in table.itertuples())


@pytest.mark.slow
def test_flow_on_the_nasty_corpus_equals_the_cli(prefect_harness, flow_module,
                                                 nasty: tuple[Path, dict[str, list[str]], Path],
                                                 tmp_path: Path) -> None:
    root, _, cli_out = nasty
    out = tmp_path / "flow"
    summary = flow_module.extract_claims(inputs=[str(root)], out=str(out), batch_size=4)
    assert summary["processed"] > 0
    a, b = read_tables(cli_out), read_tables(out)
    for n in TABLES:
        pd.testing.assert_frame_equal(getattr(a, n), getattr(b, n), obj=n)
