// The files attached to an object's records (GET /v2/files, beta): metadata only, never the content. Attio's
// reference describes `object` and `record_id` as optional filters over the whole workspace, while its OpenAPI
// block marks both required. So the stream asks once per run for an object's files without `record_id`: when
// Attio accepts, each object's files are one cursor listing (about one request per 200 files); when it answers
// 400, the stream walks the object's records and asks once per record (more for a record with over 200 files).
// An INFO log says which. Incremental on the files' own created_at, on our side (HighWaterMark): every sync still
// lists every file, the destination only gets the new ones. The stream is per object so that its cost follows
// what the user selects.

import { isAttioAnswer } from '../attio/errors.js';
import type { AttioClient, CallOptions, CursorPage } from '../attio/client.js';
import { ENDPOINTS, scopesOf } from '../attio/endpoints.js';
import { cursorPages } from '../attio/paginate.js';
import type { AttioRecord } from '../attio/types.js';
import type { Config } from '../config.js';
import { say } from '../messages.js';
import { startCursor } from '../config.js';
import { stateFor } from '../state/stream-state.js';
import { cursorStart, HighWaterMark } from './created-at-cursor.js';
import { liftId } from './fixed-stream.js';
import { parentItems } from './parent-items.js';
import type { AttributeParent } from './schema-tables.js';
import { loadStaticSchema } from './static-schemas.js';
import { projectRow, type ReadContext, type Row, type Stream, type StreamRead } from './stream.js';

/** Every files stream has the same columns. */
const SCHEMA_NAME = 'files';
const FILE_ID = 'file_id';

export const FILES_SCOPES = scopesOf(ENDPOINTS.files, ENDPOINTS.recordsQuery);

/**
 * Whether Attio lists an object's files without `record_id`, asked once per run (per client) by the first files
 * stream, whose answer is also its first page. A failure other than a 400 is not remembered: the next asks again.
 */
const perObjectListing = new WeakMap<AttioClient, Promise<boolean>>();

async function filesListing(client: AttioClient, ask: () => Promise<CursorPage>): Promise<{ perObject: boolean; first?: CursorPage }> {
  const known = perObjectListing.get(client);
  if (known !== undefined) {
    try {
      return { perObject: await known };
    } catch {
      // The stream that asked failed; ask again.
    }
  }
  // A gone answer to this question (the object deleted since it was listed) tells nothing of the listing: it fails.
  const answer = ask()
    .then((first) => (first.gone ? Promise.reject(first.gone) : first))
    .then(
      (first) => ({ perObject: true, first }),
      (error: unknown) => {
        if (isAttioAnswer(error, 400)) return { perObject: false };
        perObjectListing.delete(client);
        throw error;
      },
    );
  const perObject = answer.then((a) => a.perObject);
  perObject.catch(() => undefined); // the asker sees the failure through `answer`
  perObjectListing.set(client, perObject);
  return answer;
}

const fileIdOf = (item: Record<string, unknown>) => String((item.id as Record<string, unknown> | undefined)?.[FILE_ID] ?? '');

export function filesStream(name: string, parent: AttributeParent, client: AttioClient, config: Config): Stream {
  const limit = ENDPOINTS.files.maxPageSize;
  return {
    name,
    jsonSchema: loadStaticSchema(SCHEMA_NAME),
    primaryKey: [[FILE_ID]],
    cursorField: ['created_at'],
    checkpoint: 'at-end',
    requiredScopes: FILES_SCOPES,
    async *read(ctx: ReadContext): StreamRead {
      const start = cursorStart(stateFor(ctx.state, 'created_at'), startCursor(config));
      const cursor = new HighWaterMark(start);
      const call: CallOptions = { onRateLimited: ctx.onRateLimited };
      const listing = (query: Record<string, string | number>, first?: CursorPage) =>
        cursorPages((next) => {
          if (next === undefined && first !== undefined) return Promise.resolve(first);
          return client.cursorPage(ENDPOINTS.files, {}, next === undefined ? query : { ...query, cursor: next }, call);
        }, fileIdOf);
      const batch = (items: Record<string, unknown>[]) => {
        const records: Row[] = [];
        for (const row of items.map(liftId)) {
          if (cursor.accept(String(row.created_at ?? ''), String(row[FILE_ID]))) records.push(projectRow(row, ctx.selected));
        }
        return { records };
      };

      const objectQuery = { object: parent.apiId, limit };
      const { perObject, first } = await filesListing(client, () => client.cursorPage(ENDPOINTS.files, {}, objectQuery, call));
      if (perObject) {
        ctx.logger.info(say('filesPerObject', { stream: name }));
        for await (const page of listing(objectQuery, first)) yield batch(page);
        return cursor.state();
      }
      ctx.logger.info(say('filesPerRecord', { stream: name }));
      // A record deleted since the query listed it has no files left (the endpoint's absence rule ends its listing).
      const filesOf = async (recordId: string): Promise<Record<string, unknown>[]> => {
        const items: Record<string, unknown>[] = [];
        for await (const page of listing({ ...objectQuery, record_id: recordId })) items.push(...page);
        return items;
      };
      // Files can be attached to a record of any age: every record is asked, start_date applies to the files.
      for await (const items of parentItems(parent, client, config, ctx, name, { fromStartDate: false })) {
        const perRecord = await Promise.all(items.map((item) => filesOf(item.id)));
        yield batch(perRecord.flat());
      }
      return cursor.state();
    },
  };
}

/**
 * Whether Attio offers the files endpoint to this workspace and key: one listing for the first record found
 * (EndpointAbsent where the endpoint's absence rule says so). Nothing to ask when no object has a record.
 */
export async function probeFiles(client: AttioClient, objects: readonly AttributeParent[]): Promise<void> {
  for (const object of objects) {
    const page = await client.deferredQuery<AttioRecord>(ENDPOINTS.recordsQuery, { object: object.apiId }, { limit: 1, offset: 0 });
    const record = (await page())[0];
    if (record === undefined) continue;
    await client.cursorPage(ENDPOINTS.files, {}, { object: object.apiId, record_id: record.id.record_id, limit: 1 }, { probe: true });
    return;
  }
}
