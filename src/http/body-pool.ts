// Reused memory for response bodies. A 500-record page is 1.5 MB: a fresh buffer for each one is fresh memory from
// the kernel each time (page faults) and external memory that makes V8 collect sooner. Each body is copied into a
// pooled buffer once it is whole, and the buffer returns to the pool when the body is decoded, which is the one way
// to read it: nothing can see a buffer after it went back (docs/performance.md has the figures).

/** Buffers are sized in steps of 256 KiB, so that pages of about the same size fit each other's buffers. */
const STEP = 256 * 1024;
/** Buffers kept for reuse: more than the requests in flight plus the pages waiting (paginate.ts's byte budget). */
const KEPT = 48;

export interface PooledBody {
  /** The body's size in bytes. */
  readonly length: number;
  /** The body decoded as UTF-8; its buffer goes back to the pool, so a second call throws. */
  text(): string;
}

export class BodyPool {
  private readonly free: Buffer[] = [];

  /** The chunks copied into one buffer of the pool. */
  join(chunks: readonly Buffer[], length: number): PooledBody {
    const buffer = this.take(length);
    let at = 0;
    for (const chunk of chunks) at += chunk.copy(buffer, at);
    let read = false;
    return {
      length,
      text: () => {
        if (read) throw new Error('a pooled response body was read twice');
        read = true;
        const text = buffer.toString('utf8', 0, length);
        if (this.free.length < KEPT) this.free.push(buffer);
        return text;
      },
    };
  }

  private take(length: number): Buffer {
    for (let i = this.free.length - 1; i >= 0; i -= 1) {
      const buffer = this.free[i] as Buffer;
      if (buffer.length >= length) {
        this.free.splice(i, 1);
        return buffer;
      }
    }
    return Buffer.allocUnsafeSlow(Math.max(STEP, Math.ceil(length / STEP) * STEP));
  }
}
