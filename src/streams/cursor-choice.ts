// Which cursor an incremental read uses. A stream has a default cursor (`cursorField`, created_at) and may offer
// others (`otherCursors`) the user picks in the catalog; the configured stream's `cursor_field` names the choice,
// absent, null or empty meaning the default. Any other field fails the stream with a config_error.

import { ConfigError } from '../errors.js';
import { say } from '../messages.js';
import type { Stream } from './stream.js';

/** The cursor of an incremental read of `stream` configured with `cursorField`; a ConfigError if it has no such cursor. */
export function chooseCursor(stream: Stream, cursorField: readonly string[] | null | undefined): string {
  const fallback = stream.cursorField;
  if (fallback === undefined) throw new Error(`stream ${stream.name} has no cursor`);
  if (cursorField === null || cursorField === undefined || cursorField.length === 0) return fallback.join('.');
  const supported = supportedCursors(stream);
  const [field] = cursorField;
  if (cursorField.length === 1 && field !== undefined && supported.includes(field)) return field;
  const [first = '', ...others] = supported;
  const cursors = [say('cursorListDefault', { cursor: first }), ...others].join(', ');
  throw new ConfigError(say('cursorUnsupported', { stream: stream.name, field: JSON.stringify(cursorField.join('.')), cursors }));
}

/** Every cursor the stream supports, the default first. */
export function supportedCursors(stream: Stream): string[] {
  return stream.cursorField === undefined ? [] : [stream.cursorField.join('.'), ...Object.keys(stream.otherCursors ?? {})];
}
