#!/usr/bin/env bash
# PyAirbyte end to end, offline: install PyAirbyte (PyPI) in a cached venv, start the Attio simulator, read every
# stream through airbyte.get_source(local_executable=<wrapper around node dist/src/main.js>) into the default
# DuckDB cache, and check row counts and column types (check_pyairbyte.py).
#
# Offline: PyAirbyte looks the connector up in Airbyte's registry (connectors.airbyte.com) even with
# local_executable, and sends telemetry. AIRBYTE_OFFLINE_MODE=1 makes a failed registry fetch non-fatal and turns
# telemetry off; DO_NOT_TRACK=1 also turns telemetry off.
#
# Env: PYAIRBYTE_VERSION (default 0.71.3), PYTHON (default python3, 3.10-3.12), SKIP_HOST_BUILD=1 (use the
#      existing dist/), KEEP_WORK=1 (keep the work dir with the DuckDB file), SOURCE_ATTIO_CI_CACHE (venv home).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$REPO_ROOT/.ci/pyairbyte"
cd "$REPO_ROOT"

: "${PYAIRBYTE_VERSION:=0.71.3}"
: "${PYTHON:=python3}"
: "${SOURCE_ATTIO_CI_CACHE:=/var/cache/source-attio-ci}"
VENV="$SOURCE_ATTIO_CI_CACHE/pyairbyte-venv-$PYAIRBYTE_VERSION"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
step() {
  local name="$1"; shift
  local t0; t0=$(now_ms)
  log "$name ..."
  local rc=0
  "$@" || rc=$?
  local ms=$(( $(now_ms) - t0 ))
  log "$name done in $((ms / 1000)).$(printf '%03d' $((ms % 1000))) s"
  return $rc
}
T_ALL=$(now_ms)

install_pyairbyte() {
  # The marker is written last, so an interrupted install is redone instead of half-used.
  if [ -f "$VENV/.installed" ]; then log "airbyte==$PYAIRBYTE_VERSION already in $VENV"; return; fi
  # Chained with &&: step runs this in an `||` context, where set -e does not apply.
  rm -rf "$VENV" && mkdir -p "$SOURCE_ATTIO_CI_CACHE" \
    && "$PYTHON" -m venv "$VENV" \
    && "$VENV/bin/python" -m pip install --quiet "airbyte==$PYAIRBYTE_VERSION" \
    && touch "$VENV/.installed"
}
step "install PyAirbyte $PYAIRBYTE_VERSION" install_pyairbyte
"$VENV/bin/python" -c "import sys, importlib.metadata as m; print('# python', sys.version.split()[0], 'airbyte', m.version('airbyte'), 'duckdb', m.version('duckdb'))"

if [ "${SKIP_HOST_BUILD:-0}" != 1 ]; then step "npm run build" npm run build --silent; fi

WORK="$(mktemp -d /var/tmp/source-attio-pyairbyte.XXXXXX)"
SIM_PID=""
cleanup() {
  if [ -n "$SIM_PID" ] && kill -0 "$SIM_PID" 2>/dev/null; then kill -TERM "$SIM_PID" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true; fi
  if [ "${KEEP_WORK:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# The executable PyAirbyte runs: the connector as a process, exactly as `source-attio <command> ...`.
cat > "$WORK/source-attio" <<EOF
#!/bin/sh
exec node "$REPO_ROOT/dist/src/main.js" "\$@"
EOF
chmod +x "$WORK/source-attio"

start_simulator() {
  node dist/integration_tests/simulator/cli.js --port 0 > "$WORK/sim.json" &
  SIM_PID=$!
  for _ in $(seq 100); do [ -s "$WORK/sim.json" ] && break; sleep 0.1; done
  [ -s "$WORK/sim.json" ] || { log "simulator did not start"; exit 1; }
  node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").split("\n")[0]);
    process.stdout.write(JSON.stringify({ api_key: s.apiKey, base_url: s.url }));' "$WORK/sim.json" > "$WORK/config.json"
  # The config holds the API key: log only where the simulator listens.
  log "simulator at $(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).base_url)' "$WORK/config.json")"
}
step "start simulator" start_simulator

# What the simulator holds, as the connector itself reads it (process mode, every stream, full refresh).
count_records() {
  node -e '
    const fs = require("fs");
    const catalog = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    for (const s of catalog.streams) { s.sync_mode = "full_refresh"; s.destination_sync_mode = "overwrite"; delete s.cursor_field; }
    fs.writeFileSync(process.argv[2], JSON.stringify(catalog));' integration_tests/configured_catalog.json "$WORK/catalog.json"
  "$WORK/source-attio" read --config "$WORK/config.json" --catalog "$WORK/catalog.json" | node -e '
    // Every configured stream counts, an empty one as 0 (the seeded workspace has no files on some objects).
    const counts = Object.fromEntries(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).streams.map((s) => [s.stream.name, 0]));
    let buffer = "";
    process.stdin.on("data", (c) => (buffer += c));
    process.stdin.on("end", () => {
      for (const line of buffer.split("\n")) {
        if (!line.startsWith("{")) continue;
        const m = JSON.parse(line);
        if (m.type === "RECORD") counts[m.record.stream] = (counts[m.record.stream] ?? 0) + 1;
      }
      process.stdout.write(JSON.stringify(counts));
    });' "$WORK/catalog.json" > "$WORK/expected-counts.json"
  log "connector read: $(cat "$WORK/expected-counts.json")"
}
step "count records with a process-mode read" count_records

run_pyairbyte() {
  (cd "$WORK" && PYTHONDONTWRITEBYTECODE=1 AIRBYTE_OFFLINE_MODE=1 DO_NOT_TRACK=1 AIRBYTE_LOGGING_ROOT="$WORK/logs" "$VENV/bin/python" "$HERE/check_pyairbyte.py" \
     --config "$WORK/config.json" --executable "$WORK/source-attio" --expected-counts "$WORK/expected-counts.json")
}
status=0
step "PyAirbyte read into DuckDB and checks" run_pyairbyte || status=$?
log "pyairbyte step done in $(( ($(now_ms) - T_ALL) / 1000 )) s (exit $status)"
exit $status
