// A destination in a real database (DuckDB, in memory): what a warehouse holds after Airbyte's Incremental |
// Append + Deduped syncs, so a test can compare it with Attio, row by row.
//
// Each load appends one sync's RECORD messages to a raw table (as Airbyte's destinations do), then the final table
// is derived by SQL with Airbyte's rules: per primary key the row with the greatest cursor value (cast to the
// cursor column's declared type; a null or uncastable cursor sorts lowest; ties go to the later emission), and a
// key whose winning row has `_ab_cdc_deleted_at` set is absent. Two ways of applying those rules are offered:
//   - 'history': over every raw record ever loaded (the rule as Airbyte's docs state it);
//   - 'merge': sync by sync into a final table that forgets a deleted key, as the typing-and-deduping and
//     direct-load destinations do (dedupe the sync, keep a final row that beats the sync's row, delete on a
//     winning tombstone). An older version emitted after a tombstone comes back here, not in 'history'.
// Timestamps compare at microsecond precision by default, as Postgres, BigQuery and Redshift store them.

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export type Row = Record<string, any>;
export type DedupModel = 'history' | 'merge';

/** The parts of a configured catalog stream the warehouse reads. */
export interface ConfiguredStream {
  stream: { name: string; json_schema?: Row };
  sync_mode?: string;
  destination_sync_mode?: string;
  cursor_field?: string[];
  primary_key?: string[][];
}

export interface WarehouseOptions {
  /** How finely timestamp cursors compare: 'us' as most warehouses store them, 'ns' as Snowflake does. */
  timestampPrecision?: 'us' | 'ns';
}

/** What a table holds that Attio does not, or lacks, or holds differently, by primary key. */
export interface TableDiff {
  stream: string;
  model: DedupModel;
  /** Rows in the warehouse whose key Attio no longer has (deleted in Attio, still in the warehouse). */
  extra: Row[];
  /** Rows Attio has that the warehouse lacks (never delivered, or wrongly deleted). */
  missing: Row[];
  /** Rows present on both sides with different content: the columns that differ. */
  stale: { key: string; columns: { column: string; warehouse: unknown; attio: unknown }[] }[];
}

export const DELETED_AT = '_ab_cdc_deleted_at';

interface StreamRules {
  primaryKey: string[][];
  cursorField: string[];
  /** SQL that turns the cursor's text (the column `c`) into the value Airbyte orders by. */
  cursorSql: (c: string) => string;
  dedup: boolean;
}

