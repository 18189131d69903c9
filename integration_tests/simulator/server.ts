// startSimulator: a real node:http server on 127.0.0.1 answering Attio's v2 read endpoints from a
// Workspace, with auth, scopes, rate limiting, latency and fault injection in front.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, apiErrors } from './api-error.js';
import { TokenRegistry, selfBody, type TokenInfo } from './auth.js';
import {
  ArrivalWindow,
  FaultInjector,
  ScriptedFailures,
  SlidingWindowRateLimiter,
  type FaultOptions,
  type RequestMatcher,
  type ScriptedAnswer,
} from './faults.js';
import { type AnsweredRequest, type Churn, type ChurnOptions, RequestHooks, type RequestHook, startChurn } from './live.js';
import { type BetaFeature, matchRoute, pathExists, type Route, type RouteAnswer, type RouteContext } from './route.js';
import { ROUTES } from './routes.js';
import { SeededRandom } from './random.js';
import { routeLimitTable } from './page-limits.js';
import { ALL_READ_SCOPES, missingScopes, routeScopeTable } from './scopes.js';
import { createSeededWorkspace } from './seed.js';
import { httpDate, nextWholeSecond } from './timestamps.js';
import type { Workspace } from './workspace.js';

export const DEFAULT_API_KEY = 'sim_test_key_0123456789abcdef';
const MAX_BODY_BYTES = 1_000_000;

export interface SimulatorOptions {
  port?: number;
  apiKey?: string;
  tokens?: Record<string, TokenInfo>;
  scopes?: string[];
  workspace?: Workspace;
  latencyMs?: number;
  rateLimit?: { requestsPerSecond: number };
  faults?: FaultOptions;
  echoTokenInErrors?: boolean;
  /**
   * Reorder records sharing a created_at on every query sorted by created_at alone, as Attio may. Each
   * request's order comes from a PRNG seeded with (`seed` (default 1), the request's path and body, how
   * many times that same request was made before), so a run is reproducible even with concurrent pages.
   */
  shuffleTies?: boolean | { seed?: number };
  /**
   * Answer queries sorted by `record_id` / `entry_id`. Off by default: Attio does not document these
   * sorts, so the simulator refuses them (400 validation_type) unless a test opts in.
   */
  acceptIdSort?: boolean;
  /**
   * GET /v2/files without `object` + `record_id` lists every file entry of the workspace, as the
   * endpoint's description says; by default it is a 400, as attio-ts-sdk's types (required parameters) say.
   */
  filesWorkspaceWide?: boolean;
  /**
   * Beta endpoints: 'on' (default), 'off' (404, as if the endpoint did not exist) or 'forbidden' (403
   * billing_error, as for a feature the workspace's plan lacks). files = GET /v2/files(/{id}); views =
   * GET /v2/{objects|lists}/{…}/views; meetings = GET /v2/meetings(/{id}); call_recordings = the call
   * recording and transcript endpoints.
   */
  betaEndpoints?: Partial<Record<BetaFeature, 'on' | 'off' | 'forbidden'>>;
}

export interface SimulatorStats {
  requests: number;
  /** Keyed by "METHOD /pattern", e.g. "POST /v2/objects/{object}/records/query"; unmatched paths under "unmatched". */
  byRoute: Record<string, number>;
  /** Keyed by "429", "5xx", "reset", "truncated", "slow", "rate_limited", "fail_next". */
  faults: Record<string, number>;
  /** The most requests that arrived within any one second (a sliding window), answered or refused. */
  peakPerSecond: number;
}

export interface Simulator {
  url: string;
  apiKey: string;
  workspace: Workspace;
  stats: SimulatorStats;
  failNext(match: RequestMatcher, answer: ScriptedAnswer, times?: number): void;
  /**
   * Runs `hook` before every request that reaches a route handler, with its ordinal n (1-based; see
   * live.ts for what counts). The hook may change the workspace; the request sees the change. Returns
   * a function that removes the hook.
   */
  onRequest(hook: RequestHook): () => void;
  /** One-shot: runs `action` before the n-th request that reaches a route handler. */
  beforeRequest(n: number, action: (req: AnsweredRequest) => void): void;
  /** Seeded churn: deletes, creates and value updates before every k-th matching request. */
  churn(options: ChurnOptions): Churn;
  /** Requests that reached a route handler so far (the n of the last one). */
  readonly answered: number;
  close(): Promise<void>;
}

/** Every route the simulator serves (exported for the scope and contract tests). */
export { ROUTES };

