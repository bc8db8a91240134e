#!/usr/bin/env bash
# Set up claimnlp on a fresh machine and run it on the bundled samples.
#   bash scripts/setup.sh
# Creates .venv (if missing) with a Python 3.10-3.12, installs the package with
# the `flows` and `dev` extras, then runs `claimnlp extract data/samples`.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
  PY="${PYTHON:-}"
  if [ -z "$PY" ]; then
    for cand in python3.12 python3.11 python3.10 python3; do
      if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] < (3, 13)))' 2>/dev/null; then
        PY="$cand"; break
      fi
    done
  fi
  if [ -z "$PY" ]; then
    echo "setup: need Python 3.10, 3.11 or 3.12 (set PYTHON=/path/to/python)" >&2
    exit 1
  fi
  echo "setup: creating .venv with $PY"
  "$PY" -m venv .venv
fi
# shellcheck disable=SC1091
. .venv/bin/activate
echo "setup: installing claimnlp[flows,dev] into .venv"
python -m pip install --disable-pip-version-check -q -e ".[flows,dev]"

echo "setup: running claimnlp extract data/samples --out out/samples --show 5"
claimnlp extract data/samples --out out/samples --show 5 --no-progress
