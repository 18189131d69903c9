// `npm run bench`: how fast the connector syncs within Attio's rate limit. Not a test: it prints figures.
//
// For each workspace size it starts the simulator (in this process) with 150 ms latency per request and Attio's
// limit of 100 requests per second, reads the large object through the built CLI (a child process, so the two
// share nothing but the machine), once with the default concurrency, once more with V8's default garbage
// collection (for comparison), and once sequentially (concurrency 1, one page at a time, as every other Attio
// extractor works), and prints records/s, requests/s, peak RSS, CPU seconds per 100k records, and the two ratios.
// Then it measures the per-record CPU floor (parse + re-serialise the same JSON) and the connector's own per-record
// costs, to say where the CPU goes, and what the simulator alone serves.
//
// The object has tie groups like a bulk import's: the first 750 records of every 10,000 share one created_at
// (more than a page, so each is read by itself where it straddles a page boundary). For each read it also reports
// the query requests per page (a page is 499 new records: pages overlap by one) and the average number of requests
// in flight (requests × the simulator's latency ÷ wall time, by Little's law: a lower bound).
//
// Env: BENCH_SIZES=10000,100000,1000000; BENCH_SEQUENTIAL_MAX (default: every size) skips the slow sequential run
// above that size and reuses the rate of the largest measured one (it is linear in pages), labelled as such;
// BENCH_CONCURRENCY=16 (16 requests in flight at 150 ms each allow ~106 requests/s, just above the limit);
// BENCH_BULK=10000,750 (every, size; 0 for none); BENCH_V8_DEFAULT_GC=0 skips the run with V8's default GC;
// BENCH_CONNECTOR=path/to/main.js measures another build (e.g. an earlier commit's) against this simulator.
// BENCH_MIRROR=0 skips the exact mirror's cost: an incremental sync on last_value_set_at of the largest size, from
// the state of a first one, with the deletion column selected (the row sketch: a fingerprint per row) and without.

import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { AttioAttribute, AttioRecord } from '../src/attio/types.js';
import { planColumns } from '../src/transform/columns.js';
import { lastValueSetAt } from '../src/transform/last-value-set.js';
import { buildValuesMapper } from '../src/transform/row-mapper.js';
import { CONNECTOR as BUILT_CONNECTOR, REPO_ROOT, runConnector, writeTemp } from './harness/run-connector.js';
import { createSeededWorkspace, startSimulator } from './simulator/index.js';

const LATENCY_MS = 150;
const RATE_LIMIT = 100;
const PAGE_SIZE = 500;
const STREAM = 'large_items';
// The connector tells V8 to collect once the heap is 150% above live data (src/run-process.ts); this flag restores V8's
// own growth (up to 4× live), to show what that setting costs and saves.
const V8_DEFAULT_GC = '--heap-growing-percent=0';
const sizes = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const sequentialMax = Number(process.env.BENCH_SEQUENTIAL_MAX ?? Number.POSITIVE_INFINITY);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const CONNECTOR = process.env.BENCH_CONNECTOR ?? BUILT_CONNECTOR;
const [bulkEvery = 0, bulkSize = 0] = (process.env.BENCH_BULK ?? '10000,750').split(',').map(Number);
const bulkImports = bulkEvery > 0 && bulkSize > 0 ? { every: bulkEvery, size: bulkSize } : undefined;
const lazyGcRun = process.env.BENCH_V8_DEFAULT_GC !== '0';
const mirrorRun = process.env.BENCH_MIRROR !== '0';
const QUERY_ROUTE = 'POST /v2/objects/{object}/records/query';
/** Pages a read of n records needs at least: they overlap by one record. */
const pagesOf = (n: number) => Math.floor(Math.max(0, n - 1) / (PAGE_SIZE - 1)) + 1;

interface RunFigures {
  records: number;
  seconds: number;
  requests: number;
  queryRequests: number;
  peakRssMb: number;
  cpuSeconds: number;
  simulatorCpuSeconds: number;
  rateLimited: number;
}

