import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttioRecord } from './model.js';
import { createSeededWorkspace, startSimulator, type Simulator } from './index.js';
import { apiClient } from './test-client.js';

const ASC = [{ attribute: 'created_at', direction: 'asc' }];

describe('largeObject: lazily generated records', () => {
  let sim: Simulator;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    sim = await startSimulator({ workspace: createSeededWorkspace({ largeObject: { slug: 'large_items', count: 1_000_000 } }) });
    api = apiClient(sim);
  });
  afterAll(() => sim.close());

  const page = async (body: Record<string, unknown>) =>
    (await api.post('/v2/objects/large_items/records/query', body)).body.data as AttioRecord[];
  const sequence = (r: AttioRecord) => r.values.sequence![0]!.value as number;

  it('is a normal custom object with typed attributes', async () => {
    const objects = (await api.get('/v2/objects')).body.data as { api_slug: string }[];
    expect(objects.map((o) => o.api_slug)).toContain('large_items');
    const attributes = (await api.get('/v2/objects/large_items/attributes')).body.data as { api_slug: string; type: string }[];
    expect(attributes.map((a) => `${a.api_slug}:${a.type}`)).toEqual([
      'record_id:text',
      'created_at:timestamp',
      'created_by:actor-reference',
      'name:text',
      'sequence:number',
      'amount:currency',
      'is_active:checkbox',
      'tier:select',
      'due_on:date',
      'owner:actor-reference',
    ]);
    expect(sim.workspace.recordCount('large_items')).toBe(1_000_000);
  });

  it('pages the first 20,000 records in order with strictly increasing created_at and no gaps', async () => {
    const seen: AttioRecord[] = [];
    for (let offset = 0; offset < 20_000; offset += 500) seen.push(...(await page({ sorts: ASC, limit: 500, offset })));
    expect(seen).toHaveLength(20_000);
    expect(seen.map(sequence)).toEqual(Array.from({ length: 20_000 }, (_, i) => i));
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.created_at > seen[i - 1]!.created_at).toBe(true);
    expect(new Set(seen.map((r) => r.id.record_id)).size).toBe(20_000);
    expect(seen[3]!.values.amount).toEqual([]); // some empty values
    expect(JSON.parse(JSON.stringify(seen[1]))).toEqual(sim.workspace.record('large_items', seen[1]!.id.record_id));
  });

  it('serves the tail through a created_at filter (binary search) and a short last page', async () => {
    const cursor = (await page({ sorts: ASC, limit: 1, offset: 999_000 }))[0]!.created_at;
    const tail: AttioRecord[] = [];
    for (let offset = 0; ; offset += 500) {
      const p = await page({ filter: { created_at: { $gte: cursor } }, sorts: ASC, limit: 500, offset });
      tail.push(...p);
      if (p.length < 500) break;
    }
    expect(tail).toHaveLength(1000);
    expect(sequence(tail[0]!)).toBe(999_000);
    expect(sequence(tail[999]!)).toBe(999_999);
    const strictlyAfter = await page({ filter: { created_at: { $gt: cursor } }, sorts: ASC, limit: 1 });
    expect(sequence(strictlyAfter[0]!)).toBe(999_001);
    const desc = await page({ sorts: [{ attribute: 'created_at', direction: 'desc' }], limit: 3 });
    expect(desc.map(sequence)).toEqual([999_999, 999_998, 999_997]);
    const beyond = await page({ sorts: ASC, limit: 500, offset: 1_000_000 });
    expect(beyond).toEqual([]);
  });

  it('builds a 500-record page in a few milliseconds (timing printed, loosely asserted)', async () => {
    const rows = sim.workspace.findObject('large_items')!.rows;
    const t0 = performance.now();
    const rounds = 20;
    let bytes = 0;
    for (let r = 0; r < rounds; r++) {
      const start = 400_000 + r * 500;
      const parts: string[] = [];
      for (let i = start; i < start + 500; i++) parts.push(rows.jsonAt(i));
      bytes += `{"data":[${parts.join(',')}]}`.length;
    }
    const buildMs = (performance.now() - t0) / rounds;
    const h0 = performance.now();
    const served = await page({ filter: { created_at: { $gte: '2021-06-01T00:00:00Z' } }, sorts: ASC, limit: 500, offset: 750_000 });
    const httpMs = performance.now() - h0;
    console.log(
      `large object: build 500-record page ${buildMs.toFixed(2)} ms (${Math.round(bytes / rounds / 1024)} KiB); HTTP round trip incl. JSON.parse ${httpMs.toFixed(1)} ms`,
    );
    expect(served.map(sequence)).toEqual(Array.from({ length: 500 }, (_, i) => 750_000 + i));
    expect(buildMs).toBeLessThan(250);
  });

  it('accepts records added after the generated ones and serves them last', async () => {
    const added = sim.workspace.addRecord('large_items', { values: { name: 'added later', sequence: -1 } });
    const last = await page({ sorts: [{ attribute: 'created_at', direction: 'desc' }], limit: 1 });
    expect(last[0]!.id.record_id).toBe(added.id.record_id);
    expect(sim.workspace.recordCount('large_items')).toBe(1_000_001);
    expect(() => sim.workspace.addRecord('large_items', { created_at: '2022-01-01T00:00:00.000000000Z' })).toThrow(/created after/);
    expect(sim.workspace.deleteRecord('large_items', added.id.record_id)).toBe(true);
  });
});

describe('largeObject with bulk imports', () => {
  let sim: Simulator;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    const workspace = createSeededWorkspace({ largeObject: { slug: 'large_items', count: 5000, bulkImports: { every: 1000, size: 300 } } });
    sim = await startSimulator({ workspace });
    api = apiClient(sim);
  });
  afterAll(() => sim.close());

  const page = async (body: Record<string, unknown>) =>
    (await api.post('/v2/objects/large_items/records/query', body)).body.data as AttioRecord[];

  it('the first 300 of every 1,000 records share one created_at, still in created_at order, the ties by id', async () => {
    const all = await page({ sorts: ASC, limit: 1000, offset: 2000 });
    const at = all[0]!.created_at;
    expect(all.slice(0, 300).every((r) => r.created_at === at)).toBe(true);
    expect(all[300]!.created_at > at).toBe(true);
    expect(new Set(all.slice(300).map((r) => r.created_at)).size).toBe(700);
    const ids = all.slice(0, 300).map((r) => r.id.record_id);
    expect([...ids].sort()).toEqual(ids);
    expect(await page({ filter: { created_at: { $eq: at } }, sorts: ASC, limit: 1000, offset: 0 })).toHaveLength(300);
    expect((await page({ filter: { created_at: { $gt: at } }, sorts: ASC, limit: 1, offset: 0 }))[0]!.id).toEqual(all[300]!.id);
  });
});
