#!/usr/bin/env bash
# CPU milliseconds per comment submission, of the server and (on PostgreSQL) of every process of its cluster: the
# figure to compare on a shared machine, where req/s follow the neighbours' load. Against 127.0.0.1 only.
#   tests/load/comment-cpu.sh APP_DIR CLUSTER_DIR DATABASE [SECONDS] [READERS]   PostgreSQL: a running cluster.sh cluster
#   tests/load/comment-cpu.sh APP_DIR FILE.db - [SECONDS] [READERS]              SQLite: that database file
# APP_DIR is a Release publish. READERS=1 adds bench.sh's 8 connections reading rotating articles (read once first).
# The server runs with DOTNET_TieredCompilation=0 (optimised code from the start, so a short run is no JIT figure) and
# bench.sh's settings (rate limit and flood interval off); 32 connections send comment.lua (bench.sh's) to the newest
# article after a 3 s warm-up. PERF=1 also records the server with perf (DOTNET_PerfMapEnabled) into $WORK/perf.data.
set -euo pipefail
APP="$1"; TARGET="$2"; DB="$3"; SECONDS_="${4:-10}"; READERS="${5:-0}"
PORT="${PORT:-5231}"; BASE="http://127.0.0.1:$PORT"
WORK="${BENCH_DIR:-/tmp/newsapi-comment-cpu}"; mkdir -p "$WORK"
if [[ "$TARGET" == *.db ]]; then
  export ConnectionStrings__News="Data Source=$TARGET"
  postmaster=""
else
  export NewsApi__Database__Provider=Postgres
  export ConnectionStrings__News="Host=127.0.0.1;Port=$(cat "$TARGET/port");Username=postgres;Database=$DB;Maximum Pool Size=200"
  postmaster=$(head -1 "$TARGET/data/postmaster.pid")
fi
export Kestrel__Endpoints__Http__Url="$BASE" NewsApi__PublicBaseUrl="$BASE" Logging__LogLevel__Default=Warning \
  NewsApi__Comments__RateLimit__PermitLimit=0 NewsApi__Comments__FloodIntervalSeconds=0 \
  DOTNET_TieredCompilation=0 DOTNET_PerfMapEnabled="${PERF:+1}"
dotnet "$APP/NewsApi.dll" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
until curl -fs -o /dev/null "$BASE/api/v1/articles?pageSize=1"; do
  kill -0 $SERVER 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 0.1
done
slug=$(curl -fs "$BASE/api/v1/articles?pageSize=1" | python3 -c 'import json,sys,urllib.parse;print(urllib.parse.quote(json.load(sys.stdin)["items"][0]["slug"]))')
python3 - "$BASE" >"$WORK/slugs.txt" <<'PY'
import json, sys, urllib.parse, urllib.request
for page in range(1, 11):
    with urllib.request.urlopen(f"{sys.argv[1]}/api/v1/articles?pageSize=100&page={page}") as r:
        items = json.load(r)["items"]
    print("\n".join("/api/v1/articles/" + urllib.parse.quote(item["slug"]) for item in items))
    if len(items) < 100:
        break
PY
export SLUGS_FILE="$WORK/slugs.txt"
load="$(cd "$(dirname "$0")" && pwd)"
# Clock ticks: the server; the cluster (postmaster, its live children, and the children it has reaped).
ticks() {
  local app pg=0 child
  app=$(awk '{print $14 + $15}' "/proc/$SERVER/stat")
  if [[ -n "$postmaster" ]]; then
    pg=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$postmaster/stat")
    for child in $(pgrep -P "$postmaster"); do pg=$(( pg + $(awk '{print $14 + $15}' "/proc/$child/stat" 2>/dev/null || echo 0) )); done
  fi
  echo "$app $pg"
}
wrk -t1 -c32 -d3s -s "$load/comment.lua" "$BASE/api/v1/articles/$slug/comments" >/dev/null 2>&1
[[ "$READERS" == 1 ]] && sed "s|^|$BASE|" "$WORK/slugs.txt" | xargs curl -fs >/dev/null
read -r app0 pg0 < <(ticks)
side=()
[[ -n "${PERF:-}" ]] && { perf record -F 999 -g -p $SERVER -o "$WORK/perf.data" -- sleep "$SECONDS_" >/dev/null 2>&1 & side+=($!); }
[[ "$READERS" == 1 ]] && { wrk -t1 -c8 -d"${SECONDS_}s" -s "$load/rotate.lua" "$BASE" >"$WORK/reads.txt" 2>&1 & side+=($!); }
wrk -t1 -c32 -d"${SECONDS_}s" --latency -s "$load/comment.lua" "$BASE/api/v1/articles/$slug/comments" >"$WORK/comments.txt" 2>&1
(( ${#side[@]} == 0 )) || wait "${side[@]}"
read -r app1 pg1 < <(ticks)
python3 - "$WORK" "$(getconf CLK_TCK)" "$app0" "$app1" "$pg0" "$pg1" "$READERS" <<'PY'
import re, sys
work, hz, app0, app1, pg0, pg1, readers = sys.argv[1], int(sys.argv[2]), *map(int, sys.argv[3:7]), sys.argv[7]
def field(path, pattern):
    match = re.search(pattern, open(path).read(), re.M)
    return match.group(1) if match else "0"
made = int(field(f"{work}/comments.txt", r"^\s*(\d+) requests in"))
app, pg = (app1 - app0) * 1000 / hz / made, (pg1 - pg0) * 1000 / hz / made
comments = f"{work}/comments.txt"
rate, p99 = field(comments, r"^Requests/sec:\s*(\S+)"), field(comments, r"^\s*99%\s*(\S+)")
refused = field(comments, r"Non-2xx or 3xx responses: (\d+)")
line = (f"submissions {made} ({rate}/s, p99 {p99}, non-2xx {refused}); "
        f"CPU ms per submission: application {app:.3f}, database {pg:.3f}, together {app + pg:.3f}")
if readers == "1":
    reads = field(f"{work}/reads.txt", r"^Requests/sec:\s*(\S+)")
    line += f"; reads beside {reads}/s"
print(line + f"; load average {open('/proc/loadavg').read().split()[0]}")
PY
