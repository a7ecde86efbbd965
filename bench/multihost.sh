#!/usr/bin/env bash
# Multi-host benchmark on the testbed (3 worker hosts in network namespaces, each with its own
# dockerd): Flotilla beside Docker Swarm 20.10 beside the raw floor, in one run.
#   converge N replicas (30 and 90), scale 30 -> 90 (Flotilla's counted on its event stream,
#   Swarm's by polling 'docker service ps', as it has no task event stream),
#   hard host kill  -> node DOWN, all replicas RUNNING again,
#   partition       -> node DOWN, all replicas RUNNING again; after heal, stale containers gone.
# Prints every measurement and the medians. Usage: bench/multihost.sh [ROUNDS] (default 3)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-3}"
HOSTS=3
PORT="${FLOTILLA_BENCH_PORT:-7191}"
API="https://127.0.0.1:$PORT"
IMAGE=flotilla-test/web:1
WORK="$(mktemp -d /tmp/flotilla-multihost.XXXXXX)"
RESULTS="$WORK/results"

source "$ROOT/bench/lib.sh"
bench_prepare

record() { echo "$1 $2" >> "$RESULTS"; echo "  $1: $2 ms" >&2; }
running_containers() { # label filter -> count across hosts
  local n=0 i
  for i in $(seq $HOSTS); do
    n=$(( n + $(hd "$i" ps -q --filter "label=$1" 2>/dev/null | wc -l) ))
  done
  echo "$n"
}

cleanup() {
  pkill -f "flotilla.jar .*--data-dir $WORK" 2>/dev/null || true
  "$ROOT/testbed/hosts.sh" down >/dev/null 2>&1 || true
}
trap cleanup EXIT

"$ROOT/testbed/hosts.sh" down >/dev/null 2>&1 || true
"$ROOT/testbed/hosts.sh" up $HOSTS >&2

# ---------------------------------------------------------------- raw floor
raw_converge() { # N: N containers over the hosts, 10 at a time per host, hosts in parallel
  local per=$(( $1 / HOSTS )) start i
  start=$(now_ms)
  for i in $(seq $HOSTS); do
    ( seq "$per" | xargs -P 10 -I{} docker -H "unix:///run/docker-fl-h$i.sock" run -d --label bench=raw "$IMAGE" >/dev/null ) &
  done
  wait
  echo $(( $(now_ms) - start ))
  for i in $(seq $HOSTS); do hd "$i" ps -aq --filter label=bench=raw | xargs -r docker -H "unix:///run/docker-fl-h$i.sock" rm -f >/dev/null; done
}

# ---------------------------------------------------------------- Flotilla
flotilla_node_down() { fl_curl -sf "$API/v1/nodes" | tr '}' '\n' | grep "\"hostname\":\"fl-h$1\"" | grep -q '"state":"DOWN"'; }
flotilla_running() { # service N: N tasks RUNNING (desired running)
  [[ $(fl_curl -sf "$API/v1/tasks?service=$1&state=running" | grep -o '"desiredState":"RUNNING"' | wc -l) -eq $2 ]]
}
flotilla_create() { fl_curl -sf -X POST -H 'content-type: application/json' \
  -d "{\"name\":\"$1\",\"image\":\"$IMAGE\",\"replicas\":$2}" "$API/v1/services" >/dev/null; }
flotilla_scale() { fl_curl -sf -X POST -H 'content-type: application/json' -d "{\"replicas\":$2}" "$API/v1/services/$1/scale" >/dev/null; }
flotilla_rm() {
  fl_curl -sf -X DELETE "$API/v1/services/$1" >/dev/null
  wait_until 120 bash -c "[[ \$(for i in \$(seq $HOSTS); do docker -H unix:///run/docker-fl-h\$i.sock ps -aq --filter label=flotilla.service.name=$1; done | wc -l) -eq 0 ]]"
}

# ---------------------------------------------------------------- Swarm
swarm_up() {
  hd 1 swarm init --advertise-addr 10.77.0.11 >/dev/null
  local token; token=$(hd 1 swarm join-token -q worker)
  for i in $(seq 2 $HOSTS); do hd "$i" swarm join --token "$token" 10.77.0.11:2377 >/dev/null; done
  wait_until 60 bash -c "[[ \$(docker -H unix:///run/docker-fl-h1.sock node ls --format '{{.Status}}' | grep -c Ready) -eq $HOSTS ]]"
}
swarm_running() { # service N
  [[ $(hd 1 service ps "$1" --filter desired-state=running --format '{{.CurrentState}}' 2>/dev/null | grep -c '^Running') -eq $2 ]]
}
swarm_node_down() { hd 1 node ls --format '{{.Hostname}} {{.Status}}' | grep -q "^fl-h$1 Down"; }
swarm_create() { hd 1 service create -d -q --no-resolve-image --name "$1" --replicas "$2" "$IMAGE" >/dev/null; }
swarm_scale() { hd 1 service scale -d "$1=$2" >/dev/null 2>&1; }
swarm_rm() {
  hd 1 service rm "$1" >/dev/null
  wait_until 120 bash -c "[[ \$(for i in \$(seq $HOSTS); do docker -H unix:///run/docker-fl-h\$i.sock ps -aq --filter label=com.docker.swarm.service.name=$1; done | wc -l) -eq 0 ]]"
}

