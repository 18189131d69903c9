// Planning a stream's attribute columns, once per stream: which attributes become columns, under which names,
// with which schema and flatten function. The per-record work is left to row-mapper.ts.

import { say, type UserMessage } from '../messages.js';
import { PARENT_KIND_ORDER } from '../attio/parent-kinds.js';
import type { AttioAttribute } from '../attio/types.js';
import type { Flatten } from './active-values.js';
import { attributeColumn } from './attribute-column.js';
import { assignColumnNames } from './column-names.js';
import type { JsonSchema } from './json-schema.js';

export interface ColumnPlan {
  /** Output column name: the api_slug, or `attribute_<slug>` when the slug collides with a metadata column. */
  column: string;
  /** Key of the attribute in `values` / `entry_values`. */
  slug: string;
  attribute: AttioAttribute;
  /** The column's nullable schema. */
  schema: JsonSchema;
  flatten: Flatten;
}

export interface PlanColumnsOptions {
  /** The stream's metadata column names (and the raw values key when raw values are on). */
  reserved: readonly string[];
  includeArchived?: boolean;
  warn: (message: UserMessage) => void;
}

/**
 * System attributes that repeat a metadata column's fact (a record's `record_id` and `created_at`, an entry's
 * `entry_id` and `created_at`). When the stream reserves that name, the attribute adds nothing and is dropped.
 */
export const METADATA_FACT_SLUGS: ReadonlySet<string> = new Set([...PARENT_KIND_ORDER.map((kind) => kind.idColumn), 'created_at']);

function repeatsMetadataFact(attribute: AttioAttribute, reserved: ReadonlySet<string>): boolean {
  return attribute.is_system_attribute && METADATA_FACT_SLUGS.has(attribute.api_slug) && reserved.has(attribute.api_slug);
}

/** Prefer the live attribute, then the smaller attribute_id, so the choice does not depend on attribute order. */
function preferredOf(a: AttioAttribute, b: AttioAttribute): AttioAttribute {
  if (a.is_archived !== b.is_archived) return a.is_archived ? b : a;
  return a.id.attribute_id <= b.id.attribute_id ? a : b;
}

/**
 * Attio api_slugs are unique per object or list, but an archived attribute may share its slug with a live one
 * (possible with includeArchived). `values` has one key per slug, so only one of them can have a column.
 */
function oneAttributePerSlug(attributes: readonly AttioAttribute[], warn: (message: UserMessage) => void): AttioAttribute[] {
  const bySlug = new Map<string, AttioAttribute>();
  for (const attribute of attributes) {
    const other = bySlug.get(attribute.api_slug);
    bySlug.set(attribute.api_slug, other === undefined ? attribute : preferredOf(other, attribute));
  }
  const unique: AttioAttribute[] = [];
  const warned = new Set<string>();
  for (const attribute of attributes) {
    if (bySlug.get(attribute.api_slug) === attribute) {
      unique.push(attribute);
    } else if (!warned.has(attribute.api_slug)) {
      warned.add(attribute.api_slug);
      warn(say('attributeSlugShared', { slug: attribute.api_slug, attribute: String(bySlug.get(attribute.api_slug)?.id.attribute_id) }));
    }
  }
  return unique;
}

export function planColumns(attributes: readonly AttioAttribute[], opts: PlanColumnsOptions): ColumnPlan[] {
  const reserved = new Set(opts.reserved);
  const candidates = attributes.filter(
    (attribute) => (opts.includeArchived === true || !attribute.is_archived) && !repeatsMetadataFact(attribute, reserved),
  );
  const kept = oneAttributePerSlug(candidates, opts.warn);

  const { columns, renames } = assignColumnNames(
    kept.map((attribute) => attribute.api_slug),
    reserved,
  );
  for (const { slug, column } of renames) {
    opts.warn(say('attributeColumnRenamed', { slug, column }));
  }

  const plans: ColumnPlan[] = [];
  const untypedColumnsByType = new Map<string, string[]>();
  for (const attribute of kept) {
    const column = columns.get(attribute.api_slug) ?? attribute.api_slug;
    const { schema, flatten, typed } = attributeColumn(attribute);
    if (!typed) {
      const untyped = untypedColumnsByType.get(attribute.type) ?? [];
      untyped.push(column);
      untypedColumnsByType.set(attribute.type, untyped);
    }
    plans.push({ column, slug: attribute.api_slug, attribute, schema, flatten });
  }
  for (const [type, untyped] of untypedColumnsByType) {
    opts.warn(say('attributeTypeUnknown', { type, columns: untyped.join(', ') }));
  }
  return plans;
}
