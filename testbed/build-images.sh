#!/usr/bin/env bash
# Builds the test images from the host's static busybox (no registry needed):
#   flotilla-test/web:1    httpd on port 80; /version says 1, /name the container
#   flotilla-test/web:2    the same, /version says 2 (a new image to roll out)
#   flotilla-test/crash:1  exits with status 3 after $CRASH_AFTER seconds (default 1)
#   flotilla-test/exit0:1  exits with status 0 at once
#   flotilla-test/chatty:1 "out N" on stdout every 0.2 s ($PERIOD), "err N" on stderr every fifth line
# An image is rebuilt when its Dockerfile changed. Usage: testbed/build-images.sh [--force]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for image in web:1 web:2 crash:1 exit0:1 chatty:1; do
  name="${image%%:*}" version="${image##*:}"
  tag="flotilla-test/$image"
  sum="$(sha256sum "$HERE/images/$name.Dockerfile" | cut -c1-16)"
  built="$(docker image inspect -f '{{index .Config.Labels "flotilla.testbed.sum"}}' "$tag" 2>/dev/null || true)"
  if [[ "${1:-}" != "--force" && "$built" == "$sum" ]]; then continue; fi
  context="$(mktemp -d)"
  cp /bin/busybox "$context/busybox"
  cp "$HERE/images/$name.Dockerfile" "$context/Dockerfile"
  if ! output="$(docker build -q --build-arg "VERSION=$version" --label "flotilla.testbed.sum=$sum" -t "$tag" \
      "$context" 2>&1)"; then
    echo "$output" >&2
    exit 1
  fi
  rm -rf "$context"
  echo "built $tag" >&2
done
