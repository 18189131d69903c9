// Read one field of an Attio value envelope as the column's JSON type, or null when it is missing or of the wrong
// type: a record must always validate against its schema, so a surprising field costs one null, not the record.

import { isIsoDate, isIsoDateTime } from '../timestamps.js';

export function stringOrNull(field: unknown): string | null {
  return typeof field === 'string' ? field : null;
}

export function booleanOrNull(field: unknown): boolean | null {
  return typeof field === 'boolean' ? field : null;
}

/** JSON.parse never yields NaN or ±Infinity, but a hand-built envelope could, and JSON would turn them into null. */
export function finiteNumberOrNull(field: unknown): number | null {
  return typeof field === 'number' && Number.isFinite(field) ? field : null;
}

export function integerOrNull(field: unknown): number | null {
  return Number.isInteger(field) ? (field as number) : null;
}

/**
 * Attio sends latitude/longitude as decimal strings ("37.331741"). `Number` rejects trailing garbage that
 * `parseFloat` would accept; blank strings are caught first because `Number("")` is 0. Numbers are taken as they
 * are in case Attio starts sending them unquoted.
 */
export function numberFromDecimal(field: unknown): number | null {
  if (typeof field === 'number') return Number.isFinite(field) ? field : null;
  if (typeof field !== 'string' || field.trim() === '') return null;
  const parsed = Number(field);
  return Number.isFinite(parsed) ? parsed : null;
}

export function isoDateOrNull(field: unknown): string | null {
  return typeof field === 'string' && isIsoDate(field) ? field : null;
}

/** The string itself, never a Date: Attio timestamps carry nanoseconds and Date keeps milliseconds. */
export function isoDateTimeOrNull(field: unknown): string | null {
  return typeof field === 'string' && isIsoDateTime(field) ? field : null;
}

/** `object[key]` when `object` is a non-null object; the envelope's nested objects may be null or absent. */
export function nestedField(object: unknown, key: string): unknown {
  return typeof object === 'object' && object !== null ? (object as Record<string, unknown>)[key] : undefined;
}

/** True when the envelope carries at least one of `fields`, i.e. it looks like a value of the mapping's type. */
export function hasAnyField(envelope: Record<string, unknown>, fields: readonly string[]): boolean {
  for (let i = 0; i < fields.length; i++) {
    if (envelope[fields[i] as string] !== undefined) return true;
  }
  return false;
}
