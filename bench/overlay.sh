#!/usr/bin/env bash
# Overlay throughput: an HTTP GET of a large file between two containers on different hosts
# over a Flotilla overlay network (VXLAN), beside the same GET between the two hosts' network
# namespaces directly (the underlay), in one run, with the same tools on both paths (busybox
# httpd and nc). Each transfer is timed from outside, less the time of a GET of an empty file
# (starting the command and the connection). Prints every round, the medians and their ratio.
# Usage: bench/overlay.sh [ROUNDS] [MB]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-5}"
MB="${2:-300}"
source "$ROOT/bench/lib.sh"
bench_prepare
WORK="$(mktemp -d /tmp/flotilla-overlay.XXXXXX)"
API_PORT="${FLOTILLA_BENCH_PORT:-7192}"
IMAGE=flotilla-test/web:1

cleanup() {
  pkill -f "httpd -f -p 5002 -h $WORK" 2>/dev/null || true
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
flotilla service create --name sink --network bench --constraint node.hostname==fl-h1 "$IMAGE" >/dev/null
flotilla service create --name source --network bench --constraint node.hostname==fl-h2 "$IMAGE" >/dev/null
SINK=$(hd 1 ps -q --filter label=flotilla.service.name=sink)
SOURCE=$(hd 2 ps -q --filter label=flotilla.service.name=source)
hd 1 exec "$SINK" sh -c "dd if=/dev/zero of=/www/big bs=1M count=$MB 2>/dev/null && touch /www/empty"
mkdir -p "$WORK/www"
dd if=/dev/zero of="$WORK/www/big" bs=1M count="$MB" 2>/dev/null
touch "$WORK/www/empty"
"$ROOT/testbed/hosts.sh" exec 1 busybox httpd -f -p 5002 -h "$WORK/www" &
sleep 1

get_ms() { # host port path runner...
  local host=$1 port=$2 path=$3 start bytes; shift 3
  start=$(now_ms)
  bytes=$("$@" busybox sh -c "printf 'GET $path HTTP/1.0\r\n\r\n' | busybox nc $host $port | busybox wc -c")
  (( bytes > 0 )) || { echo "no bytes from $host:$port$path" >&2; return 1; }
  echo $(( $(now_ms) - start ))
}
rate() { # host port runner...
  local full empty
  full=$(get_ms "$1" "$2" /big "${@:3}")
  empty=$(get_ms "$1" "$2" /empty "${@:3}")
  echo $(( MB * 1000 / (full > empty ? full - empty : 1) ))
}

for round in $(seq "$ROUNDS"); do
  overlay=$(rate sink 80 hd 2 exec "$SOURCE")
  underlay=$(rate 10.77.0.11 5002 "$ROOT/testbed/hosts.sh" exec 2)
  echo "round $round: overlay $overlay MB/s, underlay $underlay MB/s" >&2
  echo "$overlay $underlay" >> "$WORK/results"
done

overlay=$(cut -d' ' -f1 "$WORK/results" | median)
underlay=$(cut -d' ' -f2 "$WORK/results" | median)
echo
echo "medians over $ROUNDS rounds of $MB MB: overlay $overlay MB/s, underlay $underlay MB/s"
awk -v o="$overlay" -v u="$underlay" 'BEGIN {printf "overlay / underlay = %.2f (target >= 0.80)\n", o / u}'
