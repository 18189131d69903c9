// The simulator against Attio's documents: every route's answers validate against the response schema
// of its operation in the vendored OpenAPI document (or, for endpoints newer than it, the schemas that
// attio-ts-sdk generates, attio-ts-sdk-newer-endpoints.json), with ajv; and its page limits are the
// ones those documents state. Requests are built from the seeded workspace for every route, with every
// object, list and attribute, so a wrong belief about a shape fails here rather than on both sides.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Workspace } from './index.js';
import { findSpecOperation, newerEndpoints, specDocument } from './openapi.js';
import { documentedLimit, routeLimitTable } from './page-limits.js';
import type { Route } from './route.js';
import { ROUTES } from './server.js';
import { suiteSimulator } from './test-client.js';

const SPEC_ID = 'attio-openapi.json';

/**
 * How the document is read where it says one thing in a way a JSON Schema validator reads as another.
 * Each reading counts where it applied, and the test below pins the counts, so a new copy of the
 * document that no longer needs one shows up.
 */
const READINGS = {
  // A schema that allows null (OpenAPI 3.0's `nullable: true`, or `type: [..., "null"]`) beside an
  // `enum` that lacks null (actor `type`, currency codes, `display_type`): the document means "one of
  // these, or null"; a validator applies the enum to null too and refuses it.
  nullableEnum: 0,
  // The timestamp value's `value` says `format: date`, but its own description and example are
  // nanosecond date-times ("2023-01-01T15:00:00.000000000Z"), as Attio answers.
  timestampValueFormat: 0,
};

function readDocument(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(readDocument);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, readDocument(v)]));
  const allowsNull = out.nullable === true || (Array.isArray(out.type) && out.type.includes('null'));
  if (allowsNull && Array.isArray(out.enum) && !out.enum.includes(null)) {
    out.enum = [...out.enum, null];
    READINGS.nullableEnum += 1;
  }
  const properties = out.properties as Record<string, { enum?: unknown[]; format?: string }> | undefined;
  if (properties?.attribute_type?.enum?.[0] === 'timestamp' && properties.value?.format === 'date') {
    properties.value = { ...properties.value, format: 'date-time' };
    READINGS.timestampValueFormat += 1;
  }
  // The values' oneOf is keyed by attribute_type (each branch a single-value enum, required): told so,
  // ajv reports the errors of the branch the value claims instead of those of all seventeen.
  const branches = out.oneOf as { properties?: { attribute_type?: { enum?: unknown[] } }; required?: string[] }[] | undefined;
  if (
    branches?.every((b) => b.properties?.attribute_type?.enum?.length === 1 && b.required?.includes('attribute_type')) &&
    out.discriminator === undefined
  ) {
    out.discriminator = { propertyName: 'attribute_type' };
  }
  return out;
}

// How many places of attio-openapi.json (sha256 in ../reference/README.md) each reading changes.
const NULLABLE_ENUMS = 303;
const TIMESTAMP_VALUE_FORMATS = 15;

const ajv = new Ajv2020({ strict: false, allErrors: true, discriminator: true });
addFormats.default(ajv);
ajv.addSchema(readDocument(specDocument()) as object, SPEC_ID);

const validators = new Map<string, ValidateFunction>();

/** The validator of a route's answer with this status, and the document it comes from; undefined when no document has one. */
function schemaFor(route: Route, status: number): { validate: ValidateFunction; source: string } | undefined {
  const key = `${route.method} ${route.pattern}`;
  if (route.newer) {
    // A newer endpoint's shape is in the SDK-derived document, never guessed from the OpenAPI one.
    const newer = newerEndpoints().get(key);
    if (!newer || status !== 200) return undefined;
    const id = `newer:${key}`;
    if (!validators.has(id)) validators.set(id, ajv.compile(newer.response as object));
    return { validate: validators.get(id) as ValidateFunction, source: newer.source };
  }
  const op = findSpecOperation(route.method, route.pattern);
  const pointer = op?.responses[String(status)];
  if (!op || !pointer) return undefined;
  const id = `${SPEC_ID}#${pointer}`;
  if (!validators.has(id)) {
    const found = ajv.getSchema(id);
    if (!found) throw new Error(`no schema at ${id}`);
    validators.set(id, found);
  }
  return { validate: validators.get(id) as ValidateFunction, source: `${SPEC_ID} ${op.method} ${op.path} ${status}` };
}

