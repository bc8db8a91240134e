"""STYLE.md rule 8: the library passes ``mypy --strict`` (mypy is in the dev extra)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_library_passes_mypy_strict():
    pytest.importorskip("mypy", reason="mypy is part of the dev extra")
    res = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--ignore-missing-imports",
                          "--no-incremental", "src/claimnlp"], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr[-2000:]
