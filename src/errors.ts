// Typed connector errors. Each carries the Airbyte failure_type that tells the platform (and the user)
// whether to fix the config, retry later, or report a bug. Their user message comes from the catalogue (messages.ts).

import { say, type UserMessage } from './messages.js';

export type FailureType = 'config_error' | 'transient_error' | 'system_error';

export interface ErrorOptions {
  internalMessage?: string;
  cause?: unknown;
  stream?: string;
}

export class ConnectorError extends Error {
  readonly failureType: FailureType;
  /** A sentence the user can act on; `message` may carry more detail for the logs. */
  readonly userMessage: UserMessage;
  /** Set when the failure belongs to one stream rather than the whole run. */
  stream?: string;

  constructor(userMessage: UserMessage, failureType: FailureType, options: ErrorOptions = {}) {
    super(options.internalMessage ?? userMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.userMessage = userMessage;
    this.failureType = failureType;
    if (options.stream !== undefined) this.stream = options.stream;
  }
}

// The three subclasses below answer `instanceof` by failure type, not by constructor: an error whose failure type
// comes from a table (AttioApiError) is a ConfigError exactly when it is a config_error.
const ofType = (type: FailureType) => (value: unknown) => value instanceof ConnectorError && value.failureType === type;
const isConfigError = ofType('config_error');
const isTransientError = ofType('transient_error');
const isSystemError = ofType('system_error');

/** The user can fix it: the config, the key, its scopes, or an input file. */
export class ConfigError extends ConnectorError {
  constructor(userMessage: UserMessage, options: ErrorOptions = {}) {
    super(userMessage, 'config_error', options);
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isConfigError(value);
  }
}

/** The same run later would likely work: throttling, 5xx and network faults after retries. */
export class TransientError extends ConnectorError {
  constructor(userMessage: UserMessage, options: ErrorOptions = {}) {
    super(userMessage, 'transient_error', options);
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isTransientError(value);
  }
}

/** A connector bug or an API contract we did not expect. */
export class SystemError extends ConnectorError {
  constructor(userMessage: UserMessage, options: ErrorOptions = {}) {
    super(userMessage, 'system_error', options);
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isSystemError(value);
  }
}

/** The error class of a failure type, for failures whose type is looked up rather than known in advance. */
export function connectorError(failureType: FailureType, userMessage: UserMessage, options: ErrorOptions = {}): ConnectorError {
  if (failureType === 'config_error') return new ConfigError(userMessage, options);
  if (failureType === 'transient_error') return new TransientError(userMessage, options);
  return new SystemError(userMessage, options);
}

/**
 * Attio sent an item the stream cannot use: a system_error whose internal message quotes the start of the item (for
 * the report; redacted on output like every message) and, when given, what went wrong reading it.
 */
export function badItemError(userMessage: UserMessage, item: unknown, detail?: string): SystemError {
  const why = detail === undefined ? '' : ` ${detail}.`;
  return new SystemError(userMessage, { internalMessage: `${userMessage}${why} The item: ${JSON.stringify(item).slice(0, 300)}` });
}

/** Wrap anything thrown into a ConnectorError; unknown errors are system errors. */
export function toConnectorError(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SystemError(say('connectorFailed'), {
    internalMessage: message,
    cause: error,
  });
}