interface Sample {
  path: string;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
}

/** Candidate values of each path parameter, given the ones to its left (in `at`). */
type ParamValues = (ws: Workspace, at: Record<string, string>, route: Route) => string[];

const LIMITS = routeLimitTable(ROUTES);
const ends = <T>(items: T[]): T[] => (items.length <= 2 ? items : [items[0] as T, items[items.length - 1] as T]);
const firstFew = <T>(items: T[], n = 3): T[] => items.slice(0, n);
const targetOf = (route: Route) => (route.pattern.startsWith('/v2/lists/') ? 'lists' : 'objects');

const PARAM_VALUES: Record<string, ParamValues> = {
  object: (ws) => ws.objects().map((o) => o.api_slug ?? ''),
  list: (ws) => ws.lists().map((l) => l.api_slug),
  identifier: (ws, _at, route) =>
    targetOf(route) === 'lists' ? ws.lists().map((l) => l.api_slug) : ws.objects().map((o) => o.api_slug ?? ''),
  record_id: (ws, at) => ends(ws.records(at.object ?? '')).map((r) => r.id.record_id),
  entry_id: (ws, at) => ends(ws.entries(at.list ?? '')).map((e) => e.id.entry_id),
  attribute: (ws, at, route) => {
    const kind = route.pattern.endsWith('/options') ? 'select' : route.pattern.endsWith('/statuses') ? 'status' : undefined;
    const target = targetOf(route);
    const slug = at.identifier ?? (target === 'lists' ? at.list : at.object) ?? '';
    return ws
      .attributes(target, slug, { showArchived: true })
      .filter((a) => kind === undefined || a.type === kind)
      .map((a) => a.api_slug);
  },
  workspace_member_id: (ws) => ws.workspaceMembers().map((m) => m.id.workspace_member_id),
  note_id: (ws) => firstFew(ws.notes()).map((n) => n.id.note_id),
  task_id: (ws) => firstFew(ws.tasks()).map((t) => t.id.task_id),
  thread_id: (ws) => firstFew(ws.threads()).map((t) => t.id.thread_id),
  comment_id: (ws) => firstFew(ws.comments()).map((c) => c.id.comment_id),
  meeting_id: (ws) => [...new Set([...firstFew(ws.meetings(), 1), ...firstFew(ws.callRecordings())].map((m) => m.id.meeting_id))],
  call_recording_id: (ws, at) => ws.callRecordings(at.meeting_id).map((r) => r.id.call_recording_id),
  webhook_id: (ws) => ws.webhooks().map((w) => w.id.webhook_id),
  // One entry of each file type.
  file_id: (ws) => [...new Map(ws.files().map((f) => [f.file_type, f.id.file_id])).values()],
};

/** Query variants that reach other shapes of the same route. */
function queryVariants(route: Route, ws: Workspace, at: Record<string, string>): Record<string, string>[] {
  if (route.pattern.endsWith('/values')) {
    const target = targetOf(route);
    const attribute = ws
      .attributes(target, (target === 'lists' ? at.list : at.object) ?? '', { showArchived: true })
      .find((a) => a.api_slug === at.attribute);
    const historyAllowed = attribute && attribute.type !== 'interaction' && attribute.is_writable;
    return historyAllowed ? [{}, { show_historic: 'true' }] : [{}];
  }
  if (route.pattern === '/v2/files') {
    // The files of every record that has any (object + record_id are required, as the SDK says).
    const pairs = new Map(ws.files().map((f) => [`${f.object_slug}/${f.record_id}`, { object: f.object_slug, record_id: f.record_id }]));
    return [...pairs.values()];
  }
  if (/\/(attributes|options|statuses|views)$/.test(route.pattern)) return [{}, { show_archived: 'true' }];
  return [{}];
}

