// The workspace's data model as rows: every attribute of every object and list, and the select options and
// statuses of select and status attributes, each with its parent (the streams are declared in declarations.ts).

import type { Item } from '../attio/client.js';
import type { Endpoint } from '../attio/endpoints.js';
import { attributeParams, PARENT_KINDS, type ParentKindName } from '../attio/parent-kinds.js';
import type { AttioAttribute } from '../attio/types.js';
import type { ItemSource } from './declarations.js';
import type { Row } from './stream.js';

/** One object or list of the workspace; what differs between the two is its kind's row of PARENT_KINDS. */
export interface AttributeParent {
  kind: ParentKindName;
  /** The id or slug used in API paths. */
  apiId: string;
  parentId: string;
  parentSlug: string | null;
}

const parentColumns = (parent: AttributeParent) => ({
  parent_kind: parent.kind,
  parent_id: parent.parentId,
  parent_slug: parent.parentSlug,
});

export function attributeRow(parent: AttributeParent, a: AttioAttribute): Row {
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

/** The options (or statuses) of every select (or status) attribute, one batch per parent, archived ones too. */
export async function* perAttributeItems(
  { client, ctx, parents, attributesOf }: ItemSource,
  endpoint: Endpoint,
  type: 'select' | 'status',
  idKey: 'option_id' | 'status_id',
): AsyncIterable<Item[]> {
  for (const parent of parents) {
    const attributes = (await attributesOf(parent)).filter((a) => a.type === type);
    const perAttribute = await Promise.all(
      attributes.map(async (attribute) => {
        const params = { ...attributeParams(PARENT_KINDS[parent.kind], parent.apiId), attribute: attribute.api_slug };
        const items = await client.items(endpoint, params, { show_archived: true }, { onRateLimited: ctx.onRateLimited });
        return items.map((item) => {
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
        });
      }),
    );
    yield perAttribute.flat();
  }
}