# ---------------------------------------------------------------- scenarios, for SYS in flotilla swarm
converge() { # SYS N
  local start
  if [[ $1 == flotilla ]]; then flotilla_events_open; fi
  start=$(now_ms)
  "$1_create" "c$2" "$2"
  if [[ $1 == flotilla ]]; then flotilla_events_await_running "c$2" "$2"; else wait_until 300 "$1_running" "c$2" "$2"; fi
  record "$1.converge_$2" $(( $(now_ms) - start ))
  if [[ $1 == flotilla ]]; then flotilla_events_close; fi
  "$1_rm" "c$2"
}
scale_up() { # SYS
  "$1_create" s30 30; wait_until 300 "$1_running" s30 30
  local start
  if [[ $1 == flotilla ]]; then flotilla_events_open; fi
  start=$(now_ms)
  "$1_scale" s30 90
  if [[ $1 == flotilla ]]; then flotilla_events_await_running s30 60; else wait_until 300 "$1_running" s30 90; fi
  record "$1.scale_30_to_90" $(( $(now_ms) - start ))
  if [[ $1 == flotilla ]]; then flotilla_events_close; fi
  "$1_rm" s30
}
host_failure() { # SYS kill|partition
  local sys=$1 how=$2 start down
  "${sys}_create" f30 30; wait_until 300 "${sys}_running" f30 30
  start=$(now_ms)
  if [[ $how == kill ]]; then "$ROOT/testbed/hosts.sh" kill 3 >/dev/null; else "$ROOT/testbed/hosts.sh" partition 3 >/dev/null; fi
  wait_until 120 "${sys}_node_down" 3; down=$(( $(now_ms) - start ))
  record "$sys.${how}_to_down" "$down"
  wait_until 300 "${sys}_running_elsewhere" f30 30
  record "$sys.${how}_to_all_running" $(( $(now_ms) - start ))
  if [[ $how == kill ]]; then
    "$ROOT/testbed/hosts.sh" revive 3 >/dev/null
    if [[ $sys == flotilla ]]; then flotilla_agent 3; fi
  else
    start=$(now_ms)
    "$ROOT/testbed/hosts.sh" heal 3 >/dev/null
    wait_until 300 bash -c "[[ \$(docker -H unix:///run/docker-fl-h3.sock ps -q | wc -l) -eq \$(expected_on_h3 $sys) ]]"
    record "$sys.heal_to_stale_gone" $(( $(now_ms) - start ))
  fi
  wait_until 300 "${sys}_settled"
  "${sys}_rm" f30
}
flotilla_running_elsewhere() { flotilla_running "$1" "$2"; }
swarm_running_elsewhere() { swarm_running "$1" "$2"; }
flotilla_settled() { flotilla_nodes_ready $HOSTS; }
swarm_settled() { [[ $(hd 1 node ls --format '{{.Status}}' 2>/dev/null | grep -c Ready) -eq $HOSTS ]]; }
# After a heal, h3 should run only what its manager still wants there: for both systems the
# replacements already run elsewhere, so h3's stale containers must stop.
expected_on_h3() { echo 0; }
export -f expected_on_h3

for round in $(seq "$ROUNDS"); do
  echo "round $round: raw" >&2
  record raw.converge_30 "$(raw_converge 30)"
  record raw.converge_90 "$(raw_converge 90)"
done

echo "Flotilla" >&2
flotilla_cluster_up "$WORK" "$PORT" $HOSTS
for round in $(seq "$ROUNDS"); do
  echo "round $round: flotilla" >&2
  converge flotilla 30; converge flotilla 90; scale_up flotilla
  host_failure flotilla kill; host_failure flotilla partition
done
pkill -f "flotilla.jar .*--data-dir $WORK" || true
"$ROOT/testbed/hosts.sh" down >/dev/null; "$ROOT/testbed/hosts.sh" up $HOSTS >&2

echo "Swarm" >&2
swarm_up
for round in $(seq "$ROUNDS"); do
  echo "round $round: swarm" >&2
  converge swarm 30; converge swarm 90; scale_up swarm
  host_failure swarm kill; host_failure swarm partition
done

echo
echo "medians over $ROUNDS rounds (ms):"
for key in $(cut -d' ' -f1 "$RESULTS" | sort -u); do
  printf '%-32s %s\n' "$key" "$(grep "^$key " "$RESULTS" | cut -d' ' -f2 | median)"
done
