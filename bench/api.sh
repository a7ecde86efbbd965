#!/usr/bin/env bash
# Benchmark: API latency (p50, p99) over HTTPS with an API token, beside the same all-in-one's
# API as plain HTTP without tokens (a benchmark-only mode, on loopback), in the same run.
# GET /v1/services one after another, on a kept-alive connection and on a new connection each
# time (what a CLI call pays). Prints each round and the medians, in microseconds.
# Usage: bench/api.sh [ROUNDS] [REQUESTS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-3}"
REQUESTS="${2:-500}"
SECURE_PORT="${FLOTILLA_BENCH_PORT:-7193}"
PLAIN_PORT=$((SECURE_PORT + 10))
WORK="$(mktemp -d /tmp/flotilla-api-bench.XXXXXX)"

source "$ROOT/bench/lib.sh"
bench_prepare

cleanup() { pkill -f "flotilla.jar up .*--data-dir $WORK" 2>/dev/null || true; }
trap cleanup EXIT

start() { # NAME PORT [JAVA OPTS...]
  local name=$1 port=$2; shift 2
  java -Xmx512m "$@" -jar "$FLOTILLA_JAR" up --api-port "$port" --data-dir "$WORK/$name" >> "$WORK/$name.log" 2>&1 &
}
start secure "$SECURE_PORT"
start plain "$PLAIN_PORT" -Dflotilla.benchmark.plainApi=true
wait_until 90 curl -sf --cacert "$WORK/secure/tls/ca.pem" "https://127.0.0.1:$SECURE_PORT/health" -o /dev/null
wait_until 90 curl -sf "http://127.0.0.1:$PLAIN_PORT/health" -o /dev/null
TOKEN=$(cat "$WORK/secure/admin-token")

measure() { java "$ROOT/bench/ApiLatency.java" "$@" "$REQUESTS"; }
secure=(); plain=()
for round in $(seq "$ROUNDS"); do
  s=$(measure "https://127.0.0.1:$SECURE_PORT" "$WORK/secure/tls/ca.pem" "$TOKEN")
  p=$(measure "http://127.0.0.1:$PLAIN_PORT" - -)
  secure+=("$s"); plain+=("$p")
  echo "round $round (µs: kept-alive p50 p99, new connection p50 p99): https+token $s | plain http $p" >&2
done

column() { local i=$1; shift; printf '%s\n' "$@" | awk -v i="$i" '{print $i}' | median; }
echo "GET /v1/services, $REQUESTS requests x $ROUNDS rounds, medians of each round's figure (µs):"
printf '%-28s %12s %12s %12s %12s\n' "" "kept p50" "kept p99" "new conn p50" "new conn p99"
printf '%-28s %12s %12s %12s %12s\n' "HTTPS + bearer token" "$(column 1 "${secure[@]}")" "$(column 2 "${secure[@]}")" \
  "$(column 3 "${secure[@]}")" "$(column 4 "${secure[@]}")"
printf '%-28s %12s %12s %12s %12s\n' "plain HTTP, no token" "$(column 1 "${plain[@]}")" "$(column 2 "${plain[@]}")" \
  "$(column 3 "${plain[@]}")" "$(column 4 "${plain[@]}")"
