#!/usr/bin/env bash
# NewsApi read/write benchmark on this machine, against 127.0.0.1 only.
#   tests/load/bench.sh [ARTICLES]        default 100000; DURATION=10s WARMUP=2s CONNECTIONS=32 THREADS=1 PORT=5099
#                                          WARM_PASS=5s: each read case (and comment submission) runs that long
#                                          once, unmeasured, after the server starts and before any case is measured
#   PROVIDER=postgres tests/load/bench.sh  the same cases on SQLite and then on PostgreSQL 15 (a cluster of the script's own
#                                          in $BENCH_DIR/postgres, tuned as the README says, fsync and synchronous_commit
#                                          on), printed side by side at the end, with the time `seed --generate` took.
#   INSTANCES=2 (with PROVIDER=postgres)    also two instances on the one PostgreSQL database, the load split between them.
#   SKIP_SQLITE=1 (with PROVIDER=postgres)  PostgreSQL alone.
#   ONLY=churn                              only /health/live and the reads while the content changes.
#   ONLY=comments                           only /health/live and comment submission (with the reads beside it).
#   ONLY=storage                            only generate (or reuse) the corpus and print what it takes on disk.
#   ONLY=limits                             only the last case: a cached article while 12 clients search.
#   APP_DIR=DIR                             run a build published there (an earlier commit, to compare) instead of this one.
# Builds Release, generates (or reuses) a synthetic corpus of ARTICLES, starts the service, and for each case prints
# req/s, p50, p99, non-2xx count and the ratio to /health/live (this run's ceiling), then server RSS and cold start.
# The read cases run twice: as deployed (output cache on: repeated URLs are cache hits) and with the output cache off
# (NewsApi__Http__OutputCache=false), which is what a cache miss, or every request behind a CDN, costs. They run with the
# search limits off (one address sends every request); the last case measures what the limits are for: a cached
# article's latency while 12 clients send distinct common-word searches, without the limits, with the cap on concurrent
# searches alone, and as deployed.
set -euo pipefail
cd "$(dirname "$0")/../.."

ARTICLES="${1:-100000}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-2s}"
# The JIT's tiered compilation (with dynamic PGO) takes tens of seconds of a new server's load to finish; on PostgreSQL,
# whose client library has many more methods to compile, list pages ran at half speed 50 s after start (README,
# Performance). Every figure is meant as a server in service's, so each pass first runs every case for WARM_PASS.
WARM_PASS="${WARM_PASS:-5s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-1}"
PORT="${PORT:-5099}"
WORK="${BENCH_DIR:-/tmp/newsapi-bench}"
BASE="http://127.0.0.1:${PORT}"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
mkdir -p "$WORK"

APP="${APP_DIR:-$WORK/app}"
if [[ -z "${APP_DIR:-}" ]]; then
  echo "== build (Release)"
  dotnet publish src/NewsApi/NewsApi.csproj -c Release -o "$APP" --nologo -v quiet >/dev/null
fi

PROVIDER="${PROVIDER:-sqlite}"
case "$PROVIDER" in
  sqlite) ENGINES=(sqlite) ;;
  postgres) ENGINES=(sqlite postgres) ;;
  *) echo "PROVIDER must be sqlite or postgres" >&2; exit 2 ;;
esac
# SKIP_SQLITE=1 (with PROVIDER=postgres): PostgreSQL alone, to measure it again without the SQLite half.
if [[ -n "${SKIP_SQLITE:-}" && "$PROVIDER" == postgres ]]; then ENGINES=(postgres); fi
declare -A GENERATE_S SEEN STORAGE
CASES=()
POSTGRES_DIR="$WORK/postgres"
# The PostgreSQL settings of the README's "Running on PostgreSQL" section for a 2-core, 24 GB machine; durability as in
# production (fsync, synchronous_commit and full_page_writes on).
POSTGRES_TUNING="-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=4GB -c effective_cache_size=12GB \
 -c work_mem=16MB -c maintenance_work_mem=512MB -c max_wal_size=8GB -c checkpoint_timeout=15min -c random_page_cost=1.1"

