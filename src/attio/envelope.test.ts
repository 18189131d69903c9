import { describe, expect, it } from 'vitest';
import type { HttpClient } from '../http/client.js';
import { say } from '../messages.js';
import { AttioClient } from './client.js';
import { ENDPOINTS, type Endpoint } from './endpoints.js';
import { absenceOf, checkEnvelope, EndpointAbsent } from './envelope.js';
import { AttioApiError } from './errors.js';
import { cursorPages, endpointPages } from './paginate.js';

const attioAnswer = (status: number, route = 'GET /v2/x') =>
  new AttioApiError({ status, route, body: undefined, retryAfterMs: undefined }, say('attioFailedUnexpectedly'), 'system_error');

describe('checkEnvelope: the shape of a 2xx answer, from the endpoint row', () => {
  it('a transcript page is one object as its data (Attio OpenAPI document)', () => {
    expect(ENDPOINTS.callRecordingTranscript.envelope).toBe('data-object');
    expect(checkEnvelope('data-object', { data: { transcript: [] }, pagination: { next_cursor: null } })).toBeUndefined();
    expect(checkEnvelope('data-object', { data: [] })).toMatch(/"data": \{…\}/);
    expect(checkEnvelope('data-object', { data: null })).toMatch(/null/);
  });
  it('every listing needs a list as its data', () => {
    expect(ENDPOINTS.meetings.envelope).toBe('data-list');
    expect(checkEnvelope('data-list', { data: [] })).toBeUndefined();
    expect(checkEnvelope('data-list', { data: {} })).toMatch(/an object/);
    expect(checkEnvelope('data-list', [1])).toBe('a JSON object {"data": [ … ]} (got a list)');
  });
  it('the token description has no envelope', () => {
    expect(ENDPOINTS.self.envelope).toBe('token');
    expect(checkEnvelope('token', { active: false })).toBeUndefined();
    expect(checkEnvelope('token', { data: [] })).toMatch(/a token description/);
  });
});

describe('absenceOf: what a 403 or 404 means, from the endpoint row', () => {
  it('reads the row for 403 and 404 only, and takes anything else for an error', () => {
    expect(absenceOf(ENDPOINTS.meetings, attioAnswer(404))).toBe('absent');
    expect(absenceOf(ENDPOINTS.objectViews, attioAnswer(403))).toBe('absent');
    expect(absenceOf(ENDPOINTS.files, attioAnswer(403))).toBe('absent');
    expect(absenceOf(ENDPOINTS.files, attioAnswer(404))).toBe('empty');
    expect(absenceOf(ENDPOINTS.recordValues, attioAnswer(404))).toBe('empty');
    expect(absenceOf(ENDPOINTS.callRecordingTranscript, attioAnswer(404))).toBe('empty');
    expect(absenceOf(ENDPOINTS.callRecordingTranscript, attioAnswer(403))).toBe('error');
    expect(absenceOf(ENDPOINTS.recordValues, attioAnswer(400))).toBe('error');
    expect(absenceOf(ENDPOINTS.objects, attioAnswer(404))).toBe('error');
    expect(absenceOf(ENDPOINTS.meetings, new Error('socket hang up'))).toBe('error');
  });
});

/** An AttioClient over an HTTP client that answers every GET with `answer(path, query)`. */
function clientAnswering(answer: (path: string, query: Record<string, unknown>) => unknown) {
  const checked: string[] = [];
  const http = {
    get: async (path: string, options: { query?: Record<string, unknown>; checkJson?: (body: unknown) => string | undefined }) => {
      const body = answer(path, options.query ?? {});
      if (body instanceof Error) throw body;
      const expected = options.checkJson?.(body);
      if (expected !== undefined) checked.push(expected);
      return body;
    },
  } as unknown as HttpClient;
  return { client: new AttioClient(http), checked };
}

