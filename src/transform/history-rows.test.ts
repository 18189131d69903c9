import { describe, expect, it } from 'vitest';
import { attribute, envelopes, inactive, MEMBER_ID } from '../../integration_tests/fixtures/attio-values.js';
import type { AttioValue } from '../attio/types.js';
import { attributeColumn } from './attribute-column.js';
import { currentActiveFrom, historyRowMaker } from './history-rows.js';

const RECORD = 'bf071e1f-6035-429d-b874-d83ea64ea13b';
const PARENT = { kind: 'object' as const, id: 'deals-object-id', slug: 'deals' };

const at = (envelope: AttioValue, activeFrom: string, activeUntil: string | null = null): AttioValue => ({
  ...envelope,
  active_from: activeFrom,
  active_until: activeUntil,
});

describe('value history rows', () => {
  const stage = attribute('stage', 'status');
  const lead = at(envelopes.status('Lead', 'status-lead'), '2024-01-01T10:00:00.000000000Z', '2024-01-08T10:00:00.000000000Z');
  const won = at(envelopes.status('Won', 'status-won'), '2024-01-08T10:00:00.000000000Z');

  it('gives one row per value, in order, with when it held and who set it', () => {
    const maker = historyRowMaker({ parent: PARENT, attribute: stage });
    const rows = maker.rows(RECORD, [lead, won]);
    expect(rows).toEqual([
      {
        value_id: `${RECORD}:${stage.id.attribute_id}:2024-01-01T10:00:00.000000000Z`,
        record_id: RECORD,
        parent_kind: 'object',
        parent_id: 'deals-object-id',
        parent_slug: 'deals',
        attribute_id: stage.id.attribute_id,
        attribute_slug: 'stage',
        value: 'Lead',
        active_from: '2024-01-01T10:00:00.000000000Z',
        active_until: '2024-01-08T10:00:00.000000000Z',
        created_by_actor: { type: 'workspace-member', id: MEMBER_ID },
      },
      expect.objectContaining({
        value: 'Won',
        active_until: null,
        value_id: `${RECORD}:${stage.id.attribute_id}:2024-01-08T10:00:00.000000000Z`,
      }),
    ]);
  });

  it("flattens each value exactly as the record stream's column does, for every type", () => {
    const cases: [ReturnType<typeof attribute>, AttioValue][] = [
      [attribute('stage', 'status'), envelopes.status()],
      [attribute('priority', 'select'), envelopes.select()],
      [attribute('amount', 'currency'), envelopes.currency(12.5)],
      [attribute('when', 'timestamp'), envelopes.timestamp()],
      [attribute('owner', 'actor-reference'), envelopes.actorReference()],
      [attribute('company', 'record-reference'), envelopes.recordReference()],
      [attribute('place', 'location'), envelopes.location()],
      [attribute('site', 'domain'), envelopes.domain()],
      [attribute('note', 'text'), envelopes.text('hello')],
    ];
    for (const [attr, envelope] of cases) {
      const [row] = historyRowMaker({ parent: { kind: 'list', id: 'l', slug: 'pipeline' }, attribute: attr }).rows('e1', [envelope]);
      expect({ type: attr.type, value: row?.value }).toEqual({ type: attr.type, value: attributeColumn(attr).flatten([envelope]) });
      // A historic value flattens the same way: only its active_until differs.
      const [old] = historyRowMaker({ parent: { kind: 'list', id: 'l', slug: 'pipeline' }, attribute: attr }).rows('e1', [
        inactive(envelope),
      ]);
      expect(old?.value).toEqual(row?.value);
      expect(old?.entry_id).toBe('e1');
    }
  });

  it('types the value column as the record column (one item of it for a multiselect)', () => {
    const tags = attribute('tags', 'select', { is_multiselect: true });
    const maker = historyRowMaker({ parent: PARENT, attribute: tags });
    const properties = maker.schema.properties as Record<string, Record<string, unknown>>;
    expect(properties.value).toMatchObject({ type: ['string', 'null'], title: 'Tags' });
    expect((attributeColumn(tags).schema as { items: unknown }).items).toEqual({ type: 'string' });
    expect(properties.record_id).toEqual({ type: 'string' });
    expect(properties.active_from).toMatchObject({ format: 'date-time', airbyte_type: 'timestamp_with_timezone' });
  });

  it('keys a multiselect value by what it is, so values set together differ and a renamed option keeps its key', () => {
    const tags = attribute('tags', 'select', { is_multiselect: true });
    const maker = historyRowMaker({ parent: PARENT, attribute: tags });
    const from = '2024-02-02T00:00:00.000000000Z';
    const [a, b] = maker.rows(RECORD, [at(envelopes.select('Red', 'opt-red'), from), at(envelopes.select('Blue', 'opt-blue'), from)]);
    expect(a?.value_id).not.toBe(b?.value_id);
    expect(String(a?.value_id).startsWith(`${RECORD}:${tags.id.attribute_id}:${from}:`)).toBe(true);
    const [renamed] = maker.rows(RECORD, [at(envelopes.select('Crimson', 'opt-red'), from, '2024-03-01T00:00:00.000000000Z')]);
    expect(renamed?.value_id).toBe(a?.value_id);
    expect(renamed?.value).toBe('Crimson');
  });

  it('keeps the raw envelope of a type the connector does not know', () => {
    const odd = attribute('odd', 'hologram');
    const envelope = { ...envelopes.text(), attribute_type: 'hologram', beam: 3 } as AttioValue;
    const [row] = historyRowMaker({ parent: PARENT, attribute: odd }).rows(RECORD, [envelope]);
    expect(row?.value).toEqual(envelope);
  });

  it('keys a value by its instant, however Attio prints it', () => {
    const maker = historyRowMaker({ parent: PARENT, attribute: stage });
    const [short] = maker.rows(RECORD, [at(envelopes.status('Won', 'status-won'), '2024-01-08T10:00:00Z')]);
    const [long] = maker.rows(RECORD, [won]);
    expect(short?.value_id).toBe(long?.value_id);
    expect(short?.active_from).toBe('2024-01-08T10:00:00Z');
  });

  it('tolerates a missing actor', () => {
    const { created_by_actor: _, ...bare } = won;
    const [row] = historyRowMaker({ parent: PARENT, attribute: stage }).rows(RECORD, [bare as AttioValue]);
    expect(row?.created_by_actor).toBeNull();
  });

  it('finds the newest active_from among current values only', () => {
    expect(currentActiveFrom([lead, won])).toBe('2024-01-08T10:00:00.000000000Z');
    expect(currentActiveFrom([lead])).toBeUndefined();
    expect(currentActiveFrom([])).toBeUndefined();
    expect(currentActiveFrom(undefined)).toBeUndefined();
    expect(currentActiveFrom([at(envelopes.text(), '2024-05-01T00:00:00Z')])).toBe('2024-05-01T00:00:00.000000000Z');
  });
});
