#!/usr/bin/env bash
# Run the test suite in .venv (create it first with: bash scripts/setup.sh).
#   bash scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC1091
. .venv/bin/activate
# Prefect offline: no phone-home, ephemeral server, private home (see flows/README.md).
export DO_NOT_TRACK=1
export PREFECT_SERVER_ANALYTICS_ENABLED=false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS=90
export PREFECT_LOGGING_EXTRA_LOGGERS=claimnlp
export PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW=ignore
export PREFECT_HOME="${PREFECT_HOME:-$PWD/.prefect}"
mkdir -p "$PREFECT_HOME"
exec python -m pytest "$@"
