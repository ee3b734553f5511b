#!/usr/bin/env bash
# NewsApi read/write benchmark on this machine, against 127.0.0.1 only.
#   tests/load/bench.sh [ARTICLES]        default 100000; DURATION=10s WARMUP=2s CONNECTIONS=32 THREADS=1 PORT=5099
# Builds Release, generates (or reuses) a synthetic corpus of ARTICLES, starts the service, and for each case prints
# req/s, p50, p99, non-2xx count and the ratio to /health/live (this run's ceiling), then server RSS and cold start.
# The read cases run twice: as deployed (output cache on: repeated URLs are cache hits) and with the output cache off
# (NewsApi__Http__OutputCache=false), which is what a cache miss, or every request behind a CDN, costs.
set -euo pipefail
cd "$(dirname "$0")/../.."

ARTICLES="${1:-100000}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-2s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-1}"
PORT="${PORT:-5099}"
WORK="${BENCH_DIR:-/tmp/newsapi-bench}"
BASE="http://127.0.0.1:${PORT}"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
mkdir -p "$WORK"

echo "== build (Release)"
dotnet publish src/NewsApi/NewsApi.csproj -c Release -o "$WORK/app" --nologo -v quiet >/dev/null

DB="$WORK/news-${ARTICLES}.db"
export ConnectionStrings__News="Data Source=${DB}"
if [[ ! -f "$DB" ]]; then
  echo "== generate ${ARTICLES} articles"
  dotnet "$WORK/app/NewsApi.dll" seed --generate "$ARTICLES" 2>/dev/null | tail -n 1
fi

# Read the file once so the OS page cache holds it, as it does on a server in service: otherwise the first cases measure
# the disk (seen here: 18 s to read the 4 GB file cold, 1.7 s warm, and p99 over a second while rotating slugs).
cat "$DB" >/dev/null

export Kestrel__Endpoints__Http__Url="$BASE"
export NewsApi__Comments__RateLimit__PermitLimit=0
export NewsApi__Comments__FloodIntervalSeconds=0
export Logging__LogLevel__Default=Warning

SERVER=
trap '[[ -n "$SERVER" ]] && kill $SERVER 2>/dev/null || true' EXIT
# start [ENV=VALUE…]: starts the server and sets START_MS to the time from launch to the first 200 of a list page.
start() {
  local start_ns; start_ns=$(date +%s%N)
  env "$@" dotnet "$WORK/app/NewsApi.dll" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  until curl -fs -o /dev/null "$BASE/api/v1/articles?pageSize=1"; do
    kill -0 $SERVER 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 0.01
  done
  START_MS=$(( ($(date +%s%N) - start_ns) / 1000000 ))
}
stop() { kill $SERVER; wait $SERVER 2>/dev/null || true; SERVER=; }

echo "== cold start (3 starts)"
colds=()
for _ in 1 2 3; do start; colds+=("$START_MS"); stop; done
cold_median=$(printf '%s\n' "${colds[@]}" | sort -n | sed -n 2p)
start

# Inputs for the cases, taken from the corpus itself.
first=$(curl -fs "$BASE/api/v1/articles?pageSize=1")
slug=$(python3 -c 'import json,sys,urllib.parse;print(urllib.parse.quote(json.load(sys.stdin)["items"][0]["slug"]))' <<<"$first")
category=$(curl -fs "$BASE/api/v1/categories" | python3 -c 'import json,sys,urllib.parse;c=max(json.load(sys.stdin)["items"],key=lambda c:c["articleCount"]);print(urllib.parse.quote(c["slug"]))')
total=$(python3 -c 'import json,sys;print(json.load(sys.stdin)["totalItems"])' <<<"$first")
# Numbered pages reach the first 10,000 articles (page × pageSize); the deepest of them is the deep page= case.
deep=$(( total / 20 < 500 ? total / 20 : 500 ))
# Keyset paging goes on from there: the cursor of page 5,000 (of 20), reached by following nextCursor 100 at a time.
cursor_page=$(( total / 20 < 5000 ? total / 20 : 5000 ))
cursor=$(python3 - "$BASE" "$(( (cursor_page - 1) * 20 ))" <<'PY'
import json, sys, urllib.request
base, skip = sys.argv[1], int(sys.argv[2])
cursor, seen = None, 0
while seen < skip:
    size = min(100, skip - seen)
    with urllib.request.urlopen(f"{base}/api/v1/articles?pageSize={size}" + (f"&cursor={cursor}" if cursor else "")) as r:
        cursor = json.load(r)["nextCursor"]
    seen += size
print(cursor)
PY
)
etag=$(curl -fs -D - -o /dev/null "$BASE/api/v1/articles/$slug" | awk 'tolower($1)=="etag:"{sub(/\r$/,"");$1="";print substr($0,2)}')
common="%D8%A7%D9%84%D8%AD%D9%83%D9%88%D9%85%D8%A9" # الحكومة

