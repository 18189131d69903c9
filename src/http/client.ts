// HTTP transport: undici, Bearer auth, JSON in and out, deadlines, a cap on response size, the shared rate gate, and
// the retry loop (a wait that spends no retry, as for a 429's Retry-After; exponential backoff with jitter). Which
// failure gets which treatment, whom a wait holds (this request, or the whole run through the rate gate) and the error
// the caller finally sees come from the injected FailurePolicy: this module knows nothing of the API behind it (for
// Attio: attio/status-policy.ts). The loop is our own, not p-retry's: see ARCHITECTURE.md, "The retry loop".
//
// Time is bounded twice: each attempt has a deadline for its whole answer (headers and body: a server dripping one
// byte at a time never trips an idle timeout, but it does trip this), and all attempts of one request, with their
// waits, end within the total bound. A wait or backoff that would cross the total bound is not started.

import { setMaxListeners } from 'node:events';
import { BodyPool, type PooledBody } from './body-pool.js';
import type { Dispatcher } from 'undici';
import type { Logger } from '../logger.js';
import { say } from '../messages.js';
import { redact } from '../redact.js';
import {
  ERROR_BODY_LIMIT,
  type FailurePolicy,
  HttpStatusError,
  RequestAborted,
  ResponseTooLargeError,
  type RetryBudget,
  TransportError,
  UnexpectedResponseError,
} from './errors.js';
import { type RateLimiter, Semaphore } from './rate-limiter.js';
import { parseRetryAfter } from './retry-after.js';
import { Agent, request } from './undici.js';

export type RetryOptions = RetryBudget;

export const DEFAULT_RETRY: RetryOptions = { retries: 8, maxRetryTimeMs: 10 * 60_000, minBackoffMs: 500, maxBackoffMs: 30_000 };
/** Deadline of one attempt, for its whole answer (headers and body). */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 60_000;
/**
 * The most read of one response body. A 500-record Attio page is 1.5-3 MB; anything near this is not a page, and
 * reading it whole could exhaust memory.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface HttpClientOptions {
  baseUrl: string;
  apiKey: string;
  rateLimiter: RateLimiter;
  maxConcurrent: number;
  /** Deadline of one attempt (headers and body together); DEFAULT_ATTEMPT_TIMEOUT_MS when absent. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** DEFAULT_MAX_RESPONSE_BYTES when absent. */
  maxResponseBytes?: number;
  logger: Logger;
  /** Which failures are retried, how, and the error the caller finally gets. */
  policy: FailurePolicy;
  /**
   * Checks a parsed 2xx JSON body: undefined when it is as expected, else what was expected (the request then fails
   * with an UnexpectedResponseError, through the policy). The API's envelope rules live with the caller.
   */
  checkJson?: (route: string, body: unknown) => string | undefined;
  dispatcher?: Dispatcher;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Told when a 429 makes this request wait, with the epoch ms it waits until. */
  onRateLimited?: (untilEpochMs: number) => void;
  retry?: Partial<RetryOptions>;
  /** This request's failure policy, instead of the client's (check fails fast where a sync retries). */
  policy?: FailurePolicy;
  /** Cancels the request (a page nobody needs any more); an aborted request is never retried. */
  signal?: AbortSignal;
  /** This request's check of a parsed 2xx JSON body, instead of the client's `checkJson` (the caller knows its endpoint). */
  checkJson?: (body: unknown) => string | undefined;
}

/** A 2xx body as its bytes in a pooled buffer, not decoded: what a page held in memory costs is `body.length`. */
interface Answer {
  status: number;
  body: PooledBody;
}

export class HttpClient {
  private readonly dispatcher: Dispatcher;
  private readonly inFlight: Semaphore;
  private readonly base: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly retry: RetryOptions;
  /** Aborted by close(): requests still queued or backing off must not outlive the run. */
  private readonly closing = new AbortController();
  private readonly bodies = new BodyPool();

  constructor(private readonly options: HttpClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.authorization = `Bearer ${options.apiKey}`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.inFlight = new Semaphore(options.maxConcurrent);
    // Every pending request listens on this signal: hundreds at once is normal, not a leak.
    setMaxListeners(0, this.closing.signal);
    this.dispatcher =
      options.dispatcher ??
      new Agent({
        connections: options.maxConcurrent,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        keepAliveTimeout: 30_000,
      });
  }

