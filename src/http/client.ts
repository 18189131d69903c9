// HTTP transport: undici, Bearer auth, JSON in and out, timeouts, the shared rate limiter, and the retry loop
// (a wait that spends no retry, as for a 429's Retry-After; exponential backoff with jitter; everything bounded by a
// total time). Which failure gets which treatment, and the error the caller finally sees, come from the injected
// FailurePolicy: this module knows nothing of the API behind it (for Attio: attio/status-policy.ts).

import { setMaxListeners } from 'node:events';
import pRetry from 'p-retry';
import { Agent, type Dispatcher, request } from 'undici';
import type { Logger } from '../logger.js';
import { redact } from '../redact.js';
import { ERROR_BODY_LIMIT, type FailurePolicy, HttpStatusError, RequestAborted, type RetryDecision, TransportError } from './errors.js';
import { type RateLimiter, Semaphore } from './rate-limiter.js';
import { parseRetryAfter } from './retry-after.js';

export interface RetryOptions {
  /** Retries the policy answers with backoff (waits, such as a 429's, do not count). */
  retries: number;
  /** Total time budget across all attempts of one request, waits included. */
  maxRetryTimeMs: number;
  minBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 8, maxRetryTimeMs: 10 * 60_000, minBackoffMs: 500, maxBackoffMs: 30_000 };

export interface HttpClientOptions {
  baseUrl: string;
  apiKey: string;
  rateLimiter: RateLimiter;
  maxConcurrent: number;
  timeoutMs?: number;
  retry?: RetryOptions;
  logger: Logger;
  /** Which failures are retried, how, and the error the caller finally gets. */
  policy: FailurePolicy;
  dispatcher?: Dispatcher;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Told when a 429 makes this request wait, with the epoch ms it waits until. */
  onRateLimited?: (untilEpochMs: number) => void;
  retry?: Partial<RetryOptions>;
  /** Cancels the request (a page nobody needs any more); an aborted request is never retried. */
  signal?: AbortSignal;
}

export class HttpClient {
  private readonly dispatcher: Dispatcher;
  private readonly inFlight: Semaphore;
  private readonly origin: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly retry: RetryOptions;
  /** Aborted by close(): requests still queued or backing off must not outlive the run. */
  private readonly closing = new AbortController();

  constructor(private readonly options: HttpClientOptions) {
    this.origin = options.baseUrl.replace(/\/+$/, '');
    this.authorization = `Bearer ${options.apiKey}`;
    this.timeoutMs = options.timeoutMs ?? 60_000;
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

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.send<T>('GET', path, options);
  }

  post<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.send<T>('POST', path, { ...options, body });
  }

  /** The 2xx body as text, not parsed: for pages that wait before they are used (see AttioClient.deferred). */
  postText(path: string, body: unknown, options: RequestOptions = {}): Promise<string> {
    return this.send<string>('POST', path, { ...options, body }, false);
  }

  async close(): Promise<void> {
    this.closing.abort(new Error('the HTTP client is closed'));
    if (!this.options.dispatcher) await this.dispatcher.close();
  }

  private async send<T>(method: 'GET' | 'POST', path: string, options: RequestOptions, parse = true): Promise<T> {
    const budget = { ...this.retry, ...options.retry };
    const policy = this.options.policy;
    const route = `${method} ${path}`;
    const signal = options.signal ? AbortSignal.any([this.closing.signal, options.signal]) : this.closing.signal;
    if (signal !== this.closing.signal) setMaxListeners(0, signal);
    const failures: unknown[] = [];
    let decision: RetryDecision = { retry: 'fail' };
    // p-retry stops once its retry count is spent, whatever shouldConsumeRetry says; so it gets no count, and
    // the budget for backoff retries is kept here, where waits cannot touch it.
    let backoffFailures = 0;
    try {
      return await pRetry(async () => this.attempt<T>(method, path, route, options, signal, parse), {
        signal,
        retries: Number.POSITIVE_INFINITY,
        maxRetryTime: budget.maxRetryTimeMs,
        minTimeout: budget.minBackoffMs,
        maxTimeout: budget.maxBackoffMs,
        factor: 2,
        randomize: true,
        // Called first for each failed attempt: the one place the policy is asked, so it is asked once.
        onFailedAttempt: async ({ error }) => {
          decision = signal.aborted ? { retry: 'fail' } : policy.decide(error, failures);
          failures.push(error);
          if (decision.retry === 'wait') {
            // p-retry adds no delay for attempts that do not consume a retry: the wait happens here.
            this.options.rateLimiter.pauseFor(decision.waitMs);
            options.onRateLimited?.(Date.now() + decision.waitMs);
            this.options.logger.info(decision.note);
            await abortableSleep(decision.waitMs, signal);
            return;
          }
          if (decision.retry !== 'backoff') return;
          backoffFailures += 1;
          const left = budget.retries - backoffFailures + 1;
          if (left > 0) this.options.logger.warn(`${redact(decision.note)}; retrying (${left} retries left).`);
        },
        shouldConsumeRetry: () => decision.retry !== 'wait',
        shouldRetry: () =>
          !signal.aborted && (decision.retry === 'wait' || (decision.retry === 'backoff' && backoffFailures <= budget.retries)),
      });
    } catch (error) {
      if (signal.aborted) throw new RequestAborted(route);
      throw policy.toError(error, failures.length === 0 ? 1 : failures.length);
    }
  }

  private async attempt<T>(
    method: 'GET' | 'POST',
    path: string,
    route: string,
    options: RequestOptions,
    signal: AbortSignal,
    parse: boolean,
  ): Promise<T> {
    await this.options.rateLimiter.take();
    signal.throwIfAborted();
    await this.inFlight.acquire();
    const started = performance.now();
    try {
      signal.throwIfAborted();
      const response = await request(this.url(path, options.query), {
        method,
        signal,
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
        throw new TransportError(isInvalidRequest(error) ? 'invalid-request' : 'network', describeTransportFailure(error), route, {
          cause: error,
        });
      });
      let text: string;
      try {
        text = await response.body.text();
      } catch (error) {
        throw new TransportError('network', describeTransportFailure(error), route, { cause: error });
      }
      if (this.options.logger.debugEnabled) {
        this.options.logger.debug(`${route} → ${response.statusCode} in ${Math.round(performance.now() - started)} ms`);
      }
      if (response.statusCode >= 200 && response.statusCode < 300) {
        if (!parse) return text as T;
        try {
          return JSON.parse(text) as T;
        } catch (error) {
          // A cut connection can still end in a 200 with half a body: treat it as a transport fault.
          throw new TransportError('invalid-body', `the response body is not valid JSON (${text.length} bytes)`, route, { cause: error });
        }
      }
      throw new HttpStatusError(
        response.statusCode,
        route,
        boundedRedacted(text),
        response.headers,
        parseRetryAfter(response.headers['retry-after']),
      );
    } finally {
      this.inFlight.release();
    }
  }

  private url(path: string, query: RequestOptions['query']): string {
    let url = `${this.origin}${path}`;
    if (query) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
      const qs = params.toString();
      if (qs) url += `?${qs}`;
    }
    return url;
  }
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

/** undici refused to build the request (a header it cannot send): nothing left the machine, a retry cannot help. */
function isInvalidRequest(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 'UND_ERR_INVALID_ARG';
}

function describeTransportFailure(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return redact(typeof code === 'string' ? `${code} ${error.message}` : error.message);
  }
  return 'unknown network failure';
}
