// One stream's exact mirror over one incremental read (issue 19; docs/attio.md, "The row sketch"): what the read
// must emit besides the rows its cursor picks, decided from the previous sync's sketch and the one this read builds.
//
// - No previous sketch (a first sync, which emits every row anyway; a state saved before the mirror, or a checkpoint
//   taken before a read's end): the read emits what its cursor picks and starts a sketch; no tombstone. A change made
//   before this sync without moving the cursor stays unseen until the row changes again (the one gap of an upgrade).
// - A previous sketch that cannot be compared (unreadable, another start_date or column set): this read emits every
//   row, so that the destination holds what the new sketch says; no tombstone; a WARN.
// - After a complete read (never before: an interrupted read keeps the previous state and claims nothing), the two
//   sketches are compared: rows gone become tombstones, unless more than half the stream (and more than
//   MASS_DELETION_FLOOR rows) is gone: held back, and kept in the sketch, with a WARN, unless allow_mass_deletions; rows changed or new that the cursor did not emit are
//   read again and emitted: each by id (one request a row) when they are no more than the requests the first pass
//   made, else in a second read of the stream; an undecodable difference means every row is read again and
//   emitted, with a WARN, and the sketch saved is the one of that second read, sized for the change just seen.
// - A row read again enters the sketch as it was sent (`sent`). One not found again (a 404 by id, or missing from the
//   second read: deleted after the first pass) is no tombstone: nothing proves it gone but an answer that may be
//   transient, and a tombstone is the one unrecoverable mistake. The sketch instead keeps the previous sync's pair
//   for it (the destination still holds that version), or leaves out a row new since then (never sent): the next
//   complete read then finds it gone, or changed, and acts on it.
//
// Invariant kept from sync to sync: for every (key, fingerprint) pair of the saved sketch, the destination holds the
// row with that content or a later one; so a row unchanged in Attio and in the sketch needs no emission.

import { randomInt } from 'node:crypto';
import type { Logger } from '../logger.js';
import { say } from '../messages.js';
import { rowFingerprint } from './fingerprint.js';
import { type Coverage, nextSize, ROW_SKETCH, Sketch, SketchBuilder, SketchUnreadable, sizeFor } from './sketch.js';

/** Fewer rows gone than this are never held back as a mass deletion: in a stream of a few rows, half is a few. */
export const MASS_DELETION_FLOOR = 10;

/** The column Airbyte's destinations read in Append + Deduped to delete a row: when this sync found it gone. */
export const DELETED_AT = '_ab_cdc_deleted_at';

export interface MirrorOptions {
  stream: string;
  logger: Logger;
  /** The sketch of the previous sync's state (base64), if any. */
  previous: string | undefined;
  /** start_date ('' for none) and the emitted columns (without DELETED_AT). */
  coverage: Coverage;
  /** Tombstones for more than half the stream are sent, not held back. */
  allowMassDeletions: boolean;
  /** Seed of a new sketch (tests); random otherwise. */
  seed?: number;
}

/** What a complete first pass leaves to do. */
export interface Settlement {
  /** Keys of the rows gone: one tombstone each. */
  tombstones: string[];
  /** Keys of rows changed or new to emit, besides those the first pass emitted; each is told to `sent`. */
  reread: ReadonlySet<string>;
  /** The `reread` rows are fetched one by one by id (fewer requests than reading the stream again). */
  byId: boolean;
  /** Every row is to be read again and emitted (the difference was undecodable). */
  rereadAll: boolean;
}

/** What reading changed rows costs the stream. */
export interface RereadCost {
  /** Requests the first pass made: what a second read of the stream costs, about. */
  fullRead: number;
  /** Whether the stream can fetch one row by id (one request a row). */
  byId: boolean;
}

/** Rows read again by id while they are no more than the requests of a full read; a second read beyond. */
export function rereadById(rows: number, cost: RereadCost): boolean {
  return cost.byId && rows <= cost.fullRead;
}

