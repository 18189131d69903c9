// Kill and resume: an incremental sync SIGKILLed at random moments (after a random number of messages, right
// after a STATE, between two records) and resumed from the last STATE per stream the platform received, until a
// run completes. Across all runs:
//   - the union of records equals everything the simulator holds (nothing lost);
//   - a record covered by an emitted STATE never comes again (records after a killed run's last STATE may
//     repeat: at-least-once), so the records covered by STATEs are exactly the simulator's set, each once;
//   - every STATE's sourceStats.recordCount is the number of that stream's records since its previous STATE.
// The data set has many created_at ties (seeded ones plus groups added here) and pages of 20, so pages and
// checkpoints fall inside tie groups.

import { SeededRandom } from '../simulator/random.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConnector, stateFileFrom, type Message, type RunResult } from '../harness/run-connector.js';
import { createSeededWorkspace, startSimulator, type Simulator, type Workspace } from '../simulator/index.js';

const STREAMS = {
  deals: { pk: 'record_id', ids: (ws: Workspace) => ws.records('deals').map((r) => r.id.record_id) },
  list_entries_watchlist: { pk: 'entry_id', ids: (ws: Workspace) => ws.entries('watchlist').map((e) => e.id.entry_id) },
  tasks: { pk: 'task_id', ids: (ws: Workspace) => ws.tasks().map((t) => t.id.task_id) },
  notes: { pk: 'note_id', ids: (ws: Workspace) => ws.notes().map((n) => n.id.note_id) },
} as const;
type StreamName = keyof typeof STREAMS;
const NAMES = Object.keys(STREAMS) as StreamName[];

/** Incremental, as the platform configures a source-defined cursor; empty json_schema = every column. */
const CATALOG = {
  streams: NAMES.map((name) => ({
    stream: {
      name,
      json_schema: {},
      supported_sync_modes: ['full_refresh', 'incremental'],
      source_defined_cursor: true,
      default_cursor_field: ['created_at'],
      source_defined_primary_key: [[STREAMS[name].pk]],
    },
    sync_mode: 'incremental',
    cursor_field: ['created_at'],
    destination_sync_mode: 'append_dedup',
    primary_key: [[STREAMS[name].pk]],
  })),
};

const pkOf = (m: Message): string => {
  const stream = m.record.stream as StreamName;
  return String(m.record.data[STREAMS[stream].pk]);
};

interface Sync {
  runs: RunResult[];
  /** stream → pk → how many times it was emitted, over all runs. */
  emitted: Map<string, Map<string, number>>;
  /** stream → pks covered by an emitted STATE (emitted before that stream's last STATE of its run). */
  committed: Map<string, string[]>;
  /** The state the platform holds at the end. */
  finalState: Message[];
  violations: string[];
  /** Input states that resumed inside or right after a tie group (ids_at_created_at with 2+ ids). */
  resumedAtTies: number;
}

type KillPlan = (run: number, random: () => number) => ((m: Message, i: number) => boolean) | undefined;

/**
 * Runs the sync until one run finishes on its own, feeding each run the last STATE per stream received so far
 * (kept across runs, as the platform does: a run killed before a stream's first STATE leaves that stream's
 * previous state in place).
 */
