// The mirror's machinery: the connector run in this process against a simulator that changes between and during
// reads, each incremental sync loaded into a DuckDB warehouse with Airbyte's Append + Deduped rules, then every
// table compared with a fresh full refresh, row by row. A row whose source changed while the sync read it (the
// simulator's own rows, history included, before and after the read) is left out of that sync's comparison: no
// reader can promise what it had already passed; the next sync must have it right.

import type { Row } from '../harness/e2e.js';
import { runInProcess } from '../harness/in-process.js';
import { type Message, type RunResult, stateFileFrom } from '../harness/run-connector.js';
import { type ConfiguredStream, type DedupModel, describeDiff, isClean, type TableDiff, Warehouse } from '../harness/warehouse.js';
import type { Simulator, Workspace } from '../simulator/index.js';

/** The streams a mirror follows: record streams and list-entry streams on last_value_set_at, fixed ones on their default. */
export interface MirrorStreams {
  /** Object slug → stream name (the same here). */
  objects: string[];
  /** List slug → its stream, `list_entries_<slug>`. */
  lists: string[];
  /** The mirrored streams read whole every sync, on created_at. */
  fixed: FixedName[];
}

const CHANGE_CURSOR = 'last_value_set_at';

/** Each mirrored fixed stream: its key, and its rows in the simulator (what a change during a read is told by). */
const FIXED: Record<string, { key: string; rows: (ws: Workspace) => [string, unknown][] }> = {
  notes: { key: 'note_id', rows: (ws) => ws.notes().map((n) => [n.id.note_id, n]) },
  tasks: { key: 'task_id', rows: (ws) => ws.tasks().map((t) => [t.id.task_id, t]) },
  threads: { key: 'thread_id', rows: (ws) => ws.threads().map((t) => [t.id.thread_id, t]) },
  comments: { key: 'comment_id', rows: (ws) => ws.comments().map((c) => [c.id.comment_id, c]) },
  meetings: { key: 'meeting_id', rows: (ws) => ws.meetings().map((m) => [m.id.meeting_id, m]) },
  call_recordings: { key: 'call_recording_id', rows: (ws) => ws.callRecordings().map((r) => [r.id.call_recording_id, r]) },
  call_recording_transcripts: {
    key: 'call_recording_id',
    rows: (ws) => ws.callRecordings().map((r) => [r.id.call_recording_id, [r, ws.transcript(r.id.call_recording_id)]]),
  },
};
export type FixedName = 'notes' | 'tasks' | 'threads' | 'comments' | 'meetings' | 'call_recordings' | 'call_recording_transcripts';

/** Where a stream's rows live in the simulator, and the column that holds their id. */
interface Source {
  stream: string;
  key: string;
  snapshot: (ws: Workspace) => Map<string, string>;
}

export interface SyncOutcome {
  sync: number;
  /** The incremental sync's run; `signal` is SIGKILL when `killWhen` cut it off. */
  run: RunResult;
  /** Records emitted per stream by the incremental sync, and tombstones among them. */
  emitted: Record<string, { records: number; tombstones: number }>;
  /** Per stream: the keys left out of this comparison because their source changed during the read. */
  changedDuringRead: Record<string, string[]>;
  /**
   * Per stream: tombstones (anywhere in the run, delivered or not) for rows Attio still has at its end. A false
   * deletion is the worst bug: it deletes a customer's row.
   */
  falseTombstones: Record<string, string[]>;
  diffs: TableDiff[];
}

export class MirrorSession {
  readonly warehouse: Warehouse;
  private state: unknown;
  private syncs = 0;
  private readonly sources: Source[];

  private constructor(
    readonly sim: Simulator,
    readonly config: Record<string, unknown>,
    private readonly discovered: Message,
    readonly streams: MirrorStreams,
    warehouse: Warehouse,
  ) {
    this.warehouse = warehouse;
    this.sources = [
      ...streams.objects.map((slug) => ({
        stream: slug,
        key: 'record_id',
        snapshot: (ws: Workspace) => new Map(ws.records(slug, { includeHistoric: true }).map((r) => [r.id.record_id, JSON.stringify(r)])),
      })),
      ...streams.lists.map((slug) => ({
        stream: `list_entries_${slug}`,
        key: 'entry_id',
        snapshot: (ws: Workspace) => new Map(ws.entries(slug, { includeHistoric: true }).map((e) => [e.id.entry_id, JSON.stringify(e)])),
      })),
      ...streams.fixed.map((name) => {
        const fixed = FIXED[name] as (typeof FIXED)[string];
        return {
          stream: name,
          key: fixed.key,
          snapshot: (ws: Workspace) => new Map(fixed.rows(ws).map(([key, row]) => [key, JSON.stringify(row)])),
        };
      }),
    ];
  }

