// One stream per Attio object (its records) and one per list (its entries), with a typed column per
// attribute and exact incremental sync on created_at, or on last_value_set_at (streams/change-cursor.ts).

import { say } from '../messages.js';
import type { AttioClient } from '../attio/client.js';
import {
  itemId,
  itemParams,
  itemValues,
  metadataReaders,
  type ParentKind,
  parentParams,
  streamScopes,
  TIMESTAMP_SCHEMA,
} from '../attio/parent-kinds.js';
import type { AttioAttribute, AttioValues } from '../attio/types.js';
import type { Config } from '../config.js';
import { startCursor } from '../config.js';
import type { Logger } from '../logger.js';
import { planColumns } from '../transform/columns.js';
import { LAST_VALUE_SET_AT, lastValueSetAt } from '../transform/last-value-set.js';
import { buildValuesMapper } from '../transform/row-mapper.js';
import { streamSchema } from '../transform/schema.js';
import { MIRROR_CURSOR } from '../mirror/sketch.js';
import { DELETED_AT, StreamMirror } from '../mirror/stream-mirror.js';
import { stateFor } from '../state/stream-state.js';
import { instantValue } from '../timestamps.js';
import { CHANGE_CURSORS, changeCursorRead, UNCHANGED } from './change-cursor.js';
import { CreatedAtCursor, cursorStart } from './created-at-cursor.js';
import { readOrderedByCreatedAt } from './ordered-query.js';
import type { CheckpointPolicy, ReadContext, Row, Stream, StreamRead } from './stream.js';

const NULLABLE_TIMESTAMP = { ...TIMESTAMP_SCHEMA, type: ['null', 'string'] };

/** After every page: a record stream resumes a failed full refresh, and keeps its progress when a sync stops. */
const CHECKPOINT: CheckpointPolicy = 'per-page';

type Item = Record<string, unknown> & { created_at: string };

/**
 * The stream of one object's records or one list's entries (`kind`): its metadata columns, id, raw values key,
 * query endpoint and scopes are the kind's row of PARENT_KINDS.
 */
