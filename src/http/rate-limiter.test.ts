import { describe, expect, it } from 'vitest';

import { RateLimiter, Semaphore } from './rate-limiter.js';

/** A virtual clock: sleeping advances time, so tests are instant and exact. */
function fakeClock(start = 1000) {
  let t = start;
  const waits: number[] = [];
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    sleep: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
    waits,
  };
}

describe('RateLimiter', () => {
  it('lets a burst through at once, then spaces requests at 1/rate', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(10, 3, clock.now, clock.sleep);
    const startedAt = clock.now();
    const times: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      await limiter.take();
      times.push(clock.now() - startedAt);
    }
    // Three burst tokens are free; each later request waits 100 ms.
    expect(times.slice(0, 3)).toEqual([0, 0, 0]);
    for (let i = 3; i < times.length; i += 1) {
      expect(times[i]! - times[i - 1]!).toBeCloseTo(100, 6);
    }
    expect(clock.waits).toHaveLength(5);
  });

  it('keeps the long-run rate at the configured value', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(50, 5, clock.now, clock.sleep);
    const start = clock.now();
    for (let i = 0; i < 505; i += 1) await limiter.take();
    // 5 free, 500 more at 20 ms each.
    expect(clock.now() - start).toBeCloseTo(10_000, 3);
  });

  it('defaults the burst to a tenth of the rate (at least 1)', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(100, undefined, clock.now, clock.sleep);
    for (let i = 0; i < 10; i += 1) await limiter.take();
    expect(clock.waits).toEqual([]);
    await limiter.take();
    expect(clock.waits).toHaveLength(1);
    expect(clock.waits[0]).toBeCloseTo(10, 6);

    const slow = fakeClock();
    const one = new RateLimiter(2, undefined, slow.now, slow.sleep);
    await one.take();
    await one.take();
    expect(slow.waits).toEqual([500]);
  });

  it('refills over idle time but never above the burst', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(10, 2, clock.now, clock.sleep);
    await limiter.take();
    await limiter.take();
    clock.advance(60_000); // a long idle period
    await limiter.take();
    await limiter.take();
    expect(clock.waits).toEqual([]);
    await limiter.take(); // the bucket held only 2
    expect(clock.waits).toHaveLength(1);
    expect(clock.waits[0]).toBeCloseTo(100, 6);
  });

  it('spaces concurrent callers evenly by reserving tokens up front', async () => {
    const t = 0;
    const waits: number[] = [];
    // A sleep that does not move the clock: every caller reserves at the same instant.
    const limiter = new RateLimiter(
      10,
      1,
      () => t,
      async (ms) => {
        waits.push(ms);
      },
    );
    await Promise.all(Array.from({ length: 5 }, () => limiter.take()));
    expect(waits.map((w) => Math.round(w))).toEqual([100, 200, 300, 400]);
    expect(t).toBe(0);
  });

  it('pauseFor makes the next request wait out the pause, and keeps the longest pause', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(100, 10, clock.now, clock.sleep);
    limiter.pauseFor(1500);
    limiter.pauseFor(200); // shorter: must not shorten the pause
    await limiter.take();
    expect(clock.waits[0]).toBe(1500);
    // Once the pause is over no further wait is added.
    await limiter.take();
    expect(clock.waits).toHaveLength(1);
  });

  it('a pause that already elapsed costs nothing', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(100, 10, clock.now, clock.sleep);
    limiter.pauseFor(300);
    clock.advance(301);
    await limiter.take();
    expect(clock.waits).toEqual([]);
  });
});

describe('Semaphore', () => {
  it('admits up to the limit at once and queues the rest in FIFO order', async () => {
    const sem = new Semaphore(2);
    const order: string[] = [];
    await sem.acquire();
    await sem.acquire();
    const third = sem.acquire().then(() => order.push('third'));
    const fourth = sem.acquire().then(() => order.push('fourth'));
    await Promise.resolve();
    await Promise.resolve();
    expect(order).toEqual([]);
    sem.release();
    await third;
    expect(order).toEqual(['third']);
    sem.release();
    await fourth;
    expect(order).toEqual(['third', 'fourth']);
  });

  it('never lets more than the limit run, under many concurrent tasks', async () => {
    const sem = new Semaphore(3);
    let active = 0;
    let peak = 0;
    let done = 0;
    const task = async (i: number) => {
      await sem.acquire();
      try {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, i % 3));
      } finally {
        active -= 1;
        done += 1;
        sem.release();
      }
    };
    await Promise.all(Array.from({ length: 40 }, (_, i) => task(i)));
    expect(done).toBe(40);
    expect(peak).toBe(3);
    // All permits are free again: `limit` acquisitions succeed without waiting.
    let acquired = 0;
    for (let i = 0; i < 3; i += 1) void sem.acquire().then(() => (acquired += 1));
    await Promise.resolve();
    expect(acquired).toBe(3);
  });
});
