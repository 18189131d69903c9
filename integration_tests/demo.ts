// `npm run demo`: sync the bundled Attio simulator with the built connector, exactly as Airbyte would run it
// (discover, then read every stream), and print a readable summary. Nothing leaves 127.0.0.1.

import { parseArgs } from 'node:util';

import { configuredCatalog, type Message, runConnector } from './harness/run-connector.js';
import { startSimulator } from './simulator/index.js';

// --unlimited-rate: the quick-start test checks what the demo prints, not a sync at Attio's limit (a minute or so), so
// it lifts the connector's rate through the test-only entry point (harness/limited-main.ts).
const { values: flags } = parseArgs({ options: { 'unlimited-rate': { type: 'boolean', default: false } } });
const limits = flags['unlimited-rate'] ? { limits: { requestsPerSecond: 1_000_000 } } : {};
const sim = await startSimulator();
const config = { api_key: sim.apiKey, base_url: sim.url, requests_per_second: 100 };
try {
  console.log(`Attio simulator listening on ${sim.url} (seeded workspace "Simulated Co").\n`);
  const check = await runConnector('check', { config, ...limits });
  console.log(`check     → ${check.messages.find((m) => m.type === 'CONNECTION_STATUS')?.connectionStatus.message}`);

  const discover = await runConnector('discover', { config, ...limits });
  const catalog = discover.messages.find((m) => m.type === 'CATALOG')?.catalog as Message;
  console.log(`discover  → ${catalog.streams.length} streams\n`);

  const started = performance.now();
  const read = await runConnector('read', { config, catalog: configuredCatalog(catalog, () => true, 'incremental'), ...limits });
  const seconds = (performance.now() - started) / 1000;

  const rows = (catalog.streams as Message[]).map((stream) => {
    const states = read.states(stream.name);
    const last = states.at(-1)?.state.stream.stream_state ?? {};
    const cursor = (stream.default_cursor_field as string[] | undefined)?.[0] ?? '';
    return {
      stream: stream.name as string,
      mode: stream.supported_sync_modes.includes('incremental') ? 'incremental' : 'full_refresh',
      records: read.records(stream.name).length,
      status: read.statuses(stream.name).at(-1) ?? '?',
      state: typeof last[cursor] === 'string' ? `${cursor} ${last[cursor]}` : '-',
    };
  });
  const width = Math.max(...rows.map((r) => r.stream.length));
  console.log(`${'stream'.padEnd(width)}  ${'mode'.padEnd(12)}  ${'records'.padStart(7)}  ${'status'.padEnd(8)}  final state`);
  for (const r of rows) {
    console.log(`${r.stream.padEnd(width)}  ${r.mode.padEnd(12)}  ${String(r.records).padStart(7)}  ${r.status.padEnd(8)}  ${r.state}`);
  }
  const total = rows.reduce((sum, r) => sum + r.records, 0);
  const invalid = read.invalidLines.length;
  console.log(
    `\nread      → ${total} records in ${seconds.toFixed(1)} s, ${read.states().length} STATE messages, ` +
      `${invalid} invalid lines, exit code ${read.exitCode}.`,
  );
  console.log('Run it again with the final states as --state and an incremental sync returns only new records.');
  if (read.exitCode !== 0 || invalid > 0) process.exitCode = 1;
} finally {
  await sim.close();
}
