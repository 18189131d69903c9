// Which attributes get a history stream: every status attribute (the stage of deals, of pipeline entries, of any
// custom object or list), and every attribute the config's history_attributes names. Attio keeps no history of
// interaction (COMINT) and enriched attributes (it answers 400): those are left out, with one log line each.

import type { AttioAttribute } from '../attio/types.js';
import type { AttributeParent } from './schema-tables.js';

/** One `<object or list slug>.<attribute slug>` of history_attributes. */
export interface NamedAttribute {
  text: string;
  parent: string;
  attribute: string;
}

export function parseNamedAttributes(texts: readonly string[]): NamedAttribute[] {
  return texts.map((text) => {
    const dot = text.indexOf('.');
    return { text, parent: text.slice(0, dot), attribute: text.slice(dot + 1) };
  });
}

/** Whether a name of history_attributes points at this parent (by slug or id) and this attribute (by slug or id). */
function names(named: NamedAttribute, parent: AttributeParent, attribute: AttioAttribute): boolean {
  const parentMatches = named.parent === parent.parentSlug || named.parent === parent.apiId || named.parent === parent.parentId;
  return parentMatches && (named.attribute === attribute.api_slug || named.attribute === attribute.id.attribute_id);
}

/** Attio refuses the history of interaction attributes and of enriched ones, which nobody can write. */
export function historyRefused(attribute: AttioAttribute): boolean {
  return attribute.type === 'interaction' || !attribute.is_writable;
}

export interface HistoryChoice {
  /** The attributes whose history is offered, in Attio's order. */
  offered: AttioAttribute[];
  /** Chosen, but Attio would refuse their history. */
  refused: AttioAttribute[];
  /** The names of history_attributes that matched an attribute of this parent. */
  matched: NamedAttribute[];
}

export function historyAttributes(
  parent: AttributeParent,
  attributes: readonly AttioAttribute[],
  named: readonly NamedAttribute[],
  includeArchived: boolean,
): HistoryChoice {
  const offered: AttioAttribute[] = [];
  const refused: AttioAttribute[] = [];
  const matched = new Set<NamedAttribute>();
  const slugs = new Set<string>();
  // Live attributes first, so a live attribute wins its slug over an archived one (as columns do).
  const ordered = [...attributes].sort((a, b) => Number(a.is_archived) - Number(b.is_archived));
  const chosen = new Set<AttioAttribute>();
  for (const attribute of ordered) {
    if (attribute.is_archived && !includeArchived) continue;
    const naming = named.filter((n) => names(n, parent, attribute));
    for (const n of naming) matched.add(n);
    if (attribute.type !== 'status' && naming.length === 0) continue;
    if (slugs.has(attribute.api_slug)) continue;
    slugs.add(attribute.api_slug);
    chosen.add(attribute);
  }
  for (const attribute of attributes) {
    if (!chosen.has(attribute)) continue;
    (historyRefused(attribute) ? refused : offered).push(attribute);
  }
  return { offered, refused, matched: named.filter((n) => matched.has(n)) };
}
