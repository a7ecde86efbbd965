#!/usr/bin/env bash
# Benchmark: time from 'service create' of N replicas to N RUNNING, against the time to
# 'docker run -d' the same N containers directly, 10 at a time, in the same run.
# Prints each round and the medians and their ratio. Usage: bench/converge.sh [REPLICAS] [ROUNDS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-30}"
ROUNDS="${2:-5}"
PORT="${FLOTILLA_BENCH_PORT:-7190}"
API="https://127.0.0.1:$PORT"
DATA="$(mktemp -d /tmp/flotilla-bench.XXXXXX)"
export FLOTILLA_CA="$DATA/tls/ca.pem"
IMAGE=flotilla-test/web:1

source "$ROOT/bench/lib.sh"
bench_prepare
BENCH_WORK="$DATA" BENCH_API="$API"

cleanup() {
  docker ps -aq --filter label=flotilla-bench=raw | xargs -r docker rm -f >/dev/null
  "$ROOT/bin/flotilla" down --data-dir "$DATA" >/dev/null 2>&1 || true
  docker ps -aq --filter label=flotilla.service.name=bench | xargs -r docker rm -f >/dev/null
}
trap cleanup EXIT

"$ROOT/bin/flotilla" up -d --api-port "$PORT" --data-dir "$DATA" >&2
export FLOTILLA_TOKEN; FLOTILLA_TOKEN=$(cat "$DATA/admin-token")

raw_round() {
  local start end
  start=$(now_ms)
  seq "$N" | xargs -P 10 -I{} docker run -d --label flotilla-bench=raw "$IMAGE" >/dev/null
  end=$(now_ms)
  echo $((end - start))
  docker ps -aq --filter label=flotilla-bench=raw | xargs -r docker rm -f >/dev/null
}

# Counts the tasks reaching RUNNING on the event stream rather than polling the API: a poller
# would take CPU from the engine that the raw baseline does not have to share.
flotilla_round() {
  local start end
  flotilla_events_open
  start=$(now_ms)
  fl_curl -sf -X POST -H 'content-type: application/json' \
    -d "{\"name\":\"bench\",\"image\":\"$IMAGE\",\"replicas\":$N}" "$API/v1/services" >/dev/null
  flotilla_events_await_running bench "$N"
  end=$(now_ms)
  flotilla_events_close
  echo $((end - start))
  fl_curl -sf -X DELETE "$API/v1/services/bench" >/dev/null
  while [[ -n "$(docker ps -aq --filter label=flotilla.service.name=bench)" ]]; do sleep 0.1; done
}

raw=(); flo=()
for round in $(seq "$ROUNDS"); do
  r=$(raw_round); f=$(flotilla_round)
  raw+=("$r"); flo+=("$f")
  echo "round $round: docker run x$N (10 at a time) ${r} ms, flotilla create -> $N RUNNING ${f} ms" >&2
done
raw_median=$(printf '%s\n' "${raw[@]}" | median)
flo_median=$(printf '%s\n' "${flo[@]}" | median)
ratio=$(awk -v f="$flo_median" -v r="$raw_median" 'BEGIN {printf "%.2f", f / r}')
echo "replicas=$N rounds=$ROUNDS raw_docker_median_ms=$raw_median flotilla_median_ms=$flo_median ratio=$ratio"
