// Which OAuth scopes each route needs, and whether a token's scopes cover them.
//
// The scopes of every route come from Attio's OpenAPI document (integration_tests/reference/attio-openapi.json,
// each operation's `security`), read when the first simulator starts. Endpoints newer than that file take
// theirs from NEWER_ENDPOINT_SCOPES below. Nothing here is copied from the connector.
import { conditionalScopes, findSpecOperation, type SpecOperation } from './openapi.js';
import type { Route } from './route.js';

/**
 * What the default token is granted: the `x:read` half of every scope pair. The spec's OAuth2 scheme
 * declares user_management … webhook and file (scim_management is SCIM, not REST v2, and left out);
 * email, activity_configuration, activity_record and sequence_unsubscribe are newer, from the tag
 * list of Attio's 2026-09 reference (newer than the vendored document, integration_tests/reference/README.md).
 */
export const ALL_READ_SCOPES: readonly string[] = [
  'user_management',
  'record_permission',
  'object_configuration',
  'list_entry',
  'list_configuration',
  'public_collection',
  'private_collection',
  'comment',
  'task',
  'note',
  'meeting',
  'call_recording',
  'webhook',
  'file',
  'email',
  'activity_configuration',
  'activity_record',
  'sequence_unsubscribe',
].map((area) => `${area}:read`);

/**
 * Endpoints that are not in the vendored OpenAPI file (it dates from 2026-02). Source: the operation
 * docs ("Required scopes: …") in the generated SDK of the npm package attio-ts-sdk 2.3.0
 * (dist/index.d.mts, generated from Attio's live OpenAPI document): getV2Files, getV2FilesByFileId,
 * getV2ObjectsByObjectViews, getV2ListsByListViews.
 */
export const NEWER_ENDPOINT_SCOPES: Readonly<Record<string, readonly string[]>> = {
  'GET /v2/files': ['object_configuration:read', 'record_permission:read', 'file:read'],
  'GET /v2/files/{file_id}': ['file:read', 'object_configuration:read', 'record_permission:read'],
  'GET /v2/objects/{object}/views': ['object_configuration:read'],
  'GET /v2/lists/{list}/views': ['list_configuration:read'],
};

export interface RouteScopes {
  /** Always required. */
  base: readonly string[];
  /** Required on top when the item is on a record / on a list entry (threads and comments; from the description's prose). */
  records: readonly string[];
  entries: readonly string[];
  source: 'openapi' | 'newer-endpoint-table';
  /** The spec's path template, when the scopes came from the spec. */
  specPath?: string;
}

/** Resolves every route's scopes; throws for a route neither the spec nor the table knows. */
export function routeScopeTable(routes: readonly Route[]): Map<Route, RouteScopes> {
  const table = new Map<Route, RouteScopes>();
  for (const route of routes) {
    const key = `${route.method} ${route.pattern}`;
    const newer = NEWER_ENDPOINT_SCOPES[key];
    const op: SpecOperation | undefined = newer ? undefined : findSpecOperation(route.method, route.pattern);
    if (newer) table.set(route, { base: newer, records: [], entries: [], source: 'newer-endpoint-table' });
    else if (op) table.set(route, { base: op.scopes, ...conditionalScopes(op), source: 'openapi', specPath: op.path });
    else throw new Error(`no scopes for ${key}: not in attio-openapi.json nor in NEWER_ENDPOINT_SCOPES`);
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
