// Attio's error body ({status_code, type, code, message}) is the same on every non-2xx answer.
import type { AttioErrorBody } from './model.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  body(): AttioErrorBody {
    return { status_code: this.status, type: this.type, code: this.code, message: this.message };
  }
}

export const apiErrors = {
  unauthorized: (message: string) => new ApiError(401, 'auth_error', 'unauthorized', message),
  /** The spec documents no scope error; this mirrors its auth_error family. */
  missingScopes: (missing: string[]) =>
    new ApiError(
      403,
      'auth_error',
      'forbidden',
      `The access token is missing the required scope${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.`,
    ),
  /**
   * A beta endpoint the workspace may not use: the spec's documented 403 is `auth_error` with code
   * `billing_error` (features "not currently supported on your plan"); the message is the simulator's.
   */
  betaForbidden: (feature: string) =>
    new ApiError(403, 'auth_error', 'billing_error', `The ${feature} API is not available on this workspace's plan.`),
  notFound: (message: string) => new ApiError(404, 'invalid_request_error', 'not_found', message),
  filter: () => new ApiError(400, 'invalid_request_error', 'filter_error', 'Error in filter.'),
  validation: (message: string) => new ApiError(400, 'invalid_request_error', 'validation_type', message),
  rateLimited: () => new ApiError(429, 'rate_limit_error', 'rate_limit_exceeded', 'Rate limit exceeded, please try again later'),
};
