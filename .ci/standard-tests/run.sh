#!/usr/bin/env bash
# Airbyte's standard tests (airbyte_cdk/test/standard_tests, from the airbyte-cdk package on PyPI) against
# source-attio, offline:
#   1. install airbyte-cdk (pinned) and pytest in a cached venv;
#   2. start the Attio simulator, with a second key that lacks some scopes (--token), and write the configs
#      acceptance-test-config.yml names into secrets/standard-tests/ (gitignored: they hold the keys; deleted at exit,
#      since they point at this run's simulator);
#   3. pytest, process pass: every test of SourceTestSuiteBase but the image tests, against `node dist/src/main.js`
#      (conftest.py routes the suite's jobs there);
#   4. pytest, image pass (when IMAGE is given): the image tests against IMAGE through bin/docker (podman), with
#      --read-from-streams=all and --read-scenarios=<every config> so the read test runs for every stream and every
#      config (without them it reads only the suggested streams of a config named config.json; and the suite's
#      pytest_hooks turn --read-scenarios=all into a list holding the name "all", so the names are given).
# Discovered-catalog checks that the suite only warns about yet are errors here (-W error::...Warning).
# Deselected: only test_docker_image_spec_backward_compatibility, which fetches the published spec from
# connectors.airbyte.com (no internet here). summarize.py fails the run on any other skip, except the ones the suite
# makes for the config declared `status: failed` (it tests neither discover nor the image read with a failing config).
#
# Usage: bash .ci/standard-tests/run.sh [IMAGE]        e.g. IMAGE=source-attio:dev (.ci/container/build.sh)
# Prints pytest's closing line for each pass, then "N passed, N failed" over both.
# Env: AIRBYTE_CDK_VERSION (default 7.39.1), PYTHON (default python3), SKIP_HOST_BUILD=1 (use the existing dist/),
#      SOURCE_ATTIO_CI_CACHE (venv home, default /var/cache/source-attio-ci), KEEP_WORK=1 (keep the work dir).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$REPO_ROOT/.ci/standard-tests"
cd "$REPO_ROOT"
IMAGE="${1:-}"

: "${AIRBYTE_CDK_VERSION:=7.39.1}"
: "${PYTHON:=python3}"
: "${SOURCE_ATTIO_CI_CACHE:=/var/cache/source-attio-ci}"
VENV="$SOURCE_ATTIO_CI_CACHE/standard-tests-venv-$AIRBYTE_CDK_VERSION"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
T_ALL=$(now_ms)

install_suite() {
  # The marker is written last, so an interrupted install is redone instead of half-used.
  if [ -f "$VENV/.installed" ]; then log "airbyte-cdk==$AIRBYTE_CDK_VERSION already in $VENV"; return; fi
  log "installing airbyte-cdk==$AIRBYTE_CDK_VERSION and pytest into $VENV"
  rm -rf "$VENV" && mkdir -p "$SOURCE_ATTIO_CI_CACHE" \
    && "$PYTHON" -m venv "$VENV" \
    && "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "airbyte-cdk==$AIRBYTE_CDK_VERSION" "pytest>=7,<8" \
    && touch "$VENV/.installed"
}
install_suite
"$VENV/bin/python" -c "import sys, importlib.metadata as m; print('# python', sys.version.split()[0], 'airbyte-cdk', m.version('airbyte-cdk'), 'pytest', m.version('pytest'))"

if [ "${SKIP_HOST_BUILD:-0}" != 1 ]; then log "npm run build"; npm run build --silent; fi

