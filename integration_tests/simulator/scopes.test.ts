import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiPath } from './openapi.js';
import { ALL_READ_SCOPES, missingScopes, routeScopeTable } from './scopes.js';
import { ROUTES, startSimulator, type Simulator } from './server.js';
import { apiClient } from './test-client.js';

// The spec read independently of openapi.ts, so the tests do not trust the code they test.
const raw = readFileSync(openApiPath());
const spec = JSON.parse(raw.toString('utf8')) as {
  paths: Record<string, Record<string, { security?: { oauth2: string[] }[]; description?: string }>>;
};
const securityOf = (method: string, path: string) => spec.paths[path]?.[method.toLowerCase()]?.security?.[0]?.oauth2;

describe('scopes come from the vendored OpenAPI document', () => {
  it('is the byte copy the reference README names', () => {
    expect(raw.length).toBe(721_008);
    expect(createHash('sha256').update(raw).digest('hex')).toBe('27a1d7f96023f7295f4bfe6f373a1210a2a2b285b78bc808e512c659f091a916');
    const readme = readFileSync(new URL('../reference/README.md', import.meta.url), 'utf8');
    expect(readme).toContain('27a1d7f96023f7295f4bfe6f373a1210a2a2b285b78bc808e512c659f091a916');
    expect(readme).toContain('92a83227f84d850742d394e71d8d51f2ee5882c9');
  });

  it("every route's scopes are its operation's security in the spec, or, for a newer endpoint, the route's own (with their source)", () => {
    const table = routeScopeTable(ROUTES);
    let fromSpec = 0;
    for (const route of ROUTES) {
      const scopes = table.get(route)!;
      const key = `${route.method} ${route.pattern}`;
      if (scopes.source === 'route') {
        expect({ key, scopes: scopes.base }).toEqual({ key, scopes: route.newer?.scopes });
        expect(route.newer?.source, key).toMatch(/^attio-ts-sdk /);
        // Newer than the file: really absent from it.
        expect(securityOf(route.method, route.pattern)).toBeUndefined();
        continue;
      }
      fromSpec += 1;
      expect({ key, scopes: scopes.base }).toEqual({ key, scopes: securityOf(route.method, scopes.specPath!) });
    }
    expect(fromSpec).toBeGreaterThanOrEqual(30);
    // The literal `lists` route maps to the spec's `/v2/{target}/{identifier}/attributes`, which asks for
    // object_configuration:read whatever the target.
    const listAttributes = ROUTES.find((r) => r.pattern === '/v2/lists/{identifier}/attributes')!;
    expect(table.get(listAttributes)).toMatchObject({
      specPath: '/v2/{target}/{identifier}/attributes',
      base: ['object_configuration:read'],
    });
  });

  it("takes the threads' conditional scopes from the description's prose", () => {
    const table = routeScopeTable(ROUTES);
    for (const pattern of ['/v2/threads', '/v2/threads/{thread_id}', '/v2/comments/{comment_id}']) {
      const scopes = table.get(ROUTES.find((r) => r.pattern === pattern)!)!;
      const description = spec.paths[pattern]!.get!.description!;
      expect(description).toContain('`object_configuration:read` and `record_permission:read`');
      expect(scopes).toMatchObject({
        base: ['comment:read'],
        records: ['object_configuration:read', 'record_permission:read'],
        entries: ['list_configuration:read', 'list_entry:read'],
      });
    }
  });

  it('read-write covers read, not the other way round', () => {
    expect(missingScopes(['note:read-write'], ['note:read'])).toEqual([]);
    expect(missingScopes(['note:read'], ['note:read-write'])).toEqual(['note:read-write']);
    expect(missingScopes(['note:read'], ['note:read', 'task:read', 'task:read'])).toEqual(['task:read']);
  });

  it('the default token holds every read scope any route asks for', () => {
    const table = routeScopeTable(ROUTES);
    const needed = new Set([...table.values()].flatMap((s) => [...s.base, ...s.records, ...s.entries]));
    expect(missingScopes(ALL_READ_SCOPES, [...needed])).toEqual([]);
  });
});

describe('conditional thread and comment scopes', () => {
  let sim: Simulator;
  let commenter: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
    commenter = await startSimulator({
      workspace: sim.workspace,
      scopes: ['comment:read'],
      tokens: {
        record_reader: { scopes: ['comment:read', 'object_configuration:read', 'record_permission:read'] },
        entry_reader: { scopes: ['comment:read', 'list_configuration:read', 'list_entry:read'] },
      },
    });
  });
  afterAll(async () => {
    await commenter.close();
    await sim.close();
  });

  it('a thread on a record needs the record scopes, a thread on an entry the entry scopes', async () => {
    const api = apiClient(commenter);
    const threads = sim.workspace.threads();
    const onRecord = threads.find((t) => t.comments[0]!.entry === null)!;
    const onEntry = threads.find((t) => t.comments[0]!.entry !== null)!;
    const recordThread = `/v2/threads/${onRecord.id.thread_id}`;
    const entryThread = `/v2/threads/${onEntry.id.thread_id}`;
    expect(await api.get(recordThread)).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect((await api.get(recordThread)).body.message).toContain('record_permission:read');
    expect((await api.get(recordThread, 'record_reader')).status).toBe(200);
    expect((await api.get(entryThread, 'record_reader')).status).toBe(403);
    expect((await api.get(entryThread, 'entry_reader')).body.data).toEqual(onEntry);
    const entryComment = `/v2/comments/${onEntry.comments[0]!.id.comment_id}`;
    expect((await api.get(entryComment, 'record_reader')).status).toBe(403);
    expect((await api.get(entryComment, 'entry_reader')).status).toBe(200);
    // Unknown ids fall through to the 404 (only comment:read is asked for).
    expect((await api.get('/v2/threads/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
