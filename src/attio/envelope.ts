// What an answer from an endpoint means, as its row in endpoints.ts says: the shape its 2xx answer must have (checked
// before anyone unwraps it), and what a 403 or 404 from it means. A body of another shape (`{"data": null}`, a
// proxy's JSON) fails its request with a clear system_error naming the route, instead of surfacing later as a
// missing scope or a TypeError. The client applies both to every request; nothing else looks at paths or statuses.

import type { Absence, Endpoint, Envelope } from './endpoints.js';
import { AttioApiError } from './errors.js';

/** Undefined when the body has the envelope's shape, else what was expected (the HttpClient's per-request check). */
export function checkEnvelope(envelope: Envelope, body: unknown): string | undefined {
  const object = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  switch (envelope) {
    case 'token':
      if (typeof object?.active === 'boolean') return undefined;
      return `a token description {"active": true|false, …} (got ${object ? 'an object without a boolean "active"' : shapeOf(body)})`;
    case 'data-object': {
      const data = object?.data;
      if (data !== null && typeof data === 'object' && !Array.isArray(data)) return undefined;
      return `a JSON object {"data": {…}} (got ${object ? `its "data" as ${shapeOf(data)}` : shapeOf(body)})`;
    }
    case 'data-list':
      if (object === undefined) return `a JSON object {"data": [ … ]} (got ${shapeOf(body)})`;
      if (!Array.isArray(object.data)) return `{"data": [ … ]} (its "data" is ${shapeOf(object.data)})`;
      return undefined;
  }
}

/** The check of one endpoint's 2xx answers. */
export function envelopeCheck(endpoint: Endpoint): (body: unknown) => string | undefined {
  return (body) => checkEnvelope(endpoint.envelope, body);
}

/** What a failed request to the endpoint means by its row's absence rule: `error` for anything but a 403 or 404 it names. */
export function absenceOf(endpoint: Endpoint, error: unknown): Absence {
  if (!(error instanceof AttioApiError) || (error.status !== 403 && error.status !== 404)) return 'error';
  return endpoint.absence?.[error.status] ?? 'error';
}

/** Attio does not offer an endpoint to this workspace or key: a probe's answer that its absence rule names. */
export class EndpointAbsent extends Error {
  readonly status: number;
  readonly route: string;
  constructor(answer: AttioApiError) {
    super(`Attio answered ${answer.status} on ${answer.route}`, { cause: answer });
    this.name = 'EndpointAbsent';
    this.status = answer.status;
    this.route = answer.route;
  }
}

/** What a JSON value is, in a few words, without quoting it (it could hold anything). */
function shapeOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