WORK="$(mktemp -d /var/tmp/source-attio-standard-tests.XXXXXX)"
SIM_PID=""
CONFIG_DIR="$REPO_ROOT/secrets/standard-tests"
cleanup() {
  rm -rf "$CONFIG_DIR"
  if [ -n "$SIM_PID" ] && kill -0 "$SIM_PID" 2>/dev/null; then kill -TERM "$SIM_PID" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true; fi
  if [ "${KEEP_WORK:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# The simulator, and the configs pointing at it. The limited token is made up for this run; neither it nor the
# simulator's key is ever printed (CI searches every log for the key).
LIMITED_TOKEN="sim_limited_$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
node dist/integration_tests/simulator/cli.js --port 0 \
  --token "$LIMITED_TOKEN=$(node dist/integration_tests/standard-tests/write-configs.js scopes)" > "$WORK/sim.json" &
SIM_PID=$!
for _ in $(seq 100); do [ -s "$WORK/sim.json" ] && break; sleep 0.1; done
[ -s "$WORK/sim.json" ] || { log "the simulator did not start"; exit 1; }
log "simulator at $(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").split("\n")[0]).url)' "$WORK/sim.json")"
STANDARD_TESTS_LIMITED_TOKEN="$LIMITED_TOKEN" node dist/integration_tests/standard-tests/write-configs.js write "$WORK/sim.json" "$CONFIG_DIR" >&2

# The suite names the connector after its root directory: a link named source-attio keeps that name in a checkout
# with another name (a git worktree, say).
ln -s "$REPO_ROOT" "$WORK/source-attio"
export STANDARD_TESTS_CONNECTOR_ROOT="$WORK/source-attio"
export PYTHONDONTWRITEBYTECODE=1 DO_NOT_TRACK=1

PYTEST=("$VENV/bin/python" -m pytest "$HERE" --rootdir "$HERE" -p no:cacheprovider -v -rfEs
  -W "error::airbyte_cdk.test.standard_tests.DiscoveredCatalogWarning")
status=0
T0=$(now_ms)
log "process pass: node dist/src/main.js"
"${PYTEST[@]}" -m "not image_tests" --junitxml="$WORK/process.xml" 2>&1 | tee "$WORK/process.log" || status=1
log "process pass done in $(( ($(now_ms) - T0) / 1000 )) s"
closing_process="$(grep -E '^=+ .+ in [0-9.]+s' "$WORK/process.log" | tail -1)"
reports=("process=$WORK/process.xml")

closing_image=""
if [ -n "$IMAGE" ]; then
  source "$REPO_ROOT/.ci/container/env.sh"   # CONTAINERS_CONF: the podman settings this host needs
  podman image exists "$IMAGE" || { log "no image $IMAGE: build it with .ci/container/build.sh"; exit 1; }
  T0=$(now_ms)
  log "image pass: $IMAGE through podman"
  # Scenario ids are the config file names without .json.
  scenarios="$("$VENV/bin/python" -c 'import sys, yaml, pathlib
tests = yaml.safe_load(open(sys.argv[1]))["acceptance_tests"]
print(",".join(sorted({pathlib.Path(t["config_path"]).stem for s in tests.values() for t in s.get("tests", [])})))' acceptance-test-config.yml)"
  PATH="$HERE/bin:$PATH" "${PYTEST[@]}" -m image_tests --connector-image "$IMAGE" \
    --read-from-streams=all --read-scenarios="$scenarios" \
    --deselect "test_source_attio.py::TestSourceAttio::test_docker_image_spec_backward_compatibility" \
    --junitxml="$WORK/image.xml" 2>&1 | tee "$WORK/image.log" || status=1
  log "image pass done in $(( ($(now_ms) - T0) / 1000 )) s"
  closing_image="$(grep -E '^=+ .+ in [0-9.]+s' "$WORK/image.log" | tail -1)"
  reports+=("image=$WORK/image.xml")
fi

echo "standard tests, process (node dist/src/main.js): ${closing_process:-no closing line}"
[ -z "$IMAGE" ] || echo "standard tests, image ($IMAGE): ${closing_image:-no closing line}"
"$VENV/bin/python" "$HERE/summarize.py" "${reports[@]}" || status=1
log "standard tests done in $(( ($(now_ms) - T_ALL) / 1000 )) s (exit $status)"
exit $status
