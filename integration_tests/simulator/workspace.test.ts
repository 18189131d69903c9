import { describe, expect, it } from 'vitest';
import { createSeededWorkspace } from './index.js';

describe('seeded workspace model', () => {
  const ws = createSeededWorkspace();

  it('has the documented counts', () => {
    const counts = Object.fromEntries(ws.objects().map((o) => [o.api_slug, ws.recordCount(o.api_slug!)]));
    expect(counts).toEqual({ people: 1200, companies: 600, deals: 250, users: 12, workspaces: 8, kitchen_sink: 150, projects: 40 });
    expect(Object.fromEntries(ws.lists().map((l) => [l.api_slug, ws.entries(l.api_slug).length]))).toEqual({
      sales_pipeline: 540,
      recruiting: 150,
      watchlist: 35,
    });
    expect([ws.workspaceMembers().length, ws.notes().length, ws.tasks().length, ws.threads().length]).toEqual([12, 137, 620, 64]);
    expect([ws.meetings().length, ws.callRecordings().length, ws.webhooks().length]).toEqual([230, 141, 23]);
    expect(ws.comments().length).toBeGreaterThan(64);
  });

  it('is deterministic for a seed and different for another seed', () => {
    const again = createSeededWorkspace();
    expect(again.id).toBe(ws.id);
    expect(again.records('deals').map((r) => r.id.record_id)).toEqual(ws.records('deals').map((r) => r.id.record_id));
    expect(JSON.stringify(again.records('kitchen_sink'))).toBe(JSON.stringify(ws.records('kitchen_sink')));
    expect(again.notes().map((n) => n.created_at)).toEqual(ws.notes().map((n) => n.created_at));
    const other = createSeededWorkspace({ seed: 7 });
    expect(other.id).not.toBe(ws.id);
    expect(other.recordCount('people')).toBe(1200);
  });

  it('keeps two-way relationships consistent', () => {
    const companies = new Map(ws.records('companies').map((c) => [c.id.record_id, c]));
    for (const person of ws.records('people').slice(0, 200)) {
      const ref = person.values.company?.[0];
      if (!ref) continue;
      const team = companies.get(ref.target_record_id as string)!.values.team!.map((v) => v.target_record_id);
      expect(team).toContain(person.id.record_id);
    }
  });

  it('nowTimestamp() is canonical, strictly increasing and after everything seeded', () => {
    const stamps = Array.from({ length: 1000 }, () => ws.nowTimestamp());
    for (const s of stamps) expect(s).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]! > stamps[i - 1]!).toBe(true);
    const latestSeeded = ws.records('people').at(-1)!.created_at;
    expect(stamps[0]! > latestSeeded).toBe(true);
  });

  it('addRecord accepts shorthand values and addEntry/addNote/addTask fill defaults', () => {
    const company = ws.addRecord('companies', { values: { name: 'Zeta', domains: ['zeta.example.co.uk'], categories: ['SaaS', 'B2B'] } });
    expect(company.values.domains![0]).toMatchObject({
      domain: 'zeta.example.co.uk',
      root_domain: 'example.co.uk',
      attribute_type: 'domain',
    });
    expect(company.values.categories!.map((v) => (v.option as { title: string }).title)).toEqual(['SaaS', 'B2B']);
    expect(company.values.team).toEqual([]);
    const entry = ws.addEntry('sales_pipeline', {
      parent_record_id: company.id.record_id,
      entry_values: { stage: 'Qualified', priority: 'High', deal_value: 1200 },
    });
    expect(entry.entry_values.stage![0]!.status).toMatchObject({ title: 'Qualified' });
    expect(entry.entry_values.deal_value![0]).toMatchObject({ currency_value: 1200, currency_code: 'USD' });
    expect(ws.entries('sales_pipeline').at(-1)!.id.entry_id).toBe(entry.id.entry_id);
    expect(() => ws.addEntry('sales_pipeline', { parent_record_id: '00000000-0000-4000-8000-000000000000' })).toThrow(/does not exist/);
    expect(() => ws.addRecord('companies', { values: { nope: 'x' } })).toThrow(/unknown attribute/);
    const note = ws.addNote({
      parent_object: 'companies',
      parent_record_id: company.id.record_id,
      title: 'Hello',
      content_plaintext: 'Body',
    });
    expect(note).toMatchObject({ meeting_id: null, tags: [], content_markdown: 'Body' });
    expect(ws.notes().at(-1)!.id.note_id).toBe(note.id.note_id);
    const task = ws.addTask({ content_plaintext: 'Call Zeta' });
    expect(task).toMatchObject({ is_completed: false, assignees: [], linked_records: [] });
    expect(ws.selectOptions('objects', 'companies', 'categories').some((o) => o.is_archived)).toBe(true);
    expect(ws.statuses('lists', 'recruiting', 'stage').map((s) => s.title)).toContain('Hired');
  });

  it('createSeededWorkspace rejects an oversized large object', () => {
    expect(() => createSeededWorkspace({ largeObject: { slug: 'x', count: 1_000_001 } })).toThrow();
  });
});