interface Outgoing {
  status: number;
  body: string;
  headers?: Record<string, string>;
  contentType?: string;
  destroy?: boolean;
  truncate?: boolean;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const workspace = options.workspace ?? createSeededWorkspace();
  const tokens = new TokenRegistry(apiKey, options.scopes ?? ALL_READ_SCOPES, options.tokens);
  const faults = new FaultInjector(options.faults);
  const limiter = options.rateLimit ? new SlidingWindowRateLimiter(options.rateLimit.requestsPerSecond) : null;
  const scripted = new ScriptedFailures();
  const stats: SimulatorStats = { requests: 0, byRoute: {}, faults: {}, peakPerSecond: 0 };
  const arrivals = new ArrivalWindow();
  const scopeTable = routeScopeTable(ROUTES);
  const limitTable = routeLimitTable(ROUTES);
  const betaMode = (route: Route) => (route.feature ? (options.betaEndpoints?.[route.feature] ?? 'on') : 'on');
  const routes = ROUTES.filter((route) => betaMode(route) !== 'off');
  const hooks = new RequestHooks();
  const tieSeed = options.shuffleTies ? (typeof options.shuffleTies === 'object' ? (options.shuffleTies.seed ?? 1) : 1) : undefined;
  const tieCalls = new Map<string, number>();
  /**
   * The PRNG that orders the ties of one request: seeded by (seed, the request, how many times that same
   * request came before), so concurrent requests arriving in any order get the same answers run after run.
   */
  const tieRandomFor = (key: string): SeededRandom => {
    const n = (tieCalls.get(key) ?? 0) + 1;
    tieCalls.set(key, n);
    return new SeededRandom(createHash('sha256').update(`${tieSeed}\n${n}\n${key}`).digest().readUInt32BE(0));
  };
  const countFault = (kind: string) => (stats.faults[kind] = (stats.faults[kind] ?? 0) + 1);

  async function decide(req: IncomingMessage): Promise<{ out: Outgoing; delayMs: number }> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const matched = matchRoute(routes, method, url.pathname);
    const routeKey = url.pathname === '/v2/self' ? 'GET /v2/self' : matched ? `${method} ${matched.route.pattern}` : 'unmatched';
    stats.requests += 1;
    stats.byRoute[routeKey] = (stats.byRoute[routeKey] ?? 0) + 1;
    stats.peakPerSecond = Math.max(stats.peakPerSecond, arrivals.add(performance.now()));
    let delayMs = options.latencyMs ?? 0;

    const script = scripted.take({ method, path: url.pathname });
    if (script) {
      countFault('fail_next');
      const body = script.body === undefined ? '' : typeof script.body === 'string' ? script.body : JSON.stringify(script.body);
      return { out: { status: script.status, body, headers: script.headers, destroy: script.destroy }, delayMs };
    }
    const retryAt = limiter?.check(Date.now());
    if (retryAt) {
      countFault('rate_limited');
      return { out: rateLimited(retryAt), delayMs };
    }
    const { fault, slowMs } = faults.draw();
    if (slowMs > 0) {
      countFault('slow');
      delayMs += slowMs;
    }
    if (fault) countFault(fault);
    if (fault === '429') return { out: rateLimited(nextWholeSecond(Date.now())), delayMs };
    if (fault === 'reset') return { out: { status: 0, body: '', destroy: true }, delayMs };
    if (fault === '5xx') return { out: serverError(faults.serverErrorStatus()), delayMs };

