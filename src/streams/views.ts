// Saved views of objects and lists (GET /v2/objects/{object}/views, GET /v2/lists/{list}/views): a small
// dimension table, one row per view with its parent, as the attributes stream has. Live views only: Attio's
// view carries no archived flag to tell archived ones apart.

import type { Item } from '../attio/client.js';
import { PARENT_KINDS, parentParams } from '../attio/parent-kinds.js';
import type { ItemSource, ProbeSource } from './declarations.js';
import type { AttributeParent } from './schema-tables.js';

/** The view with its composite id lifted and its object or list named as a parent (Attio's object_id or list_id is parent_id). */
export function viewRow(parent: AttributeParent, view: Item): Item {
  const { id, ...rest } = view;
  const ids = (id ?? {}) as Record<string, unknown>;
  return {
    view_id: ids.view_id,
    workspace_id: ids.workspace_id ?? null,
    parent_kind: parent.kind,
    parent_id: parent.parentId,
    parent_slug: parent.parentSlug,
    ...rest,
  };
}

export async function* viewItems({ parents, pages }: ItemSource): AsyncIterable<Item[]> {
  for (const parent of parents) {
    const kind = PARENT_KINDS[parent.kind];
    for await (const page of pages(kind.views, { params: parentParams(kind, parent.apiId), idKey: 'view_id' }))
      yield page.map((view) => viewRow(parent, view));
  }
}

/** Whether Attio offers views to this workspace and key: the first object's (EndpointAbsent where the rule says so). */
export async function probeViews({ client, parents }: ProbeSource): Promise<void> {
  const object = parents.find((parent) => parent.kind === 'object');
  if (object !== undefined) {
    await client.cursorPage(PARENT_KINDS.object.views, parentParams(PARENT_KINDS.object, object.apiId), { limit: 1 }, { probe: true });
  }
}
