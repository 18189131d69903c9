// Opaque, tamper-evident cursors for the cursor-paginated endpoints (meetings, call recordings,
// transcripts, files, views). A cursor remembers the offset and the query it belongs to.
import { createHmac } from 'node:crypto';
import { apiErrors } from './api-error.js';
import { type LimitRule, queryInteger } from './query-params.js';
import type { RouteAnswer } from './route.js';

const SECRET = 'attio-simulator-cursor';

function sign(payload: string): string {
  return createHmac('sha256', SECRET).update(payload).digest('base64url').slice(0, 27);
}

export function encodeCursor(offset: number, queryKey: string): string {
  const payload = Buffer.from(JSON.stringify({ offset, query: queryKey })).toString('base64url');
  return `${payload}.${sign(payload)}`;
}

/** The offset a cursor points at; 400 when it is malformed or belongs to a different query. */
export function decodeCursor(cursor: string | null, queryKey: string): number {
  if (cursor === null || cursor === '') return 0;
  const [payload = '', signature] = cursor.split('.');
  if (signature !== sign(payload)) throw apiErrors.validation('Invalid cursor.');
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { offset?: unknown; query?: unknown };
    if (parsed.query !== queryKey) throw new Error('query changed');
    if (typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0) return parsed.offset;
  } catch {
    // fall through
  }
  throw apiErrors.validation('Invalid cursor.');
}

/**
 * One page of a cursor-paginated collection: `{data, pagination: {next_cursor}}`. `limit` is
 * validated against the route's rule (RouteContext.limits, from Attio's documents).
 */
export function cursorPage<T>(items: T[], query: URLSearchParams, queryKey: string, rule: LimitRule): RouteAnswer {
  if (rule.defaultLimit === undefined) throw new Error(`cursor paging without a default limit (${queryKey})`);
  const limit = queryInteger(query, 'limit', { fallback: rule.defaultLimit, min: rule.min ?? 1, max: rule.max }) ?? rule.defaultLimit;
  const offset = decodeCursor(query.get('cursor'), queryKey);
  const next = offset + limit < items.length ? encodeCursor(offset + limit, queryKey) : null;
  return { json: { data: items.slice(offset, offset + limit), pagination: { next_cursor: next } } };
}
