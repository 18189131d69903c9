// What can go wrong with one HTTP request, in HTTP's own terms, and the contract of the failure policy that the
// HttpClient is given. Nothing here knows which API is on the other end: what a status means, whether it is
// retried and what the user is told is the policy's business (for Attio: attio/status-policy.ts).

import type { IncomingHttpHeaders } from 'node:http';
import type { UserMessage } from '../messages.js';

/** The most of an error body kept on the error: enough for any API's JSON error, not a whole page. */
export const ERROR_BODY_LIMIT = 16 * 1024;

/** A non-2xx answer. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly route: string,
    /** The body as text, at most ERROR_BODY_LIMIT characters, already redacted. */
    readonly bodyText: string,
    readonly headers: IncomingHttpHeaders,
    /** Retry-After, when the server sent one, in ms from now (see retry-after.ts). */
    readonly retryAfterMs: number | undefined,
  ) {
    super(`${route} answered ${status}`);
    this.name = 'HttpStatusError';
  }
}

export type TransportFailure =
  /** Reset, refused, DNS: the request may not have reached the server. */
  | 'network'
  /** No complete answer within the attempt's deadline (headers and body together). */
  | 'timeout'
  /** A 2xx whose body is not the JSON it should be: a cut connection can end that way. */
  | 'invalid-body'
  /** undici refused to build the request (a header it cannot send): nothing left the machine. */
  | 'invalid-request';

/** A failure below HTTP, or a body that cannot be what it claims. */
export class TransportError extends Error {
  constructor(
    readonly failure: TransportFailure,
    message: string,
    readonly route: string,
    options?: { cause?: unknown },
  ) {
    super(`${route}: ${message}`, options);
    this.name = 'TransportError';
  }
}

/** An answer longer than the client reads: abandoned at the limit, so one response cannot exhaust memory. */
export class ResponseTooLargeError extends Error {
  constructor(
    readonly route: string,
    readonly status: number,
    readonly limitBytes: number,
  ) {
    super(`${route} answered ${status} with a body over ${limitBytes} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}

/** A 2xx JSON body that is not the shape the caller expects (the caller's check says what was expected). */
export class UnexpectedResponseError extends Error {
  constructor(
    readonly route: string,
    readonly status: number,
    readonly expected: string,
  ) {
    super(`${route} answered ${status} with JSON that is not ${expected}`);
    this.name = 'UnexpectedResponseError';
  }
}

/** A request cancelled because nobody needs its answer any more (a dropped page, a closed run). */
export class RequestAborted extends Error {
  constructor(route: string) {
    super(`${route} was cancelled`);
    this.name = 'RequestAborted';
  }
}

/** What the client does after a failed attempt. */
export type RetryDecision =
  /**
   * Wait this long without spending a retry, then try again; `note` is logged. `holds`: whom the wait holds: `run`
   * closes the run's rate gate, so that no request of the run (queued ones too) goes out before the wait is over (a
   * limit shared by every request); `request` holds this request alone.
   */
  | { retry: 'wait'; waitMs: number; holds: 'run' | 'request'; note: UserMessage }
  /** Back off exponentially and try again, spending one of the request's retries; `note` describes the failure. */
  | { retry: 'backoff'; note: string }
  | { retry: 'fail' };

/** How long and how often one request may keep trying (see RetryOptions in client.ts). */
export interface RetryBudget {
  /** Retries the policy answers with backoff (waits, such as a 429's, do not count). */
  retries: number;
  /** Total time bound of one request: every attempt, wait and backoff of it ends within this. */
  maxRetryTimeMs: number;
  minBackoffMs: number;
  maxBackoffMs: number;
}

/**
 * The API-specific half of the client: which failures are retried, how, and what error the caller gets in the end.
 * The client keeps the count and the clock; the policy classifies, and may cap the budget.
 */
export interface FailurePolicy {
  /** `previous` holds the errors of this request's earlier failed attempts, oldest first. */
  decide(error: unknown, previous: readonly unknown[]): RetryDecision;
  /** The error the caller sees once the request gives up after `attempts` attempts. */
  toError(error: unknown, attempts: number): Error;
  /** Caps on the client's budget for the requests under this policy (each bound is the lower of the two). */
  budget?: Partial<RetryBudget>;
}
