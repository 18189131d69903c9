// How large a difference is, when the sketch itself was too small to list it: the strata estimator of Eppstein et
// al. (SIGCOMM 2011, section 3.2). Level i holds the elements whose hash has i trailing zeros (half of them at
// level 0, a quarter at level 1, ...; the last level takes the rest), each level a small invertible table. Two
// estimators subtract level by level; peeling from the sparsest level down, the first level that fails to peel,
// say i, puts the difference at 2^(i+1) times what the levels above it held. It is rough (within a factor of
// about two), which is why the next sketch is sized with a margin; it never decides a deletion.

import { CellTable, type ElementKind } from './cells.js';
import { hashWords } from './hash.js';

export const STRATA_LEVELS = 12;
/** Cells per subtable of a level (3 subtables): a level peels about a dozen elements. */
export const STRATA_SIZE = 10;

/** An element of the estimator: the 64-bit check of a (key, fingerprint) pair, as two words, plus one check word. */
export function strataKind(seed: number): ElementKind {
  const checkSeed = (seed ^ 0x27d4eb2f) >>> 0;
  const indexSeed = (seed ^ 0x165667b1) >>> 0;
  return {
    words: 2,
    checks: 1,
    hashes: 3,
    derive(element, indexes) {
      element[2] = hashWords(checkSeed, element, 0, 2);
      for (let t = 0; t < 3; t++) indexes[t] = hashWords((indexSeed + t * 0x9e3779b1) >>> 0, element, 0, 2);
    },
  };
}

/** The level of an element whose first word is a hash: its trailing zeros, at most the last level. */
export function strataLevel(hash: number): number {
  if (hash === 0) return STRATA_LEVELS - 1;
  return Math.min(31 - Math.clz32(hash & -hash), STRATA_LEVELS - 1);
}

export class Strata {
  private readonly element = new Uint32Array(3);
  private readonly indexes = new Uint32Array(3);

  constructor(
    readonly kind: ElementKind,
    readonly levels: CellTable[] = Array.from({ length: STRATA_LEVELS }, () => new CellTable(kind, STRATA_SIZE)),
  ) {}

  /** Adds an element given by its two words (the pair's check); sign -1 takes it out again. */
  add(low: number, high: number, sign: 1 | -1 = 1): void {
    this.element[0] = low;
    this.element[1] = high;
    this.kind.derive(this.element, this.indexes);
    (this.levels[strataLevel(low)] as CellTable).toggle(this.element, this.indexes, sign);
  }

  /** The estimated size of the symmetric difference with another estimator; Infinity if beyond what it can tell. */
  estimateDifference(other: Strata): number {
    let found = 0;
    for (let level = STRATA_LEVELS - 1; level >= 0; level--) {
      const peeled = (this.levels[level] as CellTable).minus(other.levels[level] as CellTable).peel();
      if (peeled === undefined) return level === STRATA_LEVELS - 1 ? Number.POSITIVE_INFINITY : 2 ** (level + 1) * found;
      found += peeled.plus.length + peeled.minus.length;
    }
    return found;
  }

  get byteLength(): number {
    return this.levels.reduce((bytes, level) => bytes + level.byteLength, 0);
  }

  write(view: DataView, offset: number): number {
    for (const level of this.levels) offset = level.write(view, offset);
    return offset;
  }

  static read(view: DataView, offset: number, kind: ElementKind): { strata: Strata; offset: number } {
    const levels: CellTable[] = [];
    for (let i = 0; i < STRATA_LEVELS; i++) {
      const read = CellTable.read(view, offset, kind, STRATA_SIZE);
      levels.push(read.table);
      offset = read.offset;
    }
    return { strata: new Strata(kind, levels), offset };
  }
}
