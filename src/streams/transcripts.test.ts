import { describe, expect, it } from 'vitest';
import type { AttioClient, CursorPage, Item } from '../attio/client.js';
import { ENDPOINTS, type Endpoint } from '../attio/endpoints.js';
import { endpointPages, PagingLoopError } from '../attio/paginate.js';
import type { Logger } from '../logger.js';
import type { ItemSource } from './declarations.js';
import { transcriptItems } from './transcripts.js';

const MEETING = { id: { workspace_id: 'w1', meeting_id: 'm1' }, created_at: '2026-01-01T00:00:00.000000000Z' };
const RECORDING = {
  id: { workspace_id: 'w1', meeting_id: 'm1', call_recording_id: 'r1' },
  created_at: '2026-01-01T01:00:00.000000000Z',
  status: 'completed',
};

/** One meeting with one completed recording, whose transcript pages are `pages` in turn (through the shared pager). */
function sourceWith(pages: ({ transcript: Item; nextCursor: string | undefined } | CursorPage)[], warnings: string[] = []): ItemSource {
  let call = 0;
  const client = {
    cursorPage: async (): Promise<CursorPage> => {
      const page = pages[Math.min(call++, pages.length - 1)] as (typeof pages)[number];
      return 'items' in page ? page : { items: [page.transcript], nextCursor: page.nextCursor };
    },
  } as unknown as AttioClient;
  return {
    client,
    config: {} as ItemSource['config'],
    ctx: {
      syncMode: 'full_refresh',
      state: undefined,
      selected: undefined,
      logger: { warn: (message: string) => warnings.push(message) } as unknown as Logger,
      onRateLimited: () => {},
    },
    pages: (endpoint: Endpoint, options = {}) => {
      if (endpoint === ENDPOINTS.callRecordingTranscript) {
        return endpointPages(client, endpoint, { ...options, idKey: 'call_recording_id', defaultPageSize: 50, call: {} });
      }
      return (async function* () {
        yield endpoint === ENDPOINTS.meetings ? [MEETING] : [RECORDING];
      })();
    },
    parents: [],
    attributesOf: async () => [],
    isDelivered: () => false,
    holdBack: () => {},
  };
}

async function rowsOf(source: ItemSource): Promise<Item[]> {
  const rows: Item[] = [];
  for await (const page of transcriptItems(source)) rows.push(...page);
  return rows;
}

describe('transcriptItems', () => {
  it('joins every page of a transcript into the recording row', async () => {
    const rows = await rowsOf(
      sourceWith([
        { transcript: { transcript: [{ speech: 'Hello', start_time: 0, end_time: 1 }] }, nextCursor: 'c1' },
        { transcript: { transcript: [{ speech: 'again', start_time: 1, end_time: 2 }] }, nextCursor: undefined },
      ]),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ call_recording_id: 'r1', segment_count: 2 });
  });

  it('fails on a page cursor handed back twice instead of keeping half a transcript', async () => {
    const looping = sourceWith([
      { transcript: { transcript: [{ speech: 'Hello' }] }, nextCursor: 'c1' },
      { transcript: { transcript: [{ speech: 'Hello' }] }, nextCursor: 'c1' },
    ]);
    await expect(rowsOf(looping)).rejects.toBeInstanceOf(PagingLoopError);
    await expect(rowsOf(looping)).rejects.toThrow(/handed back a page cursor it had already given/);
  });

  it('counts a completed recording whose transcript Attio does not have (a gone answer) as missing, with no row', async () => {
    const warnings: string[] = [];
    const gone = { items: [], nextCursor: undefined, gone: {} as CursorPage['gone'] };
    expect(await rowsOf(sourceWith([gone], warnings))).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/1/);
  });
});
