// A fixed stream built from its declaration (declarations.ts). Streams with a cursor are incremental on
// created_at wherever the items carry it, even where the API has no created_at filter: the cursor is then
// applied on our side, which still spares the destination every row it already has.

import { say } from '../messages.js';
import type { AttioClient, Item } from '../attio/client.js';
import type { Endpoint } from '../attio/endpoints.js';
import { endpointPages } from '../attio/paginate.js';
import type { AttioAttribute } from '../attio/types.js';
import type { Config } from '../config.js';
import { startCursor } from '../config.js';
import { scopesOf } from '../attio/endpoints.js';
import { badItemError } from '../errors.js';
import { cursorValue, fixedWidthTimestamp } from '../timestamps.js';
import { stateFor } from '../state/stream-state.js';
import { DELETED_AT, StreamMirror } from '../mirror/stream-mirror.js';
import { instantValue } from '../timestamps.js';
import { CreatedAtCursor, cursorStart, HighWaterMark } from './created-at-cursor.js';
import { OrderViolation } from './ordered-query.js';
import type { FixedStreamDeclaration, ItemSource } from './declarations.js';
import type { AttributeParent } from './schema-tables.js';
import { loadStaticSchema } from './static-schemas.js';
import { projectRow, type ReadContext, type Row, type Stream, type StreamRead } from './stream.js';

export interface FixedStreamDeps {
  client: AttioClient;
  config: Config;
  parents: readonly AttributeParent[];
  attributesOf: (parent: AttributeParent) => Promise<AttioAttribute[]>;
}

/** `{id: {workspace_id, object_id}, …rest}` → `{workspace_id, object_id, …rest}`. */
export function liftId(item: Item): Row {
  const { id, ...rest } = item;
  return id && typeof id === 'object' ? { ...(id as Row), ...rest } : { ...rest };
}

