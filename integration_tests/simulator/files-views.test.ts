import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_READ_SCOPES, type Simulator, startSimulator } from './index.js';
import type { FileEntry } from './model.js';
import { apiClient } from './test-client.js';

// Field lists of attio-ts-sdk 2.3.0's generated File, Folder, ConnectedFile and ConnectedFolder types, in order.
const COMMON = ['id', 'object_id', 'object_slug', 'record_id', 'storage_provider', 'created_by_actor', 'created_at', 'file_type'];
const KEYS: Record<FileEntry['file_type'], string[]> = {
  file: [...COMMON, 'name', 'content_type', 'content_size', 'parent_folder_id'],
  folder: [...COMMON, 'name', 'parent_folder_id'],
  'connected-file': [...COMMON, 'external_provider_file_id', 'microsoft_drive_id'],
  'connected-folder': [...COMMON, 'external_provider_file_id', 'microsoft_drive_id'],
};

describe('GET /v2/files and /v2/files/{file_id} (beta)', () => {
  let sim: Simulator;
  let wide: Simulator;
  let api: ReturnType<typeof apiClient>;
  let files: FileEntry[];

  beforeAll(async () => {
    sim = await startSimulator({ tokens: { no_files: { scopes: ALL_READ_SCOPES.filter((s) => s !== 'file:read') } } });
    wide = await startSimulator({ workspace: sim.workspace, filesWorkspaceWide: true });
    api = apiClient(sim);
    files = sim.workspace.files();
  });
  afterAll(async () => {
    await wide.close();
    await sim.close();
  });

  /** Every page of a cursor-paginated listing. */
  async function all(client: ReturnType<typeof apiClient>, path: string, limit: number): Promise<{ items: FileEntry[]; pages: number }> {
    const items: FileEntry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const res: { status: number; body: any } = await client.get(
        `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['data', 'pagination']);
      items.push(...res.body.data);
      cursor = res.body.pagination.next_cursor;
      pages += 1;
    } while (cursor !== null);
    return { items, pages };
  }

  it('seeds 40 entries on people, companies and deals in the SDK shapes', () => {
    expect(files).toHaveLength(40);
    const count = (type: string) => files.filter((f) => f.file_type === type).length;
    expect([count('folder'), count('file'), count('connected-file'), count('connected-folder')]).toEqual([6, 22, 8, 4]);
    expect(new Set(files.map((f) => f.object_slug))).toEqual(new Set(['people', 'companies', 'deals']));
    for (const f of files) {
      expect(Object.keys(f)).toEqual(KEYS[f.file_type]);
      expect(Object.keys(f.id)).toEqual(['workspace_id', 'file_id']);
      expect(f.id.workspace_id).toBe(sim.workspace.id);
      expect(sim.workspace.record(f.object_slug, f.record_id)).toBeDefined();
      expect(f.object_id).toBe(sim.workspace.findObject(f.object_slug)!.object.id.object_id);
      expect(f.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
      expect(f.storage_provider === 'attio').toBe(f.file_type === 'file' || f.file_type === 'folder');
      if (f.file_type === 'connected-file' || f.file_type === 'connected-folder') {
        expect(f.microsoft_drive_id === null).toBe(f.storage_provider !== 'microsoft-onedrive');
      }
      if ((f.file_type === 'file' || f.file_type === 'folder') && f.parent_folder_id !== null) {
        const parent = files.find((p) => p.id.file_id === f.parent_folder_id)!;
        expect(parent).toMatchObject({ file_type: 'folder', record_id: f.record_id });
      }
    }
    expect(files.some((f) => f.file_type === 'file' && f.parent_folder_id !== null)).toBe(true);
    expect(files.some((f) => f.file_type === 'file' && f.content_size === null && f.content_type === null)).toBe(true);
  });

  it('requires object and record_id (as the SDK types do): without them a 400, so a reader needs one call per record', async () => {
    for (const query of ['', '?object=companies', '?record_id=x']) {
      expect(await api.get(`/v2/files${query}`)).toMatchObject({ status: 400, body: { status_code: 400, code: 'validation_type' } });
    }
  });

  it("lists one record's entries, by object slug or id, in created_at order with cursor paging", async () => {
    const byRecord = new Map<string, FileEntry[]>();
    for (const f of files) byRecord.set(f.record_id, [...(byRecord.get(f.record_id) ?? []), f]);
    const [recordId, entries] = [...byRecord.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
    expect(entries.length).toBeGreaterThanOrEqual(3);
    const expected = [...entries].sort((a, b) => (a.created_at < b.created_at ? -1 : 1)).map((f) => f.id.file_id);
    const object = entries[0]!.object_slug;
    const paged = await all(api, `/v2/files?object=${object}&record_id=${recordId}`, 2);
    expect(paged.items.map((f) => f.id.file_id)).toEqual(expected);
    expect(paged.pages).toBe(Math.ceil(expected.length / 2));
    const objectId = entries[0]!.object_id;
    const one = await api.get(`/v2/files?object=${objectId}&record_id=${recordId}`);
    expect(one.body.data.map((f: FileEntry) => f.id.file_id)).toEqual(expected);
    expect(one.body.pagination).toEqual({ next_cursor: null });

    // A cursor belongs to its query.
    const first = await api.get(`/v2/files?object=${object}&record_id=${recordId}&limit=1`);
    const other = byRecord.keys().next().value === recordId ? [...byRecord.keys()][1]! : [...byRecord.keys()][0]!;
    const mixed = await api.get(
      `/v2/files?object=${byRecord.get(other)![0]!.object_slug}&record_id=${other}&cursor=${encodeURIComponent(first.body.pagination.next_cursor)}`,
    );
    expect(mixed).toMatchObject({ status: 400, body: { code: 'validation_type' } });
  });

  it('filters by storage_provider and parent_folder_id; validates limit and the filters', async () => {
    const inFolder = files.find((f) => f.file_type === 'file' && f.parent_folder_id !== null) as Extract<FileEntry, { file_type: 'file' }>;
    const base = `/v2/files?object=${inFolder.object_slug}&record_id=${inFolder.record_id}`;
    const children = (await api.get(`${base}&parent_folder_id=${inFolder.parent_folder_id}`)).body.data as FileEntry[];
    expect(children.map((f) => f.id.file_id)).toContain(inFolder.id.file_id);
    expect(children.every((f) => f.file_type === 'file' || f.file_type === 'folder')).toBe(true);
    expect(children.every((f) => 'parent_folder_id' in f && f.parent_folder_id === inFolder.parent_folder_id)).toBe(true);
    const attio = (await api.get(`${base}&storage_provider=attio`)).body.data as FileEntry[];
    expect(attio.length).toBeGreaterThan(children.length);
    expect(attio.every((f) => f.storage_provider === 'attio')).toBe(true);
    expect((await api.get(`${base}&storage_provider=ftp`)).status).toBe(400);
    expect((await api.get(`${base}&limit=0`)).status).toBe(400);
    expect((await api.get(`${base}&limit=201`)).status).toBe(400);
    expect((await api.get(`${base}&limit=200`)).status).toBe(200);
    expect(await api.get(`/v2/files?object=unicorns&record_id=${inFolder.record_id}`)).toMatchObject({
      status: 404,
      body: { code: 'not_found' },
    });
    expect((await api.get(`/v2/files?object=people&record_id=00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('with filesWorkspaceWide (what the description says) lists the whole workspace, optionally by object', async () => {
    const c = apiClient(wide);
    const everything = await all(c, '/v2/files', 7);
    expect(everything.items).toHaveLength(40);
    expect(everything.pages).toBe(6);
    const times = everything.items.map((f) => f.created_at);
    expect([...times].sort()).toEqual(times);
    const deals = await all(c, '/v2/files?object=deals', 50);
    expect(deals.items.map((f) => f.id.file_id).sort()).toEqual(
      files
        .filter((f) => f.object_slug === 'deals')
        .map((f) => f.id.file_id)
        .sort(),
    );
    const connected = await all(c, '/v2/files?storage_provider=google-drive', 50);
    expect(connected.items.length).toBeGreaterThan(0);
    expect(connected.items.every((f) => f.storage_provider === 'google-drive')).toBe(true);
  });

  it('GET /v2/files/{file_id}: a folder carries has_children; unknown ids are 404', async () => {
    for (const f of files) {
      const res = await api.get(`/v2/files/${f.id.file_id}`);
      expect(res.status).toBe(200);
      if (f.file_type === 'folder') {
        const hasChildren = files.some((o) => 'parent_folder_id' in o && o.parent_folder_id === f.id.file_id);
        expect(res.body.data).toEqual({ ...f, has_children: hasChildren });
      } else expect(res.body.data).toEqual(f);
    }
    const folders = files.filter((f) => f.file_type === 'folder');
    const hasChildren = await Promise.all(folders.map(async (f) => (await api.get(`/v2/files/${f.id.file_id}`)).body.data.has_children));
    expect(new Set(hasChildren)).toEqual(new Set([true, false]));
    expect(await api.get('/v2/files/00000000-0000-4000-8000-000000000000')).toMatchObject({ status: 404, body: { code: 'not_found' } });
  });

  it('needs file:read (scopes from attio-ts-sdk)', async () => {
    const f = files[0]!;
    const res = await api.get(`/v2/files/${f.id.file_id}`, 'no_files');
    expect(res).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect(res.body.message).toContain('file:read');
    expect((await api.get(`/v2/files?object=${f.object_slug}&record_id=${f.record_id}`, 'no_files')).status).toBe(403);
  });
});

describe('GET /v2/objects/{object}/views and /v2/lists/{list}/views', () => {
  let sim: Simulator;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    sim = await startSimulator({
      tokens: {
        lists_only: { scopes: ['list_configuration:read'] },
        objects_only: { scopes: ['object_configuration:read'] },
      },
    });
    api = apiClient(sim);
  });
  afterAll(() => sim.close());

  it('2 to 4 views per object and list, ordered by view_id, archived ones only with show_archived', async () => {
    const targets = [
      ...sim.workspace.objects().map((o) => ({ target: 'objects' as const, slug: o.api_slug!, idKey: 'object_id', id: o.id.object_id })),
      ...sim.workspace.lists().map((l) => ({ target: 'lists' as const, slug: l.api_slug, idKey: 'list_id', id: l.id.list_id })),
    ];
    expect(targets).toHaveLength(10);
    let archivedSeen = 0;
    for (const { target, slug, idKey, id } of targets) {
      const shown = await api.get(`/v2/${target}/${slug}/views`);
      const withArchived = await api.get(`/v2/${target}/${id}/views?show_archived=true`);
      expect(shown.status).toBe(200);
      expect(withArchived.body.data.length).toBeGreaterThanOrEqual(2);
      expect(withArchived.body.data.length).toBeLessThanOrEqual(4);
      expect(shown.body.pagination).toEqual({ next_cursor: null });
      const viewIds = withArchived.body.data.map((v: { id: { view_id: string } }) => v.id.view_id);
      expect(viewIds).toEqual([...viewIds].sort());
      for (const view of withArchived.body.data) {
        expect(Object.keys(view)).toEqual(['id', 'title', 'created_at']);
        expect(view.id).toEqual({ workspace_id: sim.workspace.id, [idKey]: id, view_id: expect.any(String) });
      }
      const hidden = withArchived.body.data.length - shown.body.data.length;
      expect(hidden).toBe(withArchived.body.data.length >= 3 ? 1 : 0);
      archivedSeen += hidden;
      expect(shown.body.data).toEqual(sim.workspace.views(target, slug));
    }
    expect(archivedSeen).toBeGreaterThan(0);
  });

  it('pages with limit (1-1000, default 500) and a cursor; unknown objects and lists are 404', async () => {
    const views = sim.workspace.views('objects', 'people', { showArchived: true });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: any } = await api.get(
        `/v2/objects/people/views?show_archived=true&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...res.body.data.map((v: { id: { view_id: string } }) => v.id.view_id));
      cursor = res.body.pagination.next_cursor;
    } while (cursor !== null);
    expect(seen).toEqual(views.map((v) => v.id.view_id));
    expect((await api.get('/v2/objects/people/views?limit=1001')).status).toBe(400);
    expect((await api.get('/v2/objects/people/views?limit=1000')).status).toBe(200);
    expect(await api.get('/v2/objects/unicorns/views')).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect((await api.get('/v2/lists/nope/views')).status).toBe(404);
  });

  it('object views need object_configuration:read, list views list_configuration:read (scopes from attio-ts-sdk)', async () => {
    expect((await api.get('/v2/lists/sales_pipeline/views', 'lists_only')).status).toBe(200);
    expect((await api.get('/v2/objects/people/views', 'lists_only')).status).toBe(403);
    expect((await api.get('/v2/objects/people/views', 'objects_only')).status).toBe(200);
    expect((await api.get('/v2/lists/sales_pipeline/views', 'objects_only')).status).toBe(403);
  });
});

describe('betaEndpoints: turning a beta endpoint off (404) or forbidding it (403)', () => {
  it('off answers 404 as for an unknown route, forbidden a 403 billing_error; the rest is untouched', async () => {
    const sim = await startSimulator({
      betaEndpoints: { files: 'off', views: 'forbidden', meetings: 'off', call_recordings: 'forbidden' },
    });
    try {
      const api = apiClient(sim);
      const f = sim.workspace.files()[0]!;
      for (const path of [`/v2/files?object=${f.object_slug}&record_id=${f.record_id}`, `/v2/files/${f.id.file_id}`, '/v2/meetings']) {
        expect(await api.get(path)).toMatchObject({
          status: 404,
          body: { status_code: 404, type: 'invalid_request_error', code: 'not_found' },
        });
      }
      const meeting = sim.workspace.meetings()[0]!.id.meeting_id;
      expect((await api.get(`/v2/meetings/${meeting}`)).status).toBe(404);
      for (const path of ['/v2/objects/people/views', '/v2/lists/recruiting/views', `/v2/meetings/${meeting}/call_recordings`]) {
        const res = await api.get(path);
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ status_code: 403, type: 'auth_error', code: 'billing_error' });
      }
      expect((await api.get('/v2/objects/people/attributes')).status).toBe(200);
      expect((await api.get('/v2/notes')).status).toBe(200);
      expect(sim.stats.byRoute['GET /v2/files'] ?? 0).toBe(0);
    } finally {
      await sim.close();
    }
  });
});
