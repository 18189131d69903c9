// The `last_value_set_at` column of record and entry streams: when the row's current values were last set.
// Attio has no updated_at, but every value carries `active_from`, the moment it was set; so the latest of a row's
// created_at and the active_from of every value it still has says when it last changed. Every attribute in
// `values` counts, whether or not it has a column (deselected, archived, created after discovery).
//
// It is named for what it measures, not `updated_at`: a change that only *removes* a value (an attribute cleared
// without a replacement, one option taken out of a multiselect) leaves no active value behind, so it does not move
// this time; a deleted record has no row at all.

import type { AttioValues } from '../attio/types.js';
import { fixedWidthTimestamp } from '../timestamps.js';
import { isActive } from './active-values.js';

export const LAST_VALUE_SET_AT = 'last_value_set_at';

/**
 * The latest of `createdAt` and the `active_from` of every active value, in the fixed-width form of
 * src/timestamps.ts. A value without a usable `active_from` (null, missing, not a timestamp) is skipped.
 */
export function lastValueSetAt(createdAt: string, values: AttioValues | null | undefined): string {
  let latest = fixedWidthTimestamp(createdAt) ?? createdAt;
  if (values === null || values === undefined || typeof values !== 'object') return latest;
  for (const slug in values) {
    const envelopes = values[slug];
    if (!Array.isArray(envelopes)) continue;
    for (let i = 0; i < envelopes.length; i++) {
      const envelope = envelopes[i];
      if (!isActive(envelope)) continue;
      const from = envelope.active_from;
      if (typeof from !== 'string') continue;
      // Most values were set no later than the latest found so far: for Attio's fixed-width form (30 characters
      // ending in Z; an offset form never ends in Z) one string comparison settles it.
      if (from.length === 30 && from.charCodeAt(29) === 90 && from <= latest) continue;
      const at = fixedWidthTimestamp(from);
      if (at !== undefined && at > latest) latest = at;
    }
  }
  return latest;
}
