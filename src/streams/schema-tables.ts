// The workspace's data model as tables: every attribute of every object and list, and the select options and
// statuses of select and status attributes, each with its parent. Dimension tables: full refresh.

import type { AttioClient, Item, Target } from '../attio/client.js';
import type { AttioAttribute } from '../attio/types.js';
import { simpleStream } from './simple.js';
import type { ReadContext, Row, Stream } from './stream.js';

export interface AttributeParent {
  kind: 'object' | 'list';
  target: Target;
  /** The id or slug used in API paths. */
  apiId: string;
  parentId: string;
  parentSlug: string | null;
}

export type AttributesOf = (parent: AttributeParent) => Promise<AttioAttribute[]>;

const parentColumns = (parent: AttributeParent) => ({
  parent_kind: parent.kind,
  parent_id: parent.parentId,
  parent_slug: parent.parentSlug,
});

export function attributesStream(parents: AttributeParent[], attributesOf: AttributesOf, requiredScopes: readonly string[]): Stream {
  return simpleStream({
    name: 'attributes',
    primaryKey: [['attribute_id']],
    requiredScopes,
    pages: async function* () {
      for (const parent of parents) {
        const attributes = await attributesOf(parent);
        yield attributes.map((a) => attributeRow(parent, a) as unknown as Item);
      }
    },
    toRow: (item) => item,
  });
}

function attributeRow(parent: AttributeParent, a: AttioAttribute): Row {
  return {
    attribute_id: a.id.attribute_id,
    workspace_id: a.id.workspace_id,
    ...parentColumns(parent),
    title: a.title,
    description: a.description ?? null,
    api_slug: a.api_slug,
    type: a.type,
    is_system_attribute: a.is_system_attribute,
    is_writable: a.is_writable,
    is_required: a.is_required,
    is_unique: a.is_unique,
    is_multiselect: a.is_multiselect,
    is_default_value_enabled: a.is_default_value_enabled,
    is_archived: a.is_archived,
    default_value: a.default_value ?? null,
    relationship: a.relationship ?? null,
    config: a.config ?? null,
    created_at: a.created_at,
  };
}

type OptionsFetcher = (parent: AttributeParent, attribute: AttioAttribute, ctx: ReadContext) => Promise<Item[]>;

function perAttributeStream(
  name: 'select_options' | 'statuses',
  type: 'select' | 'status',
  idKey: 'option_id' | 'status_id',
  parents: AttributeParent[],
  attributesOf: AttributesOf,
  fetch: OptionsFetcher,
  requiredScopes: readonly string[],
): Stream {
  return simpleStream({
    name,
    primaryKey: [[idKey]],
    requiredScopes,
    pages: async function* (ctx) {
      for (const parent of parents) {
        const attributes = (await attributesOf(parent)).filter((a) => a.type === type);
        const perAttribute = await Promise.all(
          attributes.map(async (attribute) =>
            (await fetch(parent, attribute, ctx)).map((item) => {
              const { id, ...rest } = item;
              const ids = (id ?? {}) as Record<string, unknown>;
              return {
                [idKey]: ids[idKey],
                attribute_id: attribute.id.attribute_id,
                attribute_slug: attribute.api_slug,
                workspace_id: ids.workspace_id ?? attribute.id.workspace_id,
                ...parentColumns(parent),
                ...rest,
              } as Item;
            }),
          ),
        );
        yield perAttribute.flat();
      }
    },
    toRow: (item) => item,
  });
}

export function selectOptionsStream(
  client: AttioClient,
  parents: AttributeParent[],
  attributesOf: AttributesOf,
  requiredScopes: readonly string[],
): Stream {
  return perAttributeStream(
    'select_options',
    'select',
    'option_id',
    parents,
    attributesOf,
    (p, a, ctx) => client.selectOptions(p.target, p.apiId, a.api_slug, { onRateLimited: ctx.onRateLimited }),
    requiredScopes,
  );
}

export function statusesStream(
  client: AttioClient,
  parents: AttributeParent[],
  attributesOf: AttributesOf,
  requiredScopes: readonly string[],
): Stream {
  return perAttributeStream(
    'statuses',
    'status',
    'status_id',
    parents,
    attributesOf,
    (p, a, ctx) => client.statuses(p.target, p.apiId, a.api_slug, { onRateLimited: ctx.onRateLimited }),
    requiredScopes,
  );
}
