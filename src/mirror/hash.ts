// The sketch's hashing: MurmurHash3's 32-bit round and finaliser (Appleby, public domain) over 32-bit words,
// seeded. Plain integer arithmetic fixed by its definition, so a sketch saved by one version of
// the connector (or of Node) decodes in the next; in-process and cheap per row (no Buffer, no native call).

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function round(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3's finaliser: every input bit reaches every output bit. */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** MurmurHash3 (x86, 32 bits) of `count` words of `words` from `offset`, with a seed: an unsigned 32-bit value. */
export function hashWords(seed: number, words: ArrayLike<number>, offset: number, count: number): number {
  let h = seed | 0;
  for (let i = 0; i < count; i++) h = round(h, (words[offset + i] as number) | 0);
  return fmix(h ^ (count * 4));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A primary key as the 4 words the sketch stores: only a UUID in Attio's canonical form (lowercase, dashed), so
 * that the key decoded from the sketch is, character for character, the key the destination holds.
 */
export function uuidWords(id: string, out: Uint32Array, offset: number): boolean {
  if (id.length !== 36 || !UUID.test(id)) return false;
  out[offset] = Number.parseInt(id.slice(0, 8), 16) >>> 0;
  out[offset + 1] = Number.parseInt(id.slice(9, 13) + id.slice(14, 18), 16) >>> 0;
  out[offset + 2] = Number.parseInt(id.slice(19, 23) + id.slice(24, 28), 16) >>> 0;
  out[offset + 3] = Number.parseInt(id.slice(28, 36), 16) >>> 0;
  return true;
}

const hex8 = (word: number): string => (word >>> 0).toString(16).padStart(8, '0');

/** The UUID of 4 words written by uuidWords. */
export function uuidOf(words: ArrayLike<number>, offset: number): string {
  const a = hex8(words[offset] as number);
  const b = hex8(words[offset + 1] as number);
  const c = hex8(words[offset + 2] as number);
  const d = hex8(words[offset + 3] as number);
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}
