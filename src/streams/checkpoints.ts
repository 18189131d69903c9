// The one place that decides when a STATE goes out, from the stream's declared checkpoint policy. A STATE is
// only ever produced after the records it covers were handed over, and carries sourceStats.recordCount = the
// records since the previous STATE (Airbyte's checks sum these).

import type { StreamState } from '../protocol/types.js';
import type { Batch, CheckpointPolicy, Stream } from './stream.js';

/** The policy of a read of `stream` on `cursor` (from streams/cursor-choice.ts; undefined in full refresh). */
export function checkpointPolicy(stream: Stream, cursor: string | undefined): CheckpointPolicy {
  const others = stream.otherCursors;
  return cursor !== undefined && others !== undefined && Object.hasOwn(others, cursor)
    ? (others[cursor] ?? stream.checkpoint)
    : stream.checkpoint;
}

/**
 * Whether a failed full refresh resumes from its last state (Airbyte's `is_resumable`): only for streams checkpointed
 * after every page, whose state marks how far the read got.
 */
export function resumesFullRefresh(policy: CheckpointPolicy): boolean {
  return policy === 'per-page';
}

export interface Checkpoint {
  state: StreamState;
  recordCount: number;
}

export class Checkpointer {
  private sinceCheckpoint = 0;
  private emitted: StreamState | undefined;

  constructor(private readonly policy: CheckpointPolicy) {}

  /** Called once the batch's records are written: the checkpoint to emit now, if any. */
  afterBatch(batch: Batch): Checkpoint | undefined {
    this.sinceCheckpoint += batch.records.length;
    if (this.policy !== 'per-page' || batch.state === undefined) return undefined;
    return this.take(batch.state);
  }

  /**
   * At the stream's end, with the state the stream ended on: every stream ends on a STATE covering all its
   * records, even one that emitted none (the platform must see its state), but never repeats one for nothing.
   */
  atEnd(finalState: StreamState | undefined): Checkpoint | undefined {
    const state = this.policy === 'none' ? {} : (finalState ?? {});
    if (this.emitted !== undefined && this.sinceCheckpoint === 0 && JSON.stringify(this.emitted) === JSON.stringify(state))
      return undefined;
    return this.take(state);
  }

  private take(state: StreamState): Checkpoint {
    const checkpoint = { state, recordCount: this.sinceCheckpoint };
    this.emitted = state;
    this.sinceCheckpoint = 0;
    return checkpoint;
  }
}