# use_engine ENGINE: points the server and the CLI at that engine's corpus of ARTICLES, generating it the first time.
use_engine() {
  ENGINE="$1"
  local started
  if [[ "$ENGINE" == postgres ]]; then
    chmod 755 "$WORK"
    # Without PORT, which cluster.sh would take as the port to start PostgreSQL on (this script's server's).
    admin="$(env -u PORT CLUSTER_OPTIONS="$POSTGRES_TUNING" bash tests/postgres/cluster.sh start "$POSTGRES_DIR")"
    local dbname="news_${ARTICLES}"
    export NewsApi__Database__Provider=Postgres
    export ConnectionStrings__News="${admin/Database=postgres/Database=$dbname};Maximum Pool Size=200"
    # psql takes the cluster's socket folder and port (cluster.sh keeps both in its folder).
    local psql_admin=(psql -h "$POSTGRES_DIR" -p "$(cat "$POSTGRES_DIR/port")" -U postgres -d postgres)
    if ! "${psql_admin[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$dbname'" | grep -q 1; then
      "${psql_admin[@]}" -qc "CREATE DATABASE $dbname ENCODING 'UTF8' TEMPLATE template0"
      echo "== generate ${ARTICLES} articles on PostgreSQL"
      started=$(date +%s)
      dotnet "$APP/NewsApi.dll" seed --generate "$ARTICLES" 2>/dev/null | grep -E "^(Generated|Indexed)"
      GENERATE_S[$ENGINE]=$(( $(date +%s) - started ))
    fi
    CORPUS_SIZE="$("${psql_admin[@]}" -tAc "SELECT pg_size_pretty(pg_database_size('$dbname'))") in PostgreSQL"
  else
    DB="$WORK/news-${ARTICLES}.db"
    unset NewsApi__Database__Provider
    export ConnectionStrings__News="Data Source=${DB}"
    if [[ ! -f "$DB" ]]; then
      echo "== generate ${ARTICLES} articles on SQLite"
      started=$(date +%s)
      dotnet "$APP/NewsApi.dll" seed --generate "$ARTICLES" 2>/dev/null | grep -E "^(Generated|Indexed)"
      GENERATE_S[$ENGINE]=$(( $(date +%s) - started ))
    fi
    # Read the file once so the OS page cache holds it, as it does on a server in service: otherwise the first cases
    # measure the disk (seen here: 18 s to read the 4 GB file cold, 1.7 s warm, and p99 over a second while rotating slugs).
    cat "$DB" >/dev/null
    CORPUS_SIZE="$(du -h "$DB" | cut -f1) on disk"
  fi
  # Database size, bytes per article and the average UTF-8 size of a body beside what is stored for it (issue 18).
  STORAGE[$ENGINE]="$(dotnet "$APP/NewsApi.dll" storage 2>/dev/null | sed "s/^/$ENGINE /")"
}

export Kestrel__Endpoints__Http__Url="$BASE"
# The published build runs as Production, which needs the public address for feed and sitemap links.
export NewsApi__PublicBaseUrl="$BASE"
export NewsApi__Comments__RateLimit__PermitLimit=0
export NewsApi__Comments__FloodIntervalSeconds=0
export NewsApi__Search__RateLimit__PermitLimit=0
export NewsApi__Search__MaxConcurrentSearches=0
export Logging__LogLevel__Default=Warning

# Whatever ends the script (an error under set -e included) stops the server and any background wrk it started.
SERVER=
SECOND=
BACKGROUND=()
cleanup() {
  for pid in "${BACKGROUND[@]}" $SERVER $SECOND; do kill "$pid" 2>/dev/null || true; done
  [[ " ${ENGINES[*]} " == *" postgres "* ]] && bash tests/postgres/cluster.sh stop "$POSTGRES_DIR" >/dev/null 2>&1 || true
}
trap cleanup EXIT
# start [ENV=VALUE…]: starts the server and sets START_MS to the time from launch to the first 200 of a list page.
start() {
  local start_ns; start_ns=$(date +%s%N)
  env "$@" dotnet "$APP/NewsApi.dll" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  until curl -fs -o /dev/null "$BASE/api/v1/articles?pageSize=1"; do
    kill -0 $SERVER 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 0.01
  done
  START_MS=$(( ($(date +%s%N) - start_ns) / 1000000 ))
}
stop() { kill $SERVER; wait $SERVER 2>/dev/null || true; SERVER=; }
SECOND_BASE="http://127.0.0.1:$(( PORT + 1 ))"
# start_second: a second instance on the next port, with the same settings and database.
start_second() {
  env Kestrel__Endpoints__Http__Url="$SECOND_BASE" dotnet "$APP/NewsApi.dll" >"$WORK/server2.log" 2>&1 &
  SECOND=$!
  until curl -fs -o /dev/null "$SECOND_BASE/api/v1/articles?pageSize=1"; do
    kill -0 $SECOND 2>/dev/null || { cat "$WORK/server2.log"; exit 1; }
    sleep 0.01
  done
}
stop_second() { kill $SECOND; wait $SECOND 2>/dev/null || true; SECOND=; }

