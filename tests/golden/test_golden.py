"""End-to-end golden test: run ``claimnlp.extract`` on data/samples and score it.

* The tables are written as parquet to a temporary run folder and scored with
  ``shared/eval/score.py`` against data/golden/*.jsonl, after resolving the
  HTML/JSONL gold units (annotated by text) to offsets in ``documents.text``
  with data/golden/resolve_offsets.py. Each metric must reach its minimum in
  data/golden/thresholds.json.
* data/golden/expectations.json pins ~15 key claims: the claim rows covering
  ``text_contains`` must carry one of the listed interventions/conditions, the
  gold certainty (majority of the rows), and the listed quantities.

The whole module is skipped while ``claimnlp.api`` does not exist.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

pytest.importorskip("claimnlp.api", reason="claimnlp.api (the Python API) is not available yet")

import claimnlp  # noqa: E402

from golden_helpers import SAMPLES, expectations, gold_units, metric, resolver, sample_files, score_module, thresholds  # noqa: E402

if not hasattr(claimnlp, "extract"):  # pragma: no cover
    pytest.skip("claimnlp.extract is not available yet", allow_module_level=True)

TABLE_NAMES = ("documents", "claims", "mentions")


def _table(tables: Any, name: str) -> pd.DataFrame:
    t = tables[name] if isinstance(tables, dict) else getattr(tables, name)
    return t.to_pandas() if hasattr(t, "to_pandas") else t


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tables = claimnlp.extract([str(p) for p in sample_files()])
    run_dir = tmp_path_factory.mktemp("golden_run")
    out = {name: _table(tables, name) for name in TABLE_NAMES}
    for name, df in out.items():
        df.to_parquet(run_dir / f"{name}.parquet", index=False)
    out["errors"] = _table(tables, "errors")
    out["dir"] = run_dir
    return out


@pytest.fixture(scope="module")
def resolved_gold(run: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    R = resolver()
    units = R.resolve(gold_units(), run["documents"])  # raises, listing them, if non-optional units are missing
    return R.write_units(units, tmp_path_factory.mktemp("golden_gold") / "gold.jsonl")


def test_samples_are_read_without_errors(run: dict[str, Any]) -> None:
    errors = run["errors"]
    assert len(errors) == 0, errors.to_dict("records")
    n_expected = sum(
        sum(1 for line in p.read_text(encoding="utf-8").splitlines() if line.strip()) if p.suffix == ".jsonl" else 1
        for p in sample_files())
    assert len(run["documents"]) == n_expected


def test_txt_md_document_text_is_the_file_content(run: dict[str, Any]) -> None:
    docs = run["documents"]
    for p in sample_files():
        if p.suffix in (".txt", ".md"):
            rows = docs[docs.source.map(lambda s: Path(str(s)).name) == p.name]
            assert len(rows) == 1, p.name
            assert rows.iloc[0]["text"] == p.read_bytes().decode("utf-8")


def test_score_meets_thresholds(run: dict[str, Any], resolved_gold: Path) -> None:
    score = score_module()
    out = run["dir"] / "score.json"
    assert score.main([str(run["dir"]), str(resolved_gold), "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    below = {k: (metric(result, k), v) for k, v in thresholds().items() if metric(result, k) < v}
    assert not below, f"metrics below thresholds (measured, minimum): {below}"


# --- precise expectations -------------------------------------------------------------------------------------

def _norm(x: Any) -> str:
    if x is None or (not isinstance(x, str) and pd.isna(x)):
        return ""
    return " ".join(str(x).split()).casefold()


def _num(x: Any) -> float | None:
    if x is None or pd.isna(x):
        return None
    return float(x)


def _locate(run: dict[str, Any], exp: dict[str, Any]) -> tuple[str, int, int]:
    """(doc_id, start, end) of ``text_contains`` in the document it belongs to."""
    docs = run["documents"]
    name = exp["doc"]
    by_name = docs[docs.source.map(lambda s: Path(str(s).split("#", 1)[0]).name) == name]
    cands = by_name if len(by_name) else docs[docs.format == Path(name).suffix.lstrip(".")]
    for r in cands.itertuples():
        i = str(r.text).find(exp["text_contains"])
        if i >= 0:
            return r.doc_id, i, i + len(exp["text_contains"])
    pytest.fail(f"{exp['text_contains']!r} not found in the documents of {name}")


def _quantity_found(q: dict[str, Any], rows: pd.DataFrame, norm_unit: Any) -> bool:
    for r in rows.itertuples():
        if norm_unit(getattr(r, "unit", None)) != norm_unit(q["unit"]):
            continue
        v, lo, hi = _num(r.value), _num(r.low), _num(r.high)
        if "value" in q:
            if (v is not None and math.isclose(v, q["value"], rel_tol=1e-6, abs_tol=1e-9)) or (
                    v is None and lo is not None and hi is not None and math.isclose(lo, q["value"]) and math.isclose(hi, q["value"])):
                return True
        elif lo is not None and hi is not None and math.isclose(lo, q["low"], abs_tol=1e-9) and math.isclose(hi, q["high"], abs_tol=1e-9):
            return True
    return False


@pytest.mark.parametrize("exp", expectations(), ids=lambda e: f"{e['doc']}:{e['text_contains'][:30]}")
def test_key_claim(run: dict[str, Any], exp: dict[str, Any]) -> None:
    doc_id, s, e = _locate(run, exp)
    claims = run["claims"]
    rows = claims[(claims.doc_id == doc_id) & (claims.start < e) & (claims.end > s)]
    assert len(rows), f"no claim row covers {exp['text_contains']!r}"
    problems = []
    for key, cols in (("intervention_any", ("intervention", "intervention_name")),
                      ("condition_any", ("condition", "condition_name"))):
        wanted = {_norm(a) for a in exp[key]}
        got = {_norm(getattr(r, c)) for r in rows.itertuples() for c in cols} - {""}
        if wanted and not wanted & got:
            problems.append(f"{key}: wanted one of {sorted(wanted)}, got {sorted(got)}")
    cert = Counter(str(c) for c in rows.certainty).most_common(1)[0][0]
    if cert != exp["certainty"]:
        problems.append(f"certainty: wanted {exp['certainty']}, got {dict(Counter(str(c) for c in rows.certainty))}")
    if exp["quantities"]:
        norm_unit = score_module().norm_unit
        m = run["mentions"]
        lo, hi = int(rows.start.min()), int(rows.end.max())
        qrows = m[(m.doc_id == doc_id) & (m.label == "QUANTITY") & (m.start >= lo) & (m.end <= hi)]
        missing = [q for q in exp["quantities"] if not _quantity_found(q, qrows, norm_unit)]
        if missing:
            found = [(r.text, _num(r.value), _num(r.low), _num(r.high), r.unit) for r in qrows.itertuples()]
            problems.append(f"quantities missing {missing}; found {found}")
    assert not problems, "\n".join(problems)