export class Warehouse {
  private seq = 0n;
  private sync = 0;
  private readonly rules = new Map<string, StreamRules>();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly db: DuckDBConnection,
    private readonly options: WarehouseOptions,
  ) {}

  static async open(options: WarehouseOptions = {}): Promise<Warehouse> {
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    await db.run(`
      CREATE TABLE raw (stream VARCHAR, sync INTEGER, seq BIGINT, pk VARCHAR, cursor VARCHAR, deleted_at VARCHAR, data VARCHAR);
      CREATE TABLE merged (stream VARCHAR, pk VARCHAR, cursor VARCHAR, seq BIGINT, data VARCHAR);
      CREATE TABLE expected (stream VARCHAR, pk VARCHAR, data VARCHAR);
    `);
    return new Warehouse(instance, db, options);
  }

  close(): void {
    this.db.closeSync();
    this.instance.closeSync();
  }

  /**
   * Loads one sync: the RECORD messages of the catalog's streams (others are ignored), in emission order. A stream
   * whose destination mode is 'overwrite' is replaced by this sync's rows; any other is appended and deduplicated.
   */
  async load(messages: Row[], catalog: { streams: ConfiguredStream[] }): Promise<Record<string, number>> {
    this.sync += 1;
    const counts: Record<string, number> = {};
    for (const configured of catalog.streams) {
      const name = configured.stream.name;
      const rules = this.rulesFor(configured);
      this.rules.set(name, rules);
      if (!rules.dedup) {
        await this.db.run('DELETE FROM raw WHERE stream = $1', [name]);
        await this.db.run('DELETE FROM merged WHERE stream = $1', [name]);
      }
      counts[name] = 0;
    }
    const appender = await this.db.createAppender('raw');
    for (const message of messages) {
      if (message.type !== 'RECORD') continue;
      const { stream, data } = message.record as { stream: string; data: Row };
      const rules = this.rules.get(stream);
      if (!rules || counts[stream] === undefined) continue;
      counts[stream] += 1;
      this.seq += 1n;
      const cursor = rules.cursorField.length > 0 ? at(data, rules.cursorField) : undefined;
      const deleted = data[DELETED_AT];
      appender.appendVarchar(stream);
      appender.appendInteger(this.sync);
      appender.appendBigInt(this.seq);
      appender.appendVarchar(keyOf(data, rules.primaryKey));
      if (cursor === undefined || cursor === null) appender.appendNull();
      else appender.appendVarchar(typeof cursor === 'string' ? cursor : JSON.stringify(cursor));
      if (deleted === undefined || deleted === null) appender.appendNull();
      else appender.appendVarchar(String(deleted));
      appender.appendVarchar(canonicalJson(withoutDeletedAt(data)));
      appender.endRow();
    }
    appender.closeSync();
    for (const name of Object.keys(counts)) await this.mergeSync(name);
    return counts;
  }

  /** The final table's rows (data without `_ab_cdc_deleted_at`), by primary key order. */
  async rows(stream: string, model: DedupModel = 'history'): Promise<Row[]> {
    const reader = await this.db.runAndReadAll(`SELECT data FROM (${this.finalSql(stream, model)}) ORDER BY pk`);
    return reader.getRows().map(([data]) => JSON.parse(String(data)) as Row);
  }

  /**
   * The final table against what Attio holds now (rows as a fresh full refresh delivers them), joined on the
   * primary key in SQL. Columns listed in `ignore` are left out of the comparison; a timestamp column listed in
   * `notEarlier` differs only where the warehouse's value is earlier than Attio's (a cursor that carries the time a
   * sync found a change, where Attio's data shows none, may be later).
   */
  async compare(
    stream: string,
    attio: Row[],
    model: DedupModel = 'history',
    columns: { ignore?: string[]; notEarlier?: string[] } = {},
  ): Promise<TableDiff> {
    const rules = this.rulesOf(stream);
    await this.db.run('DELETE FROM expected WHERE stream = $1', [stream]);
    const appender = await this.db.createAppender('expected');
    for (const row of attio) {
      appender.appendVarchar(stream);
      appender.appendVarchar(keyOf(row, rules.primaryKey));
      appender.appendVarchar(canonicalJson(withoutDeletedAt(row)));
      appender.endRow();
    }
    appender.closeSync();
    const reader = await this.db.runAndReadAll(
      `SELECT w.pk AS wpk, e.pk AS epk, w.data AS wdata, e.data AS edata
       FROM (${this.finalSql(stream, model)}) w
       FULL OUTER JOIN (SELECT pk, data FROM expected WHERE stream = '${sqlText(stream)}') e ON w.pk = e.pk
       WHERE w.pk IS NULL OR e.pk IS NULL OR w.data <> e.data
       ORDER BY coalesce(w.pk, e.pk)`,
    );
    const diff: TableDiff = { stream, model, extra: [], missing: [], stale: [] };
    for (const [wpk, epk, wdata, edata] of reader.getRows()) {
      if (epk === null) diff.extra.push(JSON.parse(String(wdata)) as Row);
      else if (wpk === null) diff.missing.push(JSON.parse(String(edata)) as Row);
      else {
        const changed = changedColumns(JSON.parse(String(wdata)) as Row, JSON.parse(String(edata)) as Row, columns);
        if (changed.length > 0) diff.stale.push({ key: String(epk), columns: changed });
      }
    }
    return diff;
  }

  /** Runs any SQL against the warehouse (tables raw, merged, expected), for a test's own questions. */
  async query(sql: string): Promise<Row[]> {
    return (await this.db.runAndReadAll(sql)).getRowObjectsJson() as Row[];
  }

  private rulesOf(stream: string): StreamRules {
    const rules = this.rules.get(stream);
    if (!rules) throw new Error(`the warehouse has not loaded stream ${stream}`);
    return rules;
  }

  private rulesFor(configured: ConfiguredStream): StreamRules {
    const name = configured.stream.name;
    const primaryKey = configured.primary_key ?? [];
    const dedup = configured.destination_sync_mode !== 'overwrite';
    if (dedup && primaryKey.length === 0) throw new Error(`stream ${name}: Append + Deduped needs a primary key`);
    const cursorField = configured.cursor_field ?? [];
    const schema = cursorField.reduce<Row | undefined>((s, part) => s?.properties?.[part], configured.stream.json_schema);
    return { primaryKey, cursorField, cursorSql: this.cursorCast(schema), dedup };
  }

  /** Airbyte types the cursor column by its JSON schema before it orders by it; a value that does not cast is null. */
  private cursorCast(schema: Row | undefined): (c: string) => string {
    const types = [schema?.type].flat().filter((t) => t !== 'null');
    if (schema?.airbyte_type === 'timestamp_with_timezone' || schema?.format === 'date-time') {
      const type = this.options.timestampPrecision === 'ns' ? 'TIMESTAMP_NS' : 'TIMESTAMPTZ';
      return (c) => `TRY_CAST(${c} AS ${type})`;
    }
    if (schema?.format === 'date') return (c) => `TRY_CAST(${c} AS DATE)`;
    if (types.includes('integer')) return (c) => `TRY_CAST(${c} AS HUGEINT)`;
    if (types.includes('number')) return (c) => `TRY_CAST(${c} AS DOUBLE)`;
    return (c) => c;
  }

  /** Per key, the row that wins: greatest typed cursor (nulls lowest), then the later emission. */
  private winnersSql(stream: string, where: string): string {
    const rules = this.rulesOf(stream);
    return `SELECT * EXCLUDE (rn) FROM (
        SELECT *, row_number() OVER (PARTITION BY pk ORDER BY ${rules.cursorSql('cursor')} DESC NULLS LAST, seq DESC) AS rn
        FROM raw WHERE stream = '${sqlText(stream)}' AND ${where}
      ) WHERE rn = 1`;
  }

  private finalSql(stream: string, model: DedupModel): string {
    const rules = this.rulesOf(stream);
    if (model === 'merge' && rules.dedup) return `SELECT pk, data FROM merged WHERE stream = '${sqlText(stream)}'`;
    if (!rules.dedup) return `SELECT pk, data FROM raw WHERE stream = '${sqlText(stream)}'`;
    return `SELECT pk, data FROM (${this.winnersSql(stream, 'true')}) WHERE deleted_at IS NULL`;
  }

  /** The 'merge' model's step for one sync: the sync's winner per key against the final table's row. */
  private async mergeSync(stream: string): Promise<void> {
    const rules = this.rulesOf(stream);
    if (!rules.dedup) return;
    const s = sqlText(stream);
    await this.db.run(`CREATE OR REPLACE TEMP TABLE batch AS ${this.winnersSql(stream, `sync = ${this.sync}`)}`);
    // The final row stays only where its cursor is greater than the sync's (a tie goes to the later emission).
    const finalWins = `(${rules.cursorSql('batch.cursor')} IS NULL AND ${rules.cursorSql('merged.cursor')} IS NOT NULL)
       OR ${rules.cursorSql('merged.cursor')} > ${rules.cursorSql('batch.cursor')}`;
    await this.db.run(`DELETE FROM batch USING merged WHERE merged.stream = '${s}' AND merged.pk = batch.pk AND (${finalWins})`);
    await this.db.run(`DELETE FROM merged USING batch WHERE merged.stream = '${s}' AND merged.pk = batch.pk`);
    await this.db.run(`INSERT INTO merged SELECT stream, pk, cursor, seq, data FROM batch WHERE deleted_at IS NULL`);
    await this.db.run('DROP TABLE batch');
  }
}