declare -A RPS COLD RSS
for ENGINE_NAME in "${ENGINES[@]}"; do
use_engine "$ENGINE_NAME"
echo
echo "######## $ENGINE_NAME"
echo "== storage"
echo "${STORAGE[$ENGINE_NAME]}"
[[ "${ONLY:-}" == storage ]] && continue
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
# At least page 1, and page 2 for the cursor, so a corpus under 20 (or 40) articles still has cases to run.
deep=$(( total / 20 < 500 ? total / 20 : 500 )); (( deep >= 1 )) || deep=1
# Keyset paging goes on from there: the cursor of the page at 90 % of the archive's depth (page 4,500 of 5,000 pages
# of 20 at 100,000 articles, 45,000 at a million, as issue 18's million-article run compares them), reached by following
# nextCursor 100 at a time.
cursor_page=$(( total * 9 / 10 / 20 )); (( cursor_page >= 2 )) || cursor_page=2
cursor=$(python3 - "$BASE" "$(( (cursor_page - 1) * 20 ))" <<'PY'
import json, sys, urllib.request
base, skip = sys.argv[1], int(sys.argv[2])
cursor, seen = None, 0
while seen < skip:
    size = min(100, skip - seen)
    with urllib.request.urlopen(f"{base}/api/v1/articles?pageSize={size}" + (f"&cursor={cursor}" if cursor else "")) as r:
        cursor = json.load(r)["nextCursor"]
    seen += size
    if cursor is None:
        break
print(cursor or "")
PY
)
etag=$(curl -fs -D - -o /dev/null "$BASE/api/v1/articles/$slug" | awk 'tolower($1)=="etag:"{sub(/\r$/,"");$1="";print substr($0,2)}')
common="%D8%A7%D9%84%D8%AD%D9%83%D9%88%D9%85%D8%A9" # الحكومة

