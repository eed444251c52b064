#!/usr/bin/env bash
# Sets everything up and runs the app at http://localhost:8501 (SQLite store, sample strategy).
# Extra arguments go to `streamlit run`, through serve.py (e.g. --server.port 8600).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh
make_venv requirements.txt
echo "Open http://localhost:8501 in a browser (none opens by itself); Ctrl+C stops the app."
exec .venv/bin/python serve.py --server.port 8501 --server.headless true "$@"
