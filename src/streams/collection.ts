// Streams over Attio's collection endpoints (notes, tasks, threads, meetings, …). Incremental on created_at
// wherever the items carry it, even where the API has no created_at filter: the cursor is then applied on
// our side, which still spares the destination every row it already has.
//
// Two cases:
//   - `ordered`: the endpoint returns items in ascending created_at (tasks with sort=created_at:asc), so a
//     checkpoint can follow every page, exactly like records;
//   - `unordered`: the order is undocumented or not by created_at (notes, threads, meetings, …), so the only
//     safe checkpoint is at the end of the stream, once every page has been seen.

import type { Item } from '../attio/client.js';
import type { Config } from '../config.js';
import { startCursor } from '../config.js';
import type { JsonSchema, StreamState } from '../protocol/types.js';
import { cursorValue } from '../timestamps.js';
import { CreatedAtCursor, type CursorStart, cursorStart } from './created-at-cursor.js';
import { liftId } from './simple.js';
import { loadStaticSchema } from './static-schemas.js';
import { type Batch, projectRow, type ReadContext, type Row, type Stream } from './stream.js';

export type CursorKind = 'ordered' | 'unordered' | 'none';

export interface CollectionStreamSpec {
  name: string;
  primaryKey: string;
  requiredScopes: readonly string[];
  cursor: CursorKind;
  /** Pages of raw Attio items (or already-shaped rows when toRow is identity-like). */
  pages: (ctx: ReadContext) => AsyncIterable<Item[]>;
  toRow?: (item: Item) => Row;
  jsonSchema?: JsonSchema;
}

export function collectionStream(spec: CollectionStreamSpec, config: Config): Stream {
  const toRow = spec.toRow ?? liftId;
  const incremental = spec.cursor !== 'none';
  return {
    name: spec.name,
    jsonSchema: spec.jsonSchema ?? loadStaticSchema(spec.name),
    primaryKey: [[spec.primaryKey]],
    ...(incremental ? { cursorField: ['created_at'] } : {}),
    requiredScopes: spec.requiredScopes,
    async *read(ctx: ReadContext): AsyncIterable<Batch> {
      if (!incremental) {
        for await (const page of spec.pages(ctx)) yield { records: page.map((item) => projectRow(toRow(item), ctx.selected)) };
        yield { records: [], state: {} };
        return;
      }
      const start = cursorStart(ctx.syncMode === 'incremental' ? ctx.state : undefined, startCursor(config), spec.name);
      const rowOf = (item: Item) => {
        const row = toRow(item);
        return { row, id: String(row[spec.primaryKey]), createdAt: String(row.created_at ?? '') };
      };
      if (spec.cursor === 'ordered') {
        const cursor = new CreatedAtCursor(start);
        for await (const page of spec.pages(ctx)) {
          const records: Row[] = [];
          for (const item of page) {
            const { row, id, createdAt } = rowOf(item);
            if (cursor.accept(createdAt, id)) records.push(projectRow(row, ctx.selected));
          }
          yield { records, state: cursor.state() };
        }
        yield { records: [], state: cursor.state() };
        return;
      }
      const high = new HighWaterMark(start);
      for await (const page of spec.pages(ctx)) {
        const records: Row[] = [];
        for (const item of page) {
          const { row, id, createdAt } = rowOf(item);
          if (high.isNew(createdAt, id)) records.push(projectRow(row, ctx.selected));
        }
        yield { records };
      }
      yield { records: [], state: high.state() };
    },
  };
}

/**
 * For items in no particular order: an item is new if it is past the starting cursor; the next cursor is the
 * greatest created_at seen (with the ids at it), known only once every item has been seen.
 */
export class HighWaterMark {
  private readonly start: CreatedAtCursor;
  private max: string | undefined;
  private idsAtMax: string[];

  constructor(start: CursorStart) {
    this.start = new CreatedAtCursor(start);
    this.max = start.createdAt;
    this.idsAtMax = [...start.ids];
  }

  isNew(createdAtRaw: string, id: string): boolean {
    const createdAt = cursorValue(createdAtRaw);
    if (this.start.delivered(createdAt, id)) return false;
    if (this.max === undefined || createdAt > this.max) {
      this.max = createdAt;
      this.idsAtMax = [id];
    } else if (createdAt === this.max && !this.idsAtMax.includes(id)) {
      this.idsAtMax.push(id);
    }
    return true;
  }

  state(): StreamState {
    return this.max === undefined ? {} : { created_at: this.max, ids_at_created_at: [...this.idsAtMax] };
  }
}
