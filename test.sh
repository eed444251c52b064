#!/usr/bin/env bash
# Sets everything up and runs all the tests: lint, format, types, then pytest
# (domain, store on SQLite and PostgreSQL, pages with AppTest, browser with Chromium).
set -euo pipefail
cd "$(dirname "$0")"

source scripts/setup_system.sh
trap stop_test_postgres EXIT

source scripts/venv.sh
make_venv requirements-dev.txt

echo "== ruff (lint, format)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== mypy (the whole app: domain, components, views, reports, i18n, cli)"
.venv/bin/mypy
echo "== pytest"
.venv/bin/python -m pytest "$@"
