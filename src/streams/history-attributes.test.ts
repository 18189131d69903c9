import { describe, expect, it } from 'vitest';
import { attribute } from '../../integration_tests/fixtures/attio-values.js';
import { historyAttributes, parseNamedAttributes } from './history-attributes.js';
import type { AttributeParent } from './schema-tables.js';

const DEALS: AttributeParent = { kind: 'object', apiId: 'deals', parentId: 'deals-id', parentSlug: 'deals' };
const PIPELINE: AttributeParent = { kind: 'list', apiId: 'pipeline', parentId: 'pipeline-id', parentSlug: 'pipeline' };

describe('which attributes get a history stream', () => {
  const stage = attribute('stage', 'status');
  const value = attribute('value', 'currency');
  const owner = attribute('owner', 'actor-reference');
  const lastEmail = attribute('last_email_interaction', 'interaction', { is_writable: false, is_system_attribute: true });
  const enriched = attribute('description', 'text', { is_writable: false, is_system_attribute: true });
  const oldStage = attribute('old_stage', 'status', { is_archived: true });
  const attributes = [stage, value, owner, lastEmail, enriched, oldStage];

  it('offers every live status attribute, and nothing else unless named', () => {
    const choice = historyAttributes(DEALS, attributes, [], false);
    expect(choice.offered.map((a) => a.api_slug)).toEqual(['stage']);
    expect(choice.refused).toEqual([]);
  });

  it('adds the attributes the config names, by slug or id, for an object or a list of that slug', () => {
    const named = parseNamedAttributes(['deals.value', `deals.${owner.id.attribute_id}`, 'pipeline.value', 'people.value']);
    const choice = historyAttributes(DEALS, attributes, named, false);
    expect(choice.offered.map((a) => a.api_slug)).toEqual(['stage', 'value', 'owner']);
    expect(choice.matched.map((n) => n.text)).toEqual(['deals.value', `deals.${owner.id.attribute_id}`]);
    expect(historyAttributes(PIPELINE, [value], named, false).offered.map((a) => a.api_slug)).toEqual(['value']);
    expect(
      historyAttributes({ ...DEALS, parentSlug: null, apiId: 'deals-id' }, attributes, parseNamedAttributes(['deals-id.value']), false)
        .offered,
    ).toContain(value);
  });

  it('refuses interaction and enriched attributes, whether named or status', () => {
    const named = parseNamedAttributes(['deals.last_email_interaction', 'deals.description']);
    const choice = historyAttributes(DEALS, attributes, named, false);
    expect(choice.offered.map((a) => a.api_slug)).toEqual(['stage']);
    expect(choice.refused.map((a) => a.api_slug)).toEqual(['last_email_interaction', 'description']);
    expect(choice.matched).toHaveLength(2);
  });

  it('includes archived status attributes only with include_archived_attributes, and one attribute per slug', () => {
    expect(historyAttributes(DEALS, attributes, [], true).offered.map((a) => a.api_slug)).toEqual(['stage', 'old_stage']);
    const archivedTwin = attribute('stage', 'status', { is_archived: true });
    expect(historyAttributes(DEALS, [archivedTwin, stage], [], true).offered).toEqual([stage]);
  });

  it('splits a name at its first dot', () => {
    expect(parseNamedAttributes(['sales_pipeline.next.step'])).toEqual([
      { text: 'sales_pipeline.next.step', parent: 'sales_pipeline', attribute: 'next.step' },
    ]);
  });
});
