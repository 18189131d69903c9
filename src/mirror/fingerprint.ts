// A row's content fingerprint: 64 bits that change when, and only when, what the destination holds for the row
// changes. It hashes the row's JSON with its columns in name order (the order Attio lists attributes in may change
// without the content changing), leaving out the columns that change without a change of content (the caller's
// `ignored`: e.g. `_ab_cdc_deleted_at`; the record's `emitted_at` is not in the row at all). Nested values keep the
// order they were built or received in, which is stable from one sync to the next.
//
// The hash is SHA-1 (node:crypto, native; its first 64 bits): fixed by its standard, so fingerprints saved by one
// version compare in the next, and measured cheaper per row than hashing the text in JavaScript. Not for secrecy:
// only for telling two versions of one row apart.

import { hash } from 'node:crypto';

export type Fingerprint = (row: Readonly<Record<string, unknown>>, out: Uint32Array, offset: number) => void;

/** The fingerprint of a stream's rows, over its columns (the selected ones) minus `ignored`. */
export function rowFingerprint(columns: Iterable<string>, ignored: readonly string[] = []): Fingerprint {
  const skip = new Set(ignored);
  const ordered = [...new Set(columns)].filter((column) => !skip.has(column)).sort();
  return (row, out, offset) => {
    const canonical: Record<string, unknown> = {};
    for (const column of ordered) canonical[column] = row[column];
    const digest = hash('sha1', JSON.stringify(canonical), 'buffer');
    out[offset] = digest.readUInt32LE(0);
    out[offset + 1] = digest.readUInt32LE(4);
  };
}
