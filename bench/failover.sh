#!/usr/bin/env bash
# Manager failover on the testbed: 3 managers on hosts fl-h1..fl-h3 (each its own network
# namespace and dockerd), Flotilla beside Docker Swarm 20.10 on the same hosts, in one run.
#   kill      the leader's host dies (every process of it SIGKILLed) -> first write a survivor accepts
#   partition the leader's host is cut off the bridge               -> first write the majority accepts
# A "write" is a service create with 0 replicas, tried every 50 ms against the survivors.
# Then the write latency of service creates, one after another, p50 and p99, with 1 manager and
# with 3. Prints every measurement and the medians. Usage: bench/failover.sh [ROUNDS] [CREATES]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-3}"
CREATES="${2:-200}"
HOSTS=3
IMAGE=flotilla-test/web:1
WORK="$(mktemp -d /tmp/flotilla-failover.XXXXXX)"
RESULTS="$WORK/results"

source "$ROOT/bench/lib.sh"
bench_prepare

record() { echo "$1 $2" >> "$RESULTS"; echo "  $1: $2 $([[ $1 == *_us ]] && echo µs || echo ms)" >&2; }
addr() { echo "10.77.0.$((10 + $1))"; }
export FLOTILLA_CA="$WORK/fl-h1/tls/ca.pem"
api() { echo "https://$(addr "$1"):7100"; }

cleanup() {
  pkill -f "flotilla.jar .*--data-dir $WORK" 2>/dev/null || true
  "$ROOT/testbed/hosts.sh" down >/dev/null 2>&1 || true
}
trap cleanup EXIT

# ---------------------------------------------------------------- Flotilla
fl_start() { # I [join args...]: the host's manager process, in its namespace
  local i=$1; shift
  "$ROOT/testbed/hosts.sh" exec "$i" java -Xmx256m -jar "$FLOTILLA_JAR" "$@" --advertise-addr "$(addr "$i")" \
    --data-dir "$WORK/fl-h$i" >> "$WORK/fl-h$i.log" 2>&1 &
}
fl_start_manager() { # I
  if [[ $1 == 1 ]]; then fl_start 1 init --api-host 0.0.0.0
  else fl_start "$1" join --token "$FL_TOKEN" "$(addr "$(fl_any_live_other "$1")"):7100"; fi
}
fl_healthy() { fl_curl -sf -m 1 "$(api "$1")/health" | grep -q '"status":"ready"'; }
fl_managers() { fl_curl -sf -m 1 "$(api "$1")/health" | grep -o '"managers":[0-9]*' | cut -d: -f2; }
fl_any_live_other() { local i; for i in $(seq $HOSTS); do [[ $i != "$1" ]] && fl_healthy "$i" && { echo "$i"; return; }; done; echo 1; }
fl_leader() { # the host index of the leader, as the first manager that answers sees it (by node id)
  local i j id
  for i in $(seq $HOSTS); do
    id=$(fl_curl -sf -m 1 "$(api "$i")/health" | grep -o '"leader":"[a-z0-9]*"' | cut -d'"' -f4 || true)
    [[ -z $id ]] && continue
    for j in $(seq $HOSTS); do
      [[ $(cat "$WORK/fl-h$j/node-id" 2>/dev/null) == "$id" ]] && { echo "$j"; return; }
    done
  done
  return 1
}
WRITE_TIMEOUT=1   # seconds a write may take: short while probing for a survivor, longer for latencies
fl_write() { # I NAME: one create through host I, within WRITE_TIMEOUT
  [[ $(fl_curl -s -m "$WRITE_TIMEOUT" -o /dev/null -w '%{http_code}' -X POST -H 'content-type: application/json' \
    -d "{\"name\":\"$2\",\"image\":\"$IMAGE\",\"replicas\":0}" "$(api "$1")/v1/services") == 201 ]]
}
fl_admin_token() { export FLOTILLA_TOKEN; FLOTILLA_TOKEN=$(cat "$WORK/fl-h1/admin-token"); }
fl_up() {
  fl_start_manager 1
  wait_until 90 fl_healthy 1
  fl_admin_token
  FL_TOKEN=$(java -jar "$FLOTILLA_JAR" join-token manager -q --host "$(api 1)")
  local i
  for i in $(seq 2 $HOSTS); do fl_start_manager "$i"; wait_until 90 bash -c "[[ \$(curl --cacert $FLOTILLA_CA -sf -m 1 $(api "$i")/health | grep -o '\"managers\":[0-9]*') == '\"managers\":$i' ]]"; done
}
fl_restart() { # I: after a kill, the host's engine and manager come back
  "$ROOT/testbed/hosts.sh" revive "$1" >/dev/null
  fl_start_manager "$1"
  wait_until 120 fl_healthy "$1"
}

