"""The library and the CLI work without Prefect (house style rule 7)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = r'''
import importlib, pkgutil, sys

class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "prefect" or name.startswith("prefect.") or name.startswith("prefect_"):
            raise ModuleNotFoundError(f"No module named {name!r} (blocked)", name=name)
sys.meta_path.insert(0, Block())

import claimnlp
bad = []
for info in pkgutil.walk_packages(claimnlp.__path__, "claimnlp."):
    try:
        importlib.import_module(info.name)
    except ModuleNotFoundError as exc:
        if (exc.name or "").startswith("prefect"):
            bad.append(info.name)
    except Exception:
        pass  # other engineers' modules may be mid-change; only Prefect imports matter here
assert not bad, f"modules importing prefect: {bad}"
from claimnlp import cli
sys.path.insert(0, sys.argv[1])
import os
os.environ["CLAIMNLP_PROCESSOR"] = "fake_processor:FakeProcessor"
t = claimnlp.extract(["Zinc may shorten Colds in adults."])
assert len(t.documents) == 1 and len(t.claims) == 1, t
assert "prefect" not in sys.modules
print("ok")
'''


def test_library_imports_and_runs_without_prefect() -> None:
    store_tests = Path(__file__).parents[1] / "store"
    res = subprocess.run([sys.executable, "-c", SCRIPT, str(store_tests)], capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    assert res.stdout.strip().endswith("ok")
