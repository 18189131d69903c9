import { describe, expect, it } from 'vitest';
import type { Logger } from '../logger.js';
import { ROW_SKETCH } from './sketch.js';
import { rereadById, StreamMirror } from './stream-mirror.js';

function recorder(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  return { logger: { warn: (m: string) => warnings.push(m), info: () => {} } as unknown as Logger, warnings };
}

const COVERAGE = { startDate: '', columns: ['record_id', 'name'] };
const key = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
type Rows = Map<string, string>;

/** One sync: every row observed, those in `picked` emitted by the cursor; the state it saves, what it settled. */
function sync(
  previous: string | undefined,
  rows: Rows,
  picked: Iterable<string> = [],
  /** `sent`: what reading a changed row again found, where it is not its row in `rows` (undefined: not found). */
  options: { allow?: boolean; startDate?: string; sent?: Map<string, string | undefined> } = {},
) {
  const { logger, warnings } = recorder();
  const mirror = new StreamMirror({
    stream: 'people',
    logger,
    previous,
    coverage: { ...COVERAGE, startDate: options.startDate ?? '' },
    allowMassDeletions: options.allow ?? false,
    seed: 5,
  });
  for (const [id, name] of rows) mirror.observe(id, { record_id: id, name });
  const settled = mirror.settle(new Set(picked), { fullRead: 5, byId: true });
  for (const id of settled.reread) {
    const name = options.sent?.has(id) ? options.sent.get(id) : rows.get(id);
    mirror.sent(id, name === undefined ? undefined : { record_id: id, name });
  }
  if (settled.rereadAll) {
    mirror.startOver();
    for (const [id, name] of rows) mirror.observe(id, { record_id: id, name });
  }
  return { everyRow: mirror.everyRow, settled, warnings, state: mirror.state()[ROW_SKETCH] as string };
}

const rows = (count: number): Rows => new Map(Array.from({ length: count }, (_, i) => [key(i), `name ${i}`]));

describe('StreamMirror', () => {
  it('a first sync claims no deletion; the next finds deletions, and silent changes to read again', () => {
    const first = sync(undefined, rows(100));
    expect(first.everyRow).toBe(false);
    expect(first.settled).toEqual({ tombstones: [], reread: new Set(), byId: false, rereadAll: false });
    expect(first.warnings).toEqual([]);
    const next = rows(100);
    next.delete(key(3));
    next.set(key(7), 'renamed'); // picked by the cursor: already emitted
    next.set(key(8), null as unknown as string); // cleared: the cursor did not move
    next.set(key(200), 'new, backdated');
    const second = sync(first.state, next, [key(7)]);
    expect(second.everyRow).toBe(false);
    expect(second.settled.tombstones).toEqual([key(3)]);
    expect([...second.settled.reread].sort()).toEqual([key(8), key(200)]);
    expect(second.warnings).toEqual([]);
  });

  it('reads changed rows by id while they are no more than the requests of a full read', () => {
    expect(rereadById(5, { fullRead: 5, byId: true })).toBe(true);
    expect(rereadById(6, { fullRead: 5, byId: true })).toBe(false);
    expect(rereadById(1, { fullRead: 5, byId: false })).toBe(false);
    const first = sync(undefined, rows(100));
    const few = new Map([...rows(100)].map(([id, name], i) => [id, i < 3 ? `${name}, cleared` : name]));
    expect(sync(first.state, few).settled.byId).toBe(true);
    const many = new Map([...rows(100)].map(([id, name], i) => [id, i < 6 ? `${name}, cleared` : name]));
    expect(sync(first.state, many).settled).toMatchObject({ byId: false, rereadAll: false });
  });

  it('a row read again enters the sketch as it was sent, even when it changed again after the first pass', () => {
    const first = sync(undefined, rows(100));
    const next = rows(100);
    next.set(key(8), 'cleared');
    // Changed again between the first pass and the fetch by id: what was sent is the later version.
    const second = sync(first.state, next, [], { sent: new Map([[key(8), 'cleared, then renamed']]) });
    expect([...second.settled.reread]).toEqual([key(8)]);
    const now = rows(100);
    now.set(key(8), 'cleared, then renamed');
    expect(sync(second.state, now).settled.reread.size).toBe(0);
    // Had the sketch kept the first pass's version, going back to it would go unseen; it does not.
    const back = rows(100);
    back.set(key(8), 'cleared');
    expect([...sync(second.state, back).settled.reread]).toEqual([key(8)]);
  });

  it('a row not found when read again is no tombstone; the next complete read decides', () => {
    const first = sync(undefined, rows(100));
    const next = rows(100);
    next.set(key(8), 'cleared');
    next.set(key(300), 'new');
    const missing = new Map([
      [key(8), undefined],
      [key(300), undefined],
    ]);
    const second = sync(first.state, next, [], { sent: missing });
    expect(second.settled.tombstones).toEqual([]);
    expect([...second.settled.reread].sort()).toEqual([key(8), key(300)]);
    // Both really gone: the changed row is a tombstone now (its previous pair was kept); the new one was never sent.
    const gone = rows(100);
    gone.delete(key(8));
    expect(sync(second.state, gone).settled).toMatchObject({ tombstones: [key(8)], reread: new Set() });
    // Both still there (the 404 was passing): each is read again.
    expect([...sync(second.state, next).settled.reread].sort()).toEqual([key(8), key(300)]);
  });

  it('holds back a deletion of more than half the stream, keeps it in the sketch, and sends it once allowed', () => {
    const first = sync(undefined, rows(40));
    const few = new Map([...rows(40)].slice(0, 12));
    const held = sync(first.state, few);
    expect(held.settled.tombstones).toEqual([]);
    expect(held.warnings).toEqual([expect.stringContaining('28 of its 40 rows are gone')]);
    // Still gone next time: held back again, then sent when allowed.
    expect(sync(held.state, few).settled.tombstones).toEqual([]);
    const gone = Array.from({ length: 28 }, (_, i) => key(12 + i));
    expect(sync(held.state, few, [], { allow: true }).settled.tombstones.sort()).toEqual(gone.sort());
    // In a stream of a few rows, more than half is not suspicious: 6 of 10 go.
    const small = sync(undefined, rows(10));
    expect(sync(small.state, new Map([...rows(10)].slice(0, 4))).settled.tombstones).toHaveLength(6);
  });

  it('an undecodable difference: every row again, a WARN, and a sketch the next sync decodes', () => {
    const first = sync(undefined, rows(3_000));
    const flood = new Map([...rows(3_000)].map(([id, name], i) => [id, i % 3 === 0 ? `${name}!` : name]));
    const undecodable = sync(first.state, flood);
    expect(undecodable.settled.rereadAll).toBe(true);
    expect(undecodable.warnings).toEqual([expect.stringContaining('more rows changed since the previous sync than its row sketch')]);
    const after = new Map(flood);
    after.delete(key(1));
    expect(sync(undecodable.state, after).settled.tombstones).toEqual([key(1)]);
  });

  it('a changed start_date or an unreadable sketch starts over: every row, no tombstone, a WARN', () => {
    const first = sync(undefined, rows(10));
    const changed = sync(first.state, rows(5), [], { startDate: '2024-01-01T00:00:00.000000000Z' });
    expect(changed.everyRow).toBe(true);
    expect(changed.settled.tombstones).toEqual([]);
    expect(changed.warnings).toEqual([expect.stringContaining('start_date changed since the previous sync')]);
    const unreadable = sync('AAAA', rows(5));
    expect(unreadable.everyRow).toBe(true);
    expect(unreadable.warnings).toEqual([expect.stringContaining('not one this version reads')]);
  });
});
