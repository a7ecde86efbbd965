#!/usr/bin/env bash
# The Flotilla test bed: N "hosts" on one machine. Each host is a network namespace with its
# own hostname and its own Docker engine; all hang off one bridge whose root-namespace side
# (10.77.0.1) is where a manager listens. The Java Testbed (e2e/.../testbed/Testbed.java)
# drives this script, so people, benchmarks and tests get the same hosts.
#
#   testbed/hosts.sh up N            clean up any previous test bed, then create hosts 1..N
#   testbed/hosts.sh down            remove everything a test bed made (also after a crash)
#   testbed/hosts.sh kill I          hard failure of host I: SIGKILL every process in its
#                                    namespace, its engine, containerd, shims and containers
#   testbed/hosts.sh revive I        start host I's engine again (same data root), wait for it
#   testbed/hosts.sh partition I     cut host I off the bridge (root-side veth down)
#   testbed/hosts.sh heal I          plug it back in
#   testbed/hosts.sh status          one line per host
#   testbed/hosts.sh load IMAGE...   copy images from the local engine into every live host
#   testbed/hosts.sh exec I CMD...   run CMD inside host I: its namespace, its hostname,
#                                    DOCKER_HOST set to its engine (e.g. `bin/flotilla join`)
#   testbed/hosts.sh pids I          live processes of host I, one pid a line
#   testbed/hosts.sh check           fail with a clear message unless root with all the tools
#
# Host I is named fl-hI: namespace fl-hI, veth fl-hI-v (root side, on bridge flbr0) <-> eth0
# (10.77.0.(10+I)/24) in the namespace, engine unix:///run/docker-fl-hI.sock, data root
# /var/lib/docker-fl-hI, exec root /run/docker-fl-hI, cgroup parent /flotilla-fl-hI, engine
# log $FLOTILLA_TESTBED_LOGS/fl-hI-dockerd.log (default /tmp/flotilla-testbed). Engines trust
# plain-HTTP registries on 10.77.0.0/24 (--insecure-registry): the e2e TestRegistry listens there.
# `up` loads $FLOTILLA_TESTBED_IMAGES (default: the test images of build-images.sh).
set -Eeuo pipefail
trap 'echo "hosts.sh: line $LINENO failed: $BASH_COMMAND" >&2' ERR

# Tools like ip, iptables and dockerd live in sbin, which a non-login PATH may lack.
export PATH="$PATH:/usr/sbin:/sbin"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BRIDGE=flbr0
MANAGER_CIDR=10.77.0.1/24
# A test registry (e2e TestRegistry) listens on the bridge's root side, in plain HTTP.
REGISTRY_RANGE=10.77.0.0/24
FORWARD_RULE=(FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT)
LOGS="${FLOTILLA_TESTBED_LOGS:-/tmp/flotilla-testbed}"
IMAGES="${FLOTILLA_TESTBED_IMAGES:-flotilla-test/web:1 flotilla-test/web:2 flotilla-test/crash:1 flotilla-test/exit0:1 flotilla-test/chatty:1}"
ENGINE_TIMEOUT=60
MAX_HOSTS=99

die() { echo "hosts.sh: $*" >&2; exit 1; }
log() { echo "hosts.sh: $*" >&2; }

name() { echo "fl-h$1"; }
address() { echo "10.77.0.$((10 + $1))"; }
socket() { echo "/run/docker-fl-h$1.sock"; }
netns_file() { echo "/run/netns/fl-h$1"; }

preflight() {
  [[ $EUID -eq 0 ]] || die "the test bed needs root (network namespaces, veths, dockerd); run as root"
  local tool missing=()
  for tool in ip nsenter unshare dockerd containerd docker iptables setsid flock hostname; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]} (packages iproute2, util-linux, docker.io, iptables, hostname)"
}

# Serializes the commands that change the test bed. Children started in the background close
# fd 9 (9>&-), or a dockerd would hold the lock for its whole life.
lock() {
  exec 9>/run/flotilla-testbed.lock
  flock -w 300 9 || die "another hosts.sh command holds /run/flotilla-testbed.lock"
}

