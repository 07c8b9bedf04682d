#!/usr/bin/env bash
# A private Redis for the shared crawl frontier: scripts/redis.sh up|down|url
# Debian's redis-server (scripts/provision-system.sh), data under .cache/redis, listening on
# 127.0.0.1:${TRUSTWATCH_REDIS_PORT:-56379} only, no system service touched. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${TRUSTWATCH_REDIS_PORT:-56379}
ROOT=$(pwd)/.cache/redis
PIDFILE=$ROOT/redis.pid
URL="redis://127.0.0.1:${PORT}/0"

running() {
  [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null \
    && redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG
}

case "${1:-}" in
  up)
    command -v redis-server >/dev/null || { echo "redis: redis-server missing; run scripts/provision-system.sh" >&2; exit 1; }
    mkdir -p "$ROOT"
    if running; then
      echo "redis: already running on port $PORT"
      exit 0
    fi
    rm -f "$PIDFILE"  # left by a killed server
    # The frontier is rebuilt by the next crawl cycle: no fsync-every-write, one snapshot a minute.
    redis-server --bind 127.0.0.1 --port "$PORT" --protected-mode yes --daemonize yes \
      --dir "$ROOT" --pidfile "$PIDFILE" --logfile "$ROOT/server.log" \
      --save "60 1000" --appendonly no --maxmemory-policy noeviction >/dev/null
    for _ in $(seq 1 50); do
      running && { echo "redis: started on port $PORT"; exit 0; }
      sleep 0.1
    done
    echo "redis: failed to start; log tail:" >&2
    tail -n 30 "$ROOT/server.log" >&2 || true
    exit 1
    ;;
  down)
    if running; then
      redis-cli -h 127.0.0.1 -p "$PORT" shutdown nosave >/dev/null 2>&1 || kill "$(cat "$PIDFILE")"
      echo "redis: stopped"
    else
      echo "redis: not running"
    fi
    ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 up|down|url" >&2; exit 2 ;;
esac
