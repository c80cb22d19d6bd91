#!/usr/bin/env bash
# Starts or stops a throw-away test devserver (in-memory SQLite, test mode) on 127.0.0.1:PORT.
#   scripts/devserver.sh start PORT [extra flags...]   waits until it listens, prints its URL
#   scripts/devserver.sh stop PORT
set -euo pipefail
cd "$(dirname "$0")/.."
cmd=${1:?start|stop}; port=${2:?port}; shift 2
bin=${DEVSERVER_BIN:-target/debug/apikeys-devserver}
mkdir -p target/devserver
pidf=target/devserver/$port.pid log=target/devserver/$port.log

case "$cmd" in
  start)
    [ -x "$bin" ] || cargo build -q -p apikeys-devserver
    "$bin" --addr "127.0.0.1:$port" --db :memory: --test-mode "$@" >"$log" 2>&1 &
    echo $! >"$pidf"
    for _ in $(seq 1 100); do
      if grep -q "listening on" "$log"; then echo "http://127.0.0.1:$port"; exit 0; fi
      kill -0 "$(cat "$pidf")" 2>/dev/null || break
      sleep 0.1
    done
    echo "devserver on port $port did not start:" >&2; cat "$log" >&2
    kill "$(cat "$pidf")" 2>/dev/null || true; rm -f "$pidf"; exit 1 ;;
  stop)
    if [ -f "$pidf" ]; then kill "$(cat "$pidf")" 2>/dev/null || true; rm -f "$pidf"; fi ;;
  *) echo "usage: $0 start|stop PORT" >&2; exit 2 ;;
esac
