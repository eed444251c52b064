#!/usr/bin/env bash
# System pieces the tests use: Debian's Chromium (browser tests), PostgreSQL (store tests) and
# nginx (the proxy in front of two app replicas),
# a throw-away PostgreSQL cluster started on loopback with a test database. Sourced by test.sh;
# exports TEST_POSTGRES_URL and CHROMIUM_PATH when they are available.
# Installs with apt-get only when run as root; otherwise uses what is there.

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || need+=(nginx)  # the replica tests' proxy
if [ ${#need[@]} -gt 0 ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup: installing ${need[*]} (Debian packages)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if command -v chromium >/dev/null 2>&1; then
  export CHROMIUM_PATH="$(command -v chromium)"
fi

# PostgreSQL for the tests: a throw-away cluster in a temporary folder, owned by an
# unprivileged user (postgres when run as root), listening on loopback only, with trust
# authentication for that loopback; the system's own clusters and passwords are left alone.
# test.sh stops it and removes the folder at the end (stop_test_postgres).
pg_bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -n "$pg_bindir" ] && [ -x "$pg_bindir/initdb" ]; then
  PG_TMP=$(mktemp -d "${TMPDIR:-/tmp}/strategy-pg.XXXXXX")
  if [ "$(id -u)" = "0" ]; then
    chown postgres "$PG_TMP"
    as_pg() { su postgres -s /bin/sh -c "$1"; }
  else
    as_pg() { sh -c "$1"; }
  fi
  pg_port=$(( 20000 + RANDOM % 20000 ))
  as_pg "'$pg_bindir/initdb' -D '$PG_TMP/data' -U strategy -A trust --no-sync >/dev/null"
  as_pg "'$pg_bindir/pg_ctl' -D '$PG_TMP/data' -l '$PG_TMP/log' -w -o \"-c listen_addresses=127.0.0.1 -p $pg_port -k '$PG_TMP' -c fsync=off\" start >/dev/null"
  as_pg "'$pg_bindir/createdb' -h 127.0.0.1 -p $pg_port -U strategy strategy_test"
  export TEST_POSTGRES_URL="postgresql+psycopg://strategy@127.0.0.1:${pg_port}/strategy_test"
  echo "setup: a throw-away PostgreSQL ($(basename "$(dirname "$pg_bindir")")) on 127.0.0.1:$pg_port"
  stop_test_postgres() {
    as_pg "'$pg_bindir/pg_ctl' -D '$PG_TMP/data' -m fast -w stop >/dev/null" || true
    rm -rf "$PG_TMP"
  }
else
  stop_test_postgres() { :; }
fi