  static async start(sim: Simulator, config: Record<string, unknown>, streams: MirrorStreams): Promise<MirrorSession> {
    const run = await runInProcess('discover', { config });
    const catalog = run.messages.find((m) => m.type === 'CATALOG')?.catalog as Message | undefined;
    if (run.exitCode !== 0 || !catalog) throw new Error(`discover failed: ${JSON.stringify(run.messages.slice(-3))}`);
    return new MirrorSession(sim, config, catalog, streams, await Warehouse.open());
  }

  close(): void {
    this.warehouse.close();
  }

  get streamNames(): string[] {
    return this.sources.map((s) => s.stream);
  }

  keyColumn(stream: string): string {
    return this.sources.find((s) => s.stream === stream)?.key ?? 'id';
  }

  private stream(name: string): Message {
    const found = (this.discovered.streams as Message[]).find((s) => s.name === name);
    if (!found) throw new Error(`discover has no stream ${name}`);
    return found;
  }

  /** Incremental | Append + Deduped: objects and lists on last_value_set_at, the fixed streams on their default cursor. */
  incrementalCatalog(): Message {
    return {
      streams: this.streamNames.map((name) => {
        const stream = this.stream(name);
        const fixed = (this.streams.fixed as string[]).includes(name);
        return {
          stream,
          sync_mode: 'incremental',
          destination_sync_mode: 'append_dedup',
          cursor_field: fixed ? stream.default_cursor_field : [CHANGE_CURSOR],
          primary_key: stream.source_defined_primary_key,
        };
      }),
    };
  }

  /**
   * The cursor column of a stream's incremental sync. It is compared as "not earlier than the full refresh's": a
   * change that moves no timestamp in Attio (a clear, a vanished reference, a rewritten history, a note edit) can
   * only win deduplication with the time the sync found it, which a full refresh cannot know.
   */
  cursorOf(stream: string): string {
    const configured = (this.incrementalCatalog().streams as Message[]).find((s) => s.stream.name === stream);
    return (configured?.cursor_field as string[] | undefined)?.join('.') ?? '';
  }

  /** The reference: Full refresh | Overwrite of the same streams. */
  fullRefreshCatalog(): Message {
    return {
      streams: this.streamNames.map((name) => ({
        stream: this.stream(name),
        sync_mode: 'full_refresh',
        destination_sync_mode: 'overwrite',
        primary_key: this.stream(name).source_defined_primary_key,
      })),
    };
  }

  /** The saved state to pass to the next sync (undefined before the first). */
  get savedState(): unknown {
    return this.state;
  }

  /** Replaces the state the next sync starts from (a test of a lost or foreign state). */
  set savedState(state: unknown) {
    this.state = state;
  }

