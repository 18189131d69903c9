// Flatteners: the per-record functions that turn one attribute's envelope array into one column value. Each is
// built once per column around its type's `value` function, so a record pays one call and one tight loop.

import type { AttioValue } from '../attio/types.js';

/** One attribute's envelope array as it sits in `values[slug]`, or nothing when the attribute is absent. */
export type Flatten = (values: AttioValue[] | null | undefined) => unknown;

/** Attio's current values have `active_until: null`; a string there is an end date, i.e. a historic value. */
export function isActive(envelope: unknown): envelope is AttioValue {
  return typeof envelope === 'object' && envelope !== null && typeof (envelope as AttioValue).active_until !== 'string';
}

/**
 * Single-valued column: the first active value that maps to something, else null. Attio keeps at most one active
 * value on a single-valued attribute; skipping an unusable one costs nothing and keeps whatever is usable.
 */
export function singleValue(map: (envelope: AttioValue) => unknown): Flatten {
  return (values) => {
    if (!Array.isArray(values)) return null;
    for (let i = 0; i < values.length; i++) {
      const envelope = values[i];
      if (!isActive(envelope)) continue;
      const mapped = map(envelope);
      if (mapped !== null) return mapped;
    }
    return null;
  };
}

/** Multiselect column: every active value that maps to something (items are non-null); `[]` when there are none. */
export function multiValue(map: (envelope: AttioValue) => unknown): Flatten {
  return (values) => {
    if (!Array.isArray(values)) return null;
    const mapped: unknown[] = [];
    for (let i = 0; i < values.length; i++) {
      const envelope = values[i];
      if (!isActive(envelope)) continue;
      const value = map(envelope);
      if (value !== null) mapped.push(value);
    }
    return mapped;
  };
}

/** Attribute of a type this connector does not know: its active envelopes as they came, so nothing is lost. */
export function rawActiveValues(): Flatten {
  return (values) => {
    if (!Array.isArray(values)) return null;
    const active: AttioValue[] = [];
    for (let i = 0; i < values.length; i++) {
      const envelope = values[i];
      if (isActive(envelope)) active.push(envelope);
    }
    return active;
  };
}
