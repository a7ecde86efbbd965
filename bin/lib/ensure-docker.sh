#!/usr/bin/env bash
# Makes sure a Docker engine answers on DOCKER_HOST (default: the local socket).
# On a Debian machine, as root, installs docker.io and starts dockerd when none answers.
# Sourced by bin/flotilla and .ci/run; prints what it does on stderr.

flotilla_docker_answers() {
  docker info >/dev/null 2>&1
}

flotilla_ensure_docker() {
  if flotilla_docker_answers; then return 0; fi
  if [[ -n "${DOCKER_HOST:-}" && "${DOCKER_HOST}" != unix:///var/run/docker.sock ]]; then
    echo "flotilla: no Docker engine answers at DOCKER_HOST=${DOCKER_HOST}" >&2
    return 1
  fi
  if [[ $(id -u) -ne 0 ]]; then
    echo "flotilla: no Docker engine answers on /var/run/docker.sock; start one (or run as root to let Flotilla start it)" >&2
    return 1
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    if ! command -v apt-get >/dev/null 2>&1; then
      echo "flotilla: dockerd is not installed and this is not a Debian-like system; install Docker first" >&2
      return 1
    fi
    echo "flotilla: installing the Docker engine (apt-get install docker.io)..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >&2 || return 1
  fi
  echo "flotilla: starting dockerd (log: /var/log/flotilla-dockerd.log)..." >&2
  nohup dockerd >/var/log/flotilla-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    if flotilla_docker_answers; then
      echo "flotilla: Docker engine $(docker version --format '{{.Server.Version}}') is up" >&2
      return 0
    fi
    sleep 0.5
  done
  echo "flotilla: dockerd did not answer within 30 s; see /var/log/flotilla-dockerd.log" >&2
  return 1
}
