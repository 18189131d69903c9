#!/usr/bin/env node
// Checks a connector command's stdout (one Airbyte message per line) for the smoke test.
//   node check-messages.mjs spec      OUT
//   node check-messages.mjs check-ok  OUT
//   node check-messages.mjs check-bad OUT
//   node check-messages.mjs discover  OUT CATALOG_OUT   (writes a ConfiguredAirbyteCatalog of every stream)
//   node check-messages.mjs read      OUT CATALOG [STATE_OUT]   (writes the last STATE per stream as a state file)
//   node check-messages.mjs read-again OUT CATALOG              (a read from a previous state: records optional)
// Prints a one-line summary; exits 1 with the reasons on failure.
import { readFileSync, writeFileSync } from 'node:fs';

// Message type -> payload key (airbyte_protocol.yaml, AirbyteMessage).
const PAYLOAD = {
  RECORD: 'record',
  STATE: 'state',
  LOG: 'log',
  SPEC: 'spec',
  CONNECTION_STATUS: 'connectionStatus',
  CATALOG: 'catalog',
  TRACE: 'trace',
  CONTROL: 'control',
  DESTINATION_CATALOG: 'destination_catalog',
};
const [mode, outFile, ...extra] = process.argv.slice(2);
const problems = [];
const fail = (msg) => problems.push(msg);