  async get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return (await this.send('GET', path, options, true)) as T;
  }

  async post<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return (await this.send('POST', path, { ...options, body }, true)) as T;
  }

  /**
   * The 2xx body neither decoded nor parsed: for pages that wait before they are used (see
   * AttioClient.deferredQuery), whose holder decodes them when used and counts what they cost.
   */
  async postBytes(path: string, body: unknown, options: RequestOptions = {}): Promise<PooledBody> {
    return (await this.send('POST', path, { ...options, body }, false)) as PooledBody;
  }

  async close(): Promise<void> {
    this.closing.abort(new Error('the HTTP client is closed'));
    if (!this.options.dispatcher) await this.dispatcher.close();
  }

  private async send(method: 'GET' | 'POST', path: string, options: RequestOptions, parse: boolean): Promise<unknown> {
    const policy = options.policy ?? this.options.policy;
    const budget = capped({ ...this.retry, ...options.retry }, policy.budget);
    const route = `${method} ${path}`;
    const endsAt = performance.now() + budget.maxRetryTimeMs;
    const signal = options.signal ? AbortSignal.any([this.closing.signal, options.signal]) : this.closing.signal;
    if (signal !== this.closing.signal) setMaxListeners(0, signal);
    const failures: unknown[] = [];
    let backoffs = 0;
    for (;;) {
      try {
        signal.throwIfAborted();
        const answer = await this.attempt(method, path, route, options, signal, endsAt);
        return parse ? this.parseJson(answer, route, options) : answer.body;
      } catch (error) {
        if (signal.aborted) throw new RequestAborted(route);
        const decision = policy.decide(error, failures);
        failures.push(error);
        // Time the next attempt would have after the wait or backoff: at least minBackoffMs, or it is not worth it.
        const left = endsAt - performance.now() - budget.minBackoffMs;
        if (decision.retry === 'wait' && decision.waitMs < left) {
          options.onRateLimited?.(Date.now() + decision.waitMs);
          this.options.logger.info(decision.note);
          // Held by the run: the next attempt (and every other request) waits at the closed gate.
          if (decision.holds === 'run') this.options.rateLimiter.pauseFor(decision.waitMs);
          else await abortableSleep(decision.waitMs, signal);
          continue;
        }
        if (decision.retry === 'backoff') {
          backoffs += 1;
          const delay = backoffDelay(backoffs, budget);
          if (backoffs <= budget.retries && delay < left) {
            this.options.logger.warn(say('retrying', { failure: redact(decision.note), left: budget.retries - backoffs + 1 }));
            await abortableSleep(delay, signal);
            continue;
          }
        }
        if (signal.aborted) throw new RequestAborted(route);
        throw policy.toError(error, failures.length);
      }
    }
  }

  private async attempt(
    method: 'GET' | 'POST',
    path: string,
    route: string,
    options: RequestOptions,
    signal: AbortSignal,
    endsAt: number,
  ): Promise<Answer> {
    await this.inFlight.acquire();
    let attempt: ReturnType<typeof deadline> | undefined;
    try {
      // The gate is passed last, with the slot in hand: the request leaves the instant the gate lets it, so a pause
      // holds every request that has not left yet, and none bunches up behind a slot.
      await this.options.rateLimiter.take(signal);
      const started = performance.now();
      // Whichever comes first: this attempt's deadline, or the end of the request's total bound.
      const deadlineMs = Math.floor(Math.min(this.timeoutMs, endsAt - started));
      attempt = deadline(signal, deadlineMs);
      const expired = attempt.expired;
      if (deadlineMs <= 0) throw new TransportError('timeout', 'timeout: no time left in the total bound of the request', route);
      const response = await request(this.url(path, options.query), {
        method,
        signal: attempt.signal,
        dispatcher: this.dispatcher,
        headers: {
          authorization: this.authorization,
          accept: 'application/json',
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      }).catch((error: unknown) => {
        throw transportFailure(error, route, expired(), deadlineMs);
      });
      const { statusCode: status, headers, body } = response;
      let received: PooledBody;
      try {
        received = await readCapped(body, headers['content-length'], this.maxResponseBytes, this.bodies);
      } catch (error) {
        if (error === TOO_LARGE) throw new ResponseTooLargeError(route, status, this.maxResponseBytes);
        throw transportFailure(error, route, expired(), deadlineMs);
      }
      if (this.options.logger.debugEnabled) {
        this.options.logger.debug(`${route} → ${status} in ${Math.round(performance.now() - started)} ms (${received.length} bytes)`);
      }
      if (status >= 200 && status < 300) return { status, body: received };
      throw new HttpStatusError(status, route, boundedRedacted(received.text()), headers, parseRetryAfter(headers['retry-after']));
    } finally {
      attempt?.clear();
      this.inFlight.release();
    }
  }

  private parseJson(answer: Answer, route: string, options: RequestOptions): unknown {
    let value: unknown;
    const text = answer.body.text();
    try {
      value = JSON.parse(text);
    } catch (error) {
      // A cut connection can still end in a 200 with half a body: treat it as a transport fault.
      throw new TransportError('invalid-body', `the response body is not valid JSON (${answer.body.length} bytes)`, route, {
        cause: error,
      });
    }
    const expected = options.checkJson ? options.checkJson(value) : this.options.checkJson?.(route, value);
    if (expected !== undefined) throw new UnexpectedResponseError(route, answer.status, expected);
    return value;
  }

  private url(path: string, query: RequestOptions['query']): string {
    let url = `${this.base}${path}`;
    if (query) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
      const qs = params.toString();
      if (qs) url += `?${qs}`;
    }
    return url;
  }
}

