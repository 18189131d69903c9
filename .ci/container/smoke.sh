#!/usr/bin/env bash
# Smoke test of the connector image, the way Airbyte runs it:
#   - builds the image (setup + podman build; layer cache makes a rebuild cheap) unless SKIP_BUILD=1,
#   - checks labels, env, entrypoint, user and contents with podman inspect / run,
#   - runs the host-built dist/src/main.js with the image's node (same Node version as the image),
#   - starts the Attio simulator on the host, writes /data/{config,catalog,state}.json, and runs
#     spec, check (good and bad key), discover, read, and a second read from the first read's state
#     in the container with --network host, checking every stdout line is an Airbyte message of the
#     expected type.
# Exits non-zero with a message on the first failure.
# Env: SKIP_BUILD=1 (use the existing image), SKIP_HOST_BUILD=1 (use the existing dist/),
#      KEEP_WORK=1 (keep the temp dir with every command's stdout/stderr), IMAGE=name:tag.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

WORK="$(mktemp -d /var/tmp/source-attio-smoke.XXXXXX)"
SIM_PID=""
cleanup() {
  if [ -n "$SIM_PID" ] && kill -0 "$SIM_PID" 2>/dev/null; then kill -TERM "$SIM_PID" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true; fi
  [ "${KEEP_WORK:-0}" = 1 ] && log "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
pass() { printf 'PASS %s\n' "$*"; }
fail() { printf 'FAIL %s\n' "$*" >&2; exit 1; }
T0=$(now_ms)

# ---- image -------------------------------------------------------------------------------
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  "$CONTAINER_DIR/build.sh" >"$WORK/build.log" 2>&1 || { tail -n 40 "$WORK/build.log" >&2; fail "image build failed (log above)"; }
  pass "image $IMAGE built; step times:"
  grep -E ' done in ' "$WORK/build.log" | sed 's/^\[[0-9:]*\] /     /' 
fi
podman image exists "$IMAGE" || fail "image $IMAGE does not exist (run .ci/container/build.sh)"

meta() { node --input-type=module -e "import {parse} from 'yaml'; import {readFileSync} from 'node:fs'; const d=parse(readFileSync('metadata.yaml','utf8')).data; console.log(d['$1'])"; }
inspect() { podman image inspect --format "$1" "$IMAGE"; }
want_repo="$(meta dockerRepository)"; want_tag="$(meta dockerImageTag)"
got_name="$(inspect '{{index .Config.Labels "io.airbyte.name"}}')"
got_version="$(inspect '{{index .Config.Labels "io.airbyte.version"}}')"
[ "$got_name" = "$want_repo" ] || fail "label io.airbyte.name=$got_name, metadata dockerRepository=$want_repo"
[ "$got_version" = "$want_tag" ] || fail "label io.airbyte.version=$got_version, metadata dockerImageTag=$want_tag"
pass "labels io.airbyte.name=$got_name io.airbyte.version=$got_version match metadata.yaml"

entrypoint_joined="$(inspect '{{json .Config.Entrypoint}}' | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0,"utf8")).join(" "))')"
airbyte_entrypoint="$(inspect '{{range .Config.Env}}{{println .}}{{end}}' | sed -n 's/^AIRBYTE_ENTRYPOINT=//p')"
[ -n "$airbyte_entrypoint" ] || fail "AIRBYTE_ENTRYPOINT is not set in the image"
[ "$airbyte_entrypoint" = "$entrypoint_joined" ] || fail "AIRBYTE_ENTRYPOINT='$airbyte_entrypoint' but ENTRYPOINT joins to '$entrypoint_joined'"
pass "AIRBYTE_ENTRYPOINT == join(ENTRYPOINT) == '$entrypoint_joined'"

user="$(inspect '{{.Config.User}}')"; workdir="$(inspect '{{.Config.WorkingDir}}')"
[ -n "$user" ] && [ "$user" != root ] && [ "$user" != 0 ] || fail "image runs as '${user:-root}', expected a non-root user"
[ "$workdir" = /airbyte ] || fail "WORKDIR is '$workdir', expected /airbyte"
uid="$(podman run --rm --entrypoint id "$IMAGE" -u)"
[ "$uid" != 0 ] || fail "container runs as uid 0"
pass "runs as user $user (uid $uid), WORKDIR $workdir"

contents="$(podman run --rm --entrypoint sh "$IMAGE" -c '
  cd /airbyte
  for p in dist/src/main.js package.json schemas node_modules; do [ -e "$p" ] || echo "missing:$p"; done
  for p in dist/integration_tests integration_tests src node_modules/typescript node_modules/vitest node_modules/yaml; do [ -e "$p" ] && echo "unexpected:$p"; done
  find dist -name "*.test.js" | sed "s/^/unexpected:/"
  echo "schemas:$(ls schemas | tr "\n" " ")"
  echo "deps:$(ls node_modules | grep -v "^\." | tr "\n" " ")"')"
if grep -q '^missing:dist/src/main.js' <<<"$contents"; then
  fail "the image has no /airbyte/dist/src/main.js (is src/main.ts written yet?)"
fi
bad="$(grep -E '^(missing|unexpected):' <<<"$contents" || true)"
[ -z "$bad" ] || fail "image contents: $(tr '\n' ' ' <<<"$bad")"
pass "contents: dist/src, package.json, $(grep '^schemas:' <<<"$contents"); no integration_tests, tests or dev deps"
printf '     %s\n' "$(grep '^deps:' <<<"$contents")"

image_node="$(podman run --rm --entrypoint node "$IMAGE" --version)"
[ "${image_node#v}" != "$image_node" ] || fail "node --version in the image printed '$image_node'"
[ "$(cut -d. -f1 <<<"${image_node#v}")" = "$NODE_MAJOR" ] || fail "image has node $image_node, Dockerfile base is node:$NODE_MAJOR"
pass "node --version in the image: $image_node (Dockerfile base node:$NODE_MAJOR)"

# ---- host build (simulator, and the built code on the image's node) -------------------------
build_ok=0
if [ "${SKIP_HOST_BUILD:-0}" = 1 ]; then
  [ -f "$REPO_ROOT/dist/src/main.js" ] || fail "SKIP_HOST_BUILD=1 but dist/src/main.js does not exist"
  build_ok=skipped
fi
for attempt in 1 2 3; do
  [ "$build_ok" = skipped ] && break
  if npm run build >"$WORK/npm-build.log" 2>&1; then build_ok=1; break; fi
  log "npm run build failed (attempt $attempt), retrying in 10 s"; sleep 10
done
if [ "$build_ok" = skipped ]; then
  log "SKIP_HOST_BUILD=1: using the existing dist/ as built"
else
  [ "$build_ok" = 1 ] || { tail -n 30 "$WORK/npm-build.log" >&2; fail "npm run build failed on the host"; }
  pass "npm run build on the host ($(node --version))"
fi

# One argument per line on stdout; stderr to a file. Returns the command's exit code.
run_in_image() { # NAME ARGS...
  local name="$1"; shift
  local rc=0
  podman run --rm --network host --http-proxy=false -v "$WORK/data:/data:ro" "$IMAGE" "$@" \
    >"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
  return $rc
}
expect_messages() { # NAME MODE RC [EXTRA...]
  local name="$1" mode="$2" rc="$3"; shift 3
  if [ "$rc" != 0 ]; then
    echo "--- stderr of $name (exit $rc):" >&2; tail -n 20 "$WORK/$name.err" >&2
    echo "--- stdout of $name:" >&2; tail -n 5 "$WORK/$name.out" | cut -c1-300 >&2
    fail "$name exited $rc"
  fi
  local summary
  summary="$(node "$CONTAINER_DIR/check-messages.mjs" "$mode" "$WORK/$name.out" "$@" 2>&1)" || {
    printf '%s\n' "$summary" >&2; echo "--- stderr of $name:" >&2; tail -n 20 "$WORK/$name.err" >&2; fail "$name output"; }
  pass "$name (exit 0) $summary"
}

mkdir -p "$WORK/data"
chmod 755 "$WORK" "$WORK/data"   # the container user (uid 1000) reads the mounted files

rc=0; podman run --rm --network host --http-proxy=false -v "$REPO_ROOT:/repo:ro" --entrypoint node "$IMAGE" \
  /repo/dist/src/main.js spec >"$WORK/host-built-spec.out" 2>"$WORK/host-built-spec.err" || rc=$?
expect_messages host-built-spec spec "$rc"
printf '     (that was the host-built /repo/dist/src/main.js run by the image'"'"'s node %s)\n' "$image_node"

rc=0; run_in_image spec spec || rc=$?
expect_messages spec spec "$rc"
cmp -s <(node -e 'for (const l of require("fs").readFileSync(0,"utf8").split("\n")) if (l.includes("\"SPEC\"")) console.log(l)' <"$WORK/spec.out") \
       <(node -e 'for (const l of require("fs").readFileSync(0,"utf8").split("\n")) if (l.includes("\"SPEC\"")) console.log(l)' <"$WORK/host-built-spec.out") \
  || fail "the image's spec differs from the host-built code's spec"
pass "the image's SPEC is identical to the host-built code's SPEC"

# ---- simulator ---------------------------------------------------------------------------
SIM_CLI="$REPO_ROOT/dist/integration_tests/simulator/cli.js"
[ -f "$SIM_CLI" ] || fail "simulator CLI $SIM_CLI not built yet (integration_tests/simulator/cli.ts)"
node "$SIM_CLI" --port 0 >"$WORK/sim.out" 2>"$WORK/sim.err" &
SIM_PID=$!
for _ in $(seq 1 300); do
  [ -s "$WORK/sim.out" ] && grep -q '"url"' "$WORK/sim.out" && break
  kill -0 "$SIM_PID" 2>/dev/null || { cat "$WORK/sim.err" >&2; fail "simulator exited early"; }
  sleep 0.1
done
sim_line="$(grep -m1 '"url"' "$WORK/sim.out" || true)"
[ -n "$sim_line" ] || { cat "$WORK/sim.err" >&2; fail "simulator printed no {url, apiKey} line within 30 s"; }
SIM_URL="$(node -e 'console.log(JSON.parse(process.argv[1]).url)' "$sim_line")"
SIM_KEY="$(node -e 'console.log(JSON.parse(process.argv[1]).apiKey)' "$sim_line")"
pass "simulator (pid $SIM_PID) listening at $SIM_URL"

node -e 'const fs=require("fs"); const [dir,url,key]=process.argv.slice(1);
  fs.writeFileSync(dir+"/config.json", JSON.stringify({api_key:key, base_url:url}));
  fs.writeFileSync(dir+"/bad_config.json", JSON.stringify({api_key:"wrong-"+key, base_url:url}));
  fs.writeFileSync(dir+"/state.json", "[]\n");' "$WORK/data" "$SIM_URL" "$SIM_KEY"
chmod 644 "$WORK/data"/*.json

rc=0; run_in_image check check --config /data/config.json || rc=$?
expect_messages check check-ok "$rc"
rc=0; run_in_image check-bad-key check --config /data/bad_config.json || rc=$?
expect_messages check-bad-key check-bad "$rc"
rc=0; run_in_image discover discover --config /data/config.json || rc=$?
expect_messages discover discover "$rc" "$WORK/data/catalog.json"
chmod 644 "$WORK/data/catalog.json"
rc=0; run_in_image read read --config /data/config.json --catalog /data/catalog.json --state /data/state.json || rc=$?
expect_messages read read "$rc" "$WORK/data/catalog.json" "$WORK/data/state2.json"
chmod 644 "$WORK/data/state2.json"
rc=0; run_in_image read-from-state read --config /data/config.json --catalog /data/catalog.json --state /data/state2.json || rc=$?
# The second read starts from the first read's final states: it must succeed and checkpoint every
# stream again; records are optional (only rows changed since the first read).
expect_messages read-from-state read-again "$rc" "$WORK/data/catalog.json"

echo "smoke test passed in $(( ($(now_ms) - T0) / 1000 )) s"
