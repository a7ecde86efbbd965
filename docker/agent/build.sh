#!/usr/bin/env bash
# Builds the node agent's image here, with no registry:
#   1. a base image flotilla/agent-base: a Debian bookworm root made with debootstrap (minbase
#      plus iproute2) and a Java runtime jlinked from this machine's JDK into /opt/java/openjdk
#      (where eclipse-temurin images keep theirs), `docker import`ed;
#   2. the agent image from docker/agent/Dockerfile with --build-arg BASE=that base, carrying
#      the jar and labelled with its sha256.
# Each step is skipped when up to date: the base while its recipe is unchanged, the agent image
# while it carries the same jar and Dockerfile. Needs root, docker, debootstrap and a JDK with jmods.
#
#   docker/agent/build.sh [--jar PATH] [--tag IMAGE] [--force] [--base-only]
#     --jar        the server jar (default cli/target/flotilla.jar; build it with mvn package first)
#     --tag        the agent image (default $FLOTILLA_AGENT_IMAGE, else flotilla/agent:latest)
#     --force      rebuild both images
#     --base-only  only the base image, which needs no jar (bin/test makes it while Maven builds)
# Two builds at once take turns (a lock in /run).
# Environment: FLOTILLA_DEBIAN_MIRROR (default: the machine's own apt source for Debian).
set -Eeuo pipefail
trap 'echo "agent-image: line $LINENO failed: $BASH_COMMAND" >&2' ERR
export PATH="$PATH:/usr/sbin:/sbin"

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAR="$ROOT/cli/target/flotilla.jar"
TAG="${FLOTILLA_AGENT_IMAGE:-flotilla/agent:latest}"
BASE_TAG=flotilla/agent-base:bookworm
SUITE=bookworm
PACKAGES=iproute2
# The runtime's modules: Java SE, plus what Netty, Hazelcast and TLS with EC keys reach for.
MODULES=java.se,jdk.unsupported,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.net,jdk.zipfs
FORCE=0
BASE_ONLY=0
STARTED=$SECONDS

die() { echo "agent-image: $*" >&2; exit 1; }
say() { echo "agent-image: [$((SECONDS - STARTED)) s] $*" >&2; }

while (($#)); do
  case "$1" in
    --jar) JAR="$(realpath "${2:?--jar needs a path}")"; shift 2 ;;
    --tag) TAG="${2:?--tag needs an image name}"; shift 2 ;;
    --force) FORCE=1; shift ;;
    --base-only) BASE_ONLY=1; shift ;;
    *) sed -n '2,/^set -/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done

[[ $EUID -eq 0 ]] || die "needs root (debootstrap, docker import)"
((BASE_ONLY)) || [[ -f $JAR ]] || die "no jar at $JAR: build it first (mvn -B -q package -DskipTests -pl cli -am)"
docker info >/dev/null 2>&1 || die "no Docker engine answers (source bin/lib/ensure-docker.sh && flotilla_ensure_docker)"

# The JDK whose jmods the runtime is linked from: the one of the `java` on PATH.
java_home() {
  local java
  java="$(readlink -f "$(command -v java)")" || die "no java on PATH"
  dirname "$(dirname "$java")"
}

# The machine's own Debian source (first URIs: line or deb line naming /debian), else debootstrap's default.
debian_mirror() {
  if [[ -n ${FLOTILLA_DEBIAN_MIRROR:-} ]]; then echo "$FLOTILLA_DEBIAN_MIRROR"; return; fi
  {
    grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}'
    grep -hsE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}'
  } | grep -E '/debian/?$' | head -n 1 || true
}

label_of() {
  docker image inspect -f "{{index .Config.Labels \"$2\"}}" "$1" 2>/dev/null || true
}

