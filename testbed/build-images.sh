#!/usr/bin/env bash
# Builds the test images from the host's static busybox (no registry needed):
#   flotilla-test/web:1    httpd on port 80
#   flotilla-test/crash:1  exits with status 3 after $CRASH_AFTER seconds (default 1)
#   flotilla-test/exit0:1  exits with status 0 at once
# An image is rebuilt when its Dockerfile changed. Usage: testbed/build-images.sh [--force]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for name in web crash exit0; do
  tag="flotilla-test/$name:1"
  sum="$(sha256sum "$HERE/images/$name.Dockerfile" | cut -c1-16)"
  built="$(docker image inspect -f '{{index .Config.Labels "flotilla.testbed.sum"}}' "$tag" 2>/dev/null || true)"
  if [[ "${1:-}" != "--force" && "$built" == "$sum" ]]; then continue; fi
  context="$(mktemp -d)"
  cp /bin/busybox "$context/busybox"
  cp "$HERE/images/$name.Dockerfile" "$context/Dockerfile"
  if ! output="$(docker build -q --label "flotilla.testbed.sum=$sum" -t "$tag" "$context" 2>&1)"; then
    echo "$output" >&2
    exit 1
  fi
  rm -rf "$context"
  echo "built $tag" >&2
done
