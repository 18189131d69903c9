// The history of one attribute of an object's records or a list's entries: every value that ever held, one row
// each, from GET …/attributes/{attribute}/values?show_historic=true, one request per record or entry.
//
// To keep that proportionate, an incremental sync reads a record's history again only when the record shows a
// change: a full query of the parent (one request per page of records, the record streams' own reader) gives each
// record's current values, and a current value whose active_from is after the cursor means the attribute changed
// since the last sync; a record created after the cursor is read too. The first sync, and every full refresh, reads
// every record. The state is {"active_from": C}, kept by a StampCursor (state/cursor.ts) on each record's newest
// stamp (its current active_from or its created_at): C is at most the start of the read minus a margin (so a change
// made while the read runs, on a record whose page was already read, is after C and seen next time) and at most the
// newest Attio timestamp seen (so C does not run ahead of Attio's clock when the machine's clock is ahead of it, and
// a sync that finds nothing new keeps C where it was).

import { type AttioApiError, attioSays, isAttioAnswer } from '../attio/errors.js';
import type { AttioClient } from '../attio/client.js';
import { historyScopes, PARENT_KINDS, valuesParams } from '../attio/parent-kinds.js';
import type { AttioAttribute, AttioValue } from '../attio/types.js';
import type { Config } from '../config.js';
import { say } from '../messages.js';
import { StampCursor } from '../state/cursor.js';
import { stateFor } from '../state/stream-state.js';
import { cursorValue } from '../timestamps.js';
import { currentActiveFrom, historyRowMaker } from '../transform/history-rows.js';
import { type ParentItem, parentItems } from './parent-items.js';
import type { AttributeParent } from './schema-tables.js';
import { projectRow, type ReadContext, type Row, type Stream, type StreamRead } from './stream.js';

type Fetched = { envelopes: AttioValue[] } | { refused: AttioApiError };

export function historyStream(
  name: string,
  parent: AttributeParent,
  attribute: AttioAttribute,
  client: AttioClient,
  config: Config,
): Stream {
  const kind = PARENT_KINDS[parent.kind];
  const maker = historyRowMaker({
    parent: { kind: parent.kind, id: parent.parentId, slug: parent.parentSlug },
    attribute,
  });
  const slug = attribute.api_slug;

  return {
    name,
    jsonSchema: maker.schema,
    primaryKey: [['value_id']],
    cursorField: ['active_from'],
    checkpoint: 'at-end',
    requiredScopes: historyScopes(kind),
    async *read(ctx: ReadContext): StreamRead {
      const since = stateFor(ctx.state, 'active_from')?.active_from;
      const cursor = new StampCursor({ field: 'active_from', since, startedAtMs: (ctx.now ?? Date.now)(), inclusive: false });

      const fetchHistory = async (id: string): Promise<Fetched> => {
        try {
          const params = valuesParams(kind, parent.apiId, id, slug);
          return {
            envelopes: (await client.items(
              kind.values,
              params,
              { show_historic: true },
              { onRateLimited: ctx.onRateLimited },
            )) as AttioValue[],
          };
        } catch (error) {
          // A record deleted since the query listed it has no history: its endpoint's absence rule makes that empty.
          // Attio keeps no history of interaction and enriched attributes.
          if (isAttioAnswer(error, 400)) return { refused: error };
          throw error;
        }
      };
      // A record's newest stamp: its attribute's current active_from, or its created_at when that is later (or none).
      const changed = (item: ParentItem, current: string | undefined): boolean => {
        const createdAt = cursorValue(item.createdAt);
        return cursor.accept(current !== undefined && current > createdAt ? current : createdAt, item.id);
      };

      let answered = false;
      for await (const items of parentItems(parent, client, config, ctx, name, { fromStartDate: true })) {
        const wanted: ParentItem[] = [];
        for (const item of items) {
          if (changed(item, currentActiveFrom(item.values[slug]))) wanted.push(item);
        }
        // The first record alone (a refused attribute costs one request), then in parallel: the HTTP client keeps
        // the requests in flight under max_concurrent_requests and the rate.
        const fetched: Fetched[] = [];
        if (!answered && wanted.length > 0) {
          fetched.push(await fetchHistory((wanted[0] as ParentItem).id));
          answered = true;
        }
        const refused = fetched.find((result) => 'refused' in result);
        if (refused !== undefined && 'refused' in refused) {
          ctx.logger.warn(say('historyRefused', { stream: name, slug, attio: attioSays(refused.refused.attioMessage) }));
          return since === undefined ? {} : { active_from: since };
        }
        fetched.push(...(await Promise.all(wanted.slice(fetched.length).map((item) => fetchHistory(item.id)))));
        const records: Row[] = [];
        for (const [i, result] of fetched.entries()) {
          // Refused after the first answer: not Attio's rule for an attribute; fail rather than lose rows.
          if ('refused' in result) throw result.refused;
          if ('envelopes' in result) {
            for (const row of maker.rows((wanted[i] as ParentItem).id, result.envelopes)) records.push(projectRow(row, ctx.selected));
          }
        }
        yield { records };
      }
      return cursor.state();
    },
  };
}