/** Only the records a destination commits from a run that did not end well: those before its last STATE. */
export function committedRecords(messages: Row[]): Row[] {
  let last = -1;
  messages.forEach((m, i) => {
    if (m.type === 'STATE') last = i;
  });
  return messages.slice(0, last + 1);
}

/** A summary a failing test prints: per stream and kind, how many rows and which keys. */
export function describeDiff(diff: TableDiff, keyColumn?: string): string {
  const keys = (rows: Row[]) => rows.map((r) => (keyColumn ? String(r[keyColumn]) : JSON.stringify(r))).join(', ');
  const lines = [`${diff.stream} (${diff.model}):`];
  if (diff.extra.length) lines.push(`  ${diff.extra.length} deleted in Attio, still in the warehouse: ${keys(diff.extra)}`);
  if (diff.missing.length) lines.push(`  ${diff.missing.length} never delivered: ${keys(diff.missing)}`);
  for (const s of diff.stale) {
    const columns = s.columns.map((c) => `${c.column}: ${JSON.stringify(c.warehouse)} ≠ ${JSON.stringify(c.attio)}`);
    lines.push(`  stale ${s.key}: ${columns.join('; ')}`);
  }
  return lines.join('\n');
}

export const isClean = (diff: TableDiff): boolean => diff.extra.length === 0 && diff.missing.length === 0 && diff.stale.length === 0;

function at(data: Row, path: string[]): unknown {
  return path.reduce<unknown>((value, part) => (value as Row | null | undefined)?.[part], data);
}

function keyOf(data: Row, primaryKey: string[][]): string {
  return JSON.stringify(primaryKey.map((path) => at(data, path) ?? null));
}

function withoutDeletedAt(data: Row): Row {
  const { [DELETED_AT]: _deleted, ...rest } = data;
  return rest;
}

/** JSON with object keys sorted, so equal rows are equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Row).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function changedColumns(
  warehouse: Row,
  attio: Row,
  { ignore = [], notEarlier = [] }: { ignore?: string[]; notEarlier?: string[] },
): TableDiff['stale'][number]['columns'] {
  const columns = [...new Set([...Object.keys(warehouse), ...Object.keys(attio)])].sort();
  const differs = (c: string) =>
    notEarlier.includes(c)
      ? compareInstants(warehouse[c], attio[c]) < 0
      : canonicalJson(warehouse[c] ?? null) !== canonicalJson(attio[c] ?? null);
  return columns
    .filter((c) => !ignore.includes(c) && differs(c))
    .map((column) => ({ column, warehouse: warehouse[column] ?? null, attio: attio[column] ?? null }));
}

const sqlText = (text: string): string => text.replaceAll("'", "''");

const FIXED_WIDTH = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/;

/** Two ISO timestamps in time order (fixed-width UTC ones to the nanosecond); a missing one sorts first. */
function compareInstants(a: unknown, b: unknown): number {
  if (typeof a !== 'string' || typeof b !== 'string') return a === b ? 0 : typeof a === 'string' ? 1 : -1;
  if (FIXED_WIDTH.test(a) && FIXED_WIDTH.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Date.parse(a) - Date.parse(b);
}
