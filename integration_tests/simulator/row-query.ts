// The body of POST …/records/query and …/entries/query: a created_at filter, sorts and
// limit/offset, applied to time-ordered rows.
import { apiErrors } from './api-error.js';
import { canonicalTimestamp } from './timestamps.js';
import { lowerBound, type TimeOrderedRows } from './time-ordered-rows.js';

interface Bound {
  timestamp: string;
  inclusive: boolean;
}

/** The set of created_at values a filter admits; every supported filter is an interval. */
export interface CreatedAtInterval {
  lower: Bound | null;
  upper: Bound | null;
}

const UNBOUNDED: CreatedAtInterval = { lower: null, upper: null };

/**
 * Supports what an incremental sync needs: `created_at` with $eq/$gt/$gte/$lt/$lte or the implicit
 * equality form, several of those combined by `$and` or by sibling keys. Anything else is a
 * filter_error, as Attio answers for filters it cannot apply.
 */
export function parseCreatedAtFilter(filter: unknown): CreatedAtInterval {
  if (filter === undefined || filter === null) return UNBOUNDED;
  if (typeof filter !== 'object' || Array.isArray(filter)) throw apiErrors.filter();
  let interval = UNBOUNDED;
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and') {
      if (!Array.isArray(condition)) throw apiErrors.filter();
      for (const part of condition) interval = intersect(interval, parseCreatedAtFilter(part));
    } else if (key === 'created_at') {
      interval = intersect(interval, parseCreatedAtCondition(condition));
    } else {
      throw apiErrors.filter();
    }
  }
  return interval;
}

function parseCreatedAtCondition(condition: unknown): CreatedAtInterval {
  if (typeof condition === 'string') return equalTo(timestampOperand(condition));
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) throw apiErrors.filter();
  let interval = UNBOUNDED;
  for (const [operator, operand] of Object.entries(condition)) {
    const timestamp = timestampOperand(operand);
    const part: CreatedAtInterval =
      operator === '$eq'
        ? equalTo(timestamp)
        : operator === '$gt'
          ? { lower: { timestamp, inclusive: false }, upper: null }
          : operator === '$gte'
            ? { lower: { timestamp, inclusive: true }, upper: null }
            : operator === '$lt'
              ? { lower: null, upper: { timestamp, inclusive: false } }
              : operator === '$lte'
                ? { lower: null, upper: { timestamp, inclusive: true } }
                : failFilter();
    interval = intersect(interval, part);
  }
  return interval;
}

function failFilter(): never {
  throw apiErrors.filter();
}

function timestampOperand(operand: unknown): string {
  const canonical = typeof operand === 'string' ? canonicalTimestamp(operand) : null;
  if (canonical === null) throw apiErrors.filter();
  return canonical;
}

function equalTo(timestamp: string): CreatedAtInterval {
  return { lower: { timestamp, inclusive: true }, upper: { timestamp, inclusive: true } };
}

function intersect(a: CreatedAtInterval, b: CreatedAtInterval): CreatedAtInterval {
  return { lower: tighter(a.lower, b.lower, 1), upper: tighter(a.upper, b.upper, -1) };
}

/** The more restrictive bound: the larger lower bound (sign 1) or the smaller upper bound (sign -1). */
function tighter(a: Bound | null, b: Bound | null, sign: 1 | -1): Bound | null {
  if (!a) return b;
  if (!b) return a;
  if (a.timestamp === b.timestamp) return { timestamp: a.timestamp, inclusive: a.inclusive && b.inclusive };
  return a.timestamp > b.timestamp === (sign === 1) ? a : b;
}

/** Index range [start, end) of the rows inside the interval. */
export function indexRange(rows: TimeOrderedRows, interval: CreatedAtInterval): [number, number] {
  const start = interval.lower ? lowerBound(rows, interval.lower.timestamp, !interval.lower.inclusive) : 0;
  const end = interval.upper ? lowerBound(rows, interval.upper.timestamp, interval.upper.inclusive) : rows.count();
  return [start, Math.max(start, end)];
}

export interface SortKey {
  field: 'created_at' | 'id';
  direction: 'asc' | 'desc';
}

/**
 * Sorts by created_at and/or by the row id slug (`record_id` / `entry_id`); null means "no sorts".
 * Whether Attio sorts by the id attribute is undocumented, so by default the simulator refuses it
 * with a 400 validation_type, and a client that relies on it must cope; `acceptIdSort` answers it.
 */
export function parseSorts(sorts: unknown, idSlug: string, acceptIdSort = false): SortKey[] | null {
  if (sorts === undefined || sorts === null) return null;
  if (!Array.isArray(sorts)) throw apiErrors.validation('Body parameter "sorts" must be an array.');
  if (sorts.length === 0) return null;
  return sorts.map((sort: unknown) => {
    const { attribute, direction } = (typeof sort === 'object' && sort !== null ? sort : {}) as Record<string, unknown>;
    if (direction !== 'asc' && direction !== 'desc') {
      throw apiErrors.validation('Sort "direction" must be one of "asc" or "desc".');
    }
    if (attribute === 'created_at') return { field: 'created_at', direction };
    if (attribute === idSlug) {
      if (!acceptIdSort) throw apiErrors.validation(`Cannot sort by the attribute "${idSlug}".`);
      return { field: 'id', direction };
    }
    throw apiErrors.validation(`The simulator can only sort by "created_at" or "${idSlug}", got ${JSON.stringify(attribute ?? sort)}.`);
  });
}