function samplesOf(route: Route, ws: Workspace): Sample[] {
  const segments = route.pattern.split('/');
  let partial: { at: Record<string, string>; path: string[] }[] = [{ at: {}, path: [] }];
  for (const segment of segments) {
    const name = /^\{(.+)\}$/.exec(segment)?.[1];
    if (name === undefined) {
      partial = partial.map((p) => ({ ...p, path: [...p.path, segment] }));
      continue;
    }
    const values = PARAM_VALUES[name];
    if (!values) throw new Error(`${route.method} ${route.pattern}: no sample values for {${name}}; add them to PARAM_VALUES`);
    partial = partial.flatMap((p) =>
      values(ws, p.at, route).map((value) => ({ at: { ...p.at, [name]: value }, path: [...p.path, encodeURIComponent(value)] })),
    );
  }
  // The largest page the route allows, so every item of a collection is checked, not the first few.
  const max = LIMITS.get(route)?.max;
  const largest: Record<string, string> = max === undefined ? {} : { limit: String(max) };
  return partial.flatMap((p) =>
    queryVariants(route, ws, p.at).map(
      (query): Sample =>
        route.method === 'POST'
          ? { path: p.path.join('/'), query, body: max === undefined ? {} : { limit: max } }
          : { path: p.path.join('/'), query: { ...query, ...largest } },
    ),
  );
}

describe('simulator answers validate against Attio’s documents', () => {
  const { ws, api } = suiteSimulator();
  const call = (route: Route, sample: Sample) => {
    const qs = new URLSearchParams(sample.query ?? {}).toString();
    const path = qs ? `${sample.path}?${qs}` : sample.path;
    return route.method === 'POST' ? api.post(path, sample.body ?? {}) : api.get(path);
  };

  it('reads the document as it means (each reading applies where the test expects it)', () => {
    expect(READINGS).toEqual({ nullableEnum: NULLABLE_ENUMS, timestampValueFormat: TIMESTAMP_VALUE_FORMATS });
  });

  it('the check has teeth: a record that breaks the document is refused', async () => {
    const route = ROUTES.find((r) => r.pattern === '/v2/objects/{object}/records/{record_id}') as Route;
    const [sample] = samplesOf(route, ws);
    const good = (await call(route, sample as Sample)).body as { data: Record<string, unknown> & { values: Record<string, unknown[]> } };
    const schema = schemaFor(route, 200) as { validate: ValidateFunction };
    expect(schema.validate(good)).toBe(true);
    const { web_url: _dropped, ...withoutUrl } = good.data;
    expect(schema.validate({ data: withoutUrl })).toBe(false);
    const name = good.data.values.name?.[0] as Record<string, unknown>;
    expect(
      schema.validate({ data: { ...good.data, values: { ...good.data.values, name: [{ ...name, attribute_type: 'number' }] } } }),
    ).toBe(false);
  });

  it('every route has a documented answer shape: the OpenAPI document, or attio-ts-sdk for newer endpoints', () => {
    const sources = ROUTES.map((route) => `${route.method} ${route.pattern} ← ${schemaFor(route, 200)?.source ?? 'NONE'}`);
    expect(sources.filter((line) => line.endsWith('NONE'))).toEqual([]);
  });

  it.each(ROUTES.map((route) => [`${route.method} ${route.pattern}`, route] as const))('%s', async (_key, route) => {
    const schema = schemaFor(route, 200);
    if (!schema) throw new Error('no documented schema');
    const samples = samplesOf(route, ws);
    expect(samples.length).toBeGreaterThan(0);
    // One line per distinct difference (schema location and message), with the first request that showed it.
    const differences = new Map<string, string>();
    for (const sample of samples) {
      const res = await call(route, sample);
      const request = `${sample.path}?${new URLSearchParams(sample.query ?? {})}`;
      if (res.status !== 200) differences.set(`HTTP ${res.status} ${JSON.stringify(res.body)}`, request);
      else if (!schema.validate(res.body)) {
        for (const e of schema.validate.errors ?? []) {
          const at = e.instancePath.replace(/\/\d+/g, '/*');
          const key = `${at}: ${e.message} ${JSON.stringify(e.params)}`;
          if (!differences.has(key)) differences.set(key, `${request} ${JSON.stringify(e.instancePath)}`);
        }
      }
    }
    expect([...differences].map(([difference, request]) => `${difference} (first at ${request})`)).toEqual([]);
  });

  it.each(ROUTES.filter((route) => route.pattern.includes('{')).map((route) => [`${route.method} ${route.pattern}`, route] as const))(
    '%s: a 404 for an unknown id has the documented shape',
    async (_key, route) => {
      const schema = schemaFor(route, 404);
      if (!schema) return; // the document describes no 404 body for this operation
      const [sample] = samplesOf(route, ws);
      if (!sample) throw new Error('no sample');
      const parts = sample.path.split('/');
      parts[route.pattern.split('/').findLastIndex((s) => s.startsWith('{'))] = '00000000-0000-4000-8000-000000000000';
      const res = await call(route, { ...sample, path: parts.join('/') });
      expect(res.status).toBe(404);
      expect(schema.validate(res.body) ? [] : schema.validate.errors).toEqual([]);
    },
  );
});

