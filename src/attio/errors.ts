// Attio's side of a failed request: its error body and the error the rest of the connector sees. Which failures are
// retried and what the user is told is decided by the table in status-policy.ts.

import type { HttpStatusError } from '../http/errors.js';
import { ConnectorError, type FailureType } from '../errors.js';
import { say, type UserMessage } from '../messages.js';
import { redact } from '../redact.js';
import type { AttioErrorBody } from './types.js';

/**
 * A request Attio answered with a non-2xx status, after any retries. The status, Attio's code and the route are on
 * the error itself: a caller asking "was this a 403?" checks `error instanceof AttioApiError && error.status === 403`.
 */
export class AttioApiError extends ConnectorError {
  readonly status: number;
  readonly route: string;
  /** Attio's error code (`filter_error`, `unauthorized`…), when its body had one. */
  readonly code: string | undefined;
  /** Attio's own message, redacted, when its body had one. */
  readonly attioMessage: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    answer: { status: number; route: string; body: Partial<AttioErrorBody> | undefined; retryAfterMs: number | undefined },
    userMessage: UserMessage,
    failureType: FailureType,
    options: { cause?: unknown } = {},
  ) {
    super(userMessage, failureType, options);
    this.status = answer.status;
    this.route = answer.route;
    this.code = answer.body?.code;
    this.attioMessage = answer.body?.message;
    this.retryAfterMs = answer.retryAfterMs;
  }
}

/** Whether `error` is Attio's answer with one of `statuses`: for the streams that take some answers as data. */
export function isAttioAnswer(error: unknown, ...statuses: number[]): error is AttioApiError {
  return error instanceof AttioApiError && statuses.includes(error.status);
}

/** Attio's error body `{status_code, type, code, message}`, with every text redacted; undefined when it is not one. */
export function parseAttioErrorBody(text: string): Partial<AttioErrorBody> | undefined {
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

/** The Attio error body of an HTTP status error, parsed. */
export function attioBodyOf(error: HttpStatusError): Partial<AttioErrorBody> | undefined {
  return parseAttioErrorBody(error.bodyText);
}

/** One line for the logs: the route, the status, and Attio's code and message. */
export function describeAnswer(error: HttpStatusError): string {
  const body = attioBodyOf(error);
  return `${error.route} answered ${error.status}${body?.code ? ` ${body.code}` : ''}${body?.message ? `: ${body.message}` : ''}`;
}

/** Attio's own message, quoted as one sentence. */
export function attioSays(message: string | undefined): string {
  if (!message) return '';
  return say('attioSays', { message, stop: /[.!?]$/.test(message) ? '' : '.' });
}
