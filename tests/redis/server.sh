#!/usr/bin/env bash
# A throwaway Redis server for tests and CI, owned by DIR and nothing else.
#   server.sh start DIR   start redis-server on a free loopback port, without persistence (no RDB snapshots, no AOF),
#                         daemonised, its pid, log and port in DIR; print the StackExchange.Redis connection string
#                         ("127.0.0.1:PORT") on stdout
#   server.sh stop DIR    stop it (SHUTDOWN NOSAVE); DIR stays for the log, delete it yourself
#   PORT=N server.sh start DIR   start on port N instead of a free one: to start a stopped server again where its
#                         clients expect it (a restart test)
# Everything else (progress, logs) goes to stderr or into DIR, so `conn="$(server.sh start DIR)"` works.
# Installs Debian's redis-server package when the binary is missing (needs root).
set -euo pipefail
command="${1:-}"; dir="${2:-}"
usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[[ -n "$command" && -n "$dir" ]] || usage

ensure_installed() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return
  if [[ "$(id -u)" -ne 0 ]]; then echo "redis-server is not installed, and installing it needs root." >&2; exit 1; fi
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >&2
  command -v redis-server >/dev/null || { echo "apt-get ran, but redis-server is still missing." >&2; exit 1; }
}

# The kernel picks a free port; the small window before the server binds it is covered by retrying the start.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

running() { [[ -f "$dir/redis.pid" ]] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null; }

start() {
  ensure_installed
  mkdir -p "$dir"; dir="$(cd "$dir" && pwd)"
  if running; then echo "A Redis server is already running in $dir; stop it first." >&2; exit 1; fi
  local port attempt
  for attempt in 1 2 3; do
    port="${PORT:-$(free_port)}"
    rm -f "$dir/redis.pid"
    # save "" and appendonly no: nothing is written to disk, so a restarted server starts empty, as after a crash of a
    # cache-only Redis. protected-mode stays on: it listens on 127.0.0.1 only.
    if redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" \
        --logfile "$dir/redis.log" --save "" --appendonly no >&2; then
      local waited
      for waited in $(seq 1 50); do
        if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
          echo "$port" >"$dir/port"
          echo "127.0.0.1:$port"
          return
        fi
        sleep 0.1
      done
    fi
    echo "Redis did not start on port $port (attempt $attempt); see $dir/redis.log" >&2
    running && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
  done
  tail -n 20 "$dir/redis.log" >&2 || true
  exit 1
}

stop() {
  [[ -f "$dir/port" ]] || return 0
  running || return 0
  local pid; pid="$(cat "$dir/redis.pid")"
  redis-cli -h 127.0.0.1 -p "$(cat "$dir/port")" shutdown nosave >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
  local waited
  for waited in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  echo "Redis (pid $pid) did not stop within 10 s; killing it." >&2
  kill -9 "$pid" 2>/dev/null || true
}

case "$command" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
