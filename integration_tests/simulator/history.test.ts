import { describe, expect, it } from 'vitest';
import type { AttioValue } from './model.js';
import { suiteSimulator } from './test-client.js';

const title = (v: AttioValue) => (v.status as { title: string }).title;

/** A value history is consistent when it tiles time: sorted, each value ending where the next begins, the last one open. */
function expectConsistentChain(chain: AttioValue[], createdAt: string, label: string): void {
  expect(chain[0]!.active_from, label).toBe(createdAt);
  for (let i = 0; i < chain.length; i++) {
    const v = chain[i]!;
    expect(v.attribute_type, label).toBe('status');
    expect(v.created_by_actor, label).toEqual({ id: expect.any(String), type: 'workspace-member' });
    expect(v.active_from! < (v.active_until ?? '9999'), label).toBe(true);
    if (i < chain.length - 1) {
      expect(v.active_until, label).toBe(chain[i + 1]!.active_from);
      expect(title(v), label).not.toBe(title(chain[i + 1]!));
    } else expect(v.active_until, label).toBeNull();
  }
}

describe('seeded value history', () => {
  const { ws, api } = suiteSimulator();

  it('deals: three quarters moved through earlier stages (Lead, then In Progress for won and lost deals), each chain consistent', () => {
    const deals = ws.records('deals', { includeHistoric: true });
    const current = new Map(ws.records('deals').map((d) => [d.id.record_id, d.values.stage]));
    let withHistory = 0;
    for (const deal of deals) {
      const chain = deal.values.stage!;
      expectConsistentChain(chain, deal.created_at, deal.id.record_id);
      expect([chain.at(-1)]).toEqual(current.get(deal.id.record_id));
      if (chain.length > 1) withHistory += 1;
      expect(title(chain[0]!)).toBe('Lead');
      if (['Won 🎉', 'Lost'].includes(title(chain.at(-1)!))) expect(chain.map(title).slice(0, 2)).toEqual(['Lead', 'In Progress']);
    }
    expect(withHistory / deals.length).toBeGreaterThanOrEqual(0.5);
    expect(withHistory).toBe(187);
  });

  it('sales_pipeline: a third of the entries moved through earlier stages, each chain consistent', () => {
    const entries = ws.entries('sales_pipeline', { includeHistoric: true });
    let withHistory = 0;
    let longest = 0;
    for (const entry of entries) {
      const chain = entry.entry_values.stage!;
      expectConsistentChain(chain, entry.created_at, entry.id.entry_id);
      if (chain.length > 1) {
        withHistory += 1;
        expect(title(chain[0]!)).toBe('Prospecting');
      }
      longest = Math.max(longest, chain.length);
    }
    expect(withHistory).toBe(180);
    expect(longest).toBe(4); // Prospecting → Qualified → Proposal → Closed won
  });

  it('serves the history oldest first through show_historic, and only the active value otherwise', async () => {
    const won = ws.records('deals', { includeHistoric: true }).find((d) => title(d.values.stage!.at(-1)!) === 'Won 🎉')!;
    const path = `/v2/objects/deals/records/${won.id.record_id}/attributes/stage/values`;
    const historic = (await api.get(`${path}?show_historic=true`)).body.data as AttioValue[];
    expect(historic.map(title)).toEqual(['Lead', 'In Progress', 'Won 🎉']);
    expect(historic).toEqual(won.values.stage);
    expect(((await api.get(path)).body.data as AttioValue[]).map(title)).toEqual(['Won 🎉']);
    const entry = ws.entries('sales_pipeline', { includeHistoric: true }).find((e) => e.entry_values.stage!.length === 4)!;
    const entryHistory = await api.get(`/v2/lists/sales_pipeline/entries/${entry.id.entry_id}/attributes/stage/values?show_historic=true`);
    expect(entryHistory.body.data.map(title)).toEqual(['Prospecting', 'Qualified', 'Proposal', 'Closed won']);
  });

  it('answers 400 for the history of interaction (COMINT) and enriched attributes', async () => {
    const company = ws.records('companies')[1]!.id.record_id;
    for (const attribute of ['last_email_interaction', 'twitter_follower_count']) {
      const res = await api.get(`/v2/objects/companies/records/${company}/attributes/${attribute}/values?show_historic=true`);
      expect(res).toMatchObject({ status: 400, body: { status_code: 400, type: 'invalid_request_error', code: 'validation_type' } });
      expect((await api.get(`/v2/objects/companies/records/${company}/attributes/${attribute}/values`)).status).toBe(200);
    }
  });
});