# ---------------------------------------------------------------- Swarm
sw_write() { # I NAME: the same create through host I's Engine API (no CLI start-up in the figure)
  [[ $(curl -s -m "$WRITE_TIMEOUT" -o /dev/null -w '%{http_code}' --unix-socket "/run/docker-fl-h$1.sock" -X POST \
    -H 'content-type: application/json' http://localhost/v1.41/services/create \
    -d "{\"Name\":\"$2\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"$IMAGE\"}},\"Mode\":{\"Replicated\":{\"Replicas\":0}}}") == 201 ]]
}
sw_leader() { hd "${1:-1}" node ls --format '{{.Hostname}} {{.ManagerStatus}}' 2>/dev/null | awk '$2 == "Leader" {print $1}' | grep -o '[0-9]*$'; }
sw_healthy() { [[ $(hd "$1" node ls --format '{{.ManagerStatus}}' 2>/dev/null | grep -c 'Leader\|Reachable') -eq $HOSTS ]]; }
sw_up() {
  hd 1 swarm init --advertise-addr "$(addr 1)" >/dev/null
  local token i; token=$(hd 1 swarm join-token -q manager)
  for i in $(seq 2 $HOSTS); do hd "$i" swarm join --token "$token" "$(addr 1):2377" >/dev/null; done
  wait_until 60 sw_healthy 1
}
sw_restart() { "$ROOT/testbed/hosts.sh" revive "$1" >/dev/null; wait_until 120 sw_healthy "$1"; }
sw_any_leader() { local i l; for i in $(seq $HOSTS); do l=$(sw_leader "$i" || true); [[ -n $l ]] && { echo "$l"; return; }; done; return 1; }

# ---------------------------------------------------------------- scenarios, for SYS in fl sw
failover() { # SYS kill|partition ROUND
  local sys=$1 how=$2 leader start n=0 i ok=
  leader=$("${sys}_$( [[ $sys == fl ]] && echo leader || echo any_leader )")
  start=$(now_ms)
  "$ROOT/testbed/hosts.sh" "$how" "$leader" >/dev/null
  until [[ -n $ok ]]; do
    for i in $(seq $HOSTS); do
      [[ $i == "$leader" ]] && continue
      if "${sys}_write" "$i" "$how$3x$n"; then ok=1; break; fi
      n=$((n + 1))
    done
    [[ -z $ok ]] && sleep 0.05
    if (( $(now_ms) - start > 120000 )); then echo "no survivor accepted a write in 120 s" >&2; return 1; fi
  done
  record "$sys.leader_${how}_to_write" $(( $(now_ms) - start ))
  if [[ $how == kill ]]; then "${sys}_restart" "$leader"
  else "$ROOT/testbed/hosts.sh" heal "$leader" >/dev/null; wait_until 120 "${sys}_healthy" "$leader"; fi
}
latency() { # SYS LABEL HOST: CREATES creates one after another (after 10 to warm up), p50 and p99
  local sys=$1 i t0 file="$WORK/latency-$2" WRITE_TIMEOUT=10
  for i in $(seq 10); do "${sys}_write" "$3" "warm$2x$i" || true; done
  for i in $(seq "$CREATES"); do
    t0=$(date +%s%N)
    "${sys}_write" "$3" "lat$2x$i" || { echo "a create failed" >&2; return 1; }
    echo $(( ($(date +%s%N) - t0) / 1000 )) >> "$file"
  done
  sort -n "$file" > "$file.sorted"
  record "$sys.create_p50_$2_us" "$(awk -v n="$CREATES" 'NR == int(n * 0.50 + 0.5)' "$file.sorted")"
  record "$sys.create_p99_$2_us" "$(awk -v n="$CREATES" 'NR == int(n * 0.99 + 0.5)' "$file.sorted")"
}

"$ROOT/testbed/hosts.sh" down >/dev/null 2>&1 || true
"$ROOT/testbed/hosts.sh" up $HOSTS >&2

echo "Flotilla, 1 manager" >&2
fl_start_manager 1; wait_until 90 fl_healthy 1; fl_admin_token
latency fl 1_manager 1
pkill -f "flotilla.jar .*--data-dir $WORK" || true; sleep 1; rm -rf "$WORK/fl-h1"

echo "Flotilla, 3 managers" >&2
fl_up
latency fl 3_managers "$(fl_leader)"
for round in $(seq "$ROUNDS"); do
  echo "round $round: flotilla" >&2
  failover fl kill "$round"; failover fl partition "$round"
done
pkill -f "flotilla.jar .*--data-dir $WORK" || true
"$ROOT/testbed/hosts.sh" down >/dev/null; "$ROOT/testbed/hosts.sh" up $HOSTS >&2

echo "Swarm, 3 managers" >&2
sw_up
latency sw 3_managers "$(sw_any_leader)"
for round in $(seq "$ROUNDS"); do
  echo "round $round: swarm" >&2
  failover sw kill "$round"; failover sw partition "$round"
done

echo
echo "medians over $ROUNDS rounds (ms; latencies in µs, over $CREATES creates):"
awk '{print $1}' "$RESULTS" | sort -u | while read -r key; do
  printf '  %-34s %s\n' "$key" "$(awk -v k="$key" '$1 == k {print $2}' "$RESULTS" | median)"
done
