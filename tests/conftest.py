"""Fixtures shared by every test folder."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest


def _write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``{relative path: text or bytes}`` under ``root`` (folders created); return ``root``."""
    for name, data in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return root


@pytest.fixture(scope="session")
def write_tree() -> Callable[[Path, Mapping[str, str | bytes]], Path]:
    """``write_tree(root, {"a/b.txt": "text"})`` writes an input folder for a test."""
    return _write_tree
