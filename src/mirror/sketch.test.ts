import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CellTable } from './cells.js';
import { rowFingerprint } from './fingerprint.js';
import { capacityOf, LARGEST_SIZE, nextSize, SIZES, Sketch, SketchBuilder, SketchUnreadable, sizeFor } from './sketch.js';

// Deterministic pseudo-random keys and fingerprints (mulberry32): the same figures every run.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
const hex = (word: number): string => word.toString(16).padStart(8, '0');
function uuid(next: () => number): string {
  const [a, b, c, d] = [hex(next()), hex(next()), hex(next()), hex(next())];
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}

const COVERAGE = { startDate: '2024-01-01T00:00:00.000000000Z', columns: ['record_id', 'name', 'last_value_set_at'] };

/** A stream's rows as key → fingerprint words. */
type Rows = Map<string, [number, number]>;

function rows(count: number, next: () => number): Rows {
  const out: Rows = new Map();
  for (let i = 0; i < count; i++) out.set(uuid(next), [next(), next()]);
  return out;
}

function build(set: Rows, seed: number, coverage = COVERAGE): SketchBuilder {
  const builder = new SketchBuilder(coverage, seed);
  for (const [key, [low, high]] of set) builder.add(key, low, high);
  return builder;
}

/** Deletes, edits and adds rows of a copy; returns it with what was done. */
function mutate(set: Rows, next: () => number, counts: { deleted: number; changed: number; added: number }) {
  const after: Rows = new Map(set);
  const keys = [...set.keys()];
  const deleted = keys.slice(0, counts.deleted);
  const changed = keys.slice(counts.deleted, counts.deleted + counts.changed);
  for (const key of deleted) after.delete(key);
  for (const key of changed) after.set(key, [next(), next()]);
  const added = [...rows(counts.added, next).entries()];
  for (const [key, fingerprint] of added) after.set(key, fingerprint);
  return { after, deleted, changed, added: added.map(([key]) => key) };
}

