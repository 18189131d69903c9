// The keys one read has seen, in memory only (never in the state): 53 bits of each key's hash in an open-addressing
// table of doubles, 8 to 16 bytes a row. It keeps a key from entering the sketch twice (a set with a key twice
// would later decode as that key gone), and it confirms a deletion: a key the difference says is gone is believed
// gone only if this read did not see it. A hash collision between two keys can only hold a deletion back or
// re-emit a row, never delete one.

const EMPTY = 0;

export class KeySet {
  private slots = new Float64Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds a key given by two 32-bit hash words; false if it was already there. */
  add(low: number, high: number): boolean {
    if ((this.count + 1) * 4 > this.slots.length * 3) this.grow();
    if (!insert(this.slots, encode(low, high))) return false;
    this.count++;
    return true;
  }

  has(low: number, high: number): boolean {
    const slots = this.slots;
    const value = encode(low, high);
    const mask = slots.length - 1;
    for (let i = start(value, mask); ; i = (i + 1) & mask) {
      const slot = slots[i];
      if (slot === EMPTY) return false;
      if (slot === value) return true;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    for (const value of old) if (value !== EMPTY) insert(this.slots, value);
  }
}

/** 53 bits as a positive double: 21 bits of `high`, all of `low`; never 0 (the empty slot). */
function encode(low: number, high: number): number {
  const value = (high >>> 11) * 2 ** 32 + (low >>> 0);
  return value === EMPTY ? 1 : value;
}

/** The first slot to probe: the low bits of the hash (its `low` word). */
function start(value: number, mask: number): number {
  return (value % 2 ** 32) & mask;
}

function insert(slots: Float64Array, value: number): boolean {
  const mask = slots.length - 1;
  for (let i = start(value, mask); ; i = (i + 1) & mask) {
    const slot = slots[i];
    if (slot === value) return false;
    if (slot === EMPTY) {
      slots[i] = value;
      return true;
    }
  }
}
