// Transport to Attio: undici, Bearer auth, JSON in and out, timeouts, the shared rate limiter, and the retry
// policy (429 waits for Retry-After without spending a retry; 408/5xx/network faults back off with jitter;
// everything is bounded by a total time). Endpoint knowledge lives in attio/client.ts, not here.

import { setMaxListeners } from 'node:events';
import pRetry from 'p-retry';
import { Agent, type Dispatcher, request } from 'undici';
import type { Logger } from '../logger.js';
import { redact } from '../redact.js';
import { AttioHttpError, retryPolicy, toConnectorFailure, TransportError } from './errors.js';
import { type RateLimiter, Semaphore } from './rate-limiter.js';
import { parseRetryAfter } from './retry-after.js';

export interface RetryOptions {
  /** Retries for 408/5xx/network faults (429s do not count). */
  retries: number;
  /** Total time budget across all attempts of one request, 429 waits included. */
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
    const policy = { ...this.retry, ...options.retry };
    const route = `${method} ${path}`;
    const signal = options.signal ? AbortSignal.any([this.closing.signal, options.signal]) : this.closing.signal;
    if (signal !== this.closing.signal) setMaxListeners(0, signal);
    let attempts = 0;
    // p-retry stops once its retry count is spent, whatever shouldConsumeRetry says; so it gets no count, and
    // the budget for backoff retries is kept here, where 429 waits cannot touch it.
    let backoffFailures = 0;
    try {
      return await pRetry(
        async () => {
          attempts += 1;
          return await this.attempt<T>(method, path, route, options, signal, parse);
        },
        {
          signal,
          retries: Number.POSITIVE_INFINITY,
          maxRetryTime: policy.maxRetryTimeMs,
          minTimeout: policy.minBackoffMs,
          maxTimeout: policy.maxBackoffMs,
          factor: 2,
          randomize: true,
          shouldRetry: ({ error }) => {
            if (signal.aborted) return false;
            const kind = retryPolicy(error);
            return kind === 'rate-limited' || (kind === 'backoff' && backoffFailures <= policy.retries);
          },
          shouldConsumeRetry: ({ error }) => retryPolicy(error) !== 'rate-limited',
          onFailedAttempt: async ({ error }) => {
            const kind = retryPolicy(error);
            if (kind === 'never' || signal.aborted) return;
            if (kind === 'rate-limited') {
              // p-retry adds no delay for attempts that do not consume a retry: the wait happens here.
              const retryAfter = error instanceof AttioHttpError ? error.retryAfterMs : undefined;
              const waitMs = Math.max(100, retryAfter ?? 1000) + Math.floor(Math.random() * 100);
              this.options.rateLimiter.pauseFor(waitMs);
              options.onRateLimited?.(Date.now() + waitMs);
              this.options.logger.info(`Attio rate limit hit on ${route}; waiting ${waitMs} ms as Retry-After asks.`);
              await abortableSleep(waitMs, signal);
              return;
            }
            backoffFailures += 1;
            const left = policy.retries - backoffFailures + 1;
            if (left > 0) this.options.logger.warn(`${redact(error.message)}; retrying (${left} retries left).`);
          },
        },
      );
    } catch (error) {
      if (signal.aborted) throw new RequestAborted(route);
      throw toConnectorFailure(error, attempts);
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
        throw new TransportError(describeTransportFailure(error), route, { cause: error });
      });
      let text: string;
      try {
        text = await response.body.text();
      } catch (error) {
        throw new TransportError(describeTransportFailure(error), route, { cause: error });
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
          throw new TransportError(`the response body is not valid JSON (${text.length} bytes)`, route, { cause: error });
        }
      }
      throw new AttioHttpError(response.statusCode, parseErrorBody(text), parseRetryAfter(response.headers['retry-after']), route);
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

/** A request cancelled because nobody needs its answer any more (a dropped page, a closed run). */
export class RequestAborted extends Error {
  constructor(route: string) {
    super(`${route} was cancelled`);
    this.name = 'RequestAborted';
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

function parseErrorBody(text: string): AttioHttpError['body'] {
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object') {
      const b = body as Record<string, unknown>;
      return {
        ...(typeof b.status_code === 'number' ? { status_code: b.status_code } : {}),
        ...(typeof b.type === 'string' ? { type: redact(b.type) } : {}),
        ...(typeof b.code === 'string' ? { code: redact(b.code) } : {}),
        ...(typeof b.message === 'string' ? { message: redact(b.message) } : {}),
      };
    }
  } catch {
    // Not JSON (a proxy's HTML page, say): the status alone must do.
  }
  return undefined;
}

function describeTransportFailure(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return redact(typeof code === 'string' ? `${code} ${error.message}` : error.message);
  }
  return 'unknown network failure';
}