describe('the row sketch', () => {
  it('finds exactly the rows deleted, changed and added between two syncs', () => {
    const next = random(1);
    const before = rows(5_000, next);
    const previous = build(before, 7).sketch(sizeFor(0));
    const { after, deleted, changed, added } = mutate(before, next, { deleted: 17, changed: 23, added: 11 });
    const comparison = build(after, 7).compare(Sketch.parse(previous.serialize()));
    expect(comparison.kind).toBe('decoded');
    if (comparison.kind !== 'decoded') return;
    expect(comparison.gone.sort()).toEqual(deleted.sort());
    expect(comparison.changed.sort()).toEqual(changed.sort());
    expect(comparison.appeared.sort()).toEqual(added.sort());
    expect(comparison.difference).toBe(17 + 2 * 23 + 11);
  });

  it('finds no difference between two reads of the same rows, whatever the order', () => {
    const set = rows(2_000, random(2));
    const reversed = new Map([...set].reverse());
    const comparison = build(reversed, 3).compare(build(set, 3).sketch(sizeFor(0)));
    expect(comparison).toEqual({ kind: 'decoded', gone: [], changed: [], appeared: [], difference: 0 });
  });

  it('decodes at every size a sketch may have, each at the most pairs it is planned for', () => {
    for (const size of SIZES.filter((candidate) => candidate >= sizeFor(0))) {
      const next = random(size);
      const quarter = Math.floor(capacityOf(size) / 4);
      const before = rows(2 * quarter, next);
      const { after, deleted, changed } = mutate(before, next, { deleted: quarter, changed: quarter, added: quarter });
      const comparison = build(after, size).compare(build(before, size).sketch(size));
      expect(comparison.kind, `size ${size}, ${4 * quarter} pairs`).toBe('decoded');
      if (comparison.kind === 'decoded') expect(comparison.gone.length + comparison.changed.length).toBe(deleted.length + changed.length);
    }
  });

  it('decodes every one of 300 random differences at the planned size (the measured failure rate is far below 1 in 300)', () => {
    let failures = 0;
    for (let trial = 0; trial < 300; trial++) {
      const next = random(1000 + trial);
      const before = rows(200, next);
      const { after } = mutate(before, next, { deleted: 20, changed: 20, added: 20 });
      const seen = 80; // last sync's difference: the next sketch is planned for twice that
      const comparison = build(after, trial).compare(build(before, trial).sketch(sizeFor(seen)));
      if (comparison.kind !== 'decoded') failures++;
    }
    expect(failures).toBe(0);
  });

  it('says undecodable, with an estimate, when more rows changed than the sketch holds, and never lists a partial difference', () => {
    const next = random(4);
    const before = rows(20_000, next);
    const previous = build(before, 11).sketch(sizeFor(0));
    const { after } = mutate(before, next, { deleted: 300, changed: 300, added: 400 });
    const comparison = build(after, 11).compare(previous);
    expect(comparison.kind).toBe('undecodable');
    if (comparison.kind !== 'undecodable') return;
    // 1,300 pairs: the strata estimate is rough, within a factor of two.
    expect(comparison.estimate).toBeGreaterThan(650);
    expect(comparison.estimate).toBeLessThan(2_600);
    // The next sketch is sized for the change just seen: the same change then decodes.
    const size = nextSize(comparison, previous);
    expect(size).toBeGreaterThan(previous.size);
    const resized = build(before, 11).sketch(size);
    expect(build(after, 11).compare(resized).kind).toBe('decoded');
  });

  it('a difference too large to estimate sizes the next sketch at the largest size', () => {
    expect(nextSize({ kind: 'undecodable', estimate: Number.POSITIVE_INFINITY }, undefined)).toBe(LARGEST_SIZE);
    expect(nextSize({ kind: 'undecodable', estimate: 10 }, build(new Map(), 1).sketch(96))).toBeGreaterThan(96);
    expect(nextSize(undefined, undefined)).toBe(sizeFor(0));
    expect(nextSize({ kind: 'incomparable', reason: 'columns' }, undefined)).toBe(sizeFor(0));
  });

  it('believes no entry that fails its checksum: a corrupted cell makes the difference undecodable, not wrong', () => {
    const next = random(5);
    const before = rows(3_000, next);
    const { after } = mutate(before, next, { deleted: 5, changed: 5, added: 5 });
    const saved = build(before, 13).sketch(sizeFor(0));
    for (let trial = 0; trial < 50; trial++) {
      const corrupt = saved.table.copy();
      const word = (next() % corrupt.sums.length) >>> 0;
      corrupt.sums[word] = (corrupt.sums[word] as number) ^ (1 << (trial % 32));
      const tampered = new Sketch(saved.seed, saved.rows, saved.startDate, saved.columns, corrupt, saved.strata);
      expect(build(after, 13).compare(tampered).kind).toBe('undecodable');
    }
    // A count off by one is caught too.
    const corrupt = saved.table.copy();
    corrupt.counts[7] = (corrupt.counts[7] as number) + 1;
    const tampered = new Sketch(saved.seed, saved.rows, saved.startDate, saved.columns, corrupt, saved.strata);
    expect(build(after, 13).compare(tampered).kind).toBe('undecodable');
  });

  it('never calls a row gone that this read saw: a key read twice keeps its first pair, and is not a deletion', () => {
    const next = random(6);
    const before = rows(1_000, next);
    const previous = build(before, 17).sketch(sizeFor(0));
    const builder = build(before, 17);
    const [key] = before.keys();
    expect(builder.add(key as string, 1, 2)).toBe('repeated');
    expect(builder.rows).toBe(1_000);
    expect(builder.compare(previous)).toEqual({ kind: 'decoded', gone: [], changed: [], appeared: [], difference: 0 });
    // A previous sketch that held a key twice (by an earlier bug): the stale pair decodes on the old side alone,
    // but this read saw the key, so it is a changed row (fetched again), not a deletion.
    const doubled = new SketchBuilder(COVERAGE, 17);
    for (const [k, [low, high]] of before) doubled.add(k, low, high);
    const table = doubled.sketch(sizeFor(0)).table;
    const ghost = new SketchBuilder(COVERAGE, 17);
    ghost.add(key as string, 99, 99);
    const ghostTable = ghost.sketch(sizeFor(0)).table;
    const merged = new CellTable(
      table.kind,
      table.size,
      table.counts.map((c, i) => c + (ghostTable.counts[i] as number)),
      table.sums.map((w, i) => w ^ (ghostTable.sums[i] as number)),
    );
    const withGhost = new Sketch(17, 1_001, COVERAGE.startDate, previous.columns, merged, previous.strata);
    const comparison = build(before, 17).compare(withGhost);
    expect(comparison).toMatchObject({ kind: 'decoded', gone: [], changed: [key] });
  });

  it('a changed start_date or column set, or a key that is not a UUID, makes the previous sketch incomparable', () => {
    const set = rows(100, random(7));
    const previous = build(set, 19).sketch(sizeFor(0));
    expect(build(set, 19, { ...COVERAGE, startDate: '2023-01-01T00:00:00.000000000Z' }).compare(previous)).toEqual({
      kind: 'incomparable',
      reason: 'start_date',
    });
    expect(build(set, 19, { ...COVERAGE, columns: [...COVERAGE.columns, 'domains'] }).compare(previous)).toEqual({
      kind: 'incomparable',
      reason: 'columns',
    });
    // The order of the columns is not a change.
    expect(build(set, 19, { ...COVERAGE, columns: [...COVERAGE.columns].reverse() }).compare(previous).kind).toBe('decoded');
    expect(build(set, 20).compare(previous)).toEqual({ kind: 'incomparable', reason: 'seed' });
    const builder = build(set, 19);
    expect(builder.add('not-a-uuid', 1, 2)).toBe('not-uuid');
    // Attio's form is lowercase: another spelling would decode to a key the destination does not hold.
    expect(builder.add([...set.keys()][0]!.toUpperCase(), 1, 2)).toBe('not-uuid');
    expect(builder.uncovered).toBe(2);
    expect(builder.compare(previous)).toEqual({ kind: 'incomparable', reason: 'keys' });
  });

  it('round-trips through its base64 state, header included, and refuses anything else', () => {
    const set = rows(500, random(8));
    const saved = build(set, 0xdeadbeef).sketch(96);
    const text = saved.serialize();
    const parsed = Sketch.parse(text);
    expect(parsed.seed).toBe(0xdeadbeef);
    expect(parsed.rows).toBe(500);
    expect(parsed.size).toBe(96);
    expect(parsed.startDate).toBe(COVERAGE.startDate);
    expect(parsed.covers(COVERAGE)).toBeUndefined();
    expect(parsed.serialize()).toBe(text);
    const bytes = Buffer.from(text, 'base64');
    const withVersion = (version: number) => {
      const copy = Buffer.from(bytes);
      copy[0] = version;
      return copy.toString('base64');
    };
    expect(() => Sketch.parse(withVersion(2))).toThrow(SketchUnreadable);
    expect(() => Sketch.parse(bytes.subarray(0, bytes.length - 1).toString('base64'))).toThrow(SketchUnreadable);
    expect(() => Sketch.parse('not base64!')).toThrow(SketchUnreadable);
    expect(() => Sketch.parse('')).toThrow(SketchUnreadable);
  });

  it('keeps the state within its bounds, whatever the number of rows (prints the sizes)', () => {
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    const printed: string[] = [];
    // Syncs of `count` rows (row i's key is i in the UUID's last 12 digits), each after `changes` changed rows (a
    // third deleted, a third edited, a third added): the state each sync saves, by the sizing rule.
    const syncs = (count: number, changes: number, rounds: number) => {
      const third = Math.floor(changes / 3);
      const key = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
      let previous: Sketch | undefined;
      const states: number[] = [];
      const kinds: string[] = [];
      for (let round = 0; round < rounds; round++) {
        const builder = new SketchBuilder(COVERAGE, 42);
        // Round r: rows [r·third, count + r·third) exist; the first `third` of them were edited in this round.
        const first = round * third;
        for (let i = first; i < count + first; i++) builder.add(key(i), i, i < first + third ? round : 0);
        const comparison = previous && builder.compare(previous);
        if (comparison) kinds.push(comparison.kind);
        previous = builder.sketch(nextSize(comparison, previous));
        states.push(previous.serialize().length);
      }
      printed.push(`${count} rows, ${changes} changes a sync: states ${states.map(kb).join(', ')} (${kinds.join(', ')})`);
      return { states, kinds };
    };
    const small = syncs(30_000, 48, 3);
    expect(small.kinds).toEqual(['decoded', 'decoded']);
    expect(Math.max(...small.states)).toBeLessThanOrEqual(64 * 1024);
    // The first state is planned for a few dozen changes: 1,000 are undecodable once, then sized for.
    const large = syncs(1_000_000, 1_000, 3);
    expect(large.kinds).toEqual(['undecodable', 'decoded']);
    expect(Math.max(...large.states)).toBeLessThanOrEqual(256 * 1024);
    const largest = new SketchBuilder(COVERAGE, 1).sketch(LARGEST_SIZE).serialize().length;
    printed.push(`largest state: ${kb(largest)}`);
    expect(largest).toBeLessThanOrEqual(256 * 1024);
    // Never growing with the rows: the same changes over 1,000 or 100,000 rows save the same bytes.
    expect(syncs(1_000, 48, 2).states).toEqual(syncs(100_000, 48, 2).states);
    console.info(printed.join('\n'));
  }, 120_000);
});

