#!/usr/bin/env bash
# Overlay throughput: TCP bulk transfer between two containers on different hosts over a
# Flotilla overlay network (VXLAN), beside the same transfer between the two hosts' network
# namespaces directly (the underlay), in one run. busybox dd into nc; dd reports the rate.
# Prints every round, the medians and their ratio. Usage: bench/overlay.sh [ROUNDS] [MB]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-5}"
MB="${2:-1000}"
source "$ROOT/bench/lib.sh"
source "$ROOT/bin/lib/ensure-docker.sh"
flotilla_ensure_docker
"$ROOT/testbed/build-images.sh"
"$ROOT/bin/flotilla" --version >/dev/null   # builds the jar when stale
WORK="$(mktemp -d /tmp/flotilla-overlay.XXXXXX)"
API_PORT="${FLOTILLA_BENCH_PORT:-7192}"
IMAGE=flotilla-test/web:1

cleanup() {
  flotilla_cluster_down
  "$ROOT/testbed/hosts.sh" down >/dev/null 2>&1 || true
}
trap cleanup EXIT
"$ROOT/testbed/hosts.sh" down >/dev/null 2>&1 || true
"$ROOT/testbed/hosts.sh" up 2 >&2
flotilla_cluster_up "$WORK" "$API_PORT" 2
export FLOTILLA_HOST="$BENCH_API"
flotilla() { java -jar "$FLOTILLA_JAR" "$@"; }

flotilla network create bench >/dev/null
flotilla service create --name sink --network bench --constraint node.hostname==fl-h1 \
  "$IMAGE" sh -c 'while true; do nc -l -p 5001 > /dev/null; done' >/dev/null
flotilla service create --name source --network bench --constraint node.hostname==fl-h2 "$IMAGE" >/dev/null
SOURCE=$(hd 2 ps -q --filter label=flotilla.service.name=source)

# The rate dd reports, in MB/s, for MB megabytes pushed through nc to HOST:PORT by RUNNER.
rate() { # runner... -- host port
  "$@" sh -c "busybox dd if=/dev/zero bs=1M count=$MB 2>/tmp/flotilla-dd.txt | busybox nc -w 1 $TARGET_HOST $TARGET_PORT; \
    cat /tmp/flotilla-dd.txt" 2>/dev/null | sed -n 's/.*copied, \([0-9.]*\) seconds.*/\1/p' | awk -v mb="$MB" '{printf "%.0f\n", mb / $1}'
}

"$ROOT/testbed/hosts.sh" exec 1 sh -c 'while true; do busybox nc -l -p 5002 > /dev/null; done' &
UNDERLAY_SINK=$!
sleep 1
for round in $(seq "$ROUNDS"); do
  TARGET_HOST=sink TARGET_PORT=5001
  overlay=$(rate hd 2 exec "$SOURCE")
  TARGET_HOST=10.77.0.11 TARGET_PORT=5002
  underlay=$(rate "$ROOT/testbed/hosts.sh" exec 2)
  echo "round $round: overlay $overlay MB/s, underlay $underlay MB/s" >&2
  echo "$overlay $underlay" >> "$WORK/results"
done
kill "$UNDERLAY_SINK" 2>/dev/null || true

overlay=$(cut -d' ' -f1 "$WORK/results" | median)
underlay=$(cut -d' ' -f2 "$WORK/results" | median)
echo
echo "medians over $ROUNDS rounds of $MB MB: overlay $overlay MB/s, underlay $underlay MB/s"
awk -v o="$overlay" -v u="$underlay" 'BEGIN {printf "overlay / underlay = %.2f (target >= 0.80)\n", o / u}'