build_base() {
  local jdk recipe root mirror
  jdk="$(java_home)"
  [[ -d $jdk/jmods ]] || die "the JDK at $jdk has no jmods to jlink a runtime from (Debian: openjdk-17-jdk-headless)"
  command -v debootstrap >/dev/null || die "debootstrap is missing (apt-get install debootstrap)"
  recipe="$(printf '%s\n' "$SUITE" "$PACKAGES" "$MODULES" "$("$jdk/bin/java" -version 2>&1 | head -n 2)" \
    | sha256sum | cut -c1-16)"
  if ((FORCE == 0)) && [[ "$(label_of "$BASE_TAG" io.flotilla.base.recipe)" == "$recipe" ]]; then
    say "base image $BASE_TAG is up to date"
    return
  fi
  root="$(mktemp -d /tmp/flotilla-agent-root.XXXXXX)"
  # shellcheck disable=SC2064 # the path is fixed now
  trap "rm -rf --one-file-system '$root'" EXIT
  mirror="$(debian_mirror)"
  say "debootstrap $SUITE (minbase + $PACKAGES) into $root${mirror:+ from $mirror}..."
  debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$root" ${mirror:+"$mirror"} \
    >"$root.debootstrap.log" 2>&1 || die "debootstrap failed; last lines of $root.debootstrap.log:
$(tail -n 20 "$root.debootstrap.log")"
  rm -f "$root.debootstrap.log"
  say "jlink a Java runtime from $jdk into /opt/java/openjdk..."
  mkdir -p "$root/opt/java"
  "$jdk/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files \
    --compress=2 --output "$root/opt/java/openjdk"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* \
    "$root"/usr/share/man/* "$root"/usr/share/locale/*
  say "docker import as $BASE_TAG ($(du -sm "$root" | cut -f1) MB)..."
  tar --numeric-owner -C "$root" -c . | docker import \
    --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV JAVA_HOME=/opt/java/openjdk' \
    --change "LABEL io.flotilla.base.recipe=$recipe" \
    --change 'CMD ["/bin/bash"]' - "$BASE_TAG" >/dev/null
  rm -rf --one-file-system "$root"
  trap - EXIT
  docker run --rm "$BASE_TAG" sh -c 'java -version 2>&1 | head -n 1; ip -V' | sed 's/^/agent-image:   /' >&2 \
    || die "the jlinked runtime or iproute2 does not run in $BASE_TAG"
}

build_agent() {
  local sum context
  sum="$( (sha256sum "$JAR" | cut -d' ' -f1; cat "$HERE/Dockerfile" "$HERE/flotilla"; label_of "$BASE_TAG" io.flotilla.base.recipe) \
    | sha256sum | cut -d' ' -f1)"
  if ((FORCE == 0)) && [[ "$(label_of "$TAG" io.flotilla.image.sum)" == "$sum" ]]; then
    say "agent image $TAG is up to date (jar sha256 $(label_of "$TAG" io.flotilla.jar.sha256 | cut -c1-12))"
    return
  fi
  context="$(mktemp -d /tmp/flotilla-agent-context.XXXXXX)"
  cp "$JAR" "$context/flotilla.jar"
  cp "$HERE/flotilla" "$HERE/Dockerfile" "$context/"
  say "docker build $TAG (FROM $BASE_TAG)..."
  if ! output="$(docker build -q --build-arg "BASE=$BASE_TAG" \
      --build-arg "JAR_SHA256=$(sha256sum "$JAR" | cut -d' ' -f1)" --label "io.flotilla.image.sum=$sum" \
      -t "$TAG" "$context" 2>&1)"; then
    rm -rf "$context"
    die "docker build failed:
$output"
  fi
  rm -rf "$context"
}

exec 8>/run/flotilla-agent-image.lock
if ! flock -n 8; then
  say "another build of the agent image runs; waiting for it..."
  flock -w 900 8 || die "another build of the agent image held /run/flotilla-agent-image.lock for 15 minutes"
fi
build_base
if ((BASE_ONLY)); then
  say "done: $BASE_TAG"
  exit 0
fi
build_agent
say "done: $TAG"
