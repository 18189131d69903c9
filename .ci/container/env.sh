# Shared settings for .ci/container/*.sh (sourced, not executed).
# Everything lives outside the work tree so a fresh checkout stays clean and the cache survives it.

CONTAINER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$CONTAINER_DIR/../.." && pwd)"

# Cache for the generated containers.conf and downloaded Node binaries.
: "${SOURCE_ATTIO_CI_CACHE:=/var/cache/source-attio-ci}"
export SOURCE_ATTIO_CI_CACHE

# podman settings this host needs (runc, cgroupfs, ulimits within the host's hard limits),
# applied through CONTAINERS_CONF so no system file is touched.
export CONTAINERS_CONF="$SOURCE_ATTIO_CI_CACHE/containers.conf"

ROOTFS_IMAGE="localhost/bookworm-base"
NODE_BASE_IMAGE="localhost/node-base"
: "${IMAGE:=source-attio:dev}"

# Node major of the official base image named in the Dockerfile (ARG BASE_IMAGE=node:<major>-...).
NODE_MAJOR="$(sed -n 's/^ARG BASE_IMAGE=node:\([0-9][0-9]*\).*/\1/p' "$REPO_ROOT/Dockerfile" | head -n1)"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# step NAME CMD...: run a step and print how long it took.
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
step() {
  local name="$1"; shift
  local t0; t0=$(now_ms)
  log "$name ..."
  "$@"
  local ms=$(( $(now_ms) - t0 ))
  log "$name done in $((ms / 1000)).$(printf '%03d' $((ms % 1000))) s"
}
