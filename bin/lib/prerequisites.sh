#!/usr/bin/env bash
# Installs what building and testing Flotilla needs on a Debian machine, when it is missing.
# Sourced by bin/flotilla, bin/test and .ci/run; prints what it does on stderr.

flotilla_apt_install() {
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "flotilla: please install: $*" >&2
    return 1
  fi
  echo "flotilla: installing $* (apt-get)..." >&2
  if [[ -z "${FLOTILLA_APT_UPDATED:-}" ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
    export FLOTILLA_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

flotilla_ensure_build_tools() {
  local missing=()
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  if (( ${#missing[@]} )); then flotilla_apt_install "${missing[@]}"; fi
}

# Everything the test suite uses besides Java and Maven: a Docker engine, busybox for the
# test images, iproute2/iptables for test hosts, promtool to parse /metrics, curl, debootstrap
# for the agent image's base (docker/agent/build.sh), docker-registry and htpasswd (apache2-utils)
# for the registry-credentials test; Debian's chromium and node/npm for the web
# dashboard's browser test (UiIT runs npm ci for playwright-core, which drives that chromium: no
# browser is downloaded).
flotilla_ensure_test_tools() {
  flotilla_ensure_build_tools || return 1
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  [[ -x /bin/busybox ]] && /bin/busybox --list >/dev/null 2>&1 || missing+=(busybox-static)
  command -v ip >/dev/null 2>&1 || missing+=(iproute2)
  command -v iptables >/dev/null 2>&1 || missing+=(iptables)
  command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  [[ -x /usr/sbin/debootstrap ]] || command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
  command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
  if (( ${#missing[@]} )); then flotilla_apt_install "${missing[@]}"; fi
  # ComposeConformanceTest compares with Docker's own stack loader: a Docker CLI that has `docker
  # stack config` (run offline; Docker 28 on the test bed) at /usr/local/bin/docker; Debian's 20.10 lacks it.
  [[ -x /usr/local/bin/docker ]] || echo "note: no Docker CLI at /usr/local/bin/docker; ComposeConformanceTest will fail" >&2
}
