# Helpers shared by the benchmarks: timing, medians, waiting, and a Flotilla cluster on the
# testbed (a manager in the root namespace, an agent in each host namespace). Sourced.
BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FLOTILLA_JAR="$BENCH_ROOT/cli/target/flotilla.jar"
MANAGER=10.77.0.1

# A Docker engine, the test images and a current jar.
bench_prepare() {
  source "$BENCH_ROOT/bin/lib/ensure-docker.sh"
  flotilla_ensure_docker
  "$BENCH_ROOT/testbed/build-images.sh"
  "$BENCH_ROOT/bin/flotilla" --version >/dev/null   # builds the jar when stale
}

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
wait_until() { # timeout_s command...
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@"; do
    if (( $(date +%s) > deadline )); then echo "timed out waiting for: $*" >&2; return 1; fi
    sleep 0.05
  done
}
hd() { docker -H "unix:///run/docker-fl-h$1.sock" "${@:2}"; }
# curl as the cluster's admin, over HTTPS: FLOTILLA_TOKEN and FLOTILLA_CA (which the CLI reads too) are the first
# manager's admin-token and cluster CA certificate.
fl_curl() { curl --cacert "$FLOTILLA_CA" -H "authorization: Bearer ${FLOTILLA_TOKEN:-}" "$@"; }

# flotilla_cluster_up WORKDIR PORT HOSTS: a manager without an agent, and an agent per host.
flotilla_cluster_up() {
  BENCH_WORK=$1 BENCH_API="https://$MANAGER:$2" BENCH_PORT=$2
  export FLOTILLA_CA="$BENCH_WORK/manager/tls/ca.pem"
  java -Xmx256m -jar "$FLOTILLA_JAR" init --advertise-addr $MANAGER --no-agent --api-port "$BENCH_PORT" \
    --data-dir "$BENCH_WORK/manager" >> "$BENCH_WORK/manager.log" 2>&1 &
  wait_until 90 fl_curl -sf "$BENCH_API/health" -o /dev/null
  export FLOTILLA_TOKEN; FLOTILLA_TOKEN=$(cat "$BENCH_WORK/manager/admin-token")
  BENCH_TOKEN=$(java -jar "$FLOTILLA_JAR" join-token worker -q --host "$BENCH_API")
  local i
  for i in $(seq "$3"); do flotilla_agent "$i"; done
  wait_until 90 flotilla_nodes_ready "$3"
}
flotilla_agent() { # I
  local i=$1
  nsenter --net=/var/run/netns/fl-h$i unshare --uts sh -c \
    "hostname fl-h$i && DOCKER_HOST=unix:///run/docker-fl-h$i.sock exec java -Xmx192m -jar $FLOTILLA_JAR join \
      --token $BENCH_TOKEN --advertise-addr 10.77.0.$((10 + i)) --data-dir $BENCH_WORK/agent-$i $MANAGER:$BENCH_PORT" \
    >> "$BENCH_WORK/agent-$i.log" 2>&1 &
}
# Follows Flotilla's task events on fd 3 (no polling: a poller would take CPU from the engines).
flotilla_events_open() {
  BENCH_EVENTS="$(mktemp -u "$BENCH_WORK/events.XXXXXX")"
  mkfifo "$BENCH_EVENTS"
  fl_curl -sN "$BENCH_API/v1/events?type=task" > "$BENCH_EVENTS" &
  BENCH_EVENTS_PID=$!
  exec 3< "$BENCH_EVENTS"
  local line
  read -r line <&3   # the stream's opening comment: subscribed
}
flotilla_events_await_running() { # SERVICE COUNT: reads events until COUNT of its tasks reached RUNNING
  local running=0 line
  while (( running < $2 )) && read -r line <&3; do
    if [[ $line == data:*'"action":"running"'* && $line == *"\"service\":\"$1\""* ]]; then
      running=$((running + 1))
    fi
  done
}
flotilla_events_close() {
  exec 3<&-
  kill "$BENCH_EVENTS_PID" 2>/dev/null || true
  rm -f "$BENCH_EVENTS"
}
flotilla_nodes_ready() { [[ $(fl_curl -sf "$BENCH_API/v1/nodes" | grep -o '"state":"READY"' | wc -l) -eq $1 ]]; }
flotilla_cluster_down() { pkill -f "flotilla.jar .*--data-dir $BENCH_WORK" 2>/dev/null || true; }
