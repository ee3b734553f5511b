#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests and CI, owned by DIR and nothing else.
#   cluster.sh start DIR   initdb into DIR/data (first time), start it on a free loopback port, print the
#                          Npgsql connection string of the admin user (trust auth, loopback only) on stdout
#   cluster.sh stop DIR    stop it (fast shutdown); DIR stays for the logs, delete it yourself
#   PORT=N cluster.sh start DIR   start on port N instead of a free one: to start a stopped cluster again where its
#                          clients expect it (a restart test)
# Everything else (progress, logs) goes to stderr or into DIR, so `conn="$(cluster.sh start DIR)"` works.
# Installs Debian's postgresql package when the binaries are missing (needs root). As root, initdb and the
# server run as the `postgres` user, since PostgreSQL refuses to run as root.
set -euo pipefail
bin="${POSTGRES_BIN:-/usr/lib/postgresql/15/bin}"
command="${1:-}"; dir="${2:-}"
usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[[ -n "$command" && -n "$dir" ]] || usage

is_root() { [[ "$(id -u)" -eq 0 ]]; }
as_postgres() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }

ensure_installed() {
  [[ -x "$bin/initdb" ]] && return
  if ! is_root; then echo "PostgreSQL 15 is not installed in $bin, and installing it needs root." >&2; exit 1; fi
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  [[ -x "$bin/initdb" ]] || { echo "apt-get installed PostgreSQL, but not version 15 in $bin." >&2; exit 1; }
}

# The kernel picks a free port; the small window before the server binds it is covered by retrying the start.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

start() {
  ensure_installed
  mkdir -p "$dir"; dir="$(cd "$dir" && pwd)"
  if is_root; then
    chown postgres: "$dir"
    # The server runs as postgres, so every folder above DIR must let that user through (mktemp -d gives 0700).
    runuser -u postgres -- test -x "$dir" \
      || { echo "The postgres user cannot reach $dir: make its parent folders traversable (chmod o+x)." >&2; exit 1; }
  fi
  if [[ -f "$dir/data/postmaster.pid" ]] && as_postgres "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    echo "A cluster is already running in $dir; stop it first." >&2; exit 1
  fi
  if [[ ! -f "$dir/data/PG_VERSION" ]]; then
    # trust for loopback and the socket only: the cluster listens on 127.0.0.1 and lives as long as the run.
    as_postgres "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  local port attempt
  for attempt in 1 2 3; do
    port="${PORT:-$(free_port)}"
    # -k: the socket (and its lock file) in DIR, not /var/run/postgresql, which a non-root user may not write.
    # fsync=off: the cluster dies with the run, so durability buys nothing here; never measure write speed on it
    # unless CLUSTER_OPTIONS turns it back on (later -c settings win: tests/load/bench.sh passes its tuning there).
    if as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=128MB -c fsync=off ${CLUSTER_OPTIONS:-}" \
        start >&2; then
      echo "$port" >"$dir/port"
      echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
      return
    fi
    echo "PostgreSQL did not start on port $port (attempt $attempt); see $dir/server.log" >&2
  done
  tail -n 20 "$dir/server.log" >&2 || true
  exit 1
}

stop() {
  [[ -f "$dir/data/PG_VERSION" ]] || return 0
  if as_postgres "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >&2
  fi
}

case "$command" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
