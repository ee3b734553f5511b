#!/usr/bin/env bash
# Search latency on the synthetic corpus: p50/p99 of GET /api/v1/search for a rare and a common word.
#
#   tests/load/search-bench.sh [articles] [requests per query]      (defaults: 100000 and 300)
#
# Builds Release, seeds a fresh database in a temp folder with the demo content and `seed --generate N` (the
# performance issue's corpus, indexed by the search triggers as it is written), gives every 5,000th article a
# word found nowhere else (tests/load/RareWord.cs: the generated prose repeats its vocabulary, so it has no rare
# word of its own), starts the service on 127.0.0.1 only, sends requests one at a time with curl (time_total =
# server time + loopback transfer; no If-None-Match, and the output cache and the search rate limit off, so every
# request runs the query: unknown parameters are refused now, so they can no longer defeat the cache), prints the figures, and
# stops the service it started.
set -euo pipefail

ARTICLES=${1:-100000}
REQUESTS=${2:-300}
PORT=${NEWSAPI_BENCH_PORT:-5097}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/newsapi-search-bench.XXXXXX")
DB="$WORK/news.db"
BASE="http://127.0.0.1:$PORT"
SERVER_PID=""

cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== build (Release)"
dotnet build "$ROOT/src/NewsApi/NewsApi.csproj" -c Release -o "$WORK/app" -v quiet -nologo >/dev/null

echo "== corpus: demo content + seed --generate $ARTICLES"
ConnectionStrings__News="Data Source=$DB" dotnet "$WORK/app/NewsApi.dll" seed >/dev/null
start=$(date +%s)
ConnectionStrings__News="Data Source=$DB" dotnet "$WORK/app/NewsApi.dll" seed --generate "$ARTICLES" | tail -n 1
echo "generated and indexed in $(( $(date +%s) - start )) s"
dotnet run "$ROOT/tests/load/RareWord.cs" -- "$DB"
echo "database: $(du -h "$DB" | cut -f1)"

echo "== start the service on $BASE"
ConnectionStrings__News="Data Source=$DB" Kestrel__Endpoints__Http__Url="$BASE" Logging__LogLevel__Default=Warning \
  NewsApi__Http__OutputCache=false NewsApi__Search__RateLimit__PermitLimit=0 \
  dotnet "$WORK/app/NewsApi.dll" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -sf -o /dev/null "$BASE/health/ready" && break
  sleep 0.2
done
curl -sf -o /dev/null "$BASE/health/ready" || { echo "service did not start"; cat "$WORK/server.log"; exit 1; }

urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

# p50/p99 in milliseconds of REQUESTS sequential requests to one URL (after 10 warm-up requests).
measure() {
  local label=$1 query=$2
  local url="$BASE/api/v1/search?$query"
  local hits
  hits=$(curl -s "$url" | grep -o '"totalItems":[0-9]*' | cut -d: -f2)
  for _ in $(seq 1 10); do curl -s -o /dev/null "$url"; done
  for _ in $(seq 1 "$REQUESTS"); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$url"
  done | sort -k2 -n | awk -v label="$label" -v hits="$hits" '
    $1 != 200 { errors++ }
    { t[NR] = $2 * 1000 }
    END {
      n = NR
      printf "%-40s hits=%-7s n=%d  p50=%7.1f ms  p99=%7.1f ms  max=%7.1f ms  non-200=%d\n",
        label, hits, n, t[int(n * 0.50 + 0.5)], t[int(n * 0.99 + 0.5)], t[n], errors
    }'
}

echo "== $REQUESTS sequential requests per query"
measure "rare word (زمرديات), relevance"       "q=$(urlencode 'زمرديات')"
measure "less common word (الكورنيش), relevance" "q=$(urlencode 'الكورنيش')"
measure "common word (الدفاع), relevance"       "q=$(urlencode 'الدفاع')"
measure "common word (الدفاع), newest"          "q=$(urlencode 'الدفاع')&sort=newest"
measure "two words (وزير الدفاع), relevance"     "q=$(urlencode 'وزير الدفاع')"