/** Full exponential backoff with jitter: 1-2 × min, doubling per retry, capped at max. */
function backoffDelay(retry: number, budget: RetryOptions): number {
  return Math.min(budget.maxBackoffMs, Math.round((1 + Math.random()) * budget.minBackoffMs * 2 ** (retry - 1)));
}

/** A signal that aborts with the parent, or once `ms` have passed; `clear` must be called when the attempt ends. */
/** The budget with each bound lowered to the policy's cap, where it sets one. */
function capped(budget: RetryBudget, caps: Partial<RetryBudget> | undefined): RetryBudget {
  if (!caps) return budget;
  const lower = (value: number, cap: number | undefined) => (cap === undefined ? value : Math.min(value, cap));
  return {
    retries: lower(budget.retries, caps.retries),
    maxRetryTimeMs: lower(budget.maxRetryTimeMs, caps.maxRetryTimeMs),
    minBackoffMs: lower(budget.minBackoffMs, caps.minBackoffMs),
    maxBackoffMs: lower(budget.maxBackoffMs, caps.maxBackoffMs),
  };
}

function deadline(parent: AbortSignal, ms: number) {
  const controller = new AbortController();
  let expired = false;
  const onParentAbort = () => controller.abort(parent.reason);
  const timer = setTimeout(
    () => {
      expired = true;
      controller.abort(new Error(`no complete answer within ${ms} ms`));
    },
    Math.max(0, ms),
  );
  if (parent.aborted) onParentAbort();
  else parent.addEventListener('abort', onParentAbort, { once: true });
  return {
    signal: controller.signal,
    expired: () => expired,
    clear: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', onParentAbort);
    },
  };
}

const TOO_LARGE = Symbol('too large');

/**
 * The body, read chunk by chunk and copied into a buffer of the pool once whole; abandoned (the connection
 * destroyed) as soon as it is known to exceed `limit` bytes.
 */
async function readCapped(
  body: AsyncIterable<Buffer> & { destroy(): void },
  contentLength: string | string[] | undefined,
  limit: number,
  pool: BodyPool,
): Promise<PooledBody> {
  if (Number(contentLength) > limit) {
    body.destroy();
    throw TOO_LARGE;
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.length;
    if (bytes > limit) {
      body.destroy();
      throw TOO_LARGE;
    }
    chunks.push(chunk);
  }
  return pool.join(chunks, bytes);
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The start of an error body, redacted before it is cut, so a secret straddling the cut cannot survive in part. */
function boundedRedacted(text: string): string {
  return redact(text.slice(0, 2 * ERROR_BODY_LIMIT)).slice(0, ERROR_BODY_LIMIT);
}

function transportFailure(error: unknown, route: string, expired: boolean, deadlineMs: number): TransportError {
  if (expired) {
    return new TransportError('timeout', `timeout: no complete answer (headers and body) within ${deadlineMs} ms`, route, {
      cause: error,
    });
  }
  const failure = (error as { code?: unknown } | undefined)?.code === 'UND_ERR_INVALID_ARG' ? 'invalid-request' : 'network';
  return new TransportError(failure, describeTransportFailure(error), route, { cause: error });
}

function describeTransportFailure(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return redact(typeof code === 'string' ? `${code} ${error.message}` : error.message);
  }
  return 'unknown network failure';
}
