"""Shared paths and loaders for the golden tests (tests/golden/)."""

from __future__ import annotations

import html
import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
GOLDEN = ROOT / "data" / "golden"
SCORE_PY = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "score.py"
SEEDS = ROOT.parent / "shared" / "seeds"


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, path
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def resolver() -> ModuleType:
    """data/golden/resolve_offsets.py as a module."""
    return _load(GOLDEN / "resolve_offsets.py", "golden_resolve_offsets")


def score_module() -> ModuleType:
    """shared/eval/score.py as a module (skips the test when it is not there)."""
    if not SCORE_PY.exists():
        pytest.skip(f"score.py not found at {SCORE_PY}")
    return _load(SCORE_PY, "shared_eval_score")


def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.is_file() and not p.name.startswith("."))


def gold_files() -> list[Path]:
    return sorted(GOLDEN.glob("*.jsonl"))


def gold_units() -> list[dict[str, Any]]:
    units: list[dict[str, Any]] = []
    for p in gold_files():
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                units.append(json.loads(line))
    return units


def expectations() -> list[dict[str, Any]]:
    return json.loads((GOLDEN / "expectations.json").read_text(encoding="utf-8"))


def thresholds() -> dict[str, float]:
    return json.loads((GOLDEN / "thresholds.json").read_text(encoding="utf-8"))["min"]


def naive_html_text(raw: str) -> str:
    """A deliberately crude HTML-to-text: drop script/style, tags become line breaks, unescape entities."""
    raw = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
    raw = re.sub(r"(?s)<[^>]+>", "\n", raw)
    return html.unescape(raw)


def metric(result: dict[str, Any], path: str) -> float:
    """Read a dotted metric path (``claims.f1``) from score.py's JSON result."""
    value: Any = result
    for part in path.split("."):
        value = value[part]
    return float(value)
