#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the ledger's PostgreSQL tests and benchmarks.
#
#   eng/throwaway-postgres.sh COMMAND [ARGS...]   starts a server, runs COMMAND with the variables below, stops it
#   source eng/throwaway-postgres.sh              (from bash, e.g. .ci/run) starts it and stops it when the shell exits
#
# Installs Debian's postgresql package when initdb/pg_ctl are absent, creates a cluster in a fresh temporary data
# directory owned by the postgres user (root cannot run a server), starts it on 127.0.0.1 at a free port (from 55432
# up) with its unix socket in the same temporary directory, creates the database ksbb and exports:
#   KSBB_POSTGRES           the Npgsql connection string (user postgres, trust authentication on 127.0.0.1 only)
#   KSBB_POSTGRES_PG_CTL    the pg_ctl binary      } for scripts that control this server; the tests' server-restart
#   KSBB_POSTGRES_DATA      the data directory     } fault test never stops it (other test projects use it at the
#   KSBB_POSTGRES_RUN_AS    the user that owns the data directory   same time) and starts a server of its own
# Nothing here is for production: see docs/ledger-postgresql.md for deploying the store.

ksbb_pg_find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ]; then KSBB_PG_BIN=$dir; fi
  done
  if [ -z "${KSBB_PG_BIN:-}" ] && command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    KSBB_PG_BIN=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
  fi
}

ksbb_pg_start() {
  KSBB_PG_BIN=
  ksbb_pg_find_bin
  if [ -z "$KSBB_PG_BIN" ]; then
    echo "== postgres: initdb/pg_ctl absent, installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update && apt-get install -y postgresql
    ksbb_pg_find_bin
    [ -n "$KSBB_PG_BIN" ] || { echo "postgres: no pg_ctl under /usr/lib/postgresql/*/bin after installing" >&2; return 1; }
  fi

  local run_as=()
  KSBB_POSTGRES_RUN_AS=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    KSBB_POSTGRES_RUN_AS=postgres
    run_as=(runuser -u postgres --)
  fi

  KSBB_PG_TMP=$(mktemp -d "${TMPDIR:-/tmp}/ksbb-postgres.XXXXXX")
  chmod 755 "$KSBB_PG_TMP"
  [ "$(id -u)" = 0 ] && chown postgres "$KSBB_PG_TMP"
  local port=55432
  while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done

  "${run_as[@]}" "$KSBB_PG_BIN/initdb" -D "$KSBB_PG_TMP/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$KSBB_PG_TMP/initdb.log" 2>&1 \
    || { cat "$KSBB_PG_TMP/initdb.log" >&2; return 1; }
  # Settings go into the cluster's own configuration, so a plain 'pg_ctl start' (the restart fault test) reuses them.
  cat >>"$KSBB_PG_TMP/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$KSBB_PG_TMP'
max_connections = 300
fsync = on
synchronous_commit = on
CONF
  "${run_as[@]}" "$KSBB_PG_BIN/pg_ctl" -D "$KSBB_PG_TMP/data" -l "$KSBB_PG_TMP/server.log" -w -t 60 start >/dev/null \
    || { cat "$KSBB_PG_TMP/server.log" >&2; return 1; }
  "${run_as[@]}" "$KSBB_PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres ksbb

  export KSBB_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=ksbb"
  export KSBB_POSTGRES_PG_CTL="$KSBB_PG_BIN/pg_ctl"
  export KSBB_POSTGRES_DATA="$KSBB_PG_TMP/data"
  export KSBB_POSTGRES_RUN_AS
  echo "== postgres: $("$KSBB_PG_BIN/postgres" --version) on 127.0.0.1:$port, data in $KSBB_PG_TMP/data"
}

ksbb_pg_stop() {
  if [ -n "${KSBB_PG_TMP:-}" ] && [ -d "$KSBB_PG_TMP/data" ]; then
    if [ "$(id -u)" = 0 ]; then
      runuser -u postgres -- "$KSBB_PG_BIN/pg_ctl" -D "$KSBB_PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
    else
      "$KSBB_PG_BIN/pg_ctl" -D "$KSBB_PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$KSBB_PG_TMP"
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  [ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }
  trap ksbb_pg_stop EXIT
  ksbb_pg_start
  "$@"
else
  ksbb_pg_start
  trap ksbb_pg_stop EXIT
fi
