// What a failed call to Attio answered, for the streams that treat some answers as part of the data (a record
// deleted meanwhile: 404; an attribute without history: 400; a beta endpoint not offered: 403 or 404). The one
// place that knows how the HTTP layer reports Attio's answers.

import { AttioApiError, attioSays } from '../attio/errors.js';

function answerOf(error: unknown): AttioApiError | undefined {
  return error instanceof AttioApiError ? error : undefined;
}

/** The HTTP status of Attio's answer behind a failed call, if it was an answer. */
export function attioStatus(error: unknown): number | undefined {
  return answerOf(error)?.status;
}

/** The route (`GET /v2/files`) Attio answered on, if it answered. */
export function attioRoute(error: unknown): string | undefined {
  return answerOf(error)?.route;
}

/** Attio's own message behind a failed call, quoted, or an empty string. */
export function attioMessage(error: unknown): string {
  return attioSays(answerOf(error)?.attioMessage);
}
