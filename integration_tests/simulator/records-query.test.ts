import { describe, expect, it } from 'vitest';
import type { AttioEntry, AttioRecord } from './model.js';
import { createSeededWorkspace, startSimulator } from './index.js';
import { apiClient, attioError, suiteSimulator } from './test-client.js';

const ASC = [{ attribute: 'created_at', direction: 'asc' }];

describe('POST records/query and entries/query', () => {
  const { ws, api } = suiteSimulator();
  const query = async (object: string, body: unknown, path = '') =>
    (await api.post(`/v2/objects/${object}/records/query${path}`, body)).body.data as AttioRecord[];
  const ids = (records: AttioRecord[]) => records.map((r) => r.id.record_id);

  it('pages people with limit/offset in the body: 500 + 500 + 200, in created_at order', async () => {
    const pages: AttioRecord[][] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await query('people', { sorts: ASC, limit: 500, offset });
      pages.push(page);
      if (page.length < 500) break;
    }
    expect(pages.map((p) => p.length)).toEqual([500, 500, 200]);
    const all = pages.flat();
    expect(ids(all)).toEqual(ids(ws.records('people')));
    expect(new Set(ids(all)).size).toBe(1200);
    for (let i = 1; i < all.length; i++) expect(all[i]!.created_at >= all[i - 1]!.created_at).toBe(true);
    expect(all[0]!.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
  });

  it('ignores limit and offset in the query string, exactly like Attio', async () => {
    const viaQuery = await query('people', { sorts: ASC }, '?limit=5&offset=10');
    expect(viaQuery).toHaveLength(500);
    expect(ids(viaQuery)).toEqual(ids(ws.records('people').slice(0, 500)));
  });

  it('has records sharing one created_at across the 500-record page boundary', async () => {
    const people = ws.records('people');
    const tie = people[499]!.created_at;
    expect(people[498]!.created_at).toBe(tie);
    expect(people[500]!.created_at).toBe(tie);
    expect(people[501]!.created_at).toBe(tie);
    const companies = ws.records('companies');
    expect(companies[499]!.created_at).toBe(companies[500]!.created_at);
  });

  it('filters created_at with $eq, $gt, $gte, $lt, $lte, implicit equality and $and', async () => {
    const people = ws.records('people');
    const tie = people[499]!.created_at; // positions 498..501
    const count = async (filter: unknown) => (await query('people', { filter, sorts: ASC, limit: 1000 })).length;
    expect(await count({ created_at: { $eq: tie } })).toBe(4);
    expect(await count({ created_at: tie })).toBe(4);
    expect(await count({ created_at: { $gte: tie } })).toBe(1200 - 498);
    expect(await count({ created_at: { $gt: tie } })).toBe(1200 - 502);
    expect(await count({ created_at: { $lt: tie } })).toBe(498);
    expect(await count({ created_at: { $lte: tie } })).toBe(502);
    const upper = people[700]!.created_at;
    const between = await query('people', {
      filter: { $and: [{ created_at: { $gte: tie } }, { created_at: { $lt: upper } }] },
      sorts: ASC,
    });
    expect(ids(between)).toEqual(ids(people.slice(498, 700)));
    const sameObject = await query('people', { filter: { created_at: { $gt: tie, $lte: upper } }, sorts: ASC });
    expect(ids(sameObject)).toEqual(ids(people.slice(502, 701)));
  });

  it('compares timestamps at nanosecond precision and accepts shorter ISO forms', async () => {
    const people = ws.records('people');
    const t = people[10]!.created_at; // e.g. 2023-03-05T10:11:12.123456789Z
    const fraction = Number(t.slice(20, 29));
    const oneNanoLater = `${t.slice(0, 20)}${String(fraction + 1).padStart(9, '0')}Z`;
    expect(fraction).toBeLessThan(999_999_999);
    const gte = await query('people', { filter: { created_at: { $gte: t } }, sorts: ASC, limit: 1 });
    expect(gte[0]!.created_at).toBe(t);
    const later = await query('people', { filter: { created_at: { $gte: oneNanoLater } }, sorts: ASC, limit: 1 });
    expect(later[0]!.created_at > t).toBe(true);
    const day = people[1100]!.created_at.slice(0, 10);
    const sinceMidnight = await query('people', { filter: { created_at: { $gte: `${day}T00:00:00Z` } }, sorts: ASC, limit: 1000 });
    expect(sinceMidnight.length).toBe(people.filter((r) => r.created_at >= `${day}T00:00:00.000000000Z`).length);
    expect(sinceMidnight.length).toBeGreaterThan(0);
    const withOffset = await query('people', { filter: { created_at: { $gte: `${day}T02:00:00+02:00` } }, sorts: ASC, limit: 1000 });
    expect(ids(withOffset)).toEqual(ids(sinceMidnight));
  });

  it('sorts descending', async () => {
    const people = ws.records('people');
    const desc = await query('people', { sorts: [{ attribute: 'created_at', direction: 'desc' }], limit: 1000 });
    expect(ids(desc)).toEqual(ids([...people].reverse().slice(0, 1000)));
  });

  it('refuses a sort by record_id / entry_id with a 400 validation_type unless started with acceptIdSort', async () => {
    const people = ws.records('people');
    const byId = (idSlug: string) => ({
      sorts: [
        { attribute: 'created_at', direction: 'desc' },
        { attribute: idSlug, direction: 'asc' },
      ],
      filter: { created_at: people[499]!.created_at },
    });
    const refused = await api.post('/v2/objects/people/records/query', byId('record_id'));
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual(attioError(400, 'invalid_request_error', 'validation_type', 'Cannot sort by the attribute "record_id".'));
    const entries = await api.post('/v2/lists/sales_pipeline/entries/query', { sorts: [{ attribute: 'entry_id', direction: 'asc' }] });
    expect(entries).toMatchObject({ status: 400, body: { code: 'validation_type', message: 'Cannot sort by the attribute "entry_id".' } });

    const optedIn = await startSimulator({ workspace: ws, acceptIdSort: true });
    try {
      const mixed = (await apiClient(optedIn).post('/v2/objects/people/records/query', byId('record_id'))).body.data as AttioRecord[];
      expect(ids(mixed)).toEqual(ids(people.slice(498, 502)));
      const entryIds = ws.entries('sales_pipeline').map((e) => e.id.entry_id);
      const sorted = (
        await apiClient(optedIn).post('/v2/lists/sales_pipeline/entries/query', {
          sorts: [{ attribute: 'entry_id', direction: 'desc' }],
          limit: 1000,
        })
      ).body.data as AttioEntry[];
      expect(sorted.map((e) => e.id.entry_id)).toEqual([...entryIds].sort().reverse());
    } finally {
      await optedIn.close();
    }
  });

  it('without sorts answers in a stable order that is not created_at order', async () => {
    const first = await query('companies', { limit: 600 });
    const second = await query('companies', { limit: 600 });
    expect(ids(first)).toEqual(ids(second));
    const sorted = ids(ws.records('companies'));
    expect(ids(first)).not.toEqual(sorted);
    expect([...ids(first)].sort()).toEqual([...sorted].sort());
  });

  it('rejects unsupported filters with filter_error', async () => {
    for (const filter of [
      { name: 'Acme' },
      { created_at: { $contains: '2024' } },
      { created_at: { $gte: 'yesterday' } },
      { $or: [{ created_at: '2024-01-01T00:00:00Z' }] },
    ]) {
      const res = await api.post('/v2/objects/people/records/query', { filter });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(attioError(400, 'invalid_request_error', 'filter_error', 'Error in filter.'));
    }
    const badLimit = await api.post('/v2/objects/people/records/query', { limit: 'ten' });
    expect(badLimit).toMatchObject({ status: 400, body: { code: 'validation_type' } });
  });

  it('returns only active values; history is available through show_historic', async () => {
    const historic = ws
      .records('people', { includeHistoric: true })
      .find((r) => (r.values.email_addresses ?? []).some((v) => v.active_until !== null))!;
    expect(historic).toBeDefined();
    const recordId = historic.id.record_id;
    const served = (await api.get(`/v2/objects/people/records/${recordId}`)).body.data as AttioRecord;
    expect(served.values.email_addresses!.every((v) => v.active_until === null)).toBe(true);
    expect(served.values.email_addresses!.length).toBe(historic.values.email_addresses!.length - 1);
    const all = await api.get(`/v2/objects/people/records/${recordId}/attributes/email_addresses/values?show_historic=true`);
    expect(all.body.data).toHaveLength(historic.values.email_addresses!.length);
    expect(all.body.data.filter((v: { active_until: string | null }) => v.active_until !== null)).toHaveLength(1);
    const current = await api.get(`/v2/objects/people/records/${recordId}/attributes/email_addresses/values`);
    expect(current.body.data).toEqual(served.values.email_addresses);
  });

  it('every record carries record_id, created_at and created_by in values, and [] for empty attributes', async () => {
    const [sink] = await query('kitchen_sink', { sorts: ASC, limit: 1 });
    expect(sink!.values.record_id).toEqual([expect.objectContaining({ value: sink!.id.record_id, attribute_type: 'text' })]);
    expect(sink!.values.created_at).toEqual([expect.objectContaining({ value: sink!.created_at, attribute_type: 'timestamp' })]);
    expect(sink!.values.created_by![0]).toMatchObject({ attribute_type: 'actor-reference' });
    expect(sink!.values.text).toEqual([]); // the first kitchen sink record is the all-empty one
    expect(sink!.values.legacy_code).toBeUndefined(); // archived attribute
    expect(sink!.web_url).toContain(sink!.id.record_id);
  });

  it('kitchen_sink values cover all 17 attribute types, multiselect forms and nulls', async () => {
    const records = await query('kitchen_sink', { sorts: ASC, limit: 500 });
    expect(records).toHaveLength(150);
    const types = new Set(records.flatMap((r) => Object.values(r.values).flatMap((vs) => (vs ?? []).map((v) => v.attribute_type))));
    expect([...types].sort()).toEqual([
      'actor-reference',
      'checkbox',
      'currency',
      'date',
      'domain',
      'email-address',
      'interaction',
      'location',
      'number',
      'personal-name',
      'phone-number',
      'rating',
      'record-reference',
      'select',
      'status',
      'text',
      'timestamp',
    ]);
    expect(records.some((r) => (r.values.select_multi ?? []).length >= 2)).toBe(true);
    expect(records.some((r) => r.values.currency?.[0]?.currency_code === null)).toBe(true);
    expect(records.some((r) => r.values.actor_reference_multi?.some((v) => v.referenced_actor_id === null))).toBe(true);
    expect(records.some((r) => r.values.location?.[0]?.locality === null)).toBe(true);
    expect(records.some((r) => r.values.text?.[0]?.value === '')).toBe(true);
    const withStatus = records.find((r) => (r.values.status ?? []).length > 0)!;
    expect(withStatus.values.status![0]!.status).toMatchObject({ title: expect.any(String), is_archived: false });
  });

  it('pages list entries in the body and keeps entry shapes', async () => {
    const first = (await api.post('/v2/lists/sales_pipeline/entries/query', { sorts: ASC, limit: 500 })).body.data as AttioEntry[];
    const second = (await api.post('/v2/lists/sales_pipeline/entries/query', { sorts: ASC, limit: 500, offset: 500 })).body
      .data as AttioEntry[];
    expect([first.length, second.length]).toEqual([500, 40]);
    expect([...first, ...second].map((e) => e.id.entry_id)).toEqual(ws.entries('sales_pipeline').map((e) => e.id.entry_id));
    expect(first[499]!.created_at).toBe(second[0]!.created_at); // tie across the page boundary
    expect(first[0]).toMatchObject({ parent_object: 'companies', parent_record_id: expect.any(String) });
    expect(Object.keys(first[0]!.entry_values)).toEqual([
      'entry_id',
      'created_at',
      'created_by',
      'stage',
      'deal_value',
      'priority',
      'owner',
      'next_step',
      'expected_close',
    ]);

    const watch = (await api.post('/v2/lists/watchlist/entries/query', { filter: { created_at: { $gte: '2000-01-01T00:00:00Z' } } })).body
      .data as AttioEntry[];
    expect(watch).toHaveLength(35);
    expect(Object.keys(watch[0]!.entry_values).sort()).toEqual(['created_at', 'created_by', 'entry_id']);
    const attrs = (await api.get('/v2/lists/watchlist/attributes')).body.data as { api_slug: string; is_system_attribute: boolean }[];
    expect(attrs.map((a) => a.api_slug)).toEqual(['entry_id', 'created_at', 'created_by']);
  });

  it('serves records added while running, after an incremental cursor', async () => {
    const people = ws.records('people');
    const cursor = people[people.length - 1]!.created_at;
    const added = ws.addRecord('people', {
      values: { name: 'Grace Hopper', email_addresses: ['grace@navy.example'], job_title: 'Rear Admiral' },
    });
    expect(added.created_at > cursor).toBe(true);
    const fresh = await query('people', { filter: { created_at: { $gt: cursor } }, sorts: ASC });
    expect(ids(fresh)).toEqual([added.id.record_id]);
    expect(fresh[0]!.values.name![0]).toMatchObject({ full_name: 'Grace Hopper', first_name: 'Grace', last_name: 'Hopper' });
    expect(fresh[0]!.values.email_addresses![0]).toMatchObject({ email_address: 'grace@navy.example', email_domain: 'navy.example' });
    ws.updateRecord('people', added.id.record_id, { job_title: 'Commodore' });
    const again = (await api.get(`/v2/objects/people/records/${added.id.record_id}`)).body.data as AttioRecord;
    expect(again.values.job_title!.map((v) => v.value)).toEqual(['Commodore']);
    const history = await api.get(`/v2/objects/people/records/${added.id.record_id}/attributes/job_title/values?show_historic=true`);
    expect(history.body.data.map((v: { value: string }) => v.value)).toEqual(['Rear Admiral', 'Commodore']);
    expect(ws.deleteRecord('people', added.id.record_id)).toBe(true);
    expect((await api.get(`/v2/objects/people/records/${added.id.record_id}`)).status).toBe(404);
  });
});

