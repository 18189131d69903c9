// Opaque, tamper-evident cursors for the cursor-paginated endpoints (meetings, call recordings,
// transcripts). A cursor remembers the offset and the query it belongs to.
import { createHmac } from 'node:crypto';
import { apiErrors } from './api-error.js';

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