describe('the client applies each row', () => {
  it('checks every answer against its own endpoint’s envelope', async () => {
    const { client, checked } = clientAnswering(() => ({ data: [] }));
    await client.items(ENDPOINTS.notes);
    await client.cursorPage(ENDPOINTS.callRecordingTranscript, { meeting: 'm', recording: 'r' }, {});
    expect(checked).toEqual(['a JSON object {"data": {…}} (got its "data" as a list)']);
  });

  it('an `empty` 404 is an empty answer in a read, and EndpointAbsent in a probe', async () => {
    const { client } = clientAnswering(() => attioAnswer(404, 'GET /v2/files'));
    expect(await client.items(ENDPOINTS.recordValues, { object: 'o', record: 'r', attribute: 'a' })).toEqual([]);
    const page = await client.cursorPage(ENDPOINTS.files, {}, { object: 'o', record_id: 'r' });
    expect(page).toMatchObject({ items: [], nextCursor: undefined });
    expect(page.gone?.status).toBe(404);
    const probe = client.cursorPage(ENDPOINTS.files, {}, { object: 'o', record_id: 'r' }, { probe: true });
    await expect(probe).rejects.toBeInstanceOf(EndpointAbsent);
    await expect(probe).rejects.toMatchObject({ status: 404, route: 'GET /v2/files' });
  });

  it('an `absent` answer fails a read as before, and is EndpointAbsent in a probe; an unnamed status is an error in both', async () => {
    const { client } = clientAnswering(() => attioAnswer(403, 'GET /v2/meetings'));
    await expect(client.cursorPage(ENDPOINTS.meetings, {}, {})).rejects.toBeInstanceOf(AttioApiError);
    await expect(client.cursorPage(ENDPOINTS.meetings, {}, {}, { probe: true })).rejects.toBeInstanceOf(EndpointAbsent);
    const notes = clientAnswering(() => attioAnswer(404, 'GET /v2/notes')).client;
    await expect(notes.items(ENDPOINTS.notes, {}, {}, { probe: true })).rejects.toBeInstanceOf(AttioApiError);
  });
});

describe('one item by id (rows the mirror reads again)', () => {
  it('is the object of `{"data": {…}}` at its path; a 404 is undefined (gone since listed), a 403 an error', async () => {
    const paths: string[] = [];
    const { client, checked } = clientAnswering((path) => {
      paths.push(path);
      return { data: { id: { note_id: 'n 1' } } };
    });
    expect(await client.one(ENDPOINTS.note, { note_id: 'n 1' })).toEqual({ id: { note_id: 'n 1' } });
    await client.one(ENDPOINTS.entry, { list: 'hiring', entry: 'e' });
    expect(paths).toEqual(['/v2/notes/n%201', '/v2/lists/hiring/entries/e']);
    expect(checked).toEqual([]);
    const listing = clientAnswering(() => ({ data: [] }));
    await listing.client.one(ENDPOINTS.record, { object: 'deals', record: 'r' });
    expect(listing.checked).toEqual(['a JSON object {"data": {…}} (got its "data" as a list)']);
    // Every path parameter of the four rows, so one object serves each.
    const params = { object: 'o', record: 'r', list: 'l', entry: 'e', note_id: 'n', task_id: 't' };
    for (const endpoint of [ENDPOINTS.record, ENDPOINTS.entry, ENDPOINTS.note, ENDPOINTS.task]) {
      expect(await clientAnswering(() => attioAnswer(404)).client.one(endpoint, params)).toBeUndefined();
      await expect(clientAnswering(() => attioAnswer(403)).client.one(endpoint, params)).rejects.toBeInstanceOf(AttioApiError);
    }
  });
});

describe('cursor pages of an endpoint', () => {
  const transcript = ENDPOINTS.callRecordingTranscript;
  const params = { meeting: 'm', recording: 'r' };
  const walk = async (endpoint: Endpoint, answer: (cursor: unknown) => unknown) => {
    const asked: Record<string, unknown>[] = [];
    const { client } = clientAnswering((_path, query) => {
      asked.push(query);
      return answer(query.cursor);
    });
    const pages: unknown[] = [];
    const paging = { params, idKey: 'call_recording_id', defaultPageSize: 50, call: {} };
    for await (const page of endpointPages(client, endpoint, paging)) pages.push(page);
    return { pages, asked };
  };

  it('joins the pages of a paged object into one page, asked without a limit', async () => {
    const { pages, asked } = await walk(transcript, (cursor) =>
      cursor === undefined
        ? { data: { transcript: [{ speech: 'a' }] }, pagination: { next_cursor: 'c1' } }
        : { data: { transcript: [{ speech: 'b' }] }, pagination: { next_cursor: null } },
    );
    expect(pages).toEqual([[{ transcript: [{ speech: 'a' }] }, { transcript: [{ speech: 'b' }] }]]);
    expect(asked).toEqual([{ cursor: undefined }, { cursor: 'c1' }]);
  });

  it('yields nothing of an object whose later page is gone: half a transcript is never taken for the whole', async () => {
    const { pages } = await walk(transcript, (cursor) =>
      cursor === undefined ? { data: { transcript: [] }, pagination: { next_cursor: 'c1' } } : attioAnswer(404),
    );
    expect(pages).toEqual([]);
  });

  it('a gone page ends a listing, which says so', async () => {
    const listing = cursorPages(async (cursor) =>
      cursor === undefined ? { items: [{ id: 'a' }], nextCursor: 'c1' } : { items: [], nextCursor: undefined, gone: attioAnswer(404) },
    );
    expect(await listing.next()).toEqual({ done: false, value: [{ id: 'a' }] });
    expect(await listing.next()).toEqual({ done: true, value: 'gone' });
  });
});
