import { describe, expect, it } from 'vitest';
import { ALL_READ_SCOPES, startSimulator } from './index.js';
import { apiClient, attioError, suiteSimulator } from './test-client.js';

describe('auth, scopes and routing', () => {
  const { ws, sim, api } = suiteSimulator({
    echoTokenInErrors: true,
    tokens: {
      notes_only: { scopes: ['note:read'] },
      read_write_config: { scopes: ['object_configuration:read-write'] },
      revoked: { scopes: ['object_configuration:read'], active: false },
    },
  });

  it('answers 401 with Attio error body when the Authorization header is missing', async () => {
    const res = await api.get('/v2/objects', null);
    expect(res.status).toBe(401);
    expect(res.body).toEqual(
      attioError(401, 'auth_error', 'unauthorized', 'The Authorization header was not provided. Please provide a valid Bearer token.'),
    );
  });

  it('answers 401 for an unknown token and echoes it only when asked to', async () => {
    const res = await api.get('/v2/objects', 'sk_live_secret_abc');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthorized');
    expect(res.body.message).toContain('sk_live_secret_abc');
    const quiet = await startSimulator({ workspace: ws });
    try {
      const plain = await apiClient(quiet).get('/v2/objects', 'sk_live_secret_abc');
      expect(plain.status).toBe(401);
      expect(plain.body.message).not.toContain('sk_live_secret_abc');
    } finally {
      await quiet.close();
    }
  });

  it('/v2/self is not enveloped and lists the default read scopes', async () => {
    const res = await api.get('/v2/self');
    expect(res.status).toBe(200);
    expect(res.body.data).toBeUndefined();
    expect(res.body).toMatchObject({
      active: true,
      token_type: 'Bearer',
      exp: null,
      iss: 'attio.com',
      workspace_id: ws.id,
      workspace_name: 'Simulated Co',
      workspace_slug: 'simulated-co',
      sub: ws.id,
    });
    expect(res.body.scope.split(' ')).toEqual([...ALL_READ_SCOPES]);
    expect(typeof res.body.iat).toBe('number');
  });

  it('an inactive token gets {active:false} from /v2/self and 401 elsewhere', async () => {
    const self = await api.get('/v2/self', 'revoked');
    expect(self).toMatchObject({ status: 200, body: { active: false } });
    expect(Object.keys(self.body)).toEqual(['active']);
    const objects = await api.get('/v2/objects', 'revoked');
    expect(objects.status).toBe(401);
  });

  it('answers 403 naming the missing scopes; read-write implies read', async () => {
    const notes = await api.get('/v2/notes', 'notes_only');
    expect(notes.status).toBe(403);
    expect(notes.body).toMatchObject({ status_code: 403, type: 'auth_error', code: 'forbidden' });
    expect(notes.body.message).toContain('object_configuration:read');
    expect(notes.body.message).toContain('record_permission:read');
    expect(notes.body.message).not.toContain('note:read');

    const objects = await api.get('/v2/objects', 'read_write_config');
    expect(objects.status).toBe(200);
    expect(objects.body.data).toHaveLength(7);
    const records = await api.post('/v2/objects/people/records/query', { limit: 1 }, 'read_write_config');
    expect(records.status).toBe(403);
    expect(records.body.message).toContain('record_permission:read');

    const self = await api.get('/v2/self', 'notes_only');
    expect(self.body.scope).toBe('note:read');
  });

  it('threads need record or entry scopes only when filtered that way', async () => {
    const commenter = await startSimulator({ workspace: ws, scopes: ['comment:read'] });
    try {
      const c = apiClient(commenter);
      expect((await c.get('/v2/threads')).status).toBe(200);
      const person = ws.records('people')[0]!.id.record_id;
      const filtered = await c.get(`/v2/threads?object=people&record_id=${person}`);
      expect(filtered.status).toBe(403);
      expect(filtered.body.message).toContain('record_permission:read');
    } finally {
      await commenter.close();
    }
  });

  it('unknown objects, lists and routes are 404 not_found', async () => {
    const object = await api.post('/v2/objects/unicorns/records/query', {});
    expect(object).toMatchObject({ status: 404, body: { status_code: 404, type: 'invalid_request_error', code: 'not_found' } });
    expect((await api.get('/v2/lists/nope')).status).toBe(404);
    expect((await api.get('/v2/objects/nope/attributes')).status).toBe(404);
    const route = await api.get('/v2/does-not-exist');
    expect(route).toMatchObject({ status: 404, body: { code: 'not_found' } });
  });

  it('objects and lists can be addressed by slug or id', async () => {
    const objects = (await api.get('/v2/objects')).body.data as { api_slug: string; id: { object_id: string } }[];
    expect(objects.map((o) => o.api_slug)).toEqual(['people', 'companies', 'deals', 'users', 'workspaces', 'kitchen_sink', 'projects']);
    const deals = objects.find((o) => o.api_slug === 'deals')!;
    expect((await api.get(`/v2/objects/${deals.id.object_id}`)).body.data.api_slug).toBe('deals');
    const lists = (await api.get('/v2/lists')).body.data as { api_slug: string; parent_object: string[]; id: { list_id: string } }[];
    expect(lists.map((l) => [l.api_slug, l.parent_object])).toEqual([
      ['sales_pipeline', ['companies']],
      ['recruiting', ['people']],
      ['watchlist', ['people']],
    ]);
    expect((await api.get(`/v2/lists/${lists[1]!.id.list_id}`)).body.data.api_slug).toBe('recruiting');
  });

  it('counts requests per route', async () => {
    const before = sim().stats.byRoute['GET /v2/workspace_members'] ?? 0;
    await api.get('/v2/workspace_members');
    await api.get('/v2/workspace_members');
    expect(sim().stats.byRoute['GET /v2/workspace_members']).toBe(before + 2);
    expect(sim().stats.requests).toBeGreaterThan(10);
  });
});
