// How each way an Attio request can fail is treated: one table, read both by the retry decision (the HttpClient's
// injected FailurePolicy) and by the error the user finally sees, with its failure_type and advice.

import { ConnectorError, connectorError, type FailureType, SystemError } from '../errors.js';
import {
  type FailurePolicy,
  HttpStatusError,
  ResponseTooLargeError,
  type RetryDecision,
  TransportError,
  UnexpectedResponseError,
} from '../http/errors.js';
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
  status: number | undefined;
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
  /** For backoff: at most this many retries for this kind of failure in one request (the request's budget applies too). */
  maxRetries?: number;
  /** In an interactive command (check), where a person waits for the answer, give up at once instead. */
  failWhenInteractive?: boolean;
  failureType: FailureType;
  /** The message the user sees once the request gives up. */
  explain: (f: Facts) => string;
}

export const STATUS_POLICY: Readonly<Record<FailureKind, Row>> = {
  'rate-limited': {
    retry: 'wait',
    failureType: 'transient_error',
    explain: (f) => `Attio's rate limit was still exceeded after waiting ${f.attempts} time(s).${f.attio} Try again later.`,
  },
  // Attio answers 401 to valid keys under sustained load (field report, shared/seeds/003): an unattended sync retries
  // a few times before it blames the key; check, where a person just typed the key, answers at once.
  unauthorized: {
    retry: 'backoff',
    maxRetries: 3,
    failWhenInteractive: true,
    failureType: 'config_error',
    explain: (f) =>
      `Attio rejected the API key (HTTP 401${f.code}${f.attempts > 1 ? `, on ${f.attempts} attempts in a row` : ''}).${f.attio} Check that the key is correct and has not been revoked or expired.`,
  },
  forbidden: {
    retry: 'fail',
    failureType: 'config_error',
    explain: (f) =>
      `Attio refused access (HTTP 403${f.code}).${f.attio} The API key lacks a scope this request needs; add it in Attio's developer settings.`,
  },
  server: {
    retry: 'backoff',
    failureType: 'transient_error',
    explain: (f) =>
      `Attio answered ${f.status} on ${f.route} after ${f.attempts} attempt(s).${f.attio} This is usually temporary; try again later.`,
  },
  refused: {
    retry: 'fail',
    failureType: 'system_error',
    explain: (f) => `Attio answered HTTP ${f.status}${f.code} on ${f.route}.${f.attio}`,
  },
  transport: {
    retry: 'backoff',
    failureType: 'transient_error',
    explain: (f) =>
      `Could not reach Attio after ${f.attempts} attempt(s): ${f.detail}. Check the network path to the API base URL, or try again later.`,
  },
  'invalid-request': {
    retry: 'fail',
    failureType: 'config_error',
    explain: (f) => `The request to Attio could not be built: ${f.detail}. Check the API key and base_url in the config.`,
  },
  'too-large': {
    retry: 'fail',
    failureType: 'system_error',
    explain: (f) =>
      `Attio's answer to ${f.route} is larger than ${f.limitMiB} MiB, the most the connector reads from one response (a page of 500 records is a few MB), so it was abandoned. If base_url points at a proxy, check that it passes Attio's answers through unchanged; if the stream's records are very large, lower page_size.`,
  },
  'unexpected-body': {
    retry: 'fail',
    failureType: 'system_error',
    explain: (f) =>
      `Attio answered ${f.route} with ${f.status} but not with what the connector expects: ${f.expected}. Check that base_url is Attio's API (or a proxy passing its answers through unchanged); otherwise report it.`,
  },
  unknown: {
    retry: 'fail',
    failureType: 'system_error',
    explain: () => 'Unexpected failure while calling Attio.',
  },
};

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
 * waits for the answer (rows marked failWhenInteractive give up at once).
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
        // Retry-After when sent (Attio sends an HTTP date, usually the next second), else a second; a little jitter so
        // the requests paused together do not all return at the same instant.
        const waitMs = Math.max(100, error.retryAfterMs ?? 1000) + Math.floor(Math.random() * 100);
        return { retry: 'wait', waitMs, note: `Attio rate limit hit on ${error.route}; waiting ${waitMs} ms as Retry-After asks.` };
      }
      if (row.retry === 'backoff') return { retry: 'backoff', note: describe(error) };
      return { retry: 'fail' };
    },
    toError: toAttioFailure,
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
    status: typeof status === 'number' ? status : undefined,
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
