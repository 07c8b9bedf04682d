#!/usr/bin/env bash
# A private PostgreSQL cluster for tests: scripts/postgres.sh up|down|url
# Lives under .cache/postgres, listens on 127.0.0.1:${TRUSTWATCH_PG_PORT:-55432}, trust auth, runs as
# the `postgres` system user (initdb refuses root).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${TRUSTWATCH_PG_PORT:-55432}
ROOT=$(pwd)/.cache/postgres
# The cluster runs as `postgres`, which must be able to reach its folder; a checkout under a private
# home directory is not reachable, so fall back to a per-checkout folder under /var/lib.
if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$(pwd)"; then
  ROOT=/var/lib/trustwatch/postgres-$(pwd | md5sum | cut -c1-8)
fi
DATA=$ROOT/data
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
URL="postgresql+psycopg://postgres@127.0.0.1:${PORT}/postgres"

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  up)
    mkdir -p "$ROOT"
    if [ -f "$DATA/postmaster.pid" ] && ! as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      rm -f "$DATA/postmaster.pid"  # left by a killed server
    fi
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$ROOT"; fi
    if [ ! -f "$DATA/PG_VERSION" ]; then
      as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      echo "postgres: already running on port $PORT"
    else
      as_pg "$BIN/pg_ctl" -D "$DATA" -l "$ROOT/server.log" -w -t 60 \
        -o "-p $PORT -k $ROOT -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
        || { echo "postgres: failed to start; log tail:" >&2; tail -n 30 "$ROOT/server.log" >&2; exit 1; }
      echo "postgres: started on port $PORT"
    fi
    ;;
  down)
    if [ -f "$DATA/PG_VERSION" ] && as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null && echo "postgres: stopped"
    else
      echo "postgres: not running"
    fi
    ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 up|down|url" >&2; exit 2 ;;
esac
