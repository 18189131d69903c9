// The files attached to an object's records (GET /v2/files, beta): metadata only, never the content. Attio lists
// files for one record at a time (`object` and `record_id` are required), so the stream walks the object's
// records and asks once per record (more for a record with over 200 files). Incremental on the files' own
// created_at, on our side (HighWaterMark): every sync still asks for every record, the destination only gets
// the new files. The stream is per object so that its cost follows what the user selects.

import { isAttioAnswer } from '../attio/errors.js';
import type { AttioClient } from '../attio/client.js';
import { ENDPOINTS, scopesOf } from '../attio/endpoints.js';
import { cursorPages } from '../attio/paginate.js';
import type { AttioRecord } from '../attio/types.js';
import type { Config } from '../config.js';
import { startCursor } from '../config.js';
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
      const start = cursorStart(ctx.syncMode === 'incremental' ? ctx.state : undefined, startCursor(config), name);
      const cursor = new HighWaterMark(start);
      const filesOf = async (recordId: string): Promise<Row[]> => {
        const rows: Row[] = [];
        try {
          const query = { object: parent.apiId, record_id: recordId, limit };
          const pages = cursorPages(
            (next) =>
              client.cursorPage(ENDPOINTS.files, {}, next === undefined ? query : { ...query, cursor: next }, {
                onRateLimited: ctx.onRateLimited,
              }),
            (item) => String((item.id as Record<string, unknown> | undefined)?.[FILE_ID] ?? ''),
          );
          for await (const page of pages) for (const item of page) rows.push(liftId(item));
        } catch (error) {
          // A record deleted since the query listed it has no files left.
          if (!isAttioAnswer(error, 404)) throw error;
        }
        return rows;
      };
      // Files can be attached to a record of any age: every record is asked, start_date applies to the files.
      for await (const items of parentItems(parent, client, config, ctx, name, { fromStartDate: false })) {
        const perRecord = await Promise.all(items.map((item) => filesOf(item.id)));
        const records: Row[] = [];
        for (const row of perRecord.flat()) {
          if (cursor.accept(String(row.created_at ?? ''), String(row[FILE_ID]))) records.push(projectRow(row, ctx.selected));
        }
        yield { records };
      }
      return cursor.state();
    },
  };
}

/**
 * Whether Attio offers the files endpoint to this workspace and key: one listing for the first record found
 * (a 403 or 404 means it does not). Nothing to ask when no object has a record.
 */
export async function probeFiles(client: AttioClient, objects: readonly AttributeParent[]): Promise<void> {
  for (const object of objects) {
    const page = await client.deferredQuery<AttioRecord>(ENDPOINTS.recordsQuery, { object: object.apiId }, { limit: 1, offset: 0 });
    const record = (await page())[0];
    if (record === undefined) continue;
    await client.cursorPage(ENDPOINTS.files, {}, { object: object.apiId, record_id: record.id.record_id, limit: 1 });
    return;
  }
}
