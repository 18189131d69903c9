// The protocol channel: one JSON AirbyteMessage per line on stdout, written with backpressure.
// Nothing else in src/ may write to stdout.

import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { AirbyteMessage } from './types.js';

export class Output {
  private broken = false;
  /**
   * One wait for 'drain' shared by every writer blocked on it. A listener per waiting write (as `once()` per call
   * adds) made 100k log lines under backpressure quadratic (265 s) and printed MaxListenersExceededWarning.
   */
  private drained: Promise<void> | undefined;

  constructor(private readonly sink: Writable) {
    // A closed pipe (the platform went away) must stop the run, not crash it with EPIPE.
    sink.on('error', () => {
      this.broken = true;
    });
  }

  /** Write one message; resolves once the sink can take more. */
  send(message: AirbyteMessage): Promise<void> {
    return this.write(`${JSON.stringify(message)}\n`);
  }

  /** Write pre-serialised lines (each ending in \n); resolves once the sink can take more. */
  write(lines: string): Promise<void> {
    return this.writeAll([lines]);
  }

  /**
   * Write chunks of pre-serialised lines in order, waiting only where the sink asks to: the record path writes a page
   * at a time, and its caller resumes once per page, not once per chunk.
   */
  async writeAll(chunks: Iterable<string>): Promise<void> {
    for (const chunk of chunks) {
      if (this.broken) throw new Error('stdout is closed');
      if (this.sink.write(chunk)) continue;
      // Re-checked after each drain: writes made while it was pending may have filled the buffer again.
      while (this.sink.writableNeedDrain && !this.broken) await this.drain();
    }
  }

  private drain(): Promise<void> {
    this.drained ??= once(this.sink, 'drain').then(
      () => {
        this.drained = undefined;
      },
      (error: unknown) => {
        this.drained = undefined;
        throw error;
      },
    );
    return this.drained;
  }

  /** Resolves when everything written so far has been flushed to the sink. */
  async flush(): Promise<void> {
    if (this.broken) return;
    await new Promise<void>((resolve) => this.sink.write('', () => resolve()));
  }
}
