// The page limits of every route (default, minimum, maximum of `limit`), read from Attio's documents at
// start-up like the scopes: the vendored OpenAPI document's `limit` parameter (its schema, or the
// sentence of its description that states them, e.g. "The default is `10` and the maximum is `50`."),
// or for newer endpoints the attio-ts-sdk schemas. Where the documents state nothing, a route says
// its own choice (`Route.ownLimits`); an own choice for something the documents state fails at start-up.
import { findSpecOperation, newerEndpoints, type LimitParameter } from './openapi.js';
import type { LimitRule } from './query-params.js';
import type { Route } from './route.js';

export interface DocumentedLimit extends LimitRule {
  /** Where the values come from: the spec's path template, or the newer-endpoint document's source. */
  source: string;
}

const int = (text: string | undefined) => (text === undefined ? undefined : Number(text));

/** Limits stated in prose: "The default is `100` and the maximum is `1000`.", "between 10 and 100, defaults to 10", "Defaults to 50 with a maximum of 200." */
export function limitsFromProse(text: string): LimitRule {
  const between = /between `?(\d+)`? and `?(\d+)`?/i.exec(text);
  const defaultLimit = int(/\bdefault(?:s to| is) `?(\d+)`?/i.exec(text)?.[1]);
  const max = int(/\bmaximum (?:is|of) `?(\d+)`?/i.exec(text)?.[1]) ?? int(between?.[2]);
  const min = int(between?.[1]);
  return {
    ...(defaultLimit !== undefined ? { defaultLimit } : {}),
    ...(min !== undefined ? { min } : {}),
    ...(max !== undefined ? { max } : {}),
  };
}

function fromParameter(limit: LimitParameter | undefined): LimitRule {
  if (!limit) return {};
  const { minimum, maximum, default: fallback } = limit.schema;
  const prose = limitsFromProse(limit.description);
  return {
    ...prose,
    ...(fallback !== undefined ? { defaultLimit: fallback } : {}),
    ...(minimum !== undefined ? { min: minimum } : {}),
    ...(maximum !== undefined ? { max: maximum } : {}),
  };
}

/** What the documents say about a route's `limit` ({} when they say nothing, or the route is not paged). */
export function documentedLimit(method: string, pattern: string): DocumentedLimit {
  const newer = newerEndpoints().get(`${method} ${pattern}`);
  if (newer) {
    const limit = newer.query?.properties?.limit;
    return { ...fromParameter(limit && { schema: limit, description: '' }), source: newer.source };
  }
  const op = findSpecOperation(method, pattern);
  return { ...fromParameter(op?.limit), source: op ? `attio-openapi.json ${op.method} ${op.path}` : 'none' };
}

/** Every route's rule: the documents' values completed by the route's own choices. */
export function routeLimitTable(routes: readonly Route[]): Map<Route, LimitRule> {
  const table = new Map<Route, LimitRule>();
  for (const route of routes) {
    const { source, ...documented } = documentedLimit(route.method, route.pattern);
    const own = route.ownLimits ?? {};
    for (const key of Object.keys(own) as (keyof LimitRule)[]) {
      if (documented[key] !== undefined) {
        throw new Error(`${route.method} ${route.pattern}: ${key} is stated by ${source}; the route must not choose its own`);
      }
    }
    table.set(route, { ...documented, ...own });
  }
  return table;
}
