// Rows the exact mirror finds changed without a newer cursor value (a cleared value, an edited note) are fetched
// by id after the read, one request each, instead of reading the stream a second time; past as many rows as the
// read took requests, the stream is read again instead (docs/attio.md, "The row sketch"). Counted at the
// simulator, per route, and each sync checked against a fresh full refresh in DuckDB (mirror-sync.ts).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFor } from '../harness/simulated.js';
import { createSeededWorkspace, randomChanges, type Simulator, startSimulator } from '../simulator/index.js';
import { differences, MirrorSession, type MirrorStreams, type SyncOutcome } from './mirror-sync.js';

const STREAMS: MirrorStreams = { objects: ['deals'], lists: ['recruiting'], fixed: ['notes', 'tasks'] };
const ROUTES = {
  dealsRead: 'POST /v2/objects/{object}/records/query',
  dealById: 'GET /v2/objects/{object}/records/{record_id}',
  entriesRead: 'POST /v2/lists/{list}/entries/query',
  entryById: 'GET /v2/lists/{list}/entries/{entry_id}',
  notesRead: 'GET /v2/notes',
  noteById: 'GET /v2/notes/{note_id}',
  tasksRead: 'GET /v2/tasks',
  taskById: 'GET /v2/tasks/{task_id}',
} as const;
type Counts = Record<keyof typeof ROUTES, number>;

describe('the mirror fetches a few changed rows by id, and reads the stream again for many', () => {
  let sim: Simulator;
  let mirror: MirrorSession;
  beforeAll(async () => {
    sim = await startSimulator({ workspace: createSeededWorkspace() });
    mirror = await MirrorSession.start(sim, configFor(sim, { page_size: 50, max_concurrent_requests: 4 }), STREAMS);
  });
  afterAll(async () => {
    mirror?.close();
    await sim?.close();
  });

  /** One sync (the incremental run and the full refresh it is checked against): requests per route, and its problems. */
  async function sync(): Promise<{ counts: Counts; problems: string[]; outcome: SyncOutcome }> {
    const before = { ...sim.stats.byRoute };
    const outcome = await mirror.sync();
    expect(outcome.run.exitCode).toBe(0);
    const counts = Object.fromEntries(
      Object.entries(ROUTES).map(([name, route]) => [name, (sim.stats.byRoute[route] ?? 0) - (before[route] ?? 0)]),
    ) as Counts;
    return { counts, problems: differences(outcome, (s) => mirror.keyColumn(s)), outcome };
  }

  it('a few changed rows: one request each, no second read; many: a second read, none by id; exact throughout', async () => {
    expect((await sync()).problems).toEqual([]);
    // Nothing changed: what one incremental sync and its full refresh cost, with nothing fetched by id.
    const quiet = await sync();
    expect(quiet.problems).toEqual([]);
    expect(quiet.counts).toMatchObject({ dealById: 0, entryById: 0, noteById: 0, taskById: 0 });

    // Two deals and an entry cleared (no newer value), two notes and two tasks edited (their created_at unmoved).
    const ws = sim.workspace;
    const few = [
      ...randomChanges(ws, { seed: 61, objects: ['deals'], clearPerStep: 2 }),
      ...randomChanges(ws, { seed: 62, lists: ['recruiting'], clearPerStep: 1 }),
      ...randomChanges(ws, { seed: 63, objects: ['deals'], notesPerStep: { edit: 2 }, tasksPerStep: { edit: 2 } }),
    ];
    const edited = (target: string) => new Set(few.filter((c) => c.target === target).map((c) => c.id)).size;
    expect(few.length).toBeGreaterThan(0);
    const fewSync = await sync();
    expect(fewSync.problems).toEqual([]);
    // The rows' own requests, one each (a cleared row whose last_value_set_at still fell in the cursor's margin is
    // emitted by the read itself), and no second read: the listings cost what they cost with nothing changed.
    expect(fewSync.counts.dealById).toBeGreaterThanOrEqual(1);
    expect(fewSync.counts.dealById).toBeLessThanOrEqual(2);
    expect(fewSync.counts.entryById).toBeLessThanOrEqual(1);
    expect(fewSync.counts.noteById).toBe(edited('notes'));
    expect(fewSync.counts.taskById).toBe(edited('tasks'));
    expect(edited('notes') + edited('tasks')).toBeGreaterThan(0);
    for (const read of ['dealsRead', 'entriesRead', 'notesRead', 'tasksRead'] as const) {
      expect(fewSync.counts[read], read).toBe(quiet.counts[read]);
    }

    // The sketch holds what was sent: the next sync, with nothing changed, fetches nothing.
    const after = await sync();
    expect(after.problems).toEqual([]);
    expect(after.counts).toMatchObject({ dealById: 0, entryById: 0, noteById: 0, taskById: 0 });

    // More changed deals than the read took requests: the stream is read again instead, and nothing by id.
    const deals = ws.records('deals').length;
    const dealsPages = Math.ceil(deals / 50);
    randomChanges(ws, { seed: 64, objects: ['deals'], clearPerStep: dealsPages + 10 });
    const many = await sync();
    expect(many.problems).toEqual([]);
    expect(many.counts.dealById).toBe(0);
    expect(many.counts.dealsRead).toBeGreaterThan(quiet.counts.dealsRead);
    expect(many.counts.entriesRead).toBe(quiet.counts.entriesRead);
  });

  it('a row deleted between the read and its fetch by id is no tombstone; the next complete read makes it one', async () => {
    const ws = sim.workspace;
    expect((await sync()).problems).toEqual([]);
    randomChanges(ws, { seed: 71, objects: ['deals'], clearPerStep: 2, notesPerStep: { edit: 2 } });
    // The first deal and the first note fetched by id are deleted just before Attio answers: a 404.
    const deleted: string[] = [];
    const remove = sim.onRequest((req) => {
      if (req.route === ROUTES.dealById && !deleted.some((d) => d.startsWith('deal'))) {
        ws.deleteRecord('deals', req.params.record_id as string);
        deleted.push(`deal ${req.params.record_id}`);
      }
      if (req.route === ROUTES.noteById && !deleted.some((d) => d.startsWith('note'))) {
        ws.deleteNote(req.params.note_id as string);
        deleted.push(`note ${req.params.note_id}`);
      }
    });
    const during = await sync();
    remove();
    expect(deleted).toHaveLength(2);
    // No false tombstone (checked by differences), and none at all: nothing proves them gone but one answer.
    expect(during.problems).toEqual([]);
    expect(during.outcome.emitted.deals?.tombstones).toBe(0);
    expect(during.outcome.emitted.notes?.tombstones).toBe(0);
    // The next sync reads the streams completely, finds both gone, and is exact.
    const next = await sync();
    expect(next.problems).toEqual([]);
    expect(next.outcome.emitted.deals?.tombstones).toBe(1);
    expect(next.outcome.emitted.notes?.tombstones).toBe(1);
  });
});
