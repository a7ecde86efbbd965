#!/usr/bin/env bash
# Builds the test images from the host's static busybox (no registry needed):
#   flotilla-test/web:1    httpd on port 80
#   flotilla-test/crash:1  exits with status 3 after $CRASH_AFTER seconds (default 1)
#   flotilla-test/exit0:1  exits with status 0 at once
# Usage: testbed/build-images.sh [--force]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for name in web crash exit0; do
  tag="flotilla-test/$name:1"
  if [[ "${1:-}" != "--force" ]] && docker image inspect "$tag" >/dev/null 2>&1; then continue; fi
  context="$(mktemp -d)"
  cp /bin/busybox "$context/busybox"
  cp "$HERE/images/$name.Dockerfile" "$context/Dockerfile"
  if ! output="$(docker build -q -t "$tag" "$context" 2>&1)"; then
    echo "$output" >&2
    exit 1
  fi
  rm -rf "$context"
  echo "built $tag" >&2
done
