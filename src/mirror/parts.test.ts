import { describe, expect, it } from 'vitest';
import { CellTable, type ElementKind } from './cells.js';
import { hashWords, uuidOf, uuidWords } from './hash.js';
import { KeySet } from './key-set.js';
import { STRATA_LEVELS, strataLevel } from './strata.js';

describe('the sketch hash', () => {
  it('is MurmurHash3 (x86, 32 bits) over words: the reference values, so saved sketches decode in every version', () => {
    // MurmurHash3_x86_32 of the 4 little-endian bytes of the word, as the reference implementation computes it.
    expect(hashWords(0, [0], 0, 1)).toBe(0x2362f9de);
    expect(hashWords(0, [0x64636261], 0, 1)).toBe(0x43ed676a); // "abcd"
    expect(hashWords(0x9747b28c, [0x64636261], 0, 1)).toBe(0xf0478627);
  });

  it('reads a UUID as four words and writes it back character for character', () => {
    const words = new Uint32Array(4);
    const id = '0f8c6a1e-3b2d-4c5e-9f70-a1b2c3d4e5f6';
    expect(uuidWords(id, words, 0)).toBe(true);
    expect(uuidOf(words, 0)).toBe(id);
    expect(uuidWords('0F8C6A1E-3B2D-4C5E-9F70-A1B2C3D4E5F6', words, 0)).toBe(false);
    expect(uuidWords('0f8c6a1e3b2d4c5e9f70a1b2c3d4e5f6', words, 0)).toBe(false);
    expect(uuidWords('0f8c6a1e-3b2d-4c5e-9f70-a1b2c3d4e5f6:name', words, 0)).toBe(false);
  });
});

describe('the key set', () => {
  it('holds every key once, across growth', () => {
    const keys = new KeySet();
    for (let i = 0; i < 10_000; i++) expect(keys.add(hashWords(1, [i], 0, 1), hashWords(2, [i], 0, 1))).toBe(true);
    expect(keys.size).toBe(10_000);
    for (let i = 0; i < 10_000; i++) expect(keys.add(hashWords(1, [i], 0, 1), hashWords(2, [i], 0, 1))).toBe(false);
    expect(keys.has(hashWords(1, [5], 0, 1), hashWords(2, [5], 0, 1))).toBe(true);
    expect(keys.has(hashWords(1, [10_001], 0, 1), hashWords(2, [10_001], 0, 1))).toBe(false);
  });
});

describe('the cell table', () => {
  // Elements of one word; the check is a hash of it; 3 subtables.
  const kind: ElementKind = {
    words: 1,
    checks: 1,
    hashes: 3,
    derive(element, indexes) {
      element[1] = hashWords(9, element, 0, 1);
      for (let t = 0; t < 3; t++) indexes[t] = hashWords(10 + t, element, 0, 1);
    },
  };
  const add = (table: CellTable, value: number) => {
    const element = Uint32Array.of(value, 0);
    const indexes = new Uint32Array(3);
    kind.derive(element, indexes);
    table.toggle(element, indexes, 1);
  };

  it('folded to a divisor of its size, is the table built at that size', () => {
    const big = new CellTable(kind, 48);
    const small = new CellTable(kind, 12);
    for (let i = 1; i <= 30; i++) {
      add(big, i * 7919);
      add(small, i * 7919);
    }
    const folded = big.folded(12);
    expect([...folded.counts]).toEqual([...small.counts]);
    expect([...folded.sums]).toEqual([...small.sums]);
    expect(() => big.folded(10)).toThrow(RangeError);
  });

  it('peels a difference into the elements on each side, and an empty difference into nothing', () => {
    const a = new CellTable(kind, 20);
    const b = new CellTable(kind, 20);
    for (let i = 1; i <= 100; i++) add(a, i);
    for (let i = 3; i <= 105; i++) add(b, i);
    const peeled = a.minus(b).peel();
    expect(peeled?.plus.map((e) => e[0]).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual([1, 2]);
    expect(peeled?.minus.map((e) => e[0]).sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual([101, 102, 103, 104, 105]);
    expect(a.minus(a).peel()).toEqual({ plus: [], minus: [] });
    expect(a.peel()).toBeUndefined(); // 100 elements in 60 cells: too many
  });
});

describe('the strata levels', () => {
  it('put half the hashes at level 0, a quarter at level 1, and the rest at the last', () => {
    expect(strataLevel(1)).toBe(0);
    expect(strataLevel(2)).toBe(1);
    expect(strataLevel(0b1000)).toBe(3);
    expect(strataLevel(0)).toBe(STRATA_LEVELS - 1);
    expect(strataLevel(2 ** 31)).toBe(STRATA_LEVELS - 1);
  });
});
