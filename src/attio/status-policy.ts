// How each way an Attio request can fail is treated: one table, read both by the retry decision (the HttpClient's
// injected FailurePolicy) and by the error the user finally sees, with its failure_type and advice; and how long an
// interactive command (check) may keep trying.

import { ConnectorError, connectorError, type FailureType, SystemError } from '../errors.js';
import {
  type FailurePolicy,
  HttpStatusError,
  type RetryBudget,
  ResponseTooLargeError,
  type RetryDecision,
  TransportError,
  UnexpectedResponseError,
} from '../http/errors.js';
import { say, type UserMessage } from '../messages.js';
import { redact } from '../redact.js';
import { AttioApiError, attioBodyOf, attioSays, describeAnswer } from './errors.js';

export type FailureKind =
  | 'rate-limited'
  | 'unauthorized'
  | 'forbidden'
  | 'server'
  | 'refused'
  | 'transport'
  | 'invalid-request'
  | 'too-large'
  | 'unexpected-body'
  | 'unknown';

/** What the advice texts may quote. */
interface Facts {
  route: string;
  /** The HTTP status, or "" for failures below HTTP. */
  status: number | '';
  /** ", <Attio's code>" or "". */
  code: string;
  /** ` Attio says: "…".` or "". */
  attio: string;
  attempts: number;
  /** The failure's own description (redacted), for failures below HTTP. */
  detail: string;
  /** The response size limit, in MiB. */
  limitMiB: number;
  /** What a 2xx body was expected to be. */
  expected: string;
}

interface Row {
  /** wait: sleep as Retry-After asks, not spending a retry; backoff: spend a retry; fail: give up now. */
  retry: RetryDecision['retry'];
  /** For wait: whom the wait holds: the whole run (no request goes out until it is over), or this request alone. */
  holds?: 'run' | 'request';
  /** For backoff: at most this many retries for this kind of failure in one request (the request's budget applies too). */
  maxRetries?: number;
  /** In an interactive command (check), where a person waits for the answer, give up at once instead. */
  failWhenInteractive?: boolean;
  failureType: FailureType;
  /** The message the user sees once the request gives up. */
  explain: (f: Facts) => UserMessage;
}

export const STATUS_POLICY: Readonly<Record<FailureKind, Row>> = {
  // Attio's limit belongs to the workspace, shared by every request of the run (and every other app): a 429 holds them
  // all until Retry-After, queued ones too, and they then leave one by one at the configured rate.
  'rate-limited': {
    retry: 'wait',
    holds: 'run',
    failureType: 'transient_error',
    explain: (f) => say('rateLimitExhausted', f),
  },
  // Attio answers 401 to valid keys under sustained load (a field report; docs/attio.md, "Reliability"): an unattended sync retries
  // a few times before it blames the key; check, where a person just typed the key, answers at once.
  unauthorized: {
    retry: 'backoff',
    maxRetries: 3,
    failWhenInteractive: true,
    failureType: 'config_error',
    explain: (f) => say('keyRejected', { ...f, inARow: f.attempts > 1 ? say('keyRejectedInARow', f) : '' }),
  },
  forbidden: {
    retry: 'fail',
    failureType: 'config_error',
    explain: (f) => say('accessRefused', f),
  },
  server: {
    retry: 'backoff',
    failureType: 'transient_error',
    explain: (f) => say('serverFailed', f),
  },
  refused: {
    retry: 'fail',
    failureType: 'system_error',
    explain: (f) => say('requestRefused', f),
  },
  transport: {
    retry: 'backoff',
    failureType: 'transient_error',
    explain: (f) => say('unreachable', f),
  },
  'invalid-request': {
    retry: 'fail',
    failureType: 'config_error',
    explain: (f) => say('requestUnbuildable', f),
  },
  'too-large': {
    retry: 'fail',
    failureType: 'system_error',
    explain: (f) => say('responseTooLarge', f),
  },
  'unexpected-body': {
    retry: 'fail',
    failureType: 'system_error',
    explain: (f) => say('unexpectedBody', f),
  },
  unknown: {
    retry: 'fail',
    failureType: 'system_error',
    explain: () => say('attioFailedUnexpectedly'),
  },
};

