"""Shared helpers for the CLI tests: the stub processor lives in tests/store."""

import sys
from pathlib import Path

STORE_TESTS = str(Path(__file__).parents[1] / "store")
if STORE_TESTS not in sys.path:
    sys.path.insert(0, STORE_TESTS)
