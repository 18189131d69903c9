// Records and list entries are kept in created_at order (ties broken by id), so created_at filters
// become index ranges found by binary search. Both the in-memory store and the lazily generated
// large object implement this interface.

export interface TimeOrderedRows {
  count(): number;
  createdAtAt(index: number): string;
  idAt(index: number): string;
  /** The API JSON of the row at `index` (only active values). */
  jsonAt(index: number): string;
  /** Position of the row with this id, or -1. */
  indexOfId(id: string): number;
}

/** First index whose created_at is >= (or > when `strict`) `timestamp`. */
export function lowerBound(rows: TimeOrderedRows, timestamp: string, strict: boolean): number {
  let lo = 0;
  let hi = rows.count();
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = rows.createdAtAt(mid);
    if (at < timestamp || (strict && at === timestamp)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface StoredRow<T> {
  id: string;
  createdAt: string;
  /** Everything, including historic values (active_until set). */
  full: T;
  /** What the API answers: current values only. */
  visible: T;
  json: string | null;
}

/** In-memory rows kept sorted by (created_at, id). */
export class SortedRowStore<T> implements TimeOrderedRows {
  private readonly rows: StoredRow<T>[] = [];
  private readonly byId = new Map<string, StoredRow<T>>();

  constructor(private readonly visibleOf: (full: T) => T) {}

  insert(id: string, createdAt: string, full: T): void {
    if (this.byId.has(id)) throw new Error(`duplicate id ${id}`);
    const row: StoredRow<T> = { id, createdAt, full, visible: this.visibleOf(full), json: null };
    this.rows.splice(this.positionFor(createdAt, id), 0, row);
    this.byId.set(id, row);
  }

  replace(id: string, full: T): void {
    const row = this.byId.get(id);
    if (!row) throw new Error(`unknown id ${id}`);
    row.full = full;
    row.visible = this.visibleOf(full);
    row.json = null;
  }

  remove(id: string): boolean {
    const index = this.indexOfId(id);
    if (index < 0) return false;
    this.rows.splice(index, 1);
    this.byId.delete(id);
    return true;
  }

  get(id: string): { full: T; visible: T } | undefined {
    return this.byId.get(id);
  }

  visibleAt(index: number): T {
    return this.row(index).visible;
  }

  fullAt(index: number): T {
    return this.row(index).full;
  }

  count(): number {
    return this.rows.length;
  }

  createdAtAt(index: number): string {
    return this.row(index).createdAt;
  }

  idAt(index: number): string {
    return this.row(index).id;
  }

  jsonAt(index: number): string {
    const row = this.row(index);
    row.json ??= JSON.stringify(row.visible);
    return row.json;
  }

  indexOfId(id: string): number {
    const row = this.byId.get(id);
    if (!row) return -1;
    // Binary search to the first row with this created_at, then scan the (small) tie group.
    for (let i = lowerBound(this, row.createdAt, false); i < this.rows.length; i++) {
      if (this.rows[i]?.id === id) return i;
    }
    return -1;
  }

  lastCreatedAt(): string | undefined {
    return this.rows[this.rows.length - 1]?.createdAt;
  }

  private row(index: number): StoredRow<T> {
    const row = this.rows[index];
    if (!row) throw new RangeError(`row ${index} out of range`);
    return row;
  }

  private positionFor(createdAt: string, id: string): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const row = this.rows[mid] as StoredRow<T>;
      if (row.createdAt < createdAt || (row.createdAt === createdAt && row.id < id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