  /**
   * One incremental sync: `during` starts whatever changes the simulator during the read (and returns how to stop
   * them); the run is loaded into the warehouse (all of it, or with `killWhen` only what came before its last
   * STATE, as a destination commits), the state kept for the next sync, and each table compared with a fresh
   * full refresh in both deduplication models. `config` overrides parts of the connector's config for this sync.
   */
  async sync(
    options: {
      during?: () => { stop(): void };
      killWhen?: (message: Message, index: number) => boolean;
      /** Kill the run at its first message after this many of its requests were answered (mid-read). */
      killAfterRequests?: number;
      config?: Record<string, unknown>;
    } = {},
  ): Promise<SyncOutcome> {
    this.syncs += 1;
    const config = { ...this.config, ...options.config };
    const before = this.snapshot();
    const changes = options.during?.();
    let killWhen = options.killWhen;
    let stopCounting: (() => void) | undefined;
    if (options.killAfterRequests !== undefined) {
      const limit = this.sim.answered + options.killAfterRequests;
      let reached = false;
      stopCounting = this.sim.onRequest((_req, n) => {
        if (n >= limit) reached = true;
      });
      killWhen = () => reached;
    }
    let run: RunResult;
    try {
      run = await runInProcess('read', {
        config,
        catalog: this.incrementalCatalog(),
        ...(this.state ? { state: this.state } : {}),
        ...(killWhen ? { killWhen } : {}),
      });
    } finally {
      changes?.stop();
      stopCounting?.();
    }
    const after = this.snapshot();
    const killed = run.signal === 'SIGKILL';
    if (run.invalidLines.length > 0) throw new Error(`invalid output lines: ${JSON.stringify(run.invalidLines.slice(0, 3))}`);
    if (!killed && run.exitCode !== 0) {
      throw new Error(
        `sync ${this.syncs} failed: ${run
          .errors()
          .map((m) => m.trace.error.message)
          .join(' | ')}`,
      );
    }
    // A destination commits what came before the last STATE of a run that did not end well.
    let delivered = run.messages;
    if (killed) delivered = run.messages.slice(0, run.messages.map((m) => m.type).lastIndexOf('STATE') + 1);
    const states = stateFileFrom(delivered);
    if (states.length > 0) this.state = mergeStates(this.state, states);
    await this.warehouse.load(delivered, this.incrementalCatalog() as { streams: ConfiguredStream[] });

    const fresh = await runInProcess('read', { config, catalog: this.fullRefreshCatalog() });
    if (fresh.exitCode !== 0) throw new Error(`the full refresh after sync ${this.syncs} failed`);
    const emitted: SyncOutcome['emitted'] = {};
    const changedDuringRead: SyncOutcome['changedDuringRead'] = {};
    const falseTombstones: SyncOutcome['falseTombstones'] = {};
    const diffs: TableDiff[] = [];
    for (const source of this.sources) {
      const records = delivered.filter((m) => m.type === 'RECORD' && m.record.stream === source.stream);
      emitted[source.stream] = {
        records: records.length,
        tombstones: records.filter((m) => m.record.data._ab_cdc_deleted_at != null).length,
      };
      const present = after.get(source.stream) ?? new Map<string, string>();
      falseTombstones[source.stream] = run.messages
        .filter((m) => m.type === 'RECORD' && m.record.stream === source.stream && m.record.data._ab_cdc_deleted_at != null)
        .map((m) => String(m.record.data[source.key]))
        .filter((key) => present.has(key));
      const moved = changedKeys(before.get(source.stream), after.get(source.stream));
      changedDuringRead[source.stream] = [...moved].sort();
      const expected = fresh.messages
        .filter((m) => m.type === 'RECORD' && m.record.stream === source.stream)
        .map((m) => m.record.data as Row);
      for (const model of ['history', 'merge'] as DedupModel[]) {
        const diff = await this.warehouse.compare(source.stream, expected, model, { notEarlier: [this.cursorOf(source.stream)] });
        diffs.push(exempt(diff, source.key, moved));
      }
    }
    return { sync: this.syncs, run, emitted, changedDuringRead, falseTombstones, diffs };
  }

  private snapshot(): Map<string, Map<string, string>> {
    return new Map(this.sources.map((s) => [s.stream, s.snapshot(this.sim.workspace)]));
  }
}

/** The state file after a sync: each stream's newest state replaces its older one; streams without one keep theirs. */
function mergeStates(previous: unknown, latest: Message[]): Message[] {
  const byName = new Map<string, Message>();
  for (const s of (previous as Message[] | undefined) ?? []) byName.set(s.stream.stream_descriptor.name, s);
  for (const s of latest) byName.set(s.stream.stream_descriptor.name, s);
  return [...byName.values()];
}

function changedKeys(before = new Map<string, string>(), after = new Map<string, string>()): Set<string> {
  const out = new Set<string>();
  for (const [key, value] of before) if (after.get(key) !== value) out.add(key);
  for (const key of after.keys()) if (!before.has(key)) out.add(key);
  return out;
}

function exempt(diff: TableDiff, key: string, moved: Set<string>): TableDiff {
  const keep = (row: Row) => !moved.has(String(row[key]));
  return {
    ...diff,
    extra: diff.extra.filter(keep),
    missing: diff.missing.filter(keep),
    stale: diff.stale.filter((s) => !moved.has(String((JSON.parse(s.key) as unknown[])[0]))),
  };
}

/** Every difference of a sync, as lines a failing assertion prints (empty when the warehouse is an exact mirror). */
export function differences(outcome: SyncOutcome, keyColumn: (stream: string) => string): string[] {
  const falseDeletions = Object.entries(outcome.falseTombstones)
    .filter(([, keys]) => keys.length > 0)
    .map(([stream, keys]) => `sync ${outcome.sync}: ${stream}: ${keys.length} tombstones for rows Attio still has: ${keys.join(', ')}`);
  return [
    ...falseDeletions,
    ...outcome.diffs.filter((d) => !isClean(d)).map((d) => `sync ${outcome.sync}: ${describeDiff(d, keyColumn(d.stream))}`),
  ];
}
