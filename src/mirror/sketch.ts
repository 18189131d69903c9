// The row sketch of a stream: what a sync saves instead of its rows' ids, so that the next sync finds, from the
// difference alone, which rows disappeared and which changed (docs/attio.md, "An exact mirror").
//
// The set: one (primary key, content fingerprint) pair per row. The key is a UUID (128 bits, so that the decoded
// key is the row's key itself); the fingerprint, 64 bits of the row's content (fingerprint.ts). A row deleted since
// the previous sync leaves a pair only in the old set, a new row one only in the new set, a changed row one on each
// side under the same key.
//
// The sketch: an invertible Bloom lookup table of those pairs (cells.ts; Eppstein, Goodrich, Uyeda and Varghese,
// SIGCOMM 2011) with 3 subtables. A cell is a 16-bit count, the XOR of the pairs' 6 words (key and fingerprint),
// and the XOR of their 64-bit checks (2 words): 34 bytes. Hashes: seeded MurmurHash3 words (hash.ts); the seed is
// drawn when a sketch starts and kept by every later one, so the old and new sketches hash alike. The read builds
// at the largest size (LARGEST_SIZE cells per subtable) and folds down to any divisor of it: to the size of the
// previous sketch to subtract and peel it, and to the size the next sync needs to save it. Alongside, a strata
// estimator (strata.ts) measures a difference too large to peel, so that the next sketch is sized for it.
//
// Why not a package: @peerbit/riblt (the rateless form of Yang, Gilad and Alizadeh, SIGCOMM 2024) takes 64-bit
// symbols only, too small for a 128-bit key with its fingerprint, and runs as WebAssembly; folding gives the
// fixed-size table the one thing rateless coding would add here (comparing with a sketch of another size).
//
// Sizing: the next sketch plans for twice the difference just seen (at least FLOOR_PAIRS pairs), needing about
// 1.5 cells per pair plus a constant for small differences (cellsFor, measured in sketch.test.ts); the size is the
// smallest divisor of LARGEST_SIZE that gives that many cells. The state therefore follows the changes, never the
// rows; at the largest size (4,608 cells, 157 KB, 210 KB in base64) it peels about 3,000 pairs.

import { CellTable, type ElementKind } from './cells.js';
import type { Fingerprint } from './fingerprint.js';
import { hash } from 'node:crypto';
import { hashWords, uuidOf, uuidWords } from './hash.js';
import { KeySet } from './key-set.js';
import { Strata, strataKind } from './strata.js';

/** The key of the sketch in a stream's state (declared with the state's other parts in src/state/stream-state.ts). */
export const ROW_SKETCH = 'row_sketch';
/** The key, beside it, of the latest cursor value the mirror has set (see src/state/stream-state.ts). */
export const MIRROR_CURSOR = 'row_sketch_cursor';
export const SKETCH_VERSION = 1;
const HASHES = 4;
/** Cells per subtable of the largest sketch: 2^7 × 3^2, so that its divisors step by at most 1.5. */
export const LARGEST_SIZE = 1152;
const SMALLEST_SIZE = 16;
/** The sizes a sketch may have: the divisors of LARGEST_SIZE, at least SMALLEST_SIZE, ascending. */
export const SIZES: readonly number[] = Array.from({ length: LARGEST_SIZE }, (_, i) => i + 1).filter(
  (size) => size >= SMALLEST_SIZE && LARGEST_SIZE % size === 0,
);
/** The difference a sketch is planned for when no change has been seen, or few: a few dozen changed rows. */
export const FLOOR_PAIRS = 128;

/**
 * Cells for a difference of `pairs` to peel almost surely. Measured (2,000 random differences per size, at the
 * most pairs each size is chosen for): no failure from 96 cells per subtable up; below, about 1 in 1,000, from two
 * pairs sharing all 4 cells, which only more cells prevent (FLOOR_PAIRS keeps sketches at 72 and above).
 */
export function cellsFor(pairs: number): number {
  return Math.ceil(CELLS_PER_PAIR * pairs) + EXTRA_CELLS;
}
const CELLS_PER_PAIR = 1.8;
const EXTRA_CELLS = 40;

/** The most pairs a sketch of this size is planned to peel (cellsFor's inverse). */
export function capacityOf(size: number): number {
  return Math.max(0, Math.floor((HASHES * size - EXTRA_CELLS) / CELLS_PER_PAIR));
}