/** Peak RSS and CPU time of a child, read from /proc while it runs (Linux). */
function watchProcess(pid: number): { stop: () => { peakRssMb: number; cpuSeconds: number } } {
  let peakKb = 0;
  let cpuTicks = 0;
  const ticksPerSecond = 100;
  const sample = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+)/.exec(status);
      if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpuTicks = Number(fields[11]) + Number(fields[12]); // utime + stime
    } catch {
      // The process has exited: keep the last sample.
    }
  };
  const timer = setInterval(sample, 50);
  return {
    stop: () => {
      clearInterval(timer);
      return { peakRssMb: peakKb / 1024, cpuSeconds: cpuTicks / ticksPerSecond };
    },
  };
}

async function readOnce(size: number, maxConcurrent: number, nodeOptions: string[] = []): Promise<RunFigures> {
  const workspace = createSeededWorkspace({ largeObject: { slug: STREAM, count: size, ...(bulkImports ? { bulkImports } : {}) } });
  const sim = await startSimulator({ workspace, latencyMs: LATENCY_MS, rateLimit: { requestsPerSecond: RATE_LIMIT } });
  try {
    const config = {
      api_key: sim.apiKey,
      base_url: sim.url,
      requests_per_second: RATE_LIMIT - 5, // a margin under the server's sliding window
      max_concurrent_requests: maxConcurrent,
      page_size: PAGE_SIZE,
    };
    const discovered = await runConnector('discover', { config });
    const stream = discovered.messages.find((m) => m.type === 'CATALOG')?.catalog.streams.find((s: { name: string }) => s.name === STREAM);
    const catalog = { streams: [{ stream, sync_mode: 'full_refresh', destination_sync_mode: 'append' }] };
    const args = ['read', '--config', writeTemp('config.json', config), '--catalog', writeTemp('catalog.json', catalog)];

    const requestsBefore = sim.stats.requests;
    const queriesBefore = sim.stats.byRoute[QUERY_ROUTE] ?? 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const child = spawn(process.execPath, [...nodeOptions, CONNECTOR, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const watch = watchProcess(child.pid as number);
    let records = 0;
    let rateLimited = 0;
    const marker = '{"type":"RECORD"';
    let tail = '';
    // Count lines without parsing them: this process also serves the simulator, so it must stay cheap. The
    // carried tail is one character shorter than the marker, so a marker is never counted twice.
    child.stdout.setEncoding('latin1');
    child.stdout.on('data', (chunk: string) => {
      const text = tail + chunk;
      let at = text.indexOf(marker);
      while (at >= 0) {
        records += 1;
        at = text.indexOf(marker, at + marker.length);
      }
      if (chunk.includes('RATE_LIMITED')) rateLimited += 1;
      tail = text.slice(-(marker.length - 1));
    });
    const exitCode = await new Promise<number | null>((done) => child.on('close', done));
    const seconds = (performance.now() - started) / 1000;
    const { peakRssMb, cpuSeconds } = watch.stop();
    const cpu = process.cpuUsage(cpuBefore);
    if (exitCode !== 0) throw new Error(`the connector exited with ${exitCode}`);
    if (records !== size) throw new Error(`expected ${size} records, got ${records}`);
    return {
      records,
      seconds,
      requests: sim.stats.requests - requestsBefore,
      queryRequests: (sim.stats.byRoute[QUERY_ROUTE] ?? 0) - queriesBefore,
      peakRssMb,
      cpuSeconds,
      simulatorCpuSeconds: (cpu.user + cpu.system) / 1e6,
      rateLimited,
    };
  } finally {
    await sim.close();
  }
}

/**
 * What the simulator alone can serve: full 500-record pages of the large object, 32 requests in flight, no latency
 * and no rate limit, from a bare undici client in another process that discards the bodies. The benchmark's figures
 * mean something only if this is well above the requests/s the connector reaches.
 */
async function simulatorCapacity(seconds: number): Promise<number> {
  const workspace = createSeededWorkspace({ largeObject: { slug: STREAM, count: 100 * PAGE_SIZE } });
  const sim = await startSimulator({ workspace });
  try {
    const client = `
      import { Agent, request } from 'undici';
      const [url, key, seconds] = process.argv.slice(1);
      const dispatcher = new Agent({ connections: 32 });
      const until = Date.now() + Number(seconds) * 1000;
      let done = 0;
      await Promise.all(Array.from({ length: 32 }, async (_, lane) => {
        for (let page = lane; Date.now() < until; page = (page + 32) % 100) {
          const res = await request(url, { method: 'POST', dispatcher, headers: { authorization: 'Bearer ' + key, 'content-type': 'application/json' },
            body: JSON.stringify({ limit: ${PAGE_SIZE}, offset: page * ${PAGE_SIZE} }) });
          for await (const _chunk of res.body);
          done += 1;
        }
      }));
      console.log(done / Number(seconds));
      await dispatcher.close();`;
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', client, `${sim.url}/v2/objects/${STREAM}/records/query`, sim.apiKey, String(seconds)],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk));
    await new Promise((done) => child.on('close', done));
    return Number(out.trim());
  } finally {
    await sim.close();
  }
}

/** CPU per record of the pieces of the per-record path, measured on one real page. */
async function perRecordCosts(): Promise<Record<string, number>> {
  const workspace = createSeededWorkspace({ largeObject: { slug: STREAM, count: PAGE_SIZE } });
  const sim = await startSimulator({ workspace });
  try {
    const headers = { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' };
    const body = await (
      await fetch(`${sim.url}/v2/objects/${STREAM}/records/query`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ limit: PAGE_SIZE, offset: 0 }),
      })
    ).text();
    const attributes = (
      (await (await fetch(`${sim.url}/v2/objects/${STREAM}/attributes`, { headers })).json()) as { data: AttioAttribute[] }
    ).data;
    const plans = planColumns(attributes, {
      reserved: ['record_id', 'object_id', 'workspace_id', 'created_at', 'web_url'],
      warn: () => undefined,
    });
    const mapValues = buildValuesMapper(plans, {});
    const iterations = 40;
    const time = (fn: () => void) => {
      fn(); // warm up
      const started = process.cpuUsage();
      for (let i = 0; i < iterations; i += 1) fn();
      const used = process.cpuUsage(started);
      return (used.user + used.system) / 1e6 / (iterations * PAGE_SIZE);
    };
    const records = (JSON.parse(body) as { data: AttioRecord[] }).data;
    const rows = records.map((r) => {
      const row: Record<string, unknown> = { record_id: r.id.record_id, created_at: r.created_at };
      mapValues(r.values, row);
      return row;
    });
    return {
      parse: time(() => JSON.parse(body)),
      floorReserialise: time(() => {
        for (const r of records) JSON.stringify(r);
      }),
      flatten: time(() => {
        for (const r of records) {
          const row: Record<string, unknown> = { record_id: r.id.record_id, object_id: r.id.object_id };
          mapValues(r.values, row);
        }
      }),
      lastValueSetAt: time(() => {
        for (const r of records) lastValueSetAt(r.created_at, r.values);
      }),
      serialiseRows: time(() => {
        let out = '';
        for (const row of rows) out += `{"type":"RECORD","record":{"stream":"x","emitted_at":1,"data":${JSON.stringify(row)}}}\n`;
        return out;
      }),
      bytesPerRecord: body.length / PAGE_SIZE,
    };
  } finally {
    await sim.close();
  }
}

