#!/usr/bin/env bash
# Build the connector image (default tag source-attio:dev) from the local stand-in base.
# Runs setup.sh first (a no-op when everything is in place).
# Env: IMAGE=name:tag, SKIP_SETUP=1 to skip setup.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

[ "${SKIP_SETUP:-0}" = 1 ] || "$CONTAINER_DIR/setup.sh"
step "podman build $IMAGE" \
  podman build --pull=never --build-arg BASE_IMAGE="$NODE_BASE_IMAGE" -t "$IMAGE" "$REPO_ROOT"
podman image inspect --format '{{.Id}} {{.Size}}' "$IMAGE" \
  | awk '{ printf "built %s (%s, %.0f MB)\n", "'"$IMAGE"'", substr($1,1,12), $2/1e6 }' >&2
