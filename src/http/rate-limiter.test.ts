import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { RateLimiter, Semaphore } from './rate-limiter.js';

const gate = (ratePerSecond: number) => new RateLimiter(ratePerSecond, () => Date.now());

/** Starts `n` takes at once; returns the time each one passed, in the order they were asked. */
function takeAll(limiter: RateLimiter, n: number, signal?: AbortSignal): { passed: (number | undefined)[]; settled: Promise<unknown> } {
  const passed: (number | undefined)[] = new Array(n).fill(undefined);
  const settled = Promise.allSettled(Array.from({ length: n }, (_, i) => limiter.take(signal).then(() => (passed[i] = Date.now()))));
  return { passed, settled };
}

/** The most passes within any window of `windowMs` (half-open), as a server would count them per second. */
function peakPerWindow(times: number[], windowMs = 1000): number {
  let peak = 0;
  for (let i = 0, first = 0; i < times.length; i += 1) {
    while ((times[first] ?? 0) <= (times[i] ?? 0) - windowMs) first += 1;
    peak = Math.max(peak, i - first + 1);
  }
  return peak;
}

describe('RateLimiter (the run gate)', () => {
  // Fake timers and a fake Date: the gate's own timers decide when each request passes, so the times are exact.
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('spaces requests at 1/rate from the first, in the order they came, with no burst', async () => {
    const limiter = gate(10);
    const { passed, settled } = takeAll(limiter, 8);
    await vi.runAllTimersAsync();
    await settled;
    expect(passed).toEqual([0, 100, 200, 300, 400, 500, 600, 700]);
  });

  it('never lets more than the rate through in any second (nor in 1.02 s, a margin for delays on the way); the long-run rate within 2%', async () => {
    const limiter = gate(50);
    const { passed, settled } = takeAll(limiter, 505);
    await vi.runAllTimersAsync();
    await settled;
    const times = passed as number[];
    expect(peakPerWindow(times)).toBe(50);
    expect(peakPerWindow(times, 1020)).toBe(50);
    // 20 ms apart, and every 50th 20 ms later: 504 intervals, 10 of them late.
    expect(times.at(-1)).toBe(504 * 20 + 10 * 20);
  });

  it('a timer that fires late is caught up by one interval, no more: two pass at once, not a bunch', async () => {
    let lag = 0; // how far the event loop was blocked when the timer fired
    const limiter = new RateLimiter(10, () => Date.now() + lag);
    const passed: number[] = [];
    const all = Promise.all(Array.from({ length: 4 }, () => limiter.take().then(() => passed.push(Date.now() + lag))));
    await vi.advanceTimersByTimeAsync(1); // the first passed at 0; the next slot is 100
    lag = 150; // the timer due at 100 runs at 250
    await vi.runAllTimersAsync();
    await all;
    // 100 and 200 were due by 250: the one interval caught up lets two pass then, and the next one follows at 350.
    expect(passed).toEqual([0, 250, 250, 350]);
  });

  it('a rate far above any server lets a backlog through by the millisecond, not one timer per request', async () => {
    const limiter = gate(1_000_000);
    const { passed, settled } = takeAll(limiter, 3000);
    await vi.runAllTimersAsync();
    await settled;
    expect(Math.max(...(passed as number[]))).toBeLessThanOrEqual(3);
  });

  it('after an idle time one request passes at once, the next only an interval later (nothing saved up)', async () => {
    const limiter = gate(10);
    await limiter.take();
    await vi.advanceTimersByTimeAsync(60_000);
    const { passed, settled } = takeAll(limiter, 3);
    await vi.runAllTimersAsync();
    await settled;
    expect(passed).toEqual([60_000, 60_100, 60_200]);
  });

  it('a pause holds the requests already queued, then releases them one by one at the rate (issue 21 item 1)', async () => {
    const limiter = gate(10);
    const { passed, settled } = takeAll(limiter, 5);
    await vi.advanceTimersByTimeAsync(150); // two have passed (at 0 and 100); three wait
    limiter.pauseFor(1000); // until 1150
    limiter.pauseFor(200); // shorter: must not shorten the pause
    await vi.runAllTimersAsync();
    await settled;
    expect(passed).toEqual([0, 100, 1150, 1250, 1350]);
  });

  it('a request that comes during a pause waits it out behind the queue; an elapsed pause costs nothing', async () => {
    const limiter = gate(100);
    limiter.pauseFor(300);
    const { passed, settled } = takeAll(limiter, 2);
    await vi.runAllTimersAsync();
    await settled;
    expect(passed).toEqual([300, 310]);
    limiter.pauseFor(50);
    await vi.advanceTimersByTimeAsync(1000);
    const later = takeAll(limiter, 1);
    await vi.runAllTimersAsync();
    await later.settled;
    expect(later.passed).toEqual([1310]);
  });

  it('an aborted waiter leaves the queue with the reason; the next one takes its turn; no timer is left behind', async () => {
    const limiter = gate(10);
    await limiter.take(); // at 0: the next may pass at 100
    const controller = new AbortController();
    const dropped = limiter.take(controller.signal);
    const kept = takeAll(limiter, 1);
    controller.abort(new Error('page no longer needed'));
    await expect(dropped).rejects.toThrow('page no longer needed');
    await vi.runAllTimersAsync();
    await kept.settled;
    expect(kept.passed).toEqual([100]);

    limiter.pauseFor(60_000);
    const alone = new AbortController();
    const waiting = limiter.take(alone.signal);
    expect(vi.getTimerCount()).toBe(1);
    alone.abort(new Error('closed'));
    await expect(waiting).rejects.toThrow('closed');
    expect(vi.getTimerCount()).toBe(0);
    await expect(limiter.take(AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
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
