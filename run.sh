#!/usr/bin/env bash
# Sets everything up and runs the app at http://localhost:8501 (SQLite store, sample strategy).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
exec .venv/bin/streamlit run app.py --server.port 8501 --server.headless true "$@"
