// Micro-benchmark of the per-record values mapper (not a test). Build and run:
//   npx tsc -p tsconfig.build.json && node dist/integration_tests/bench/mapper.js [records]
// Replays the connector's loop: parse one page of 500 records (Attio's default page size) from JSON, then map
// each record of it while it is still in cache. Only the mapping is timed; the parse rate is printed for scale.

import type { AttioValues } from '../../src/attio/types.js';
import { planColumns } from '../../src/transform/columns.js';
import { companyAttributes, companyValues } from '../fixtures/attio-values.js';
import { buildValuesMapper, type ValuesMapper } from '../../src/transform/row-mapper.js';

const RECORD_METADATA = ['record_id', 'object_id', 'workspace_id', 'created_at', 'web_url'];
const PAGE_SIZE = 500;
const DISTINCT_PAGES = 4;

function pageJson(page: number): string {
  const records: Array<Record<string, unknown>> = [];
  for (let i = 0; i < PAGE_SIZE; i++) {
    records.push(companyValues(`bf071e1f-6035-429d-${String(page).padStart(4, '0')}-${String(i).padStart(12, '0')}`));
  }
  return JSON.stringify(records);
}

interface Rates {
  mapPerSecond: number;
  parsePerSecond: number;
}

function run(map: ValuesMapper, pages: readonly string[], total: number): Rates {
  let mapNanos = 0n;
  let parseNanos = 0n;
  let mapped = 0;
  let sink = 0;
  for (let page = 0; mapped < total; page++) {
    const parseStarted = process.hrtime.bigint();
    const records = JSON.parse(pages[page % pages.length] as string) as AttioValues[];
    const mapStarted = process.hrtime.bigint();
    for (let i = 0; i < records.length; i++) {
      const row: Record<string, unknown> = { record_id: i };
      map(records[i], row);
      if (row.name !== null) sink++;
    }
    mapNanos += process.hrtime.bigint() - mapStarted;
    parseNanos += mapStarted - parseStarted;
    mapped += records.length;
  }
  if (sink < 0) console.log(sink); // keep the rows observable
  return {
    mapPerSecond: Math.round(mapped / (Number(mapNanos) / 1e9)),
    parsePerSecond: Math.round(mapped / (Number(parseNanos) / 1e9)),
  };
}

function report(label: string, map: ValuesMapper, pages: readonly string[], total: number): void {
  run(map, pages, Math.min(total, 20_000)); // warm-up: let the JIT settle before timing
  const { mapPerSecond, parsePerSecond } = run(map, pages, total);
  const format = (n: number) => n.toLocaleString('en-US').padStart(10);
  console.log(
    `${label.padEnd(36)} map ${format(mapPerSecond)} records/s (${(1e9 / mapPerSecond).toFixed(0)} ns/record)` +
      `   JSON.parse ${format(parsePerSecond)} records/s`,
  );
}

const total = Number(process.argv[2] ?? 100_000);
const plans = planColumns(companyAttributes(), { reserved: RECORD_METADATA, warn: () => {} });
const pages = Array.from({ length: DISTINCT_PAGES }, (_, page) => pageJson(page));
console.log(
  `${plans.length} attribute columns, ${total.toLocaleString('en-US')} records, ` +
    `${Math.round((pages[0]?.length ?? 0) / PAGE_SIZE)} B of JSON per record, node ${process.version}`,
);
report('all columns, unknown-slug check on', buildValuesMapper(plans, { onUnknownSlug: () => {} }), pages, total);
report('all columns, no unknown-slug check', buildValuesMapper(plans), pages, total);
report('3 selected columns', buildValuesMapper(plans, { selected: new Set(['name', 'domains', 'stage']) }), pages, total);