/** The sketch size planned after seeing a difference of `seen` pairs (Infinity: more than could be measured). */
export function sizeFor(seen: number): number {
  const cells = cellsFor(Math.max(FLOOR_PAIRS, 2 * seen));
  return SIZES.find((size) => size * HASHES >= cells) ?? LARGEST_SIZE;
}

/** A size up from this one (or the largest). */
function sizeAbove(size: number): number {
  return SIZES.find((candidate) => candidate > size) ?? LARGEST_SIZE;
}

/** What a sketch describes: a change of either makes the previous sketch incomparable. */
export interface Coverage {
  /** The start_date the rows were read from ('' for none). */
  startDate: string;
  /** The stream's columns (as emitted); their order does not matter. */
  columns: readonly string[];
}

export type Comparison =
  | {
      kind: 'decoded';
      /** Keys in the old set only: the rows are gone. */
      gone: string[];
      /** Keys on both sides with different fingerprints: the rows changed. */
      changed: string[];
      /** Keys in the new set only: new rows. */
      appeared: string[];
      /** Pairs in the difference (a changed row counts twice). */
      difference: number;
    }
  | {
      kind: 'undecodable';
      /** Estimated pairs in the difference; Infinity beyond what can be told. */
      estimate: number;
    }
  | { kind: 'incomparable'; reason: 'start_date' | 'columns' | 'seed' | 'keys' };

/** What became of a row offered to the builder. */
export type Added =
  | 'added'
  /** Its key was offered before in this read: the sketch keeps the first pair (a changed row then shows next time). */
  | 'repeated'
  /** Its key is not a UUID: not in the sketch, and the read's difference is not trusted. */
  | 'not-uuid';

export class SketchUnreadable extends Error {
  override readonly name = 'SketchUnreadable';
}

/** Pair elements: key (4 words), fingerprint (2 words), then the 64-bit check (2 words); 3 cell indexes. */
function pairKind(seed: number): ElementKind {
  const checkLow = (seed ^ 0x85ebca6b) >>> 0;
  const checkHigh = (seed ^ 0xc2b2ae35) >>> 0;
  const indexSeed = (seed ^ 0x7f4a7c15) >>> 0;
  return {
    words: 6,
    checks: 2,
    hashes: HASHES,
    derive(element, indexes) {
      element[6] = hashWords(checkLow, element, 0, 6);
      element[7] = hashWords(checkHigh, element, 0, 6);
      for (let t = 0; t < HASHES; t++) indexes[t] = hashWords((indexSeed + t * 0x9e3779b1) >>> 0, element, 0, 6);
    },
  };
}

function columnsHash(columns: readonly string[]): Uint32Array {
  const digest = hash('sha1', [...new Set(columns)].sort().join('\n'), 'buffer');
  return Uint32Array.of(digest.readUInt32LE(0), digest.readUInt32LE(4));
}

export class Sketch {
  constructor(
    readonly seed: number,
    /** Pairs (rows) in the set. */
    readonly rows: number,
    readonly startDate: string,
    readonly columns: Uint32Array,
    readonly table: CellTable,
    readonly strata: Strata,
  ) {}

  get size(): number {
    return this.table.size;
  }

  covers(coverage: Coverage): 'start_date' | 'columns' | undefined {
    if (coverage.startDate !== this.startDate) return 'start_date';
    const columns = columnsHash(coverage.columns);
    return columns[0] === this.columns[0] && columns[1] === this.columns[1] ? undefined : 'columns';
  }

  /**
   * Layout (little-endian): version u8, subtables u8, strata levels u8, reserved u8, cells per subtable u32,
   * seed u32, rows u32, columns hash 2×u32, start_date length u8 and its bytes, the table's counts (u16) and sums
   * (u32), then each strata level's. In base64.
   */
  serialize(): string {
    const startDate = new TextEncoder().encode(this.startDate);
    const bytes = 25 + startDate.length + this.table.byteLength + this.strata.byteLength;
    const buffer = new ArrayBuffer(bytes);
    const view = new DataView(buffer);
    view.setUint8(0, SKETCH_VERSION);
    view.setUint8(1, HASHES);
    view.setUint8(2, this.strata.levels.length);
    view.setUint32(4, this.size, true);
    view.setUint32(8, this.seed, true);
    view.setUint32(12, this.rows, true);
    view.setUint32(16, this.columns[0] as number, true);
    view.setUint32(20, this.columns[1] as number, true);
    view.setUint8(24, startDate.length);
    new Uint8Array(buffer, 25, startDate.length).set(startDate);
    let offset = this.table.write(view, 25 + startDate.length);
    offset = this.strata.write(view, offset);
    return Buffer.from(buffer, 0, offset).toString('base64');
  }

