#!/usr/bin/env bash
# Build the connector image (default tag source-attio:dev) from the local stand-in base.
# Runs setup.sh first (a no-op when everything is in place).
# The build stage is tagged too (<name>-build:<tag>) so that pruning superseded images after the
# build keeps the layer cache of the current one (npm ci is then reused when only src/ changed).
# Env: IMAGE=name:tag, SKIP_SETUP=1 to skip setup.sh, NO_PRUNE=1 to keep superseded images.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

[ "${SKIP_SETUP:-0}" = 1 ] || "$CONTAINER_DIR/setup.sh"
BUILD_STAGE_IMAGE="${IMAGE%%:*}-build:${IMAGE##*:}"
build() {
  podman build --pull=never --build-arg BASE_IMAGE="$NODE_BASE_IMAGE" --target build -t "$BUILD_STAGE_IMAGE" "$REPO_ROOT"
  podman build --pull=never --build-arg BASE_IMAGE="$NODE_BASE_IMAGE" -t "$IMAGE" "$REPO_ROOT"
}
step "podman build $IMAGE" build
[ "${NO_PRUNE:-0}" = 1 ] || podman image prune -f >/dev/null
podman image inspect --format '{{.Id}} {{.Size}}' "$IMAGE" \
  | awk '{ printf "built %s (%s, %.0f MB)\n", "'"$IMAGE"'", substr($1,1,12), $2/1e6 }' >&2
