// Reads what the simulator needs from Attio's own OpenAPI document, vendored byte for byte in
// integration_tests/reference/attio-openapi.json (provenance in that folder's README.md): each
// operation's OAuth scopes (`security: [{oauth2: [...]}]`) and the prose of its description.
// Parsed once, on first use, when the first simulator starts.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface SpecOperation {
  method: string;
  /** The spec's path template, e.g. "/v2/{target}/{identifier}/attributes". */
  path: string;
  /** The OAuth scopes of the operation's `security` requirement ([] when it names none). */
  scopes: string[];
  description: string;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { security?: { oauth2?: string[] }[] | null; description?: string }>>;
  components?: { securitySchemes?: { oauth2?: { flows?: { authorizationCode?: { scopes?: Record<string, string> } } } } };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Works from the sources (integration_tests/simulator) and from the build (dist/integration_tests/simulator). */
export function openApiPath(): string {
  const candidates = ['../reference/attio-openapi.json', '../../../integration_tests/reference/attio-openapi.json'].map((relative) =>
    fileURLToPath(new URL(relative, import.meta.url)),
  );
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`attio-openapi.json not found (looked at ${candidates.join(', ')})`);
  return found;
}

let cached: { operations: SpecOperation[]; declaredScopes: string[] } | undefined;

function load(): { operations: SpecOperation[]; declaredScopes: string[] } {
  if (cached) return cached;
  const doc = JSON.parse(readFileSync(openApiPath(), 'utf8')) as OpenApiDocument;
  const operations: SpecOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      operations.push({
        method: method.toUpperCase(),
        path,
        scopes: (op.security ?? []).flatMap((requirement) => requirement.oauth2 ?? []),
        description: op.description ?? '',
      });
    }
  }
  const declaredScopes = Object.keys(doc.components?.securitySchemes?.oauth2?.flows?.authorizationCode?.scopes ?? {});
  cached = { operations, declaredScopes };
  return cached;
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