const lines = readFileSync(outFile, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');
const messages = [];
lines.forEach((line, i) => {
  let msg;
  try {
    msg = JSON.parse(line);
  } catch {
    fail(`stdout line ${i + 1} is not JSON: ${line.slice(0, 200)}`);
    return;
  }
  if (msg === null || typeof msg !== 'object' || !Object.hasOwn(PAYLOAD, msg.type)) {
    fail(`stdout line ${i + 1} is not an Airbyte message: ${line.slice(0, 200)}`);
    return;
  }
  const payloadKey = PAYLOAD[msg.type];
  if (msg[payloadKey] === undefined) fail(`line ${i + 1}: ${msg.type} without a "${payloadKey}" payload`);
  messages.push(msg);
});
const ofType = (t) => messages.filter((m) => m.type === t);
const tally = {};
for (const m of messages) tally[m.type] = (tally[m.type] ?? 0) + 1;
const counts = Object.entries(tally)
  .map(([t, n]) => `${t}=${n}`)
  .join(' ');
const traceErrors = ofType('TRACE').filter((m) => m.trace?.type === 'ERROR');
let summary = '';

switch (mode) {
  case 'spec': {
    const specs = ofType('SPEC');
    if (specs.length !== 1) fail(`expected exactly 1 SPEC, got ${specs.length}`);
    const cs = specs[0]?.spec?.connectionSpecification;
    if (!cs || typeof cs !== 'object') fail('SPEC has no connectionSpecification object');
    const props = Object.keys(cs?.properties ?? {});
    if (!props.includes('api_key')) fail(`connectionSpecification has no api_key property (has: ${props.join(', ')})`);
    summary = `properties: ${props.join(', ')}`;
    break;
  }
  case 'check-ok':
  case 'check-bad': {
    const want = mode === 'check-ok' ? 'SUCCEEDED' : 'FAILED';
    const statuses = ofType('CONNECTION_STATUS');
    if (statuses.length !== 1) fail(`expected exactly 1 CONNECTION_STATUS, got ${statuses.length}`);
    const status = statuses[0]?.connectionStatus;
    if (status?.status !== want) fail(`expected CONNECTION_STATUS ${want}, got ${JSON.stringify(status)}`);
    summary = `status ${status?.status}${status?.message ? `: ${status.message}` : ''}`;
    break;
  }
  case 'discover': {
    const catalogs = ofType('CATALOG');
    if (catalogs.length !== 1) fail(`expected exactly 1 CATALOG, got ${catalogs.length}`);
    const streams = catalogs[0]?.catalog?.streams ?? [];
    if (streams.length === 0) fail('CATALOG has no streams');
    const names = streams.map((s) => s.name);
    const dupes = names.filter((n, i) => names.indexOf(n) !== i);
    if (dupes.length) fail(`duplicate stream names: ${dupes.join(', ')}`);
    for (const s of streams) {
      if (!s.json_schema || typeof s.json_schema !== 'object') fail(`stream ${s.name} has no json_schema`);
      if (!Array.isArray(s.supported_sync_modes) || s.supported_sync_modes.length === 0)
        fail(`stream ${s.name} has no supported_sync_modes`);
    }
    const configured = {
      streams: streams.map((stream) => {
        const incremental =
          stream.supported_sync_modes?.includes('incremental') &&
          (stream.source_defined_cursor || (stream.default_cursor_field ?? []).length > 0);
        const entry = {
          stream,
          sync_mode: incremental ? 'incremental' : 'full_refresh',
          destination_sync_mode: 'append',
        };
        if (incremental && stream.default_cursor_field) entry.cursor_field = stream.default_cursor_field;
        if (stream.source_defined_primary_key) entry.primary_key = stream.source_defined_primary_key;
        return entry;
      }),
    };
    if (extra[0]) writeFileSync(extra[0], `${JSON.stringify(configured, null, 2)}\n`);
    const inc = configured.streams.filter((s) => s.sync_mode === 'incremental').length;
    summary = `${streams.length} streams (${inc} incremental): ${names.join(', ')}`;
    break;
  }
  case 'read':
  case 'read-again': {
    const catalog = JSON.parse(readFileSync(extra[0], 'utf8'));
    const configuredNames = new Set(catalog.streams.map((s) => s.stream.name));
    const records = ofType('RECORD');
    const states = ofType('STATE');
    if (mode === 'read' && records.length === 0) fail('expected at least 1 RECORD');
    if (states.length === 0) fail('expected at least 1 STATE');
    if (traceErrors.length) fail(`TRACE ERROR: ${traceErrors.map((m) => m.trace.error?.message).join(' | ')}`);
    const perStream = {};
    for (const r of records) {
      const name = r.record?.stream;
      if (!configuredNames.has(name)) fail(`RECORD for a stream not in the catalog: ${name}`);
      if (typeof r.record?.emitted_at !== 'number') fail(`RECORD of ${name} without a numeric emitted_at`);
      if (!r.record?.data || typeof r.record.data !== 'object') fail(`RECORD of ${name} without a data object`);
      perStream[name] = (perStream[name] ?? 0) + 1;
    }
    const lastState = new Map();
    for (const s of states) {
      const st = s.state;
      if (st?.type !== 'STREAM') fail(`STATE of type ${st?.type} (expected STREAM)`);
      const name = st?.stream?.stream_descriptor?.name;
      if (!configuredNames.has(name)) fail(`STATE for a stream not in the catalog: ${name}`);
      if (typeof st?.sourceStats?.recordCount !== 'number') fail(`STATE of ${name} without sourceStats.recordCount`);
      lastState.set(name, { type: 'STREAM', stream: st.stream });
    }
    const missing = [...configuredNames].filter((n) => !lastState.has(n));
    if (missing.length) fail(`no STATE for configured streams: ${missing.join(', ')}`);
    if (extra[1]) writeFileSync(extra[1], `${JSON.stringify([...lastState.values()], null, 2)}\n`);
    summary = `records per stream: ${
      Object.entries(perStream)
        .map(([n, c]) => `${n}=${c}`)
        .join(' ') || '(none)'
    }`;
    break;
  }
  default:
    console.error(`unknown mode ${mode}`);
    process.exit(2);
}

if (['spec', 'check-ok', 'discover'].includes(mode) && traceErrors.length) {
  // A failed check reports through CONNECTION_STATUS; elsewhere an ERROR trace means the command failed.
  fail(`TRACE ERROR: ${traceErrors.map((m) => m.trace.error?.message).join(' | ')}`);
}
if (problems.length) {
  console.error(`FAIL ${mode}: ${counts}`);
  for (const p of problems.slice(0, 20)) console.error(`  - ${p}`);
  process.exit(1);
}
console.log(`ok ${mode}: ${counts}; ${summary}`);
