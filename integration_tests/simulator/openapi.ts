// Reads what the simulator needs from Attio's own OpenAPI document, vendored byte for byte in
// integration_tests/reference/attio-openapi.json (provenance in that folder's README.md): each
// operation's OAuth scopes (`security: [{oauth2: [...]}]`), the prose of its description, its `limit`
// parameter and where its response schemas are. Endpoints newer than that file come from
// attio-ts-sdk-newer-endpoints.json beside it (the SDK's generated schemas, see extract-attio-ts-sdk.mjs).
// Parsed once, on first use, when the first simulator starts.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The schema and prose of a `limit` parameter (query string, or JSON body for the POST queries). */
export interface LimitParameter {
  schema: { minimum?: number; maximum?: number; default?: number };
  description: string;
}

export interface SpecOperation {
  method: string;
  /** The spec's path template, e.g. "/v2/{target}/{identifier}/attributes". */
  path: string;
  /** The OAuth scopes of the operation's `security` requirement ([] when it names none). */
  scopes: string[];
  description: string;
  limit?: LimitParameter;
  /** Status code → JSON pointer (into the document) of the response body's schema. */
  responses: Record<string, string>;
}

interface OpenApiParameter {
  name: string;
  in: string;
  description?: string;
  schema?: LimitParameter['schema'] & { description?: string };
}

interface OpenApiOperation {
  security?: { oauth2?: string[] }[] | null;
  description?: string;
  parameters?: OpenApiParameter[];
  requestBody?: {
    content?: Record<string, { schema?: { properties?: Record<string, LimitParameter['schema'] & { description?: string }> } }>;
  };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { securitySchemes?: { oauth2?: { flows?: { authorizationCode?: { scopes?: Record<string, string> } } } } };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** A file of integration_tests/reference, from the sources (integration_tests/simulator) and from the build (dist/…). */
function referencePath(name: string): string {
  const candidates = [`../reference/${name}`, `../../../integration_tests/reference/${name}`].map((relative) =>
    fileURLToPath(new URL(relative, import.meta.url)),
  );
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`${name} not found (looked at ${candidates.join(', ')})`);
  return found;
}

export function openApiPath(): string {
  return referencePath('attio-openapi.json');
}

/** `~` and `/` escaped as a JSON pointer segment. */
const pointerSegment = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

let cached: { document: OpenApiDocument; operations: SpecOperation[]; declaredScopes: string[] } | undefined;

function load(): { document: OpenApiDocument; operations: SpecOperation[]; declaredScopes: string[] } {
  if (cached) return cached;
  const document = JSON.parse(readFileSync(openApiPath(), 'utf8')) as OpenApiDocument;
  const operations: SpecOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const responses: Record<string, string> = {};
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (response.content?.['application/json']?.schema === undefined) continue;
        responses[status] = ['', 'paths', path, method, 'responses', status, 'content', 'application/json', 'schema']
          .map(pointerSegment)
          .join('/');
      }
      operations.push({
        method: method.toUpperCase(),
        path,
        scopes: (op.security ?? []).flatMap((requirement) => requirement.oauth2 ?? []),
        description: op.description ?? '',
        limit: limitParameter(op),
        responses,
      });
    }
  }
  const declaredScopes = Object.keys(document.components?.securitySchemes?.oauth2?.flows?.authorizationCode?.scopes ?? {});
  cached = { document, operations, declaredScopes };
  return cached;
}

function limitParameter(op: OpenApiOperation): LimitParameter | undefined {
  const query = op.parameters?.find((p) => p.name === 'limit' && p.in === 'query');
  if (query) return { schema: query.schema ?? {}, description: query.description ?? query.schema?.description ?? '' };
  const body = op.requestBody?.content?.['application/json']?.schema?.properties?.limit;
  return body && { schema: body, description: body.description ?? '' };
}

/** The parsed document (for validating answers against its schemas). */
export function specDocument(): unknown {
  return load().document;
}

/** An endpoint newer than attio-openapi.json, from attio-ts-sdk-newer-endpoints.json. */
export interface NewerEndpoint {
  /** Which document it comes from (package, version, file). */
  source: string;
  /** The zod schema names in that package. */
  zod: { response: string; query: string | null };
  response: unknown;
  query: { properties?: { limit?: LimitParameter['schema'] } } | null;
}

let newerCached: Map<string, NewerEndpoint> | undefined;

/** Keyed "METHOD /path" as the simulator's routes spell them. */
export function newerEndpoints(): ReadonlyMap<string, NewerEndpoint> {
  if (newerCached) return newerCached;
  const file = JSON.parse(readFileSync(referencePath('attio-ts-sdk-newer-endpoints.json'), 'utf8')) as {
    source: string;
    operations: Record<string, Omit<NewerEndpoint, 'source'>>;
  };
  newerCached = new Map(Object.entries(file.operations).map(([key, op]) => [key, { source: file.source, ...op }]));
  return newerCached;
}

export function specOperations(): readonly SpecOperation[] {
  return load().operations;
}

/** Every scope the spec's OAuth2 scheme declares (`x:read` and `x:read-write`). */
export function specDeclaredScopes(): readonly string[] {
  return load().declaredScopes;
}

const segmentsOf = (path: string) => path.split('/').filter((s) => s !== '');
const isParam = (segment: string) => segment.startsWith('{') && segment.endsWith('}');

/**
 * The spec operation serving a simulator route. The simulator spells some templates with literals
 * where the spec has a parameter (`/v2/objects/{identifier}/attributes` is the spec's
 * `/v2/{target}/{identifier}/attributes`): a spec parameter matches anything, a spec literal only
 * itself, and the template with the most literal matches wins.
 */
export function findSpecOperation(method: string, pattern: string): SpecOperation | undefined {
  const wanted = segmentsOf(pattern);
  let best: { op: SpecOperation; score: number } | undefined;
  for (const op of specOperations()) {
    if (op.method !== method) continue;
    const spec = segmentsOf(op.path);
    if (spec.length !== wanted.length) continue;
    let score = 0;
    const matches = spec.every((segment, i) => {
      const ours = wanted[i] ?? '';
      if (isParam(segment)) return true;
      if (isParam(ours) || ours !== segment) return false;
      score += 1;
      return true;
    });
    if (matches && (!best || score > best.score)) best = { op, score };
  }
  return best?.op;
}

/**
 * Scopes the description's prose asks for on top of `security`, e.g. GET /v2/threads: "To view
 * threads on records, you will need the `object_configuration:read` and `record_permission:read`
 * scopes. To view threads on list entries, you will need the `list_configuration:read` and
 * `list_entry:read` scopes." Keyed "records" / "list entries" (empty when the prose says nothing).
 */
export function conditionalScopes(op: SpecOperation): { records: string[]; entries: string[] } {
  const scopesAfter = (target: string): string[] => {
    const sentence = new RegExp(`To view \\w+ on ${target}, you will need the ([^.]*?) scopes?\\.`).exec(op.description)?.[1] ?? '';
    return [...sentence.matchAll(/`([a-z_]+:[a-z-]+)`/g)].map((m) => m[1] as string);
  };
  return { records: scopesAfter('records'), entries: scopesAfter('list entries') };
}