/**
 * Row indices of one page. Without sorts the order is a fixed scramble of the matching rows:
 * stable between identical calls but deliberately not created_at order (Attio documents none).
 */
export function pageIndices(
  rows: TimeOrderedRows,
  [start, end]: [number, number],
  sorts: SortKey[] | null,
  offset: number,
  limit: number,
  shuffleTies?: () => number,
): number[] {
  const size = end - start;
  const first = Math.min(offset, size);
  const last = Math.min(offset + limit, size);
  const out: number[] = [];
  const direction = sorts === null ? null : storedOrderDirection(sorts);
  if (shuffleTies && direction !== null && sorts?.length === 1) {
    return shuffledTiesPage(rows, [start, end], direction, first, last, shuffleTies);
  }
  if (sorts === null) {
    const stride = coprimeStride(size);
    const shift = Math.floor(size / 3);
    for (let j = first; j < last; j++) out.push(start + ((j * stride + shift) % size));
    return out;
  }
  const naturalDirection = storedOrderDirection(sorts);
  if (naturalDirection === 'asc') {
    for (let j = first; j < last; j++) out.push(start + j);
    return out;
  }
  if (naturalDirection === 'desc') {
    for (let j = first; j < last; j++) out.push(end - 1 - j);
    return out;
  }
  const all = Array.from({ length: size }, (_, j) => start + j);
  all.sort((a, b) => compareBySorts(rows, sorts, a, b));
  return all.slice(first, last);
}

/**
 * Attio promises created_at order and nothing inside a tie: with `shuffleTies` every call orders each group of
 * equal created_at afresh, the worst a client paging by offset can meet.
 */
function shuffledTiesPage(
  rows: TimeOrderedRows,
  [start, end]: [number, number],
  direction: 'asc' | 'desc',
  first: number,
  last: number,
  random: () => number,
): number[] {
  const at = (j: number) => (direction === 'asc' ? start + j : end - 1 - j);
  const size = end - start;
  if (first >= last) return [];
  let lo = first;
  let hi = last;
  while (lo > 0 && rows.createdAtAt(at(lo - 1)) === rows.createdAtAt(at(lo))) lo -= 1;
  while (hi < size && rows.createdAtAt(at(hi)) === rows.createdAtAt(at(hi - 1))) hi += 1;
  const segment = Array.from({ length: hi - lo }, (_, k) => at(lo + k));
  for (let groupStart = 0; groupStart < segment.length; ) {
    let groupEnd = groupStart + 1;
    const stamp = rows.createdAtAt(segment[groupStart] as number);
    while (groupEnd < segment.length && rows.createdAtAt(segment[groupEnd] as number) === stamp) groupEnd += 1;
    for (let i = groupEnd - 1; i > groupStart; i -= 1) {
      const j = groupStart + Math.floor(random() * (i - groupStart + 1));
      [segment[i], segment[j]] = [segment[j] as number, segment[i] as number];
    }
    groupStart = groupEnd;
  }
  return segment.slice(first - lo, last - lo);
}

/** 'asc'/'desc' when the sorts agree with the stored (created_at, id) order, else null. */
function storedOrderDirection(sorts: SortKey[]): 'asc' | 'desc' | null {
  const [first, second, ...rest] = sorts;
  if (first?.field !== 'created_at' || rest.length > 0) return null;
  if (second && (second.field !== 'id' || second.direction !== first.direction)) return null;
  return first.direction;
}

function compareBySorts(rows: TimeOrderedRows, sorts: SortKey[], a: number, b: number): number {
  for (const sort of sorts) {
    const left = sort.field === 'created_at' ? rows.createdAtAt(a) : rows.idAt(a);
    const right = sort.field === 'created_at' ? rows.createdAtAt(b) : rows.idAt(b);
    if (left !== right) return (left < right ? -1 : 1) * (sort.direction === 'asc' ? 1 : -1);
  }
  return a - b;
}

const STRIDES = [7919, 104729, 1299709, 15485863];

function coprimeStride(size: number): number {
  if (size <= 1) return 1;
  return STRIDES.find((stride) => gcd(stride % size, size) === 1 && stride % size > 1) ?? 1;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Reads a non-negative integer paging field from the JSON body (Attio ignores the query string here). */
export function bodyInteger(body: Record<string, unknown>, name: string, fallback: number, max?: number): number {
  const value = body[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw apiErrors.validation(`Body parameter "${name}" must be a non-negative integer.`);
  }
  if (max !== undefined && value > max) {
    throw apiErrors.validation(`Body parameter "${name}" must be at most ${max}.`);
  }
  return value;
}