async function syncWithKills(sim: Simulator, seed: number, plan: KillPlan, initialState?: Message[]): Promise<Sync> {
  const seeded = new SeededRandom(seed);
  const random = () => seeded.next();
  const held = new Map<string, Message>((initialState ?? []).map((s) => [s.stream.stream_descriptor.name as string, s]));
  const sync: Sync = { runs: [], emitted: new Map(), committed: new Map(), finalState: [], violations: [], resumedAtTies: 0 };
  const committedSet = new Map<string, Set<string>>(NAMES.map((n) => [n, new Set()]));
  for (let run = 0; run < 12; run++) {
    const killWhen = run >= 8 ? undefined : plan(run, random);
    for (const state of held.values()) if ((state.stream.stream_state.ids_at_created_at?.length ?? 0) >= 2) sync.resumedAtTies += 1;
    const result = await runConnector('read', {
      config: { api_key: sim.apiKey, base_url: sim.url, requests_per_second: 100, page_size: 20 },
      catalog: CATALOG,
      ...(held.size > 0 ? { state: [...held.values()] } : {}),
      ...(killWhen ? { killWhen } : {}),
      timeoutMs: 30_000,
    });
    sync.runs.push(result);
    expect(result.invalidLines).toEqual([]);
    const killed = result.signal === 'SIGKILL';
    if (!killed) {
      expect(result.exitCode, JSON.stringify(result.errors().map((e) => e.trace.error))).toBe(0);
      expect(result.stderr).toBe('');
    }

    // Walk the messages in order: per stream, records pending since the last STATE become committed at a STATE.
    const pending = new Map<string, string[]>(NAMES.map((n) => [n, []]));
    for (const m of result.messages) {
      if (m.type === 'RECORD') {
        const stream = m.record.stream as string;
        const pk = pkOf(m);
        if (committedSet.get(stream)?.has(pk)) sync.violations.push(`run ${run}: ${stream} ${pk} came again after a STATE covered it`);
        const counts = sync.emitted.get(stream) ?? new Map<string, number>();
        counts.set(pk, (counts.get(pk) ?? 0) + 1);
        sync.emitted.set(stream, counts);
        pending.get(stream)?.push(pk);
      } else if (m.type === 'STATE') {
        const stream = m.state.stream.stream_descriptor.name as string;
        const since = pending.get(stream) ?? [];
        if (m.state.sourceStats?.recordCount !== since.length) {
          sync.violations.push(
            `run ${run}: ${stream} STATE says recordCount ${m.state.sourceStats?.recordCount}, ${since.length} records since the previous one`,
          );
        }
        for (const pk of since) committedSet.get(stream)?.add(pk);
        sync.committed.set(stream, [...(sync.committed.get(stream) ?? []), ...since]);
        pending.set(stream, []);
        held.set(stream, { type: 'STREAM', stream: m.state.stream });
      }
    }
    if (!killed) {
      for (const name of NAMES) expect(result.statuses(name).at(-1)).toBe('COMPLETE');
      // A finished run leaves nothing uncovered.
      for (const [stream, pks] of pending) expect(pks, stream).toEqual([]);
      sync.finalState = [...held.values()];
      if (process.env.KILL_RESUME_DEBUG) {
        console.log(
          seed,
          sync.runs.map((r) => `${r.signal ?? r.exitCode}:${r.records().length}r/${r.states().length}s`).join(' '),
          'ties',
          sync.resumedAtTies,
        );
      }
      return sync;
    }
  }
  throw new Error('the sync never completed');
}

function expectExactlyTheSimulatorsRecords(sync: Sync, ws: Workspace): void {
  expect(sync.violations).toEqual([]);
  for (const name of NAMES) {
    const truth = [...STREAMS[name].ids(ws)].sort();
    // Union over all runs = the simulator's set.
    expect([...(sync.emitted.get(name)?.keys() ?? [])].sort(), name).toEqual(truth);
    // Covered by STATEs: each record exactly once.
    expect([...(sync.committed.get(name) ?? [])].sort(), name).toEqual(truth);
  }
}

