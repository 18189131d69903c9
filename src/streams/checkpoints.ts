// The one place that decides when a STATE goes out, from the stream's declared checkpoint policy, and what a full
// refresh does with a state: resume from it, or (marked complete) read nothing. A STATE is only ever produced after
// the records it covers were handed over, and carries sourceStats.recordCount = the records since the previous STATE
// (Airbyte's checks sum these). The read loop (commands/read.ts) applies these rules; streams never see the marker.

import type { StreamState, SyncMode } from '../protocol/types.js';
import { FULL_REFRESH_COMPLETE } from '../state/stream-state.js';
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

/** The state a read continues from: incremental always; a full refresh only when it resumes (`resumesFullRefresh`). */
export function stateToResume(syncMode: SyncMode, policy: CheckpointPolicy, state: StreamState | undefined): StreamState | undefined {
  return syncMode === 'incremental' || resumesFullRefresh(policy) ? state : undefined;
}

/**
 * A resumable full refresh handed the state of one that completed in an earlier attempt of the job (marked with
 * FULL_REFRESH_COMPLETE): nothing is left to read, and the stream ends on that state again.
 */
export function completedEarlier(syncMode: SyncMode, policy: CheckpointPolicy, state: StreamState | undefined): boolean {
  return syncMode === 'full_refresh' && resumesFullRefresh(policy) && state?.[FULL_REFRESH_COMPLETE] === true;
}

export interface Checkpoint {
  state: StreamState;
  recordCount: number;
}

export class Checkpointer {
  private sinceCheckpoint = 0;
  private emitted: StreamState | undefined;

  /** `syncMode`: a resumable full refresh ends on its state marked complete. */
  constructor(
    private readonly policy: CheckpointPolicy,
    private readonly syncMode: SyncMode = 'incremental',
  ) {}

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
    const ended = this.policy === 'none' ? {} : (finalState ?? {});
    const state = this.syncMode === 'full_refresh' && resumesFullRefresh(this.policy) ? { ...ended, [FULL_REFRESH_COMPLETE]: true } : ended;
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