export function fixedStream(declaration: FixedStreamDeclaration, deps: FixedStreamDeps): Stream {
  const { name, primaryKey, checkpoint } = declaration;
  const shape = declaration.toRow ?? liftId;
  // An item of a shape the row mapper cannot read is named as such, not a generic failure.
  const toRow = (item: Item): Row => {
    try {
      return shape(item);
    } catch (error) {
      throw badItemError(say('itemUnexpectedShape', { stream: name }), item, error instanceof Error ? error.message : String(error));
    }
  };
  const incremental = checkpoint !== 'none';
  const itemsOf = (ctx: ReadContext, progress: Pick<ItemSource, 'isDelivered' | 'holdBack'>): AsyncIterable<Item[]> => {
    const source: ItemSource = {
      ...deps,
      ...progress,
      ctx,
      pages: (endpoint, options = {}) =>
        endpointPages(deps.client, endpoint, {
          ...(options.params ? { params: options.params } : {}),
          idKey: options.idKey ?? primaryKey,
          defaultPageSize: deps.config.page_size,
          call: { onRateLimited: ctx.onRateLimited },
        }),
    };
    const [listing] = declaration.endpoints;
    if (declaration.items) return declaration.items(source);
    if (!listing) throw new Error(`stream ${name} declares no endpoint`);
    return source.pages(listing);
  };

  return {
    name,
    jsonSchema: loadStaticSchema(name),
    primaryKey: [[primaryKey]],
    ...(incremental ? { cursorField: ['created_at'] } : {}),
    checkpoint,
    requiredScopes: scopesOf(...declaration.endpoints, ...(declaration.byId ? [declaration.byId] : [])),
    async *read(ctx: ReadContext): StreamRead {
      if (!incremental) {
        const everything = { isDelivered: () => false, holdBack: () => undefined };
        for await (const page of itemsOf(ctx, everything)) yield { records: page.map((item) => projectRow(toRow(item), ctx.selected)) };
        return undefined;
      }
      // In created_at order an item is new once past the cursor; in any other order, once past the starting point.
      const perPage = checkpoint === 'per-page';
      const saved = stateFor(ctx.state, 'created_at');
      const start = cursorStart(saved, startCursor(deps.config));
      const schema = loadStaticSchema(name);
      // The exact mirror needs the deletion column in the catalog: a tombstone without it would read as a row of nulls.
      const mirror =
        declaration.mirror && (ctx.selected === undefined || ctx.selected.has(DELETED_AT))
          ? new StreamMirror({
              stream: name,
              logger: ctx.logger,
              previous: saved?.row_sketch,
              coverage: {
                startDate: startCursor(deps.config) ?? '',
                columns: Object.keys(schema.properties ?? {}).filter(
                  (column) => column !== DELETED_AT && (ctx.selected?.has(column) ?? true),
                ),
              },
              allowMassDeletions: deps.config.allow_mass_deletions,
            })
          : undefined;
      // A checkpoint before the end keeps the previous sketch: a sync stopped there compares with it next time.
      const sketchPart = saved?.row_sketch === undefined ? {} : { row_sketch: saved.row_sketch };
      // Keys emitted by the cursor while a previous sketch is compared (the new rows), and the newest created_at.
      const emitted = new Set<string>();
      let newest = '';
      const cursor = perPage ? new CreatedAtCursor(start) : new HighWaterMark(start);
      const delivered = new CreatedAtCursor(start);
      let heldAt: string | undefined;
      const progress = {
        // The mirror's sketch needs every item, delivered or not.
        isDelivered: (createdAt: string, id: string) => mirror === undefined && delivered.delivered(createdAt, id),
        holdBack: (createdAt: string) => {
          const at = cursorValue(createdAt);
          if (heldAt === undefined || at < heldAt) heldAt = at;
        },
      };
      // Pages the read took: what reading the stream again would cost, against fetching changed rows by id.
      let pages = 0;
      for await (const page of itemsOf(ctx, progress)) {
        pages++;
        const records: Row[] = [];
        for (const item of page) {
          const row = toRow(item);
          const createdAt = fixedWidthTimestamp(typeof row.created_at === 'string' ? row.created_at : '');
          const id = row[primaryKey];
          if (createdAt === undefined || typeof id !== 'string' || id === '')
            throw badItemError(say('itemUnorderable', { stream: name, key: primaryKey }), item);
          // Pages repeat nothing already seen (attio/paginate.ts), so in created_at order an item older than the
          // cursor breaks the order: failing beats counting it as delivered.
          if (perPage && cursor.value !== undefined && createdAt < cursor.value && createdAt >= (start.createdAt ?? '')) {
            throw new OrderViolation(cursor.value, createdAt);
          }
          const picked = cursor.accept(createdAt, id);
          if (mirror === undefined) {
            if (picked) records.push(projectRow(row, ctx.selected));
            continue;
          }
          if (createdAt > newest) newest = createdAt;
          const out = projectRow(row, ctx.selected);
          mirror.observe(id, out);
          if (mirror.everyRow || picked) records.push(out);
          if (picked && mirror.comparing) emitted.add(id);
        }
        yield perPage ? { records, state: { ...cursor.state(), ...sketchPart } } : { records };
      }
      const end = cursor.state();
      // An item held back is read again from its created_at on (inclusive); what follows it may come twice.
      const passed = heldAt !== undefined && (typeof end.created_at !== 'string' || end.created_at >= heldAt);
      const final = passed ? { created_at: heldAt, ids_at_created_at: [] } : end;
      // A stream without items has no cursor to save, nor anything to compare next time.
      if (mirror === undefined || typeof final.created_at !== 'string') return final;
      // The read is complete: only now may the sketches be compared.
      const byId = declaration.byId;
      const settled = mirror.settle(emitted, { fullRead: pages, byId: byId !== undefined });
      // The rows the mirror found changed, one request each, max_concurrent_requests at a time.
      async function* fetchById(endpoint: Endpoint, ids: ReadonlySet<string>): AsyncGenerator<Item[]> {
        const all = [...ids];
        for (let at = 0; at < all.length; at += deps.config.max_concurrent_requests) {
          const wanted = all.slice(at, at + deps.config.max_concurrent_requests);
          const call = { onRateLimited: ctx.onRateLimited };
          const items = await Promise.all(wanted.map((id) => deps.client.one(endpoint, { [primaryKey]: id }, call)));
          // One not found (deleted since the read) is told to the mirror as such: no tombstone from that alone.
          for (const [i, item] of items.entries()) if (item === undefined) mirror?.sent(wanted[i] as string, undefined);
          yield items.filter((item): item is Item => item !== undefined);
        }
      }
      if (settled.rereadAll || settled.reread.size > 0) {
        if (settled.rereadAll) mirror.startOver();
        // A second read asks for what it must (transcripts: only the changed ones), or for everything.
        const wanted = { isDelivered: (_createdAt: string, id: string) => !settled.reread.has(id), holdBack: () => undefined };
        const everything = { isDelivered: () => false, holdBack: () => undefined };
        const again = settled.byId && byId ? fetchById(byId, settled.reread) : itemsOf(ctx, settled.rereadAll ? everything : wanted);
        for await (const page of again) {
          const records: Row[] = [];
          for (const item of page) {
            const out = projectRow(toRow(item), ctx.selected);
            const id = out[primaryKey];
            if (typeof id !== 'string') continue;
            if (settled.rereadAll) mirror.observe(id, out);
            // A changed item keeps its created_at: deduplication keeps the later emission of equal cursors. It enters
            // the sketch as sent; met twice (or another than the one asked for), it is sent once, or not at all.
            if (settled.rereadAll || mirror.sent(id, out)) records.push(out);
          }
          if (records.length > 0) yield { records };
        }
      }
      if (settled.tombstones.length > 0) {
        // Found gone now; its cursor sorts after every earlier version of the item (none is newer than what was read).
        const now = instantValue((ctx.now ?? Date.now)());
        const foundAt = newest > now ? newest : now;
        yield { records: settled.tombstones.map((key) => ({ [primaryKey]: key, created_at: foundAt, [DELETED_AT]: now })) };
      }
      return { ...final, ...mirror.state() };
    },
  };
}
