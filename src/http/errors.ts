// How each HTTP outcome is treated: one table, so the policy can be read in one place.

import type { AttioErrorBody } from '../attio/types.js';
import { ConfigError, ConnectorError, SystemError, TransientError } from '../errors.js';

/** A non-2xx answer from Attio, with its own error body when it sent one. */
export class AttioHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Partial<AttioErrorBody> | undefined,
    readonly retryAfterMs: number | undefined,
    readonly route: string,
  ) {
    super(`${route} answered ${status}${body?.code ? ` ${body.code}` : ''}${body?.message ? `: ${body.message}` : ''}`);
    this.name = 'AttioHttpError';
  }
}

/** A failure below HTTP: reset, timeout, refused connection, or a body that is not the JSON it claims. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly route: string,
    options?: { cause?: unknown },
  ) {
    super(`${route}: ${message}`, options);
    this.name = 'TransportError';
  }
}

export type Retry = 'rate-limited' | 'backoff' | 'never';

/** undici refused to build the request (a header it cannot send): nothing left the machine, a retry cannot help. */
export function isInvalidRequest(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return cause?.code === 'UND_ERR_INVALID_ARG';
}

export function retryPolicy(error: unknown): Retry {
  if (error instanceof TransportError) return isInvalidRequest(error) ? 'never' : 'backoff';
  if (error instanceof AttioHttpError) {
    if (error.status === 429) return 'rate-limited';
    if (error.status === 408 || error.status >= 500) return 'backoff';
  }
  return 'never';
}

/** Turn the final failure of a request into the error the user sees. */
export function toConnectorFailure(error: unknown, attempts: number): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof TransportError && isInvalidRequest(error)) {
    return new ConfigError(`The request to Attio could not be built: ${error.message}. Check the API key and base_url in the config.`, {
      cause: error,
    });
  }
  if (error instanceof TransportError) {
    return new TransientError(
      `Could not reach Attio after ${attempts} attempt(s): ${error.message}. Check the network path to the API base URL, or try again later.`,
      { cause: error },
    );
  }
  if (error instanceof AttioHttpError) {
    const attio = attioSays(error.body?.message);
    const code = error.body?.code ? `, ${error.body.code}` : '';
    if (error.status === 401) {
      return new ConfigError(
        `Attio rejected the API key (HTTP 401${code}).${attio} Check that the key is correct and has not been revoked or expired.`,
        { cause: error },
      );
    }
    if (error.status === 403) {
      return new ConfigError(
        `Attio refused access (HTTP 403${code}).${attio} The API key lacks a scope this request needs; add it in Attio's developer settings.`,
        { cause: error },
      );
    }
    if (error.status === 429) {
      return new TransientError(`Attio's rate limit was still exceeded after waiting ${attempts} time(s).${attio} Try again later.`, {
        cause: error,
      });
    }
    if (error.status === 408 || error.status >= 500) {
      return new TransientError(
        `Attio answered ${error.status} on ${error.route} after ${attempts} attempt(s).${attio} This is usually temporary; try again later.`,
        { cause: error },
      );
    }
    return new SystemError(`Attio answered HTTP ${error.status}${code} on ${error.route}.${attio}`, { cause: error });
  }
  return new SystemError('Unexpected failure while calling Attio.', {
    internalMessage: error instanceof Error ? error.message : String(error),
    cause: error,
  });
}

/** Attio's own message, quoted as one sentence. */
export function attioSays(message: string | undefined): string {
  if (!message) return '';
  return ` Attio says: "${message}"${/[.!?]$/.test(message) ? '' : '.'}`;
}
