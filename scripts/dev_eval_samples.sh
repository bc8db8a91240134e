#!/usr/bin/env bash
# Developer aid: run the pipeline on data/samples and score it against data/golden (resolving HTML/JSONL offsets).
# usage: bash scripts/dev_eval_samples.sh [OUT_DIR]   (prints score.py's table; gold written to OUT_DIR/gold.jsonl)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/tmp/claimnlp-samples}
rm -rf "$out"
claimnlp extract "$here/data/samples" --out "$out" --no-progress >/dev/null
python - "$here" "$out" <<'PY'
import sys, importlib.util, json
from pathlib import Path
import pandas as pd
here, out = Path(sys.argv[1]), Path(sys.argv[2])
spec = importlib.util.spec_from_file_location("resolve_offsets", here / "data/golden/resolve_offsets.py")
R = importlib.util.module_from_spec(spec); spec.loader.exec_module(R)
units = R.load_units(sorted((here / "data/golden").glob("*.jsonl")))
docs = pd.read_parquet(out / "documents")
R.write_units(R.resolve(units, docs, strict=False), out / "gold.jsonl")
PY
python "$here/../shared/eval/score.py" "$out" "$out/gold.jsonl"
