// What the end-to-end tests share: a discover that must succeed, the rows of a run, the checks every run's
// output must pass, and the streams every workspace has. It asserts with vitest's expect, so only tests import it.

import { expect } from 'vitest';
import { FIXED_STREAM_NAMES } from '../../src/streams/naming.js';
import { runInProcess } from './in-process.js';
import type { Message, RunResult } from './run-connector.js';

export type Row = Record<string, any>;

/**
 * The streams of every workspace, whatever its objects and lists (discover adds one per object and per list):
 * the connector's declarations, so that a new fixed stream needs no edit here. That the set is right is
 * checked against docs/attio.md's streams table (integration_tests/docs.test.ts).
 */
export const FIXED_STREAMS: readonly string[] = FIXED_STREAM_NAMES;

/** A discover (in process) that must succeed: no malformed line, no error, exit 0, and exactly one catalog. */
export async function discover(config: Record<string, unknown>): Promise<{ run: RunResult; catalog: Message }> {
  const run = await runInProcess('discover', { config });
  expect(run.invalidLines).toEqual([]);
  expect(run.errors()).toEqual([]);
  expect(run.exitCode).toBe(0);
  const catalogs = run.messages.filter((m) => m.type === 'CATALOG');
  expect(catalogs).toHaveLength(1);
  return { run, catalog: catalogs[0]!.catalog as Message };
}

export const sorted = (values: unknown[]): string[] => values.map(String).sort();

/** The names of a catalog's streams, sorted. */
export const streamNames = (catalog: Message): string[] => sorted(catalog.streams.map((s: Message) => s.name));

/** The data of a stream's records, in the order they were emitted. */
export const rows = (run: RunResult, stream: string): Row[] => run.records(stream).map((m) => m.record.data as Row);

/** Attio's `{id: {…}, …rest}` flattened the way the connector lifts ids into columns. */
export function lifted(item: object): Row {
  const { id, ...rest } = item as Row;
  return { ...(id as Row), ...rest };
}

/** What a history stream must hold for one record's or entry's value envelopes; `flat` gives the value column. */
export function historyRows(id: string, idColumn: string, envelopes: Row[], flat: (envelope: Row) => unknown): Row[] {
  return envelopes.map((e) => ({
    [idColumn]: id,
    value: flat(e),
    active_from: e.active_from,
    active_until: e.active_until ?? null,
    created_by_actor: { type: e.created_by_actor?.type ?? null, id: e.created_by_actor?.id ?? null },
  }));
}

/** History rows, read or expected, as their comparable columns (value_id is the connector's), by id and time. */
export const historyColumns = (list: Row[], idColumn: string): Row[] =>
  list
    .map((r) => ({
      [idColumn]: r[idColumn],
      value: r.value,
      active_from: r.active_from,
      active_until: r.active_until,
      created_by_actor: r.created_by_actor,
    }))
    .sort((a, b) => `${a[idColumn]}${a.active_from}`.localeCompare(`${b[idColumn]}${b.active_from}`));

/** The rows by the value of one column (the last row wins). */
export function indexBy(list: Row[], key: string): Map<string, Row> {
  return new Map(list.map((row) => [String(row[key]), row]));
}

/** A run that ended well: no malformed line, no error, exit 0, and each of these streams COMPLETE. */
export function expectComplete(run: RunResult, streams: string[]): void {
  expect(run.invalidLines).toEqual([]);
  expect(run.errors().map((e) => e.trace.error.message)).toEqual([]);
  expect(run.exitCode).toBe(0);
  for (const name of streams) expect({ name, last: run.statuses(name).at(-1) }).toEqual({ name, last: 'COMPLETE' });
}

/**
 * What every run must satisfy, whatever happened: stdout is only valid Airbyte messages, stderr is empty, and a
 * stack trace appears only inside trace.error.stack_trace. (runConnector itself looks for the API key in every run.)
 */
export function expectCleanChannel(run: RunResult): void {
  expect(run.invalidLines).toEqual([]);
  expect(run.stderr).toBe('');
  for (const line of run.stdout.split('\n')) {
    if (line === '') continue;
    const message = JSON.parse(line) as Message;
    if (message.type === 'TRACE' && message.trace.type === 'ERROR') {
      const { stack_trace: _stack, ...rest } = message.trace.error as Record<string, unknown>;
      expect(JSON.stringify(rest)).not.toMatch(/\\n\s+at /);
    } else {
      expect(line).not.toMatch(/\\n\s+at |^\s+at /);
    }
  }
}
