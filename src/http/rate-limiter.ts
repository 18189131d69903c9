// The gate every request of a run passes just before it is sent, so the connector stays under the API's limit
// instead of discovering it through 429s. Requests pass one at a time, in the order they came, evenly spaced at the
// configured rate and never faster: in no one-second window do more than `ratePerSecond` pass (no burst allowance).
//
// pauseFor() closes the gate (the failure policy asks for it when a rate limit shared by every request is hit): the
// requests already queued wait too, not only those that come later, and when the pause ends they are released one
// after another at the configured rate, not all at once.

/**
 * The window in which at most `ratePerSecond` requests pass: a second and a little, so that a request delayed on its
 * way (a busy event loop at either end) does not land in the same second as the one `ratePerSecond` before it.
 */
const WINDOW_MS = 1020;

export class RateLimiter {
  /** The spacing between two requests, in ms. */
  private readonly interval: number;
  /** The earliest slot of the next request by the spacing. */
  private nextAt = Number.NEGATIVE_INFINITY;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  /** The times the last `capacity` requests passed (a ring, grown as needed): the hard bound on any window. */
  private readonly passed: number[] = [];
  private readonly capacity: number;
  private oldest = 0;
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    ratePerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    this.interval = 1000 / ratePerSecond;
    this.capacity = Math.max(1, Math.floor(ratePerSecond));
  }

  /** Resolves when the caller may send one request now; rejects with the signal's reason if it aborts first. */
  take(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { since: this.now(), resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          // Nobody left to release: a pending timer (up to a whole pause) must not keep the process alive.
          if (this.queue.length === 0 && this.timer !== undefined) {
            clearTimeout(this.timer);
            this.timer = undefined;
          }
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.pump();
    });
  }

  /** No request passes for `ms` from now, including those already waiting; a shorter pause never shortens a longer one. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  /** Releases every waiter whose slot has come, then sets one timer for the next slot. */
  private pump(): void {
    if (this.timer !== undefined) return;
    const now = this.now();
    // A timer that fired late is caught up by one interval (or a millisecond, a timer's resolution), no more: a busy
    // moment costs a little rate rather than sending a bunch at once, perhaps into a 429 not yet read.
    const earliest = now - Math.max(this.interval, 1);
    for (let waiter = this.queue[0]; waiter; waiter = this.queue[0]) {
      // Never before the waiter came (an idle gate saves nothing up) nor before a pause ends.
      const slot = Math.max(this.nextAt, this.pausedUntil, waiter.since, earliest);
      const full = this.passed.length === this.capacity;
      const opensAt = full ? Math.max(slot, (this.passed[this.oldest] ?? 0) + WINDOW_MS) : slot;
      if (now < opensAt) {
        this.timer = setTimeout(
          () => {
            this.timer = undefined;
            this.pump();
          },
          Math.max(1, Math.ceil(opensAt - now)),
        );
        return;
      }
      this.queue.shift();
      this.nextAt = opensAt + this.interval;
      if (full) {
        this.passed[this.oldest] = now;
        this.oldest = (this.oldest + 1) % this.capacity;
      } else {
        this.passed.push(now);
      }
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
    }
  }
}

interface Waiter {
  /** When it asked to pass. */
  since: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** Caps how many requests are in flight at once. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Takes a slot only if one is free now. */
  tryAcquire(): boolean {
    if (this.active >= this.limit) return false;
    this.active += 1;
    return true;
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}