describe('kill -9 and resume from the last STATE', () => {
  let sim: Simulator;
  let ws: Workspace;

  beforeAll(async () => {
    ws = createSeededWorkspace();
    // Big tie groups in the middle of deals (page size 20 puts page boundaries inside them)...
    const deals = ws
      .records('deals')
      .map((r) => r.created_at)
      .sort();
    for (const [at, count] of [
      [deals[100], 30],
      [deals[180], 7],
      [deals[181], 5],
      [deals[39], 3],
    ] as const) {
      for (let i = 0; i < count; i++) ws.addRecord('deals', { created_at: at as string });
    }
    // ... in tasks (ordered collection, cursor applied client-side)...
    const tasks = ws
      .tasks()
      .map((t) => t.created_at)
      .sort();
    for (const [at, count] of [
      [tasks[300], 25],
      [tasks[59], 4],
    ] as const) {
      for (let i = 0; i < count; i++) ws.addTask({ content_plaintext: `tie task ${i}`, created_at: at as string });
    }
    // ... and in a list.
    const entries = ws.entries('watchlist').sort((a, b) => (a.created_at < b.created_at ? -1 : 1));
    const anchor = entries[17];
    for (let i = 0; i < 12; i++)
      ws.addEntry('watchlist', { parent_record_id: anchor?.parent_record_id as string, created_at: anchor?.created_at as string });
    sim = await startSimulator({ workspace: ws });
  });
  afterAll(() => sim.close());

  it('the data set has the ties this test needs', () => {
    const groups = (values: string[]) => {
      const counts = new Map<string, number>();
      for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
      return [...counts.values()].filter((c) => c > 1).sort((a, b) => b - a);
    };
    expect(groups(ws.records('deals').map((r) => r.created_at))[0]).toBeGreaterThanOrEqual(31);
    expect(groups(ws.tasks().map((t) => t.created_at))[0]).toBeGreaterThanOrEqual(26);
    expect(groups(ws.entries('watchlist').map((e) => e.created_at))[0]).toBeGreaterThanOrEqual(13);
    expect(ws.records('deals').length).toBe(250 + 45);
  });

  it('killed after a random number of messages (seeds 11, 12): every record, none covered by a STATE repeated', async () => {
    let resumedAtTies = 0;
    for (const seed of [11, 12]) {
      const sync = await syncWithKills(sim, seed, (_run, random) => {
        const limit = 5 + Math.floor(random() * 700);
        return (_m, index) => index + 1 >= limit;
      });
      expect(sync.runs.filter((r) => r.signal === 'SIGKILL').length, `seed ${seed}`).toBeGreaterThanOrEqual(1);
      expectExactlyTheSimulatorsRecords(sync, ws);
      resumedAtTies += sync.resumedAtTies;
    }
    // Some run resumed from a checkpoint holding several ids at one created_at (a tie group).
    expect(resumedAtTies).toBeGreaterThanOrEqual(1);
  });

  it('killed right after a STATE (seed 21): every record, none covered by a STATE repeated', async () => {
    const sync = await syncWithKills(sim, 21, (_run, random) => {
      const nth = 1 + Math.floor(random() * 25);
      let states = 0;
      return (m) => m.type === 'STATE' && ++states >= nth;
    });
    expect(sync.runs.filter((r) => r.signal === 'SIGKILL').length).toBeGreaterThanOrEqual(2);
    expectExactlyTheSimulatorsRecords(sync, ws);
    // Each kill came right after a STATE: that STATE's stream had nothing uncovered when the run died.
    for (const r of sync.runs.filter((x) => x.signal === 'SIGKILL')) expect((r.messages.at(-1) as Message).type).toBe('STATE');
  });

  it('killed between two records (seed 31), then nothing new, then only what was added since', async () => {
    const sync = await syncWithKills(sim, 31, (_run, random) => {
      const nth = 2 + Math.floor(random() * 600);
      let records = 0;
      return (m) => m.type === 'RECORD' && ++records >= nth;
    });
    expect(sync.runs.filter((r) => r.signal === 'SIGKILL').length).toBeGreaterThanOrEqual(1);
    expectExactlyTheSimulatorsRecords(sync, ws);

    // From the final state: no records, a STATE per stream (CAT's two-sequential-reads / future-state shape).
    const again = await runConnector('read', {
      config: { api_key: sim.apiKey, base_url: sim.url, requests_per_second: 100, page_size: 20 },
      catalog: CATALOG,
      state: sync.finalState,
    });
    expect(again.exitCode).toBe(0);
    expect(again.records()).toEqual([]);
    for (const name of NAMES) expect(again.states(name).length, name).toBeGreaterThanOrEqual(1);

    // Created since: three deals and two tasks (two of them sharing one created_at). Only they come.
    const added = [ws.addRecord('deals'), ws.addRecord('deals')];
    added.push(ws.addRecord('deals', { created_at: added[1]?.created_at as string }));
    const tasks = [ws.addTask({ content_plaintext: 'new task 1' }), ws.addTask({ content_plaintext: 'new task 2' })];
    const after = await runConnector('read', {
      config: { api_key: sim.apiKey, base_url: sim.url, requests_per_second: 100, page_size: 20 },
      catalog: CATALOG,
      state: stateFileFrom(again.messages),
    });
    expect(after.exitCode).toBe(0);
    expect(after.records('deals').map(pkOf).sort()).toEqual(added.map((r) => r.id.record_id).sort());
    expect(after.records('tasks').map(pkOf).sort()).toEqual(tasks.map((t) => t.id.task_id).sort());
    expect(after.records('notes')).toEqual([]);
    expect(after.records('list_entries_watchlist')).toEqual([]);
  });
});
