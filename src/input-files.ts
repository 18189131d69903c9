// The files the platform hands the connector (--config, --catalog, --state), read with a size limit: a path that
// points at something endless (a device, a pipe) or huge is refused after reading at most its limit, instead of
// being buffered until memory runs out.

import { open } from 'node:fs/promises';
import { ConfigError } from './errors.js';
import { say } from './messages.js';

export type InputFileKind = 'config' | 'catalog' | 'state';

/**
 * The largest file of each kind. A config is a handful of fields; a catalog holds one JSON Schema per stream (a
 * wide object's is tens of kilobytes, and a workspace has at most a few hundred streams); a state holds each
 * stream's cursor and, for the mirror, a sketch of at most a few hundred kilobytes.
 */
export const INPUT_FILE_LIMIT_BYTES: Readonly<Record<InputFileKind, number>> = {
  config: 1024 * 1024,
  catalog: 64 * 1024 * 1024,
  state: 64 * 1024 * 1024,
};

const CHUNK_BYTES = 1024 * 1024;

/** The file's text (UTF-8, a leading byte order mark dropped); a config_error if unreadable or over its limit. */
export async function readInputFile(path: string, what: InputFileKind): Promise<string> {
  const limit = INPUT_FILE_LIMIT_BYTES[what];
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const stat = await handle.stat();
    // A regular file says its size: refuse it without reading a byte.
    if (stat.isFile() && stat.size > limit) throw tooLarge(path, what, limit);
    if (stat.isDirectory()) throw unreadable(path, what, 'EISDIR');
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, limit + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      // One byte past the limit is enough to know: the rest is never read.
      if (total > limit) throw tooLarge(path, what, limit);
      chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    }
    // A byte order mark, as some Windows editors write, is not part of the JSON.
    return Buffer.concat(chunks, total)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw unreadable(path, what, (error as { code?: string }).code);
  } finally {
    await handle?.close();
  }
}

function tooLarge(path: string, what: InputFileKind, limit: number): ConfigError {
  return new ConfigError(say('fileTooLarge', { what, path, limit: `${limit / (1024 * 1024)} MiB` }));
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'it does not exist',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
};

function unreadable(path: string, what: InputFileKind, code: string | undefined): ConfigError {
  const reason = (code && REASONS[code]) ?? code ?? 'unreadable';
  return new ConfigError(say('fileUnreadable', { what, path, reason }));
}
