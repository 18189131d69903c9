// Streams over small GET endpoints that answer in one go or in a few pages: full refresh, one checkpoint at
// the end. Attio's composite `id` object is lifted into top-level columns (object_id, workspace_id, …).

import type { Item } from '../attio/client.js';
import type { JsonSchema } from '../protocol/types.js';
import { loadStaticSchema } from './static-schemas.js';
import { type Batch, projectRow, type ReadContext, type Row, type Stream } from './stream.js';

export interface SimpleStreamSpec {
  name: string;
  primaryKey: string[][];
  requiredScopes: readonly string[];
  /** Pages of raw Attio items. */
  pages: (ctx: ReadContext) => AsyncIterable<Item[]>;
  toRow?: (item: Item) => Row;
  jsonSchema?: JsonSchema;
}

/** `{id: {workspace_id, object_id}, …rest}` → `{workspace_id, object_id, …rest}`. */
export function liftId(item: Item): Row {
  const { id, ...rest } = item;
  return id && typeof id === 'object' ? { ...(id as Row), ...rest } : { ...rest };
}

export function simpleStream(spec: SimpleStreamSpec): Stream {
  const toRow = spec.toRow ?? liftId;
  return {
    name: spec.name,
    jsonSchema: spec.jsonSchema ?? loadStaticSchema(spec.name),
    primaryKey: spec.primaryKey,
    requiredScopes: spec.requiredScopes,
    async *read(ctx: ReadContext): AsyncIterable<Batch> {
      for await (const page of spec.pages(ctx)) {
        yield { records: page.map((item) => projectRow(toRow(item), ctx.selected)) };
      }
      yield { records: [], state: {} };
    },
  };
}