# 1,000 different article slugs (fewer on a small corpus), spread over the archive, requested in rotation (cache misses
# for any per-URL cache).
python3 - "$BASE" "$total" >"$WORK/slugs.txt" <<'PY'
import json, sys, urllib.parse, urllib.request
base, total = sys.argv[1], int(sys.argv[2])
stride = max(1, min(7, total // 1000))
for page in range(1, 11):
    with urllib.request.urlopen(f"{base}/api/v1/articles?pageSize=100&page={page * stride}") as r:
        for item in json.load(r)["items"]:
            print("/api/v1/articles/" + urllib.parse.quote(item["slug"]))
PY
[[ -s "$WORK/slugs.txt" ]] || { echo "no published articles to read"; exit 1; }
# Each wrk thread has its own Lua state, so its own counter: setup() (run once per thread, in the main state) numbers
# the threads, and bodies and addresses carry the thread number and the run's start time as well as the counter.
# A repeated one would be a duplicate and store nothing.
cat >"$WORK/threads.lua" <<'LUA'
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
LUA
# Search suggestions for distinct prefixes (issue 18), as a reader types them: the start of each title word (two letters
# on), and each word followed by the start of the next, from 1,000 titles spread over the archive; tens of thousands of
# different URLs, each requested once while the list lasts. Each run of wrk starts at a random place in the list, so the
# warm-up and the measured run (and the cached pass after the uncached one) do not replay the same prefixes.
python3 - "$BASE" "$total" >"$WORK/prefixes.txt" <<'PY'
import json, random, sys, urllib.parse, urllib.request
base, total = sys.argv[1], int(sys.argv[2])
stride = max(1, min(7, total // 1000))
prefixes = set()
for page in range(1, 11):
    with urllib.request.urlopen(f"{base}/api/v1/articles?pageSize=100&page={page * stride}") as r:
        for item in json.load(r)["items"]:
            words = item["title"].split()
            for i, word in enumerate(words):
                prefixes.update(word[:k] for k in range(2, len(word) + 1))
                if i + 1 < len(words):
                    prefixes.update((word + " " + words[i + 1][:k])[:50] for k in range(1, len(words[i + 1]) + 1))
# A prefix without a letter or digit (a dash between words) would be a 400.
paths = ["/api/v1/search/suggest?q=" + urllib.parse.quote(p) for p in sorted(prefixes) if any(c.isalnum() for c in p)]
random.Random(18).shuffle(paths)
print("\n".join(paths))
PY
cat "$WORK/threads.lua" - >"$WORK/suggest.lua" <<LUA
local paths = {}
for line in io.lines("$WORK/prefixes.txt") do paths[#paths + 1] = line end
local i
request = function()
  if i == nil then math.randomseed(os.time() * 100 + tid); i = math.random(#paths) end
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA
# The rotating reads (tests/load/rotate.lua reads the list from SLUGS_FILE, which wrk inherits).
export SLUGS_FILE="$WORK/slugs.txt"
cp tests/load/rotate.lua "$WORK/rotate.lua"
cp tests/load/comment.lua "$WORK/comment.lua"
# Distinct searches for a common word: a different `from` (an instant long before any article, so every match counts:
# a million generated articles, one every ~15 minutes, go back to 1998, so 2000 left out the oldest 56,000 of them)
# per request and thread makes each one a cache miss and a full count and ranking of the matches.
cat "$WORK/threads.lua" - >"$WORK/distinct-search.lua" <<LUA
local n = 0
request = function()
  n = n + 1
  local from = string.format("1900-01-%02dT%02d:%02d:%02dZ", tid % 28 + 1, math.floor(n / 3600) % 24, math.floor(n / 60) % 60, n % 60)
  return wrk.format("GET", "/api/v1/search?q=$common&from=" .. from)
end
LUA
# Distinct searches for a rare word (issue 18): the same distinct URLs for يستقبل, a word of the seed article's title that
# no generated article has (the generated prose repeats the demo articles' vocabulary, and their titles' rarer words
# stay rare): one match, so what it measures is the fixed cost of a search.
sed "s/q=$common/q=%D9%8A%D8%B3%D8%AA%D9%82%D8%A8%D9%84/" "$WORK/distinct-search.lua" >"$WORK/distinct-rare-search.lua"

# Reads while the content changes: the 1,000 rotating articles with list page 1 as every tenth request, which a busy
# site's front page and article pages look like.
cat >"$WORK/churn-reads.lua" <<LUA
local paths = {}
for line in io.lines("$WORK/slugs.txt") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i + 1
  if i % 10 == 0 then return wrk.format("GET", "/api/v1/articles") end
  return wrk.format("GET", paths[i % #paths + 1])
end
LUA
# An editor's key for churn.py, made with the CLI on the engine's database.
admin_key=$(dotnet "$APP/NewsApi.dll" keys create --name "bench-$(date +%s)" --scopes content:write,comments:moderate 2>/dev/null | tail -n 1)

header() { printf "\n%-40s %10s %9s %9s %8s %7s\n" "$1" "req/s" "p50" "p99" "non-2xx" "ratio"; }
run() {
  local name="$1" url="$2"; shift 2
  local out
  # Warm-up, not counted: the first seconds run tier-0 JIT code and fill the cache, which a server in service has done.
  # The warming pass (reads) runs each case for WARM_PASS and measures nothing.
  if [[ -n "${WARMING:-}" ]]; then
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARM_PASS" "$@" "$url" >/dev/null 2>&1
    return
  fi
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$@" "$url" >/dev/null 2>&1
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
  RPS[$ENGINE:$name]=$rps
  [[ -n "${SEEN[$name]:-}" ]] || { SEEN[$name]=1; CASES+=("$name"); }
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
  if [[ -n "$cursor" ]]; then run "$1 deep page $cursor_page (cursor=)" "$BASE/api/v1/articles?cursor=$cursor"; fi
  run "$1 category filter" "$BASE/api/v1/articles?category=$category"
  run "$1 search (common word)" "$BASE/api/v1/search?q=$common"
  run "$1 distinct searches (common word)" "$BASE" -s "$WORK/distinct-search.lua"
  run "$1 distinct searches (rare word)" "$BASE" -s "$WORK/distinct-rare-search.lua"
  run "$1 suggest (distinct prefixes)" "$BASE" -s "$WORK/suggest.lua"
}
# churn BASE...: the churn reads, first with no write, then while churn.py approves 5 comments a second on the rotating
# articles and edits one every 10 s, through the first instance. With two bases the reads are split between them.
churn() {
  # Every rotating article read once first, on each instance, as a site in service has them cached.
  local base
  for base in "$@"; do
    # curl keeps one connection per batch and closes it itself (see churn.py on TIME-WAIT).
    sed "s|^|$base|" "$WORK/slugs.txt" | xargs curl -fs >/dev/null
  done
  split "churn reads, no writes" churn "$@"
  python3 tests/load/churn.py "$1" "$admin_key" "$WORK/slugs.txt" "$(( ${WARMUP%s} + ${DURATION%s} + 1 ))" >"$WORK/churn.txt" 2>&1 &
  BACKGROUND+=($!)
  split "churn reads, 5 approvals/s + edit/10 s" churn "$@"
  wait "${BACKGROUND[-1]}"
  echo "  writer: $(cat "$WORK/churn.txt")"
}
# split NAME PATH BASE...: run's load on PATH ("churn" for the churn reads), its connections divided between the bases,
# all at once; req/s added up, latencies the first base's.
split() {
  local name="$1" path="$2"; shift 2
  # The URL first, as run takes it (wrk itself takes options after it as well).
  target() { if [[ "$path" == churn ]]; then echo "$1 -s $WORK/churn-reads.lua"; else echo "$1$path"; fi; }
  (( $# == 1 )) && { run "$name" $(target "$1"); return; }
  local base i=0 connections=$(( CONNECTIONS / $# )) total=0 pids=()
  for base in "$@"; do wrk -t1 -c"$connections" -d"$WARMUP" $(target "$base") >/dev/null 2>&1 & pids+=($!); done
  wait "${pids[@]}"; pids=()
  for base in "$@"; do
    wrk -t1 -c"$connections" -d"$DURATION" --latency $(target "$base") >"$WORK/split-$i.txt" 2>&1 & pids+=($!)
    i=$(( i + 1 ))
  done
  wait "${pids[@]}"
  for (( i = 0; i < $#; i++ )); do
    total=$(python3 -c "print(round($total + float('$(awk '/^Requests\/sec/{print $2}' "$WORK/split-$i.txt")'), 2))")
  done
  report "$name" "$(sed "s|^Requests/sec:.*|Requests/sec: $total|" "$WORK/split-0.txt")"
}
ratio() { python3 -c "print(f'{float(\"${RPS[$1]}\")/float(\"${RPS[$2]}\"):.2f}')"; }

if [[ "${ONLY:-}" == limits ]]; then
  stop
  continue
fi
header "case (output cache on, as deployed)"
run health "$BASE/health/live"
if [[ "${ONLY:-}" == churn ]]; then
  churn "$BASE"
  stop
  continue
fi
if [[ "${ONLY:-}" != comments ]]; then
  reads cached
  churn "$BASE"
else
  # The rotating articles cached first, as the cases above leave them in a full run.
  sed "s|^|$BASE|" "$WORK/slugs.txt" | xargs curl -fs >/dev/null
fi

# Comment submission while a reader keeps rotating through 1,000 articles: both figures are reported. Its code has not
# run before, so its warm-up is WARM_PASS long, as the reads' warming pass.
# The reader starts after run's warm-up, so both measure the same seconds (WARMUP is in seconds, like "2s").
read_warmup="$WARMUP"; WARMUP="$WARM_PASS"
(sleep "${WARMUP%s}"; wrk -t1 -c8 -d"$DURATION" --latency -s "$WORK/rotate.lua" "$BASE" >"$WORK/reads-during-writes.txt" 2>&1) &
BACKGROUND+=($!)
run "comment submission (durable commit)" "$BASE/api/v1/articles/$slug/comments" -s "$WORK/comment.lua"
wait "${BACKGROUND[-1]}"
report "  reads meanwhile (8 conn., rotating)" "$(cat "$WORK/reads-during-writes.txt")"
WARMUP="$read_warmup"
RSS[$ENGINE]=$(( $(awk '/VmRSS/{print $2}' "/proc/$SERVER/status") / 1024 ))
COLD[$ENGINE]="${cold_median} ms (median of ${colds[*]} ms)"
stop
[[ "${ONLY:-}" == comments ]] && continue

start NewsApi__Http__OutputCache=false
header "case (output cache off: every request computed)"
reads uncached
stop

done

if [[ "${INSTANCES:-1}" == 2 && " ${ENGINES[*]} " == *" postgres "* ]]; then
  # Two instances on the one PostgreSQL database, on this one machine (so sharing its 2 cores): what the second adds, and
  # whether per-resource freshness across instances (NOTIFY) holds the churn figure.
  # PostgreSQL was the loop's last engine: its cluster still runs and the settings still point at it.
  ENGINE=postgres-x2
  start
  start_second
  header "two instances on PostgreSQL (load split)"
  split health /health/live "$BASE" "$SECOND_BASE"
  churn "$BASE" "$SECOND_BASE"
  stop_second
  stop
fi
[[ "${ONLY:-}" == churn || "${ONLY:-}" == comments ]] && exit 0
[[ "${ONLY:-}" == storage ]] && exit 0

# The search limits are the engine's neighbours' concern, not the engine's: measured on SQLite only.
use_engine sqlite
# A cached article read by 8 connections while 12 clients send distinct common-word searches (from the same address,
# as 12 tabs or a scraper would), against the same read alone: first without the search limits, then with the cap on
# concurrent searches alone, then as deployed (cap and per-address rate limit at their defaults).
header "cached article while 12 clients search"
starved() {
  local label="$1"; shift
  start "$@"
  curl -fs -o /dev/null "$BASE/api/v1/articles/$slug"
  # Each case starts a new server: it first runs the case's load for WARM_PASS, unmeasured, as every other case is
  # warmed. After one second, as before session 15, the JIT's tiering still took some 17 % of the CPU, and the reads'
  # p99 with it.
  if [[ "$label" != "none" ]]; then
    wrk -t2 -c12 -d"$WARM_PASS" -s "$WORK/distinct-search.lua" "$BASE" >/dev/null 2>&1 &
    BACKGROUND+=($!)
  fi
  wrk -t1 -c8 -d"$WARM_PASS" "$BASE/api/v1/articles/$slug" >/dev/null 2>&1
  if [[ "$label" != "none" ]]; then wait "${BACKGROUND[-1]}"; fi
  if [[ "$label" != "none" ]]; then
    wrk -t2 -c12 -d"$(( ${WARMUP%s} + ${DURATION%s} + 1 ))s" -s "$WORK/distinct-search.lua" "$BASE" >"$WORK/searches.txt" 2>&1 &
    BACKGROUND+=($!)
  fi
  sleep "${WARMUP%s}"
  report "  article p99, searches $label" "$(wrk -t1 -c8 -d"$DURATION" --latency "$BASE/api/v1/articles/$slug" 2>&1)"
  if [[ "$label" != "none" ]]; then
    wait "${BACKGROUND[-1]}"
    report "    the 12 searching clients" "$(cat "$WORK/searches.txt")"
  fi
  stop
}
starved none
starved "unlimited"
starved "capped" NewsApi__Search__MaxConcurrentSearches="$(nproc)"
starved "as deployed" -u NewsApi__Search__RateLimit__PermitLimit -u NewsApi__Search__MaxConcurrentSearches
[[ "${ONLY:-}" == limits ]] && exit 0

echo
if [[ -n "$cursor" ]]; then
  echo "deep page vs page 1 (cache off): page= $(ratio "uncached deep page $deep (page=)" "uncached list page 1"), cursor= $(ratio "uncached deep page $cursor_page (cursor=)" "uncached list page 1")"
fi
for engine in "${ENGINES[@]}"; do
  echo "$engine: server RSS after the cached run ${RSS[$engine]} MiB; cold start to first 200 ${COLD[$engine]}"
  [[ -n "${GENERATE_S[$engine]:-}" ]] && echo "$engine: seed --generate ${ARTICLES} took ${GENERATE_S[$engine]} s"
  echo "${STORAGE[$engine]}"
done
echo "corpus: ${total} published articles; wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION} after a warming pass of ${WARM_PASS} a case and ${WARMUP} before each"

if [[ " ${ENGINES[*]} " == *" postgres "* ]]; then
  # The two engines side by side: the same case names, req/s each, and PostgreSQL's figure over SQLite's.
  printf "\n%-40s %10s %10s %7s\n" "case" "sqlite" "postgres" "pg/sq"
  for name in "${CASES[@]}"; do
    sq="${RPS[sqlite:$name]:-}"; pg="${RPS[postgres:$name]:-}"
    [[ -n "$sq" && -n "$pg" ]] || continue
    printf "%-40s %10s %10s %7s\n" "$name" "$sq" "$pg" "$(python3 -c "print(f'{float(\"$pg\")/float(\"$sq\"):.2f}')")"
  done
fi
