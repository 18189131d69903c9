// The shape every 2xx answer of the endpoints the connector reads must have, checked before anyone unwraps it:
// `GET /v2/self` describes the token (`{"active": …}`); a call recording's transcript is one object per page,
// `{"data": {…}, "pagination": …}` (Attio's OpenAPI document); every other endpoint is a listing, `{"data": [ … ]}`.
// A body of another shape (`{"data": null}`, a proxy's JSON) fails its request with a clear system_error naming the
// route, instead of surfacing later as a missing scope or a TypeError.

/** The one route answered with an object as its data (path as sent, ids filled in, no query string). */
const TRANSCRIPT_ROUTE = /^GET \/v2\/meetings\/[^/]+\/call_recordings\/[^/]+\/transcript$/;

/** The HttpClient's checkJson for Attio: undefined when the body is as expected, else what was expected. */
export function checkAttioEnvelope(route: string, body: unknown): string | undefined {
  const object = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (route.endsWith(' /v2/self')) {
    if (typeof object?.active === 'boolean') return undefined;
    return `a token description {"active": true|false, …} (got ${object ? 'an object without a boolean "active"' : shapeOf(body)})`;
  }
  if (TRANSCRIPT_ROUTE.test(route)) {
    const data = object?.data;
    if (data !== null && typeof data === 'object' && !Array.isArray(data)) return undefined;
    return `a JSON object {"data": {…}} (got ${object ? `its "data" as ${shapeOf(data)}` : shapeOf(body)})`;
  }
  if (object === undefined) return `a JSON object {"data": [ … ]} (got ${shapeOf(body)})`;
  if (!Array.isArray(object.data)) return `{"data": [ … ]} (its "data" is ${shapeOf(object.data)})`;
  return undefined;
}

/** What a JSON value is, in a few words, without quoting it (it could hold anything). */
function shapeOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