export function parentStream(
  kind: ParentKind,
  name: string,
  /** The object or list slug (or id) used in API paths. */
  apiId: string,
  attributes: AttioAttribute[],
  client: AttioClient,
  config: Config,
  logger: Logger,
): Stream {
  const spec = {
    name,
    attributes,
    metadata: Object.fromEntries(kind.metadata.map((column) => [column.name, column.schema])),
    primaryKey: kind.idColumn,
    rawValuesKey: kind.rawValuesKey,
    requiredScopes: streamScopes(kind),
    query: kind.query,
    queryParams: parentParams(kind, apiId),
    id: (item: Item) => itemId(kind, item),
    readers: metadataReaders(kind),
    rawValues: (item: Item) => itemValues(kind, item) as AttioValues | null | undefined,
  };
  const rawKey = config.include_raw_values ? spec.rawValuesKey : undefined;
  // The change column follows the metadata columns; it is computed from the values, not taken from the item. The
  // deletion column is set only on the tombstones of an incremental read on it (mirror/stream-mirror.ts).
  const metadata = { ...spec.metadata, [LAST_VALUE_SET_AT]: TIMESTAMP_SCHEMA, [DELETED_AT]: NULLABLE_TIMESTAMP };
  const reserved = [...Object.keys(metadata), ...(rawKey ? [rawKey] : [])];
  const plans = planColumns(spec.attributes, {
    reserved,
    includeArchived: config.include_archived_attributes,
    warn: (warning) => logger.warn(say('streamWarning', { stream: spec.name, warning })),
  });
  const jsonSchema = streamSchema(metadata, plans, rawKey ? { rawValuesKey: rawKey } : {});

  return {
    name: spec.name,
    jsonSchema,
    primaryKey: [[spec.primaryKey]],
    cursorField: ['created_at'],
    checkpoint: CHECKPOINT,
    otherCursors: CHANGE_CURSORS,
    requiredScopes: spec.requiredScopes,
    async *read(ctx: ReadContext): StreamRead {
      // Everything that depends only on the stream and the selection is decided here, once.
      const selected = ctx.selected;
      const readers = selected ? spec.readers.filter(([key]) => selected.has(key)) : spec.readers;
      const emitRaw = rawKey !== undefined && (selected === undefined || selected.has(rawKey));
      const changes = changeCursorRead(ctx);
      const changeCursor = changes.cursor;
      const emitChangedAt = selected === undefined || selected.has(LAST_VALUE_SET_AT);
      const computeChangedAt = emitChangedAt || changeCursor !== undefined;
      const warned = new Set<string>();
      const mapValues = buildValuesMapper(plans, {
        ...(selected ? { selected } : {}),
        // Archived attributes left out of the columns are known, not new: no warning for them.
        knownSlugs: spec.attributes.map((attribute) => attribute.api_slug),
        onUnknownSlug: (slug) => {
          if (warned.has(slug)) return;
          warned.add(slug);
          ctx.logger.warn(say('attributeNotInCatalog', { stream: spec.name, slug }));
        },
      });
      const buildRow = (item: Item, values: AttioValues | null | undefined, changedAt: string): Row => {
        const row: Row = {};
        for (const [key, read] of readers) row[key] = read(item);
        if (emitChangedAt) row[LAST_VALUE_SET_AT] = changedAt;
        mapValues(values, row);
        if (emitRaw && rawKey) row[rawKey] = values ?? null;
        return row;
      };
      // The exact mirror needs the deletion column in the catalog: a tombstone without it would read as a row of nulls.
      const mirror =
        changeCursor !== undefined && (selected === undefined || selected.has(DELETED_AT))
          ? new StreamMirror({
              stream: spec.name,
              logger: ctx.logger,
              previous: stateFor(ctx.state, LAST_VALUE_SET_AT)?.row_sketch,
              coverage: {
                startDate: startCursor(config) ?? '',
                columns: Object.keys(jsonSchema.properties ?? {}).filter(
                  (column) => column !== DELETED_AT && (selected?.has(column) ?? true),
                ),
              },
              allowMassDeletions: config.allow_mass_deletions,
            })
          : undefined;
      // Keys the first pass emitted (only where a previous sketch is compared: then they are the changed rows).
      const emitted = new Set<string>();
      let newestChange = '';
      let foundAt = '';
      let now = '';
      // A row's computed last_value_set_at may go back (a value cleared, a history backdated): the mirror then sends
      // it with the time the change was found, and from then on no row of the stream goes out with an earlier cursor
      // value than the latest it set (a row picked again within the cursor's margin would lose to that version).
      let floor = (mirror && stateFor(ctx.state, LAST_VALUE_SET_AT)?.[MIRROR_CURSOR]) ?? '';
      const raised = (row: Row, changedAt: string, to: string): Row =>
        emitChangedAt && changedAt < to ? { ...row, [LAST_VALUE_SET_AT]: to } : row;
      // The first pass emits what the cursor picks; a second one (mirror only) every row, or the rows listed.
      let pass: 'first' | 'all' | ReadonlySet<string> = 'first';
      const toRow = (item: Item): Row => {
        const values = spec.rawValues(item);
        const changedAt = computeChangedAt ? lastValueSetAt(item.created_at, values) : '';
        if (changeCursor === undefined) return buildRow(item, values, changedAt);
        const id = spec.id(item);
        if (pass !== 'first') {
          if (pass !== 'all' && !pass.has(id)) return UNCHANGED;
          const row = buildRow(item, values, changedAt);
          if (pass === 'all') mirror?.observe(id, row);
          // A changed row enters the sketch as sent; met twice, it is sent once.
          else if (mirror !== undefined && !mirror.sent(id, row)) return UNCHANGED;
          return raised(row, changedAt, floor);
        }
        if (changedAt > newestChange) newestChange = changedAt;
        const picked = changeCursor.accept(changedAt, id);
        if (mirror === undefined) return picked ? buildRow(item, values, changedAt) : UNCHANGED;
        const row = buildRow(item, values, changedAt);
        mirror.observe(id, row);
        if (mirror.everyRow) return raised(row, changedAt, floor);
        if (!picked) return UNCHANGED;
        if (mirror.comparing) emitted.add(id);
        return raised(row, changedAt, floor);
      };
      // Requests a read made: what reading the stream again would cost, against fetching changed rows by id.
      let requests = 0;
      // On last_value_set_at there is no created_at state: the whole stream is read (from start_date).
      const read = () =>
        readOrderedByCreatedAt<Item>({
          fetch: (body, signal) => {
            requests++;
            return client.deferredQuery<Item>(spec.query, spec.queryParams, body, {
              onRateLimited: ctx.onRateLimited,
              ...(signal ? { signal } : {}),
            });
          },
          createdAt: (item) => item.created_at,
          id: spec.id,
          idAttribute: spec.primaryKey,
          onWarning: (warning) => ctx.logger.warn(say('streamWarning', { stream: spec.name, warning })),
          toRow,
          cursor: new CreatedAtCursor(cursorStart(changes.createdAtState, startCursor(config))),
          pageSize: config.page_size,
          maxWindow: config.max_concurrent_requests,
          ...(ctx.pageBudget ? { pageBudget: ctx.pageBudget } : {}),
        });
      // The rows the mirror found changed, one request each, max_concurrent_requests at a time: each goes through
      // toRow as a listed one would. One not found (deleted since the read) is told to the mirror as such.
      async function* fetchById(ids: ReadonlySet<string>): AsyncGenerator<{ records: Row[] }> {
        const all = [...ids];
        for (let at = 0; at < all.length; at += config.max_concurrent_requests) {
          const wanted = all.slice(at, at + config.max_concurrent_requests);
          const items = await Promise.all(
            wanted.map((id) => client.one(kind.one, itemParams(kind, apiId, id), { onRateLimited: ctx.onRateLimited })),
          );
          const records: Row[] = [];
          for (const [i, item] of items.entries()) {
            const id = wanted[i] as string;
            // Another item in its place (a record merged away answered by the one it became): not this row.
            if (item === undefined || spec.id(item as Item) !== id) mirror?.sent(id, undefined);
            if (item !== undefined) records.push(toRow(item as Item));
          }
          yield { records };
        }
      }
      const ended = yield* changes.finish(read());
      // A stream without rows has no cursor to save, nor anything to compare next time.
      if (mirror === undefined || ended === undefined || !(LAST_VALUE_SET_AT in ended)) return ended;
      // The read is complete: only now may the sketches be compared.
      const settled = mirror.settle(emitted, { fullRead: requests, byId: true });
      // When this sync found what changed: the cursor value of a row sent again (this machine's clock: a stamp
      // Attio dated in the future must not carry every later version of the row behind it), and of a tombstone,
      // which must sort after every earlier version of its row (none is newer than what was read, nor than now).
      now = instantValue((ctx.now ?? Date.now)());
      foundAt = newestChange > now ? newestChange : now;
      if (settled.rereadAll || settled.reread.size > 0) floor = now > floor ? now : floor;
      if (settled.rereadAll || settled.reread.size > 0) {
        if (settled.rereadAll) mirror.startOver();
        pass = settled.rereadAll ? 'all' : settled.reread;
        const batches = settled.byId ? fetchById(settled.reread) : read();
        for await (const batch of batches) {
          const records = batch.records.filter((row) => row !== UNCHANGED);
          if (records.length > 0) yield { records };
        }
      }
      if (settled.tombstones.length > 0) {
        yield {
          records: settled.tombstones.map((key) => ({
            [spec.primaryKey]: key,
            [LAST_VALUE_SET_AT]: foundAt > floor ? foundAt : floor,
            [DELETED_AT]: now,
          })),
        };
      }
      return { ...ended, ...mirror.state(), ...(floor === '' ? {} : { [MIRROR_CURSOR]: floor }) };
    },
  };
}