describe('shuffleTies', () => {
  it('reorders a tie group on every call, from a seeded PRNG: the same seed gives the same sequence', async () => {
    const ws = createSeededWorkspace();
    const at = ws.records('projects')[20]!.created_at;
    for (let i = 0; i < 30; i++) ws.insertRecord('projects', { created_at: at });
    const body = { filter: { created_at: at }, sorts: ASC, limit: 31 };
    const sequence = async (options: Parameters<typeof startSimulator>[0]) => {
      const s = await startSimulator({ workspace: ws, ...options });
      try {
        const orders: string[] = [];
        for (let i = 0; i < 4; i++) {
          const page = (await apiClient(s).post('/v2/objects/projects/records/query', body)).body.data as AttioRecord[];
          expect(page).toHaveLength(31);
          orders.push(page.map((r) => r.id.record_id).join(','));
        }
        return orders;
      } finally {
        await s.close();
      }
    };
    const seven = await sequence({ shuffleTies: { seed: 7 } });
    expect(new Set(seven).size).toBe(4); // a 31-record tie is ordered afresh on each call
    expect(await sequence({ shuffleTies: { seed: 7 } })).toEqual(seven);
    expect(await sequence({ shuffleTies: { seed: 8 } })).not.toEqual(seven);
    expect(await sequence({ shuffleTies: true })).toEqual(await sequence({ shuffleTies: { seed: 1 } }));
    // Without the option the stored (created_at, id) order is served every time.
    expect(new Set(await sequence({})).size).toBe(1);
  });
});