describe('page limits are the ones Attio’s documents state', () => {
  const { ws, api } = suiteSimulator();
  const paged = ROUTES.map((route) => ({ route, limit: documentedLimit(route.method, route.pattern) })).filter(
    ({ limit }) => limit.defaultLimit !== undefined || limit.max !== undefined || limit.min !== undefined,
  );

  it('the documents state limits for the paged collections', () => {
    expect(paged.map(({ route, limit }) => `${route.method} ${route.pattern} ${JSON.stringify({ ...limit, source: undefined })}`)).toEqual([
      'POST /v2/objects/{object}/records/query {"defaultLimit":500}',
      'GET /v2/objects/{object}/records/{record_id}/entries {"defaultLimit":100,"max":1000}',
      'POST /v2/lists/{list}/entries/query {"defaultLimit":500}',
      'GET /v2/notes {"defaultLimit":10,"max":50}',
      'GET /v2/tasks {"defaultLimit":500}',
      'GET /v2/threads {"defaultLimit":10,"max":50}',
      'GET /v2/meetings {"defaultLimit":50,"min":1,"max":200}',
      'GET /v2/meetings/{meeting_id}/call_recordings {"defaultLimit":50,"max":200}',
      'GET /v2/webhooks {"defaultLimit":10,"min":10,"max":100}',
      'GET /v2/files {"defaultLimit":50,"min":1,"max":200}',
      'GET /v2/objects/{object}/views {"defaultLimit":500,"min":1,"max":1000}',
      'GET /v2/lists/{list}/views {"defaultLimit":500,"min":1,"max":1000}',
    ]);
  });

  it.each(paged.map(({ route, limit }) => [`${route.method} ${route.pattern}`, route, limit] as const))(
    '%s honours them',
    async (_key, route, limit) => {
      const [first] = samplesOf(route, ws);
      if (!first) throw new Error('no sample');
      const { limit: _largest, ...query } = first.query ?? {};
      const sample = { ...first, query };
      const page = async (value: number | undefined) => {
        const withLimit = (q: Record<string, string> | undefined) => (value === undefined ? (q ?? {}) : { ...q, limit: String(value) });
        const qs = new URLSearchParams(route.method === 'GET' ? withLimit(sample.query) : (sample.query ?? {})).toString();
        const path = qs ? `${sample.path}?${qs}` : sample.path;
        const body = value === undefined ? {} : { limit: value };
        return route.method === 'POST' ? api.post(path, body) : api.get(path);
      };
      // The whole collection (or the largest page): the route's effective rule, own choices included.
      const all = await page(LIMITS.get(route)?.max ?? 1_000_000);
      if (limit.max !== undefined) {
        expect(all.status).toBe(200);
        expect((await page(limit.max + 1)).status).toBe(400);
      }
      if (limit.min !== undefined) {
        expect((await page(limit.min)).status).toBe(200);
        expect((await page(limit.min - 1)).status).toBe(400);
      }
      if (limit.defaultLimit !== undefined && all.status === 200) {
        const unlimited = await page(undefined);
        const allItems = (all.body as { data: unknown[] }).data;
        expect((unlimited.body as { data: unknown[] }).data).toHaveLength(Math.min(limit.defaultLimit, allItems.length));
      }
    },
  );
});
