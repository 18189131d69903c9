// Misbehaviour on demand: a sliding-window rate limiter like Attio's, seeded random faults, and
// one-off scripted failures (failNext), so connector retry paths can be tested reproducibly.
import { SeededRandom } from './random.js';
import { nextWholeSecond } from './timestamps.js';

export interface FaultOptions {
  /** Probability per request of a 429 with an HTTP-date Retry-After. */
  rate429?: number;
  /** … of a 502 (HTML body, as a proxy sends) or a 503 (JSON body). */
  rate5xx?: number;
  /** … of the socket being destroyed without an answer. */
  rateReset?: number;
  /** … of a 200 whose JSON body is cut in half (Content-Length matches the cut body). */
  rateTruncated?: number;
  /** … of the answer being delayed by slowMs (drawn independently of the others). */
  slowRate?: number;
  slowMs?: number;
  seed?: number;
}

export type RandomFault = '429' | '5xx' | 'reset' | 'truncated';

export class FaultInjector {
  private readonly random: SeededRandom;

  constructor(private readonly options: FaultOptions = {}) {
    this.random = new SeededRandom(options.seed ?? 7);
  }

  /** One draw per request decides the fault (at most one) and a second one whether it is slow. */
  draw(): { fault: RandomFault | null; slowMs: number } {
    const o = this.options;
    const u = this.random.next();
    const slowDraw = this.random.next();
    let edge = 0;
    let fault: RandomFault | null = null;
    for (const [kind, rate] of [
      ['429', o.rate429],
      ['5xx', o.rate5xx],
      ['reset', o.rateReset],
      ['truncated', o.rateTruncated],
    ] as const) {
      edge += rate ?? 0;
      if (fault === null && u < edge) fault = kind;
    }
    const slowMs = slowDraw < (o.slowRate ?? 0) ? (o.slowMs ?? 2000) : 0;
    return { fault, slowMs };
  }

  /** 502 or 503, alternating by draw. */
  serverErrorStatus(): 502 | 503 {
    return this.random.next() < 0.5 ? 502 : 503;
  }
}

/** Counts admitted requests in a sliding 1 s window; rejected requests do not count. */
export class SlidingWindowRateLimiter {
  private readonly admitted: number[] = [];

  constructor(private readonly requestsPerSecond: number) {}

  /** null when admitted, else the epoch ms from which a retry will be admitted (a whole second). */
  check(nowMs: number): number | null {
    while (this.admitted.length > 0 && (this.admitted[0] ?? 0) <= nowMs - 1000) this.admitted.shift();
    if (this.admitted.length < this.requestsPerSecond) {
      this.admitted.push(nowMs);
      return null;
    }
    const freeAt = (this.admitted[0] ?? nowMs) + 1000;
    // HTTP-dates have whole-second precision, so round up: waiting until then is always enough.
    return Math.max(Math.ceil(freeAt / 1000) * 1000, nextWholeSecond(nowMs));
  }
}

/** Counts arrivals in a sliding 1 s window (every request, answered or refused): how hard a client pushes. */
export class ArrivalWindow {
  private readonly times: number[] = [];
  private first = 0;

  /** Records an arrival at `nowMs` (a monotonic clock); returns how many arrived within the second up to it. */
  add(nowMs: number): number {
    this.times.push(nowMs);
    while ((this.times[this.first] ?? nowMs) <= nowMs - 1000) this.first += 1;
    if (this.first > 4096) {
      this.times.splice(0, this.first);
      this.first = 0;
    }
    return this.times.length - this.first;
  }
}

export interface ScriptedAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  destroy?: boolean;
}

export type RequestMatcher = (req: { method: string; path: string }) => boolean;

/** failNext(): answers queued for the next requests that match, each used `times` times. */
export class ScriptedFailures {
  private readonly queue: { match: RequestMatcher; answer: ScriptedAnswer; remaining: number }[] = [];

  add(match: RequestMatcher, answer: ScriptedAnswer, times = 1): void {
    this.queue.push({ match, answer, remaining: times });
  }

  take(req: { method: string; path: string }): ScriptedAnswer | null {
    const index = this.queue.findIndex((item) => item.match(req));
    const item = this.queue[index];
    if (!item) return null;
    item.remaining -= 1;
    if (item.remaining <= 0) this.queue.splice(index, 1);
    return item.answer;
  }
}
