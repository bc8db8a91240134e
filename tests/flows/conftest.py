"""Prefect offline for the flow tests: no phone-home, a private PREFECT_HOME, one test server.

The same variables are exported by scripts/test.sh and documented in flows/README.md.
Set before Prefect is imported.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
from pathlib import Path
from types import ModuleType

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "claimnlp")
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="claimnlp-prefect-home-"))
Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
STORE_TESTS = str(REPO / "tests" / "store")
if STORE_TESTS not in sys.path:
    sys.path.insert(0, STORE_TESTS)


def load_flow_module() -> ModuleType:
    """Import flows/extract_claims.py (a script folder, not a package)."""
    name = "claimnlp_flow_extract_claims"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "flows" / "extract_claims.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture(scope="session")
def flow_module() -> ModuleType:
    return load_flow_module()