host_index() {
  [[ "${1:-}" =~ ^[0-9]+$ ]] && (($1 >= 1 && $1 <= MAX_HOSTS)) || die "host must be a number in 1..$MAX_HOSTS, not '${1:-}'"
  echo "$1"
}

# Indexes of the hosts that exist in any form (namespace, veth, directories, cgroups).
existing_hosts() {
  {
    ip netns list 2>/dev/null | awk '{print $1}'
    ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//'
    ls -d /var/lib/docker-fl-h* /run/docker-fl-h* /sys/fs/cgroup/*/flotilla-fl-h* 2>/dev/null | xargs -rn1 basename || true
  } | sed -nE 's/^(docker-|flotilla-)?fl-h([0-9]+)(-v|\.sock|\.pid|\.launcher)?$/\2/p' | sort -un
}

# True when the process is alive: killed processes may stay zombies here (PID 1 does not
# reap), and a zombie still answers kill -0.
alive() {
  local key value
  while read -r key value _; do
    if [[ $key == State: ]]; then
      [[ $value != Z && $value != X ]]
      return
    fi
  done 2>/dev/null <"/proc/$1/status"
  return 1
}

# Live processes of host I: everything in its network namespace (dockerd, containerd, shims,
# docker-proxy, agents started with `exec`), everything whose command line names its exec
# root, and everything in its cgroup parent (the containers, which have namespaces of their
# own). Pure bash over /proc, no fork per process.
host_pids() {
  local i=$1 ns proc pid args cgroups
  local by_root="/run/docker-fl-h$i[/. ]" by_cgroup=":/flotilla-fl-h$i[/ ]"
  ns="$(netns_file "$i")"
  [[ -e $ns ]] || ns=""
  for proc in /proc/[0-9]*; do
    pid=${proc#/proc/}
    ((pid == $$ || pid == BASHPID)) && continue
    alive "$pid" || continue
    if [[ -n $ns && $proc/ns/net -ef $ns ]]; then echo "$pid"; continue; fi
    args=""
    mapfile -d '' -t args 2>/dev/null <"$proc/cmdline" || true
    if [[ " ${args[*]-} " =~ $by_root ]]; then echo "$pid"; continue; fi
    cgroups=""
    mapfile -t cgroups 2>/dev/null <"$proc/cgroup" || true
    if [[ "${cgroups[*]-} " =~ $by_cgroup ]]; then echo "$pid"; fi
  done
}

kill_host() {
  local i=$1 round pids
  for round in $(seq 1 100); do
    pids="$(host_pids "$i")"
    [[ -z $pids ]] && return 0
    # shellcheck disable=SC2086 # one pid a word
    kill -9 $pids 2>/dev/null || true
    sleep 0.1
  done
  die "processes of $(name "$i") survive SIGKILL: $(host_pids "$i" | tr '\n' ' ')"
}

# Mounts dockerd left under a host's roots (overlay layers, shm, namespace files), deepest first.
unmount_host() {
  local i=$1
  awk -v re="^(/var/lib/docker-fl-h$i|/run/docker-fl-h$i)(/|$)" '$2 ~ re {print $2}' /proc/mounts \
    | sort -r | while read -r mount; do umount -l "$mount" 2>/dev/null || true; done
}

remove_host() {
  local i=$1 dir
  kill_host "$i"
  unmount_host "$i"
  rm -rf --one-file-system "/var/lib/docker-fl-h$i" "/run/docker-fl-h$i"
  rm -f "$(socket "$i")" "/run/docker-fl-h$i.pid"
  # Cgroups of killed containers (leaf first); a group that still holds a zombie stays.
  find /sys/fs/cgroup -maxdepth 3 -type d -name "flotilla-fl-h$i" 2>/dev/null | while read -r dir; do
    find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
  ip link del "fl-h$i-v" 2>/dev/null || true
  ip netns del "fl-h$i" 2>/dev/null || true
}

down() {
  local i
  for i in $(existing_hosts); do remove_host "$i"; done
  ip link del "$BRIDGE" 2>/dev/null || true
  while iptables -D "${FORWARD_RULE[@]}" 2>/dev/null; do :; done
}

create_network() {
  local n=$1 i
  ip link add "$BRIDGE" type bridge
  ip addr add "$MANAGER_CIDR" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  # The first dockerd set the FORWARD policy to DROP, and bridged frames pass through iptables.
  iptables -C "${FORWARD_RULE[@]}" 2>/dev/null || iptables -I "${FORWARD_RULE[@]}"
  for i in $(seq 1 "$n"); do
    ip netns add "fl-h$i"
    # The peer is born inside the namespace, so it can be called eth0 right away.
    ip link add "fl-h$i-v" type veth peer name eth0 netns "fl-h$i"
    ip link set "fl-h$i-v" master "$BRIDGE" up
    ip -n "fl-h$i" addr add "$(address "$i")/24" dev eth0
    ip -n "fl-h$i" link set eth0 up
    ip -n "fl-h$i" link set lo up
  done
}

# Starts host I's dockerd in the background, in its namespace, with its hostname.
# `nsenter --net` rather than `ip netns exec`: the latter remounts /sys and dockerd then fails
# with "Devices cgroup isn't mounted".
start_engine() {
  local i=$1 host
  host="$(name "$i")"
  [[ -e "$(netns_file "$i")" ]] || die "no namespace $host: run 'hosts.sh up N' first"
  # A killed engine leaves pid files behind whose pids may still exist as zombies; dockerd
  # would refuse to start, or wait for a containerd that is gone.
  rm -f "/run/docker-$host.pid" "/run/docker-$host/containerd/containerd.pid" "$(socket "$i")"
  mkdir -p "$LOGS"
  echo "--- $(date -Is) starting dockerd of $host" >>"$LOGS/$host-dockerd.log"
  setsid nsenter --net="$(netns_file "$i")" unshare --uts sh -c "hostname $host && exec dockerd \
      --data-root /var/lib/docker-$host --exec-root /run/docker-$host -H unix://$(socket "$i") \
      --pidfile /run/docker-$host.pid --cgroup-parent /flotilla-$host --insecure-registry $REGISTRY_RANGE" \
    </dev/null >>"$LOGS/$host-dockerd.log" 2>&1 9>&- &
  echo $! >"/run/docker-$host.launcher"
}

# Waits until host I's engine answers, or fails with the tail of its log.
wait_engine() {
  local i=$1 host pid deadline
  host="$(name "$i")"
  pid="$(cat "/run/docker-$host.launcher" 2>/dev/null || true)"
  deadline=$((SECONDS + ENGINE_TIMEOUT))
  until docker -H "unix://$(socket "$i")" info --format '{{.Name}}' >/dev/null 2>&1; do
    if [[ -n $pid ]] && ! alive "$pid"; then
      die "dockerd of $host exited during startup; last lines of $LOGS/$host-dockerd.log:
$(tail -n 20 "$LOGS/$host-dockerd.log")"
    fi
    if ((SECONDS >= deadline)); then
      die "dockerd of $host did not answer within ${ENGINE_TIMEOUT}s; last lines of $LOGS/$host-dockerd.log:
$(tail -n 20 "$LOGS/$host-dockerd.log")"
    fi
    sleep 0.1
  done
  rm -f "/run/docker-$host.launcher"
}

engine_answers() {
  timeout 5 docker -H "unix://$(socket "$1")" version --format '{{.Server.Version}}' >/dev/null 2>&1
}

# Copies images from the local engine into the engines of the given hosts, in parallel.
load_images() {
  local tar i pids=() failed=0
  local -a images hosts
  read -r -a images <<<"$1"
  shift
  hosts=("$@")
  ((${#images[@]} > 0 && ${#hosts[@]} > 0)) || return 0
  tar="$(mktemp /tmp/flotilla-testbed-images.XXXXXX.tar)"
  docker save -o "$tar" "${images[@]}" || { rm -f "$tar"; die "cannot save ${images[*]} from the local engine"; }
  for i in "${hosts[@]}"; do
    docker -H "unix://$(socket "$i")" load -q -i "$tar" >/dev/null 9>&- &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || { log "loading images into $(name "${hosts[$i]}") failed"; failed=1; }
  done
  rm -f "$tar"
  ((failed == 0)) || die "image load failed"
}

up() {
  local n=$1 i started=$SECONDS
  ((n >= 1 && n <= MAX_HOSTS)) || die "N must be in 1..$MAX_HOSTS"
  down
  if [[ -z ${FLOTILLA_TESTBED_IMAGES+set} ]]; then
    docker info >/dev/null 2>&1 || die "the local Docker engine does not answer (it builds the test images)"
    "$HERE/build-images.sh" 9>&-
  fi
  create_network "$n"
  for i in $(seq 1 "$n"); do start_engine "$i"; done
  for i in $(seq 1 "$n"); do wait_engine "$i"; done
  load_images "$IMAGES" $(seq 1 "$n")
  log "up: $n hosts in $((SECONDS - started)) s"
}

revive() {
  local i=$1
  [[ -z "$(host_pids "$i")" ]] || die "$(name "$i") is running; kill it first"
  start_engine "$i"
  wait_engine "$i"
}

status() {
  local i host link engine containers
  if ip link show "$BRIDGE" >/dev/null 2>&1; then
    echo "bridge $BRIDGE ${MANAGER_CIDR%/*} $(iptables -C "${FORWARD_RULE[@]}" 2>/dev/null && echo forward-rule || echo NO-FORWARD-RULE)"
  else
    echo "bridge $BRIDGE absent"
  fi
  for i in $(existing_hosts); do
    host="$(name "$i")"
    link="$(ip -o link show "$host-v" 2>/dev/null || true)"
    case "$link" in
      "") link="no-veth" ;;
      *"state UP"*) link="connected" ;;
      *) link="partitioned" ;;
    esac
    if engine_answers "$i"; then
      containers="$(docker -H "unix://$(socket "$i")" ps -q | wc -l)"
      engine="engine up, $containers running containers"
    else
      engine="engine down"
    fi
    printf '%s %s %s unix://%s %s, %s processes\n' "$host" "$(address "$i")" "$link" "$(socket "$i")" \
      "$engine" "$(host_pids "$i" | wc -l)"
  done
}

main() {
  local command="${1:-}"
  shift || true
  case "$command" in
    up) preflight; lock; up "$(host_index "${1:-}")" ;;
    down) preflight; lock; down ;;
    kill) preflight; lock; kill_host "$(host_index "${1:-}")" ;;
    revive) preflight; lock; revive "$(host_index "${1:-}")" ;;
    partition) preflight; lock; ip link set "fl-h$(host_index "${1:-}")-v" down ;;
    heal) preflight; lock; ip link set "fl-h$(host_index "${1:-}")-v" up ;;
    status) preflight; status ;;
    load)
      preflight; lock
      ((${#@} > 0)) || die "usage: hosts.sh load IMAGE..."
      local i live=()
      for i in $(existing_hosts); do engine_answers "$i" && live+=("$i"); done
      load_images "$*" "${live[@]}"
      ;;
    check) preflight ;;
    pids) host_pids "$(host_index "${1:-}")" ;;
    exec)
      preflight
      local i
      i="$(host_index "${1:-}")"
      shift
      (($# > 0)) || die "usage: hosts.sh exec I CMD..."
      [[ -e "$(netns_file "$i")" ]] || die "no namespace $(name "$i"): run 'hosts.sh up N' first"
      export DOCKER_HOST="unix://$(socket "$i")"
      # Each exec/execve keeps the pid: the caller's process is CMD itself.
      exec nsenter --net="$(netns_file "$i")" unshare --uts sh -c "hostname $(name "$i") && exec \"\$@\"" sh "$@"
      ;;
    *) sed -n '2,/^set -/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
}

main "$@"