/**
 * check's budget: a person waits on it, so it answers within half a minute and 3 retries rather than sit out a sync's
 * (the HttpClient's DEFAULT_RETRY: 8 retries, 10 minutes). A cap: a shorter budget given to the client still holds.
 */
export const INTERACTIVE_BUDGET: Readonly<Partial<RetryBudget>> = { retries: 3, maxRetryTimeMs: 30_000 };

export function failureKind(error: unknown): FailureKind {
  if (error instanceof ResponseTooLargeError) return 'too-large';
  if (error instanceof UnexpectedResponseError) return 'unexpected-body';
  if (error instanceof TransportError) return error.failure === 'invalid-request' ? 'invalid-request' : 'transport';
  if (error instanceof HttpStatusError) {
    if (error.status === 429) return 'rate-limited';
    if (error.status === 401) return 'unauthorized';
    if (error.status === 403) return 'forbidden';
    if (error.status === 408 || error.status >= 500) return 'server';
    return 'refused';
  }
  return 'unknown';
}

/**
 * The HttpClient's failure policy for the Attio API, read from STATUS_POLICY. `interactive`: for check, where a person
 * waits for the answer (rows marked failWhenInteractive give up at once, within INTERACTIVE_BUDGET).
 */
export function attioFailurePolicy(options: { interactive?: boolean } = {}): FailurePolicy {
  return {
    decide(error, previous) {
      if (error instanceof ConnectorError) return { retry: 'fail' };
      const kind = failureKind(error);
      const row = STATUS_POLICY[kind];
      if (options.interactive && row.failWhenInteractive) return { retry: 'fail' };
      if (row.maxRetries !== undefined && previous.filter((e) => failureKind(e) === kind).length >= row.maxRetries) {
        return { retry: 'fail' };
      }
      if (row.retry === 'wait' && error instanceof HttpStatusError) {
        // Retry-After when sent (Attio sends an HTTP date, usually the next second), else a second. No jitter: a wait
        // that holds the run releases its requests through the rate gate, one by one.
        const waitMs = Math.max(100, error.retryAfterMs ?? 1000);
        return { retry: 'wait', waitMs, holds: row.holds ?? 'request', note: say('rateLimitWait', { route: error.route, ms: waitMs }) };
      }
      if (row.retry === 'backoff') return { retry: 'backoff', note: describe(error) };
      return { retry: 'fail' };
    },
    toError: toAttioFailure,
    ...(options.interactive ? { budget: INTERACTIVE_BUDGET } : {}),
  };
}

/** The error the user sees for a request that failed after `attempts` attempts. */
export function toAttioFailure(error: unknown, attempts: number): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const kind = failureKind(error);
  const row = STATUS_POLICY[kind];
  if (error instanceof HttpStatusError) {
    const body = attioBodyOf(error);
    const facts: Facts = {
      route: error.route,
      status: error.status,
      code: body?.code ? `, ${body.code}` : '',
      attio: attioSays(body?.message),
      attempts,
      detail: describeAnswer(error),
      limitMiB: 0,
      expected: '',
    };
    return new AttioApiError(
      { status: error.status, route: error.route, body, retryAfterMs: error.retryAfterMs },
      row.explain(facts),
      row.failureType,
      { cause: error },
    );
  }
  const detail = error instanceof Error ? redact(error.message) : String(error);
  const { route, status } = (error instanceof Error ? error : {}) as { route?: unknown; status?: unknown };
  const facts: Facts = {
    route: typeof route === 'string' ? route : '',
    status: typeof status === 'number' ? status : '',
    code: '',
    attio: '',
    attempts,
    detail,
    limitMiB: error instanceof ResponseTooLargeError ? Math.round((error.limitBytes / 1024 / 1024) * 100) / 100 : 0,
    expected: error instanceof UnexpectedResponseError ? error.expected : '',
  };
  if (kind === 'unknown') return new SystemError(row.explain(facts), { internalMessage: detail, cause: error });
  return connectorError(row.failureType, row.explain(facts), { cause: error });
}

function describe(error: unknown): string {
  if (error instanceof HttpStatusError) return describeAnswer(error);
  return error instanceof Error ? redact(error.message) : String(error);
}
