// Which OAuth scopes each route needs, and whether a token's scopes cover them.
//
// The scopes of every route come from Attio's OpenAPI document (integration_tests/reference/attio-openapi.json,
// each operation's `security`), read when the first simulator starts. A route newer than that file names its
// own (`Route.newer`, with their source). Nothing here is copied from the connector.
import { conditionalScopes, findSpecOperation, specDeclaredScopes, type SpecOperation } from './openapi.js';
import type { Route } from './route.js';
import { ROUTES } from './routes.js';

/**
 * Scope areas newer than the vendored document, from the tag list of Attio's 2026-09 reference
 * (integration_tests/reference/README.md); no route of the simulator asks for them.
 */
const NEWER_SCOPE_AREAS = ['email', 'activity_configuration', 'activity_record', 'sequence_unsubscribe'];

/**
 * What the default token is granted: the `x:read` half of every scope pair the spec's OAuth2 scheme
 * declares (scim_management is SCIM, not REST v2, and left out), then the newer areas, then any other
 * scope a newer route asks for (`Route.newer`). A test checks that it covers every scope a route asks for.
 */
export const ALL_READ_SCOPES: readonly string[] = [
  ...new Set([
    ...specDeclaredScopes().filter((scope) => scope.endsWith(':read') && !scope.startsWith('scim_')),
    ...NEWER_SCOPE_AREAS.map((area) => `${area}:read`),
    ...ROUTES.flatMap((route) => route.newer?.scopes ?? []),
  ]),
];

export interface RouteScopes {
  /** Always required. */
  base: readonly string[];
  /** Required on top when the item is on a record / on a list entry (threads and comments; from the description's prose). */
  records: readonly string[];
  entries: readonly string[];
  source: 'openapi' | 'route';
  /** The spec's path template, when the scopes came from the spec. */
  specPath?: string;
}

/** Resolves every route's scopes; throws for a route neither the spec nor the table knows. */
export function routeScopeTable(routes: readonly Route[]): Map<Route, RouteScopes> {
  const table = new Map<Route, RouteScopes>();
  for (const route of routes) {
    const key = `${route.method} ${route.pattern}`;
    const newer = route.newer;
    const op: SpecOperation | undefined = newer ? undefined : findSpecOperation(route.method, route.pattern);
    if (newer) table.set(route, { base: newer.scopes, records: [], entries: [], source: 'route' });
    else if (op) table.set(route, { base: op.scopes, ...conditionalScopes(op), source: 'openapi', specPath: op.path });
    else throw new Error(`no scopes for ${key}: not in attio-openapi.json, and the route does not say (Route.newer)`);
  }
  return table;
}

/** The required scopes that `granted` does not cover; `x:read-write` covers `x:read` (Attio's scope pairs). */
export function missingScopes(granted: readonly string[], required: readonly string[]): string[] {
  const have = new Set(granted);
  const missing = required.filter((scope) => {
    if (have.has(scope)) return false;
    return !(scope.endsWith(':read') && have.has(`${scope}-write`));
  });
  return [...new Set(missing)];
}
