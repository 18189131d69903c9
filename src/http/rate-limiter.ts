// A token bucket shared by every request of a run, so the connector stays under Attio's limit instead of
// discovering it through 429s. Each caller reserves the next token up front (the balance may go negative)
// and sleeps off its debt, which spaces requests evenly without a polling loop.

export type Sleep = (ms: number) => Promise<void>;
export const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class RateLimiter {
  private tokens: number;
  private updatedAt: number;
  private pausedUntil = 0;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number = Math.max(1, Math.ceil(ratePerSecond / 10)),
    private readonly now: () => number = () => performance.now(),
    private readonly wait: Sleep = sleep,
  ) {
    this.tokens = burst;
    this.updatedAt = now();
  }

  /** Resolves when the caller may send one request. */
  async take(): Promise<void> {
    const pause = this.pausedUntil - this.now();
    if (pause > 0) await this.wait(pause);
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) * this.ratePerSecond) / 1000);
    this.updatedAt = now;
    this.tokens -= 1;
    if (this.tokens < 0) await this.wait((-this.tokens * 1000) / this.ratePerSecond);
  }

  /** After a 429 every request waits: Attio's limit is per workspace, not per connection. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }
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