export class StreamMirror {
  /** This read emits every row: the previous sketch cannot be compared, so nothing tells which rows changed. */
  readonly everyRow: boolean;
  /** A previous sketch is compared at the end: the rows the cursor emits are to be told to `settle`. */
  readonly comparing: boolean;
  private previous: Sketch | undefined;
  private builder: SketchBuilder;
  private size: number;
  /** Keys of the last settlement's `reread` not yet told to `sent`. */
  private pending = new Set<string>();

  constructor(private readonly options: MirrorOptions) {
    const { stream, logger, coverage } = options;
    let previous: Sketch | undefined;
    let restarted = false;
    if (options.previous !== undefined) {
      try {
        previous = Sketch.parse(options.previous);
        const changed = previous.covers(coverage);
        if (changed !== undefined) {
          logger.warn(
            say('mirrorRestarted', { stream, why: changed === 'start_date' ? say('mirrorWhyStartDate') : say('mirrorWhyColumns') }),
          );
          previous = undefined;
          restarted = true;
        }
      } catch (error) {
        if (!(error instanceof SketchUnreadable)) throw error;
        logger.warn(say('mirrorRestarted', { stream, why: say('mirrorWhyUnreadable') }));
        restarted = true;
      }
    }
    this.previous = previous;
    this.everyRow = restarted;
    this.comparing = previous !== undefined;
    this.size = sizeFor(0);
    this.builder = this.newBuilder();
  }

  private newBuilder(): SketchBuilder {
    const seed = this.previous?.seed ?? this.options.seed ?? randomInt(2 ** 32);
    return new SketchBuilder(this.options.coverage, seed, rowFingerprint(this.options.coverage.columns, [DELETED_AT]));
  }

  /** Every row the read meets, emitted or not, once. */
  observe(key: string, row: Readonly<Record<string, unknown>>): void {
    this.builder.addRow(key, row);
  }

  /** After a complete first pass: what is left to emit. Emitted: the keys the first pass emitted. */
  settle(emitted: ReadonlySet<string>, cost: RereadCost): Settlement {
    const { stream, logger } = this.options;
    const previous = this.previous;
    const nothing: Settlement = { tombstones: [], reread: new Set(), byId: false, rereadAll: false };
    if (previous === undefined) return nothing;
    const comparison = this.builder.compare(previous);
    this.size = nextSize(comparison, previous);
    if (comparison.kind !== 'decoded') {
      logger.warn(say('mirrorUndecodable', { stream }));
      return { ...nothing, rereadAll: true };
    }
    let tombstones = comparison.gone;
    const mass = tombstones.length > MASS_DELETION_FLOOR && tombstones.length * 2 > previous.rows;
    if (mass && !this.options.allowMassDeletions) {
      logger.warn(say('mirrorMassDeletion', { stream, gone: String(tombstones.length), rows: String(previous.rows) }));
      this.builder.carry(tombstones);
      tombstones = [];
    }
    const reread = new Set([...comparison.changed, ...comparison.appeared].filter((key) => !emitted.has(key)));
    this.pending = new Set(reread);
    return { tombstones, reread, byId: rereadById(reread.size, cost), rereadAll: false };
  }

  /**
   * A key of `reread`, read again: `row` is what was emitted for it, undefined if it was not found (see the top of
   * this file). False when the key is not (or no longer) awaited: the caller then emits nothing for it.
   */
  sent(key: string, row: Readonly<Record<string, unknown>> | undefined): boolean {
    if (!this.pending.delete(key)) return false;
    this.builder.replace(key, row);
    return true;
  }

  /** Before reading every row again: the sketch saved is the one of that read. */
  startOver(): void {
    this.builder = this.newBuilder();
  }

  /** The state part this read ends on. */
  state(): Record<string, string> {
    // Rows to read again that no read met: not found.
    for (const key of this.pending) this.sent(key, undefined);
    return { [ROW_SKETCH]: this.builder.sketch(this.size).serialize() };
  }
}
