#!/usr/bin/env bash
# System pieces the tests use: Debian's Chromium (browser tests) and PostgreSQL (store tests),
# PostgreSQL started on loopback with a test database. Sourced by test.sh; exports
# TEST_POSTGRES_URL and CHROMIUM_PATH when they are available.
# Installs with apt-get only when run as root; otherwise uses what is there.

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup: installing ${need[*]} (Debian packages)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if command -v chromium >/dev/null 2>&1; then
  export CHROMIUM_PATH="$(command -v chromium)"
fi

if command -v pg_lsclusters >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  cluster=$(pg_lsclusters --no-header | head -n 1)
  if [ -z "$cluster" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    pg_createcluster "$version" main >/dev/null
    cluster=$(pg_lsclusters --no-header | head -n 1)
  fi
  read -r pg_version pg_name pg_port pg_status _ <<<"$cluster"
  if [ "$pg_status" != "online" ]; then
    pg_ctlcluster "$pg_version" "$pg_name" start
  fi
  # Loopback only (Debian's default listen_addresses is localhost); a password for TCP logins.
  su postgres -c "psql -q -p $pg_port -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
  su postgres -c "psql -p $pg_port -tAc \"SELECT 1 FROM pg_database WHERE datname='strategy_test'\"" | grep -q 1 \
    || su postgres -c "createdb -p $pg_port strategy_test"
  export TEST_POSTGRES_URL="postgresql+psycopg://postgres:postgres@127.0.0.1:${pg_port}/strategy_test"
  echo "setup: PostgreSQL $pg_version on 127.0.0.1:$pg_port"
fi