describe('the row fingerprint', () => {
  const fingerprint = rowFingerprint(['record_id', 'name', 'tags', 'location', '_ab_cdc_deleted_at'], ['_ab_cdc_deleted_at']);
  const of = (row: Record<string, unknown>) => {
    const out = new Uint32Array(2);
    fingerprint(row, out, 0);
    return [...out];
  };
  const row = { record_id: 'a', name: 'Acme', tags: ['x', 'y'], location: { city: 'Paris', zip: null } };

  it('does not depend on the order of the columns, nor on the ignored ones, nor on unselected extras', () => {
    const reordered = { location: row.location, tags: row.tags, name: row.name, record_id: row.record_id };
    expect(of(reordered)).toEqual(of(row));
    expect(of({ ...row, _ab_cdc_deleted_at: '2024-01-01T00:00:00Z' })).toEqual(of(row));
    expect(of({ ...row, not_a_column: 1 })).toEqual(of(row));
  });

  it('changes with any change of content: a cleared value, one option less, a nested field', () => {
    const base = of(row);
    expect(of({ ...row, name: null })).not.toEqual(base);
    expect(of({ ...row, tags: ['x'] })).not.toEqual(base);
    expect(of({ ...row, location: { city: 'Lyon', zip: null } })).not.toEqual(base);
    expect(of({ ...row, location: { city: 'Paris' } })).not.toEqual(base);
  });

  it('is the first 64 bits of the SHA-1 of the JSON with the columns in name order: the same in every version', () => {
    // A change here would make every row of every saved sketch read as changed.
    const digest = createHash('sha1')
      .update('{"location":{"city":"Paris","zip":null},"name":"Acme","record_id":"a","tags":["x","y"]}')
      .digest();
    expect(of(row)).toEqual([digest.readUInt32LE(0), digest.readUInt32LE(4)]);
  });
});