# 1,000 different article slugs, requested in rotation (cache misses for any per-URL cache).
python3 - "$BASE" >"$WORK/slugs.txt" <<'PY'
import json, sys, urllib.parse, urllib.request
base = sys.argv[1]
for page in range(1, 11):
    with urllib.request.urlopen(f"{base}/api/v1/articles?pageSize=100&page={page * 7}") as r:
        for item in json.load(r)["items"]:
            print("/api/v1/articles/" + urllib.parse.quote(item["slug"]))
PY
cat >"$WORK/rotate.lua" <<LUA
local paths = {}
for line in io.lines("$WORK/slugs.txt") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA
# Bodies and addresses unique to each wrk run (its start time): a repeated one would answer 409 (already sent).
cat >"$WORK/comment.lua" <<'LUA'
local n, run = 0, os.time()
request = function()
  n = n + 1
  local body = string.format('{"authorName":"قارئ","authorEmail":"reader%d.%d@example.com","body":"تعليق رقم %d من جولة %d على الخبر"}', n, run, n, run)
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end
LUA

declare -A RPS
header() { printf "\n%-40s %10s %9s %9s %8s %7s\n" "$1" "req/s" "p50" "p99" "non-2xx" "ratio"; }
run() {
  local name="$1" url="$2"; shift 2
  local out
  # Warm-up, not counted: the first seconds run tier-0 JIT code and fill the cache, which a server in service has done.
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$@" "$url" >/dev/null 2>&1
  [[ -n "${WARMING:-}" ]] && return
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url" 2>&1)
  report "$name" "$out"
}
report() {
  local name="$1" out="$2" rps p50 p99 non2xx
  rps=$(awk '/^Requests\/sec/{print $2}' <<<"$out")
  p50=$(awk '$1=="50%"{print $2}' <<<"$out")
  p99=$(awk '$1=="99%"{print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx or 3xx responses/{print $5}' <<<"$out"); non2xx=${non2xx:-0}
  RPS[$name]=$rps
  local ratio="-"
  [[ -n "${RPS[health]:-}" ]] && ratio=$(python3 -c "print(f'{float(\"$rps\")/float(\"${RPS[health]}\"):.2f}')")
  printf "%-40s %10s %9s %9s %8s %7s\n" "$name" "$rps" "$p50" "$p99" "$non2xx" "$ratio"
}
reads() { # the read cases; $1 names the pass. Every case is warmed once before any is measured: the JIT compiles
  # the code they share (a single 2 s warm-up left the first case measured at half speed).
  if [[ -z "${WARMING:-}" ]]; then WARMING=1 reads "$1"; fi
  run "$1 list page 1" "$BASE/api/v1/articles"
  run "$1 article by slug (same)" "$BASE/api/v1/articles/$slug"
  run "$1 1,000 rotating slugs" "$BASE" -s "$WORK/rotate.lua"
  run "$1 304 revalidation" "$BASE/api/v1/articles/$slug" -H "If-None-Match: $etag"
  run "$1 deep page $deep (page=)" "$BASE/api/v1/articles?page=$deep"
  run "$1 deep page $cursor_page (cursor=)" "$BASE/api/v1/articles?cursor=$cursor"
  run "$1 category filter" "$BASE/api/v1/articles?category=$category"
  run "$1 search (common word)" "$BASE/api/v1/search?q=$common"
}
ratio() { python3 -c "print(f'{float(\"${RPS[$1]}\")/float(\"${RPS[$2]}\"):.2f}')"; }

header "case (output cache on, as deployed)"
run health "$BASE/health/live"
reads cached

# Comment submission while a reader keeps rotating through 1,000 articles: both figures are reported.
# The reader starts after run's warm-up, so both measure the same seconds (WARMUP is in seconds, like "2s").
(sleep "${WARMUP%s}"; wrk -t1 -c8 -d"$DURATION" --latency -s "$WORK/rotate.lua" "$BASE" >"$WORK/reads-during-writes.txt" 2>&1) &
reader=$!
run "comment submission (FULL sync)" "$BASE/api/v1/articles/$slug/comments" -s "$WORK/comment.lua"
wait $reader
report "  reads meanwhile (8 conn., rotating)" "$(cat "$WORK/reads-during-writes.txt")"
rss_kb=$(awk '/VmRSS/{print $2}' "/proc/$SERVER/status")
stop

start NewsApi__Http__OutputCache=false
header "case (output cache off: every request computed)"
reads uncached
stop

echo
echo "deep page vs page 1 (cache off): page= $(ratio "uncached deep page $deep (page=)" "uncached list page 1"), cursor= $(ratio "uncached deep page $cursor_page (cursor=)" "uncached list page 1")"
echo "server RSS after the cached run: $((rss_kb / 1024)) MiB"
echo "cold start to first 200: ${cold_median} ms (median of ${colds[*]} ms)"
echo "corpus: ${total} published articles ($(du -h "$DB" | cut -f1) on disk); wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION}"
