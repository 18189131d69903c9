// An invertible Bloom lookup table (Goodrich and Mitzenmacher 2011; as a set difference, Eppstein, Goodrich, Uyeda
// and Varghese, "What's the Difference?", SIGCOMM 2011): `hashes` subtables of `size` cells; an element is added to
// one cell of each subtable. A cell holds a count (16 bits, wrapping: only ±1 and 0 are ever read), the XOR of its
// elements' words, and the XOR of their check words (a hash of the element). Two tables of the same size subtract
// cell by cell; what remains is the symmetric difference, which peeling lists when it is small enough.
//
// A cell is believed to hold exactly one element only when its count is ±1, its check words are the hash of its
// element words, and the element hashes to that very cell: a false positive needs a 64-bit hash collision (for the
// row sketch). Peeling succeeds only if it empties every cell; anything else is undecodable, never a partial answer.
// A table folds to any size dividing its own (cell j goes to j mod the new size, as an element's index is its hash
// mod the size), so a read builds at the largest size and saves at the size the next sync needs.

/** The shape of the elements of a table, and how their check words and cell indexes follow from their words. */
export interface ElementKind {
  /** Words of an element. */
  readonly words: number;
  /** Words of its check, derived from the element. */
  readonly checks: number;
  /** Subtables: cells an element is added to. */
  readonly hashes: number;
  /** Writes the element's check words into `element` after its words, and one 32-bit hash per subtable into `indexes`. */
  derive(element: Uint32Array, indexes: Uint32Array): void;
}

const PLUS_ONE = 1;
const MINUS_ONE = 0xffff;

export interface Peeled {
  /** Elements with count +1 (in the minuend only), each `words` long. */
  plus: Uint32Array[];
  /** Elements with count −1 (in the subtrahend only). */
  minus: Uint32Array[];
}

export class CellTable {
  readonly counts: Uint16Array;
  readonly sums: Uint32Array;
  private readonly stride: number;

  constructor(
    readonly kind: ElementKind,
    /** Cells per subtable. */
    readonly size: number,
    counts?: Uint16Array,
    sums?: Uint32Array,
  ) {
    this.stride = kind.words + kind.checks;
    this.counts = counts ?? new Uint16Array(kind.hashes * size);
    this.sums = sums ?? new Uint32Array(kind.hashes * size * this.stride);
  }

  get cells(): number {
    return this.counts.length;
  }

  /** Adds (sign 1) or removes (sign −1) an element whose check words are filled in, at its derived indexes. */
  toggle(element: Uint32Array, indexes: Uint32Array, sign: 1 | -1): void {
    const { stride, size, counts, sums } = this;
    for (let t = 0; t < this.kind.hashes; t++) {
      const cell = t * size + ((indexes[t] as number) % size);
      counts[cell] = (counts[cell] as number) + sign;
      const base = cell * stride;
      for (let w = 0; w < stride; w++) sums[base + w] = (sums[base + w] as number) ^ (element[w] as number);
    }
  }

  /** This table at a size dividing its own (each subtable folded onto itself). */
  folded(size: number): CellTable {
    if (size === this.size) return this.copy();
    if (size <= 0 || this.size % size !== 0) throw new RangeError(`a table of ${this.size} cells folds to a divisor, not ${size}`);
    const out = new CellTable(this.kind, size);
    const { stride } = this;
    for (let t = 0; t < this.kind.hashes; t++) {
      for (let j = 0; j < this.size; j++) {
        const from = t * this.size + j;
        const to = t * size + (j % size);
        out.counts[to] = (out.counts[to] as number) + (this.counts[from] as number);
        for (let w = 0; w < stride; w++) {
          out.sums[to * stride + w] = (out.sums[to * stride + w] as number) ^ (this.sums[from * stride + w] as number);
        }
      }
    }
    return out;
  }

