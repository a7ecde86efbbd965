#!/usr/bin/env bash
# Benchmark: wall time of one CLI call, as a user types it, for `flotilla service ls`, `service ps NAME`
# and `node ls` (bin/flotilla: the slim client jar and its class-data archive) against an all-in-one
# with a 3-replica service, beside `docker service ls`, `service ps` and `node ls` against a one-node
# Swarm with the same service on the local engine, in the same run, the calls taken in turn.
# Prints the median of RUNS calls of each (ms) and the ratio Flotilla/docker; also the first call after
# a build (which writes the archive) and `service ls` through the full jar, as the CLI ran before.
# Leaves the machine as found: the Swarm left, the all-in-one stopped, the service and its containers removed.
# Usage: flock /tmp/flotilla-testbed.lock bench/cli.sh [RUNS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-10}"
PORT="${FLOTILLA_BENCH_PORT:-7293}"
SERVICE=bench-cli
WORK="$(mktemp -d /tmp/flotilla-cli-bench.XXXXXX)"
FLOTILLA="$ROOT/bin/flotilla"

source "$ROOT/bench/lib.sh"
bench_prepare
if [[ $(docker info --format '{{.Swarm.LocalNodeState}}') != inactive ]]; then
  echo "the local Docker engine is in a swarm already: this benchmark makes its own (docker swarm leave first)" >&2
  exit 1
fi

export FLOTILLA_HOST="https://127.0.0.1:$PORT" FLOTILLA_CA="$WORK/data/tls/ca.pem" FLOTILLA_TOKEN=""
cleanup() {
  set +e
  docker service rm "$SERVICE" >/dev/null 2>&1
  docker swarm leave --force >/dev/null 2>&1
  if [[ -n $FLOTILLA_TOKEN ]]; then
    "$FLOTILLA" service rm "$SERVICE" >/dev/null 2>&1
    wait_until 60 bash -c "[[ -z \$(docker ps -aq --filter label=flotilla.service.name=$SERVICE) ]]" 2>/dev/null
  fi
  "$FLOTILLA" down --data-dir "$WORK/data" >/dev/null 2>&1
  docker ps -aq --filter "name=^$SERVICE\." | xargs -r docker rm -f >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

# Flotilla: the all-in-one, a 3-replica service.
"$FLOTILLA" up -d --api-port "$PORT" --raft-port $((PORT + 1)) --bus-port $((PORT + 2)) --data-dir "$WORK/data" >&2
FLOTILLA_TOKEN=$(cat "$WORK/data/admin-token")
"$FLOTILLA" service create --name "$SERVICE" --replicas 3 flotilla-test/web:1 >/dev/null
# Swarm: one node on the local engine, the same service.
docker swarm init --advertise-addr 127.0.0.1 --listen-addr 127.0.0.1:2377 >/dev/null
docker service create -q --no-resolve-image --name "$SERVICE" --replicas 3 flotilla-test/web:1 >/dev/null
wait_until 60 bash -c "[[ \$(docker service ls --filter name=$SERVICE --format '{{.Replicas}}') == 3/3* ]]"
wait_until 60 bash -c "\"$FLOTILLA\" service ls | grep -q ' 3/3 '"

took_ms() { # COMMAND...: runs it, prints its wall time in ms (bash's clock: no fork to read it)
  local start=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }
  local end=$EPOCHREALTIME
  echo $(( (10#${end/./} - 10#${start/./}) / 1000 ))
}

# The first call after a build writes the client's class-data archive: time it once, apart.
rm -f "$ROOT/cli/target/flotilla-client.jsa"
first=$(took_ms "$FLOTILLA" service ls)

names=("service ls" "service ps $SERVICE" "node ls")
declare -A fl dk
full=()
for run in $(seq "$RUNS"); do
  for name in "${names[@]}"; do
    read -ra words <<< "$name"
    fl[$name]+="$(took_ms "$FLOTILLA" "${words[@]}") "
    dk[$name]+="$(took_ms docker "${words[@]}") "
  done
  full+=("$(took_ms java -jar "$FLOTILLA_JAR" service ls)")
  last=${fl[service ls]% }
  echo "run $run: flotilla service ls ${last##* } ms, docker ${dk[service ls]% } ms so far" >&2
done

med() { printf '%s\n' $1 | median; }
echo "CLI wall time, median of $RUNS calls (ms), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg):"
printf '%-22s %10s %10s %8s\n' "" "flotilla" "docker" "ratio"
for name in "${names[@]}"; do
  f=$(med "${fl[$name]}") d=$(med "${dk[$name]}")
  printf '%-22s %10s %10s %8s\n' "${name/ $SERVICE/ NAME}" "$f" "$d" "$(awk -v f="$f" -v d="$d" 'BEGIN {printf "%.1f", f / d}')"
done
printf '%-22s %10s\n' "service ls, first call" "$first"
printf '%-22s %10s   (java -jar flotilla.jar: the CLI before the client jar)\n' "service ls, full jar" \
  "$(printf '%s\n' "${full[@]}" | median)"