  static parse(text: string): Sketch {
    if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new SketchUnreadable('not base64');
    const bytes = Buffer.from(text, 'base64');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < 25) throw new SketchUnreadable('too short');
    const version = view.getUint8(0);
    if (version !== SKETCH_VERSION) throw new SketchUnreadable(`version ${version}`);
    const size = view.getUint32(4, true);
    if (view.getUint8(1) !== HASHES || !SIZES.includes(size)) throw new SketchUnreadable('shape');
    const seed = view.getUint32(8, true);
    const rows = view.getUint32(12, true);
    const columns = Uint32Array.of(view.getUint32(16, true), view.getUint32(20, true));
    const dateLength = view.getUint8(24);
    const kind = pairKind(seed);
    const table = new CellTable(kind, size);
    const strataShape = strataKind(seed);
    const empty = new Strata(strataShape);
    if (view.getUint8(2) !== empty.levels.length) throw new SketchUnreadable('strata');
    if (bytes.length !== 25 + dateLength + table.byteLength + empty.byteLength) throw new SketchUnreadable('length');
    const startDate = new TextDecoder().decode(bytes.subarray(25, 25 + dateLength));
    const read = CellTable.read(view, 25 + dateLength, kind, size);
    const { strata } = Strata.read(view, read.offset, strataShape);
    return new Sketch(seed, rows, startDate, columns, read.table, strata);
  }
}

/** Builds the sketch of one read's rows, at the largest size, with the previous sketch's seed when it has one. */
export class SketchBuilder {
  private readonly kind: ElementKind;
  private readonly table: CellTable;
  private readonly strata: Strata;
  private readonly keys = new KeySet();
  private readonly element = new Uint32Array(8);
  private readonly indexes = new Uint32Array(HASHES);
  private readonly columns: Uint32Array;
  private notUuid = 0;
  private carried = 0;
  /** The old side of the last comparison, by key. */
  private removedPairs = new Map<string, Uint32Array>();
  /** The new side of the last comparison, by key (rows changed or new that may be read again). */
  private addedPairs = new Map<string, Uint32Array>();
  /** Keys this read saw that the sketch leaves out (read again and not found). */
  private dropped = 0;

  constructor(
    readonly coverage: Coverage,
    readonly seed: number,
    private readonly fingerprint?: Fingerprint,
  ) {
    this.kind = pairKind(seed);
    this.table = new CellTable(this.kind, LARGEST_SIZE);
    this.strata = new Strata(strataKind(seed));
    this.columns = columnsHash(coverage.columns);
  }

  /** Rows in the sketch. */
  get rows(): number {
    return this.keys.size;
  }

  /** Rows whose key was not a UUID (not in the sketch): the difference then tells nothing certain. */
  get uncovered(): number {
    return this.notUuid;
  }

  /** Adds a row by its key, with the builder's fingerprint. */
  addRow(key: string, row: Readonly<Record<string, unknown>>): Added {
    if (this.fingerprint === undefined) throw new TypeError('the builder has no fingerprint');
    if (!uuidWords(key, this.element, 0)) return this.skip();
    this.fingerprint(row, this.element, 4);
    return this.insert();
  }

  /** Adds a pair with its fingerprint given as two words. */
  add(key: string, fingerprintLow: number, fingerprintHigh: number): Added {
    if (!uuidWords(key, this.element, 0)) return this.skip();
    this.element[4] = fingerprintLow;
    this.element[5] = fingerprintHigh;
    return this.insert();
  }

  private skip(): Added {
    this.notUuid++;
    return 'not-uuid';
  }

  private insert(): Added {
    const element = this.element;
    if (!this.keys.add(keyHash(element, 0, KEY_LOW), keyHash(element, 0, KEY_HIGH))) return 'repeated';
    this.kind.derive(element, this.indexes);
    this.table.toggle(element, this.indexes, 1);
    this.strata.add(element[6] as number, element[7] as number);
    return 'added';
  }

  /** Whether this read saw the key. */
  saw(key: string): boolean {
    const words = new Uint32Array(4);
    return uuidWords(key, words, 0) && this.keys.has(keyHash(words, 0, KEY_LOW), keyHash(words, 0, KEY_HIGH));
  }

