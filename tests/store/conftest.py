"""Make the stub processor (fake_processor.py) importable by the run-layer tests."""

import sys
from pathlib import Path

HERE = str(Path(__file__).parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)