/**
 * A read's last STATE, its output scanned line by line as it comes: a 1M-record read writes more than a string can
 * hold, so `runConnector`, which keeps the whole output, cannot run it.
 */
async function lastState(configPath: string, catalogPath: string): Promise<unknown> {
  const child = spawn(process.execPath, [CONNECTOR, 'read', '--config', configPath, '--catalog', catalogPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let state: unknown;
  let rest = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('{"type":"STATE"')) state = (JSON.parse(line) as { state: unknown }).state;
    }
  });
  const exitCode = await new Promise<number | null>((done) => child.on('close', done));
  if (exitCode !== 0 || state === undefined) throw new Error(`the first read exited with ${exitCode}, state ${JSON.stringify(state)}`);
  return state;
}

/**
 * The exact mirror's cost: the CPU of a second incremental sync on last_value_set_at (it reads the whole stream, as
 * every such sync does) with the deletion column selected, which makes the stream fingerprint every row into its
 * sketch and compare it with the previous one, and without it. No latency and no limit: the figure is CPU.
 */
async function mirrorCost(
  size: number,
): Promise<Record<'mirror' | 'plain', { cpuSeconds: number; peakRssMb: number; stateBytes: number }>> {
  const workspace = createSeededWorkspace({ largeObject: { slug: STREAM, count: size } });
  const sim = await startSimulator({ workspace });
  try {
    const config = { api_key: sim.apiKey, base_url: sim.url, requests_per_second: RATE_LIMIT, max_concurrent_requests: concurrency };
    const configPath = writeTemp('config.json', config);
    const discovered = await runConnector('discover', { config });
    const stream = discovered.messages.find((m) => m.type === 'CATALOG')?.catalog.streams.find((s: { name: string }) => s.name === STREAM);
    const figures: Record<string, { cpuSeconds: number; peakRssMb: number; stateBytes: number }> = {};
    for (const mode of ['mirror', 'plain'] as const) {
      const properties = { ...stream.json_schema.properties };
      if (mode === 'plain') delete properties._ab_cdc_deleted_at;
      const configured = { ...stream, json_schema: { ...stream.json_schema, properties } };
      const catalog = {
        streams: [
          { stream: configured, sync_mode: 'incremental', cursor_field: ['last_value_set_at'], destination_sync_mode: 'append_dedup' },
        ],
      };
      const catalogPath = writeTemp(`catalog-${mode}.json`, catalog);
      const state = await lastState(configPath, catalogPath);
      const statePath = writeTemp(`state-${mode}.json`, [state]);
      const child = spawn(process.execPath, [CONNECTOR, 'read', '--config', configPath, '--catalog', catalogPath, '--state', statePath], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const watch = watchProcess(child.pid as number);
      const exitCode = await new Promise<number | null>((done) => child.on('close', done));
      if (exitCode !== 0) throw new Error(`the connector exited with ${exitCode}`);
      figures[mode] = { ...watch.stop(), stateBytes: JSON.stringify(state).length };
    }
    return figures as Record<'mirror' | 'plain', { cpuSeconds: number; peakRssMb: number; stateBytes: number }>;
  } finally {
    await sim.close();
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

console.log(
  `source-attio benchmark: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${fmt(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
);
console.log(
  `simulator: ${LATENCY_MS} ms latency per request, ${RATE_LIMIT} requests/s limit; page size ${PAGE_SIZE}; concurrency ${concurrency}; ` +
    `bound = ${RATE_LIMIT} × ${PAGE_SIZE} = ${fmt(RATE_LIMIT * PAGE_SIZE)} records/s; ` +
    `${bulkImports ? `bulk imports: the first ${fmt(bulkImports.size)} of every ${fmt(bulkImports.every)} records share a created_at` : 'no tie groups'}; ` +
    `connector ${CONNECTOR}\n`,
);

const results: Record<string, unknown>[] = [];
let sequentialRate: number | undefined;
for (const size of sizes) {
  const parallel = await readOnce(size, concurrency);
  // The same read with V8's default heap growth: faster, and most of its larger peak is garbage not yet collected.
  const lazyGc = lazyGcRun ? await readOnce(size, concurrency, [V8_DEFAULT_GC]) : undefined;
  let sequential: RunFigures | undefined;
  if (size <= sequentialMax) {
    sequential = await readOnce(size, 1);
    sequentialRate = sequential.records / sequential.seconds;
  }
  const rate = parallel.records / parallel.seconds;
  const row = {
    records: size,
    seconds: parallel.seconds,
    recordsPerSecond: rate,
    requestsPerSecond: parallel.requests / parallel.seconds,
    peakRssMb: parallel.peakRssMb,
    peakRssMbV8DefaultGc: lazyGc?.peakRssMb,
    recordsPerSecondV8DefaultGc: lazyGc ? lazyGc.records / lazyGc.seconds : undefined,
    queryRequests: parallel.queryRequests,
    pages: pagesOf(size),
    queryRequestsPerPage: parallel.queryRequests / pagesOf(size),
    averageInFlight: (parallel.requests * LATENCY_MS) / 1000 / parallel.seconds,
    cpuSecondsPer100k: (parallel.cpuSeconds / parallel.records) * 100_000,
    vsRateLimitBound: rate / (RATE_LIMIT * PAGE_SIZE),
    sequentialRecordsPerSecond: sequentialRate,
    sequentialMeasured: sequential !== undefined,
    vsSequential: sequentialRate ? rate / sequentialRate : undefined,
    simulatorCpuShare: parallel.simulatorCpuSeconds / parallel.seconds,
    rateLimitedStatuses: parallel.rateLimited,
  };
  results.push(row);
  console.log(
    `${fmt(size).padStart(9)} records: ${fmt(rate).padStart(6)} rec/s, ${fmt(row.requestsPerSecond, 1).padStart(5)} req/s, ` +
      `peak RSS ${fmt(row.peakRssMb).padStart(3)} MB` +
      (lazyGc
        ? ` (${fmt(row.peakRssMbV8DefaultGc ?? 0)} MB with ${V8_DEFAULT_GC} at ${fmt(row.recordsPerSecondV8DefaultGc ?? 0)} rec/s), `
        : ', ') +
      `${row.queryRequests} query requests for ${row.pages} pages (${fmt(row.queryRequestsPerPage, 3)} per page), ` +
      `${fmt(row.averageInFlight, 1)} requests in flight on average, ` +
      `${fmt(row.cpuSecondsPer100k, 2)} CPU s/100k, ` +
      `${fmt(row.vsRateLimitBound * 100)}% of bound, ${row.vsSequential ? fmt(row.vsSequential, 1) : '?'}× sequential` +
      `${sequential ? ` (${fmt(sequentialRate ?? 0)} rec/s)` : ' (sequential rate reused from a smaller size)'}, ` +
      `simulator CPU ${fmt(row.simulatorCpuShare * 100)}% of a core, ${row.rateLimitedStatuses} rate-limited notices`,
  );
}

const capacity = await simulatorCapacity(10);
console.log(`\nthe simulator alone (no latency, no limit, 32 in flight): ${fmt(capacity, 1)} requests/s of ${PAGE_SIZE}-record pages`);

const costs = await perRecordCosts();
const us = (s: number | undefined) => fmt((s ?? 0) * 1e6, 1);
console.log(
  `\nper-record CPU on one core (${fmt(costs.bytesPerRecord ?? 0)} bytes of JSON per record): ` +
    `JSON.parse ${us(costs.parse)} µs, flatten ${us(costs.flatten)} µs, last_value_set_at ${us(costs.lastValueSetAt)} µs, ` +
    `serialise RECORD ${us(costs.serialiseRows)} µs; ` +
    `floor (parse + re-serialise the same JSON) ${us((costs.parse ?? 0) + (costs.floorReserialise ?? 0))} µs`,
);
const floor = (costs.parse ?? 0) + (costs.floorReserialise ?? 0);
for (const row of results) {
  const perRecord = Number(row.cpuSecondsPer100k) / 100_000;
  row.cpuVsFloor = perRecord / floor;
  console.log(
    `${fmt(Number(row.records)).padStart(9)} records: CPU per record ${us(perRecord)} µs = ${fmt(perRecord / floor, 2)}× the floor`,
  );
}

const largest = Math.max(...sizes);
const mirror = mirrorRun ? await mirrorCost(largest) : undefined;
if (mirror) {
  console.log(
    `\nexact mirror, a second incremental sync of ${fmt(largest)} records on last_value_set_at: ` +
      `${fmt((mirror.mirror.cpuSeconds / largest) * 100_000, 2)} CPU s/100k with the row sketch (state ${fmt(mirror.mirror.stateBytes / 1024, 1)} KB, ` +
      `peak RSS ${fmt(mirror.mirror.peakRssMb)} MB), ${fmt((mirror.plain.cpuSeconds / largest) * 100_000, 2)} CPU s/100k without ` +
      `(peak RSS ${fmt(mirror.plain.peakRssMb)} MB): +${fmt((mirror.mirror.cpuSeconds / mirror.plain.cpuSeconds - 1) * 100)}% CPU`,
  );
}

mkdirSync(join(REPO_ROOT, '.bench'), { recursive: true });
writeFileSync(
  join(REPO_ROOT, '.bench', 'results.json'),
  `${JSON.stringify({ results, simulatorRequestsPerSecond: capacity, costs, mirror }, null, 2)}\n`,
);
console.log('figures saved to .bench/results.json');