  /**
   * This read's set against the previous sync's, by subtracting the sketches and peeling the difference. A key
   * is gone only if the difference has it on the old side alone and this read did not see it.
   */
  compare(previous: Sketch): Comparison {
    const changedCoverage = previous.covers(this.coverage);
    if (changedCoverage) return { kind: 'incomparable', reason: changedCoverage };
    if (previous.seed !== this.seed) return { kind: 'incomparable', reason: 'seed' };
    if (this.notUuid > 0) return { kind: 'incomparable', reason: 'keys' };
    const peeled = this.table.folded(previous.size).minus(previous.table).peel();
    const removed = peeled && keysOf(peeled.minus);
    const added = peeled && keysOf(peeled.plus);
    // A key twice on one side would mean a set holding a key twice: nothing about that difference is certain.
    if (peeled === undefined || removed === undefined || added === undefined) {
      return { kind: 'undecodable', estimate: this.strata.estimateDifference(previous.strata) };
    }
    const gone: string[] = [];
    const changed: string[] = [];
    for (const key of removed) (added.has(key) || this.saw(key) ? changed : gone).push(key);
    this.removedPairs = new Map(peeled.minus.map((element) => [uuidOf(element, 0), element]));
    this.addedPairs = new Map(peeled.plus.map((element) => [uuidOf(element, 0), element]));
    const appeared = [...added].filter((key) => !removed.has(key));
    return { kind: 'decoded', gone, changed, appeared, difference: peeled.plus.length + peeled.minus.length };
  }

  /**
   * Puts pairs the last comparison found on the old side only back into this sketch (a deletion held back: the
   * next sync finds the row gone again, and may send it then).
   */
  carry(keys: readonly string[]): void {
    for (const key of keys) {
      const pair = this.removedPairs.get(key);
      if (pair === undefined) continue;
      this.toggle(pair, 1);
      this.carried++;
    }
  }

  /**
   * A key of the last comparison's new side, read again after it (by id, or in a second read) and sent as `row`:
   * the sketch takes the pair of what was sent instead of the one the first pass saw, so that it describes what the
   * destination holds. `row` undefined: not found again, so nothing was sent; the previous sync's pair goes back in
   * (the destination still holds that version), or, for a row new since then, the key is left out (the destination
   * never had it). Either way no tombstone now: the next complete read decides. False for a key not on the new side.
   */
  replace(key: string, row: Readonly<Record<string, unknown>> | undefined): boolean {
    const pair = this.addedPairs.get(key);
    if (pair === undefined) return false;
    this.addedPairs.delete(key);
    this.toggle(pair, -1);
    if (row !== undefined) {
      if (this.fingerprint === undefined) throw new TypeError('the builder has no fingerprint');
      this.element.set(pair.subarray(0, 4));
      this.fingerprint(row, this.element, 4);
      this.toggle(this.element.slice(0, 6), 1);
      return true;
    }
    this.dropped++;
    const old = this.removedPairs.get(key);
    if (old !== undefined) {
      this.toggle(old, 1);
      this.carried++;
    }
    return true;
  }

  /** Puts a pair (key and fingerprint, six words) in the table and the estimator, or takes it out (-1). */
  private toggle(pair: Uint32Array, sign: 1 | -1): void {
    this.element.set(pair.subarray(0, 6));
    this.kind.derive(this.element, this.indexes);
    this.table.toggle(this.element, this.indexes, sign);
    this.strata.add(this.element[6] as number, this.element[7] as number, sign);
  }

  /** The sketch to save, at `size` (a member of SIZES). */
  sketch(size: number): Sketch {
    return new Sketch(
      this.seed,
      this.rows + this.carried - this.dropped,
      this.coverage.startDate,
      this.columns,
      this.table.folded(size),
      this.strata,
    );
  }
}

const KEY_LOW = 0x4b45594c;
const KEY_HIGH = 0x4b455948;
const keyHash = (words: Uint32Array, offset: number, seed: number): number => hashWords(seed, words, offset, 4);

function keysOf(elements: Uint32Array[]): Set<string> | undefined {
  const keys = new Set<string>();
  for (const element of elements) {
    const key = uuidOf(element, 0);
    if (keys.has(key)) return undefined;
    keys.add(key);
  }
  return keys;
}

/** The size of the sketch to save after this comparison (undefined: there was no previous sketch). */
export function nextSize(comparison: Comparison | undefined, previous: Sketch | undefined): number {
  if (comparison?.kind === 'decoded') return sizeFor(comparison.difference);
  // The difference did not fit the previous size: at least one size up, even if the estimate says less.
  if (comparison?.kind === 'undecodable') return Math.max(sizeFor(comparison.estimate), sizeAbove(previous?.size ?? 0));
  return sizeFor(0);
}