    const out = await answer(req, method, url, matched);
    return { out: { ...out, truncate: fault === 'truncated' && out.status === 200 }, delayMs };
  }

  async function answer(req: IncomingMessage, method: string, url: URL, matched: ReturnType<typeof matchRoute>): Promise<Outgoing> {
    try {
      const auth = tokens.authenticate(req.headers.authorization);
      if (auth.kind === 'missing') {
        throw apiErrors.unauthorized('The Authorization header was not provided. Please provide a valid Bearer token.');
      }
      if (auth.kind === 'unknown') {
        throw apiErrors.unauthorized(options.echoTokenInErrors ? `Invalid access token "${auth.token}".` : 'Invalid access token.');
      }
      if (url.pathname === '/v2/self' && method === 'GET') {
        // Introspection: an inactive token still gets a 200.
        return json(200, auth.kind === 'inactive' ? { active: false } : selfBody(workspace, auth.scopes));
      }
      if (auth.kind === 'inactive') {
        throw apiErrors.unauthorized(
          options.echoTokenInErrors ? `Access token "${auth.token}" is not active.` : 'Access token is not active.',
        );
      }
      if (!matched) {
        if (pathExists(routes, url.pathname))
          throw new ApiError(405, 'invalid_request_error', 'method_not_allowed', `Method ${method} is not allowed on ${url.pathname}.`);
        throw apiErrors.notFound(`Route ${method} ${url.pathname} not found.`);
      }
      const body = method === 'POST' ? await readJsonBody(req) : {};
      const ctx: RouteContext = {
        ws: workspace,
        params: matched.params,
        limits: limitTable.get(matched.route) ?? {},
        query: url.searchParams,
        body,
        acceptIdSort: options.acceptIdSort ?? false,
        filesWorkspaceWide: options.filesWorkspaceWide ?? false,
        ...(tieSeed !== undefined ? { shuffleTies: randomOf(tieRandomFor(`${url.pathname}\n${JSON.stringify(body)}`)) } : {}),
      };
      if (betaMode(matched.route) === 'forbidden') throw apiErrors.betaForbidden(matched.route.feature ?? '');
      const scopes = scopeTable.get(matched.route);
      if (!scopes) throw new Error(`route ${matched.route.pattern} has no scopes`);
      const on = matched.route.conditionalScopes?.(ctx);
      const required = [...scopes.base, ...(on?.records ? scopes.records : []), ...(on?.entries ? scopes.entries : [])];
      const missing = missingScopes(auth.scopes, required);
      if (missing.length > 0) throw apiErrors.missingScopes(missing);
      hooks.run({
        method,
        path: url.pathname,
        route: `${method} ${matched.route.pattern}`,
        params: matched.params,
        query: url.searchParams,
        body,
      });
      return fromRouteAnswer(matched.route.handle(ctx));
    } catch (error) {
      if (error instanceof ApiError) return json(error.status, error.body());
      const message = error instanceof Error ? error.message : String(error);
      return json(500, { status_code: 500, type: 'api_error', code: 'internal_error', message: `Simulator error: ${message}` });
    }
  }

  const server = createServer((req, res) => {
    decide(req)
      .then(({ out, delayMs }) => (delayMs > 0 ? setTimeout(() => send(req, res, out), delayMs) : send(req, res, out)))
      .catch((error: unknown) => {
        if (!res.headersSent && !res.destroyed)
          send(req, res, json(500, { status_code: 500, type: 'api_error', code: 'internal_error', message: String(error) }));
      });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    workspace,
    stats,
    failNext: (match, answer, times) => scripted.add(match, answer, times),
    onRequest: (hook) => hooks.add(hook),
    beforeRequest(n, action) {
      if (!Number.isInteger(n) || n <= hooks.answered) throw new Error(`beforeRequest: request ${n} is not in the future`);
      const remove = hooks.add((req, at) => {
        if (at !== n) return;
        remove();
        action(req);
      });
    },
    churn: (churnOptions) => startChurn(workspace, hooks, churnOptions),
    get answered() {
      return hooks.answered;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function send(req: IncomingMessage, res: ServerResponse, out: Outgoing): void {
  if (res.destroyed || res.writableEnded) return;
  if (out.destroy) {
    req.socket.destroy();
    return;
  }
  const body = out.truncate ? out.body.slice(0, Math.floor(out.body.length / 2)) : out.body;
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(out.status, {
    'content-type': out.contentType ?? 'application/json; charset=utf-8',
    'content-length': String(bytes.length),
    ...out.headers,
  });
  res.end(bytes);
}

function json(status: number, body: unknown): Outgoing {
  return { status, body: JSON.stringify(body) };
}

function fromRouteAnswer(answer: RouteAnswer): Outgoing {
  return 'rawJson' in answer ? { status: 200, body: answer.rawJson } : json(200, answer.json);
}

function rateLimited(retryAtMs: number): Outgoing {
  return { ...json(429, apiErrors.rateLimited().body()), headers: { 'retry-after': httpDate(retryAtMs) } };
}

/** 502 comes from the edge proxy as HTML; 503 from the API itself as JSON. */
function serverError(status: 502 | 503): Outgoing {
  if (status === 502) {
    return {
      status,
      contentType: 'text/html; charset=utf-8',
      body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>',
    };
  }
  return json(503, {
    status_code: 503,
    type: 'api_error',
    code: 'service_unavailable',
    message: 'The service is temporarily unavailable, please try again later.',
  });
}

async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw apiErrors.validation('Request body too large.');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw apiErrors.validation('Request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw apiErrors.validation('Request body must be a JSON object.');
  return parsed as Record<string, unknown>;
}

function randomOf(random: SeededRandom): () => number {
  return () => random.next();
}