  /** This table minus another of the same kind and size: the symmetric difference of their sets. */
  minus(other: CellTable): CellTable {
    // Both sides must come from the same seed too: the sketch checks that before it subtracts.
    if (other.size !== this.size || other.sums.length !== this.sums.length)
      throw new RangeError('tables of different shapes do not subtract');
    const out = this.copy();
    for (let i = 0; i < out.counts.length; i++) out.counts[i] = (out.counts[i] as number) - (other.counts[i] as number);
    for (let i = 0; i < out.sums.length; i++) out.sums[i] = (out.sums[i] as number) ^ (other.sums[i] as number);
    return out;
  }

  copy(): CellTable {
    return new CellTable(this.kind, this.size, this.counts.slice(), this.sums.slice());
  }

  isEmpty(): boolean {
    return this.counts.every((count) => count === 0) && this.sums.every((word) => word === 0);
  }

  /** Lists the elements of a difference table; undefined if they cannot all be found (peels a copy). */
  peel(): Peeled | undefined {
    const table = this.copy();
    const { kind, size, stride, counts, sums } = table;
    const element = new Uint32Array(stride);
    const derived = new Uint32Array(stride);
    const indexes = new Uint32Array(kind.hashes);
    const plus: Uint32Array[] = [];
    const minus: Uint32Array[] = [];
    const pending: number[] = [];
    for (let cell = 0; cell < counts.length; cell++) if (counts[cell] === PLUS_ONE || counts[cell] === MINUS_ONE) pending.push(cell);
    // Each believed cell removes one element; more peels than cells times the hashes means something is wrong.
    let budget = counts.length * (kind.hashes + 1);
    while (pending.length > 0) {
      if (--budget < 0) return undefined;
      const cell = pending.pop() as number;
      const count = counts[cell];
      if (count !== PLUS_ONE && count !== MINUS_ONE) continue;
      const base = cell * stride;
      for (let w = 0; w < kind.words; w++) derived[w] = sums[base + w] as number;
      kind.derive(derived, indexes);
      if (!isPure(sums, base, derived, kind, cell, size, indexes)) continue;
      element.set(derived);
      (count === PLUS_ONE ? plus : minus).push(element.slice(0, kind.words));
      table.toggle(element, indexes, count === PLUS_ONE ? -1 : 1);
      for (let t = 0; t < kind.hashes; t++) {
        const touched = t * size + ((indexes[t] as number) % size);
        if (counts[touched] === PLUS_ONE || counts[touched] === MINUS_ONE) pending.push(touched);
      }
    }
    return table.isEmpty() ? { plus, minus } : undefined;
  }

  /** Bytes written by `write`: the counts (16 bits each), then the sums (32 bits each), little-endian. */
  get byteLength(): number {
    return this.counts.length * 2 + this.sums.length * 4;
  }

  write(view: DataView, offset: number): number {
    for (const count of this.counts) {
      view.setUint16(offset, count, true);
      offset += 2;
    }
    for (const word of this.sums) {
      view.setUint32(offset, word, true);
      offset += 4;
    }
    return offset;
  }

  static read(view: DataView, offset: number, kind: ElementKind, size: number): { table: CellTable; offset: number } {
    const table = new CellTable(kind, size);
    for (let i = 0; i < table.counts.length; i++) {
      table.counts[i] = view.getUint16(offset, true);
      offset += 2;
    }
    for (let i = 0; i < table.sums.length; i++) {
      table.sums[i] = view.getUint32(offset, true);
      offset += 4;
    }
    return { table, offset };
  }
}

/** The cell's check words are the hash of its element, and the element hashes to this cell. */
function isPure(
  sums: Uint32Array,
  base: number,
  derived: Uint32Array,
  kind: ElementKind,
  cell: number,
  size: number,
  indexes: Uint32Array,
): boolean {
  for (let w = kind.words; w < kind.words + kind.checks; w++) if (sums[base + w] !== derived[w]) return false;
  const subtable = Math.floor(cell / size);
  return (indexes[subtable] as number) % size === cell % size;
}
