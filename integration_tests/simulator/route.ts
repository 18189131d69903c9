// A route: method, path pattern with {params} and a handler. Its scopes are not written here: they are
// read from Attio's OpenAPI document at start-up (scopes.ts).
import type { LimitRule } from './query-params.js';
import type { SeededRandom } from './random.js';
import type { Workspace } from './workspace.js';

export interface RouteContext {
  ws: Workspace;
  params: Record<string, string>;
  /** The route's page limits: from Attio's documents, completed by Route.ownLimits (page-limits.ts). */
  limits: LimitRule;
  query: URLSearchParams;
  /** The parsed JSON body of a POST ({} when empty). */
  body: Record<string, unknown>;
  /** Set when the simulator reorders ties on every query (SimulatorOptions.shuffleTies): a seeded PRNG. */
  shuffleTies?: () => number;
  /** SimulatorOptions.acceptIdSort: sorting queries by record_id / entry_id is answered instead of refused. */
  acceptIdSort?: boolean;
  /** SimulatorOptions.filesWorkspaceWide: GET /v2/files without object + record_id lists the whole workspace. */
  filesWorkspaceWide?: boolean;
}

export type BetaFeature = 'files' | 'views' | 'meetings' | 'call_recordings';

/** `json` is serialized by the server; `rawJson` is already serialized (large pages are built as strings). */
export type RouteAnswer = { json: unknown } | { rawJson: string };

export interface Route {
  method: 'GET' | 'POST';
  /** e.g. "/v2/objects/{object}/records/query"; also the key of stats.byRoute. */
  pattern: string;
  /**
   * For routes whose spec description asks for more scopes depending on the item (threads, comments):
   * which of the description's conditional sets apply to this request.
   */
  conditionalScopes?: (ctx: RouteContext) => { records: boolean; entries: boolean };
  /**
   * An endpoint newer than the vendored OpenAPI document: the document its shape and scopes come from
   * (named, e.g. "attio-ts-sdk 2.3.0 getV2Files"), and its scopes. Its answer shape is then read from
   * ../reference/attio-ts-sdk-newer-endpoints.json (contract.test.ts).
   */
  newer?: { source: string; scopes: readonly string[] };
  /**
   * What the seeded workspace holds for this route, for a collection kept in the workspace's generic store
   * (`ws.items(name)`, `ws.addItem(name, item)`): called last by createSeededWorkspace, with a PRNG of the
   * route's own, so a new route's items change nothing else that is seeded.
   */
  seed?: (ws: Workspace, random: SeededRandom) => void;
  /** The simulator's own page limits where Attio's documents state none (page-limits.ts refuses any they state). */
  ownLimits?: LimitRule;
  /** Beta endpoints a test can turn off (404) or forbid (403): SimulatorOptions.betaEndpoints. */
  feature?: BetaFeature;
  handle(ctx: RouteContext): RouteAnswer;
}

export function param(ctx: RouteContext, name: string): string {
  return ctx.params[name] ?? '';
}

/** Finds the route for a path; literal segments are tried in declaration order, so declare them first. */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | null {
  const segments = path.split('/').filter((s) => s !== '');
  for (const route of routes) {
    if (route.method !== method) continue;
    const pattern = route.pattern.split('/').filter((s) => s !== '');
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matched = pattern.every((part, i) => {
      const segment = segments[i] ?? '';
      if (part.startsWith('{') && part.endsWith('}')) {
        params[part.slice(1, -1)] = decodeURIComponent(segment);
        return true;
      }
      return part === segment;
    });
    if (matched) return { route, params };
  }
  return null;
}

/** Whether any route serves this path with some method (so a wrong method is not reported as unknown). */
export function pathExists(routes: readonly Route[], path: string): boolean {
  return ['GET', 'POST'].some((method) => matchRoute(routes, method, path) !== null);
}
