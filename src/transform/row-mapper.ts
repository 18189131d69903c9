// The per-record path: write a record's selected attribute columns into its output row. Everything that can be
// decided per stream (selection, names, flatten functions) is decided in buildValuesMapper; the returned function
// is one loop over parallel arrays.

import type { AttioValues } from '../attio/types.js';
import type { Flatten } from './active-values.js';
import { METADATA_FACT_SLUGS, type ColumnPlan } from './columns.js';

export interface ValuesMapperOptions {
  /** Output column names the configured catalog selected; undefined selects every planned column. */
  selected?: ReadonlySet<string>;
  /**
   * Called at most once per slug per mapper for a slug in `values` that no attribute known at discovery has: an
   * attribute created since. Its values are not emitted (the catalog has no column for them).
   */
  onUnknownSlug?: (slug: string) => void;
  /**
   * Slugs known at discovery that have no plan (e.g. archived attributes left out). The plans' slugs and the
   * system slugs dropped for repeating a metadata column are known without being listed.
   */
  knownSlugs?: Iterable<string>;
}

export type ValuesMapper = (values: AttioValues | null | undefined, out: Record<string, unknown>) => void;

/**
 * Check the first record, then one in 1024: the key walk stays off the hot path. This assumes Attio puts a key for
 * every attribute on every record (empty ones as `[]`; UNVERIFIED live), so a new attribute is on every record. If it
 * omits empty ones, a sparse new attribute may be reported late or never: a missed warning, never lost data.
 */
const UNKNOWN_SLUG_SAMPLE_MASK = 1023;

function unknownSlugDetector(plans: readonly ColumnPlan[], opts: ValuesMapperOptions): ((values: AttioValues) => void) | undefined {
  const onUnknownSlug = opts.onUnknownSlug;
  if (onUnknownSlug === undefined) return undefined;
  const known = new Set<string>(METADATA_FACT_SLUGS);
  for (const plan of plans) known.add(plan.slug);
  for (const slug of opts.knownSlugs ?? []) known.add(slug);

  let recordsSeen = 0;
  return (values) => {
    if ((recordsSeen++ & UNKNOWN_SLUG_SAMPLE_MASK) !== 0) return;
    for (const slug in values) {
      if (known.has(slug)) continue;
      known.add(slug); // reported once
      onUnknownSlug(slug);
    }
  };
}

export function buildValuesMapper(plans: readonly ColumnPlan[], opts: ValuesMapperOptions = {}): ValuesMapper {
  const selected = opts.selected;
  const emitted = selected === undefined ? plans : plans.filter((plan) => selected.has(plan.column));
  const count = emitted.length;
  const columns: string[] = emitted.map((plan) => plan.column);
  const slugs: string[] = emitted.map((plan) => plan.slug);
  const flattens: Flatten[] = emitted.map((plan) => plan.flatten);
  const detectUnknownSlugs = unknownSlugDetector(plans, opts);

  return (values, out) => {
    if (values === null || values === undefined || typeof values !== 'object') {
      for (let i = 0; i < count; i++) out[columns[i] as string] = null;
      return;
    }
    for (let i = 0; i < count; i++) {
      out[columns[i] as string] = (flattens[i] as Flatten)(values[slugs[i] as string]);
    }
    if (detectUnknownSlugs !== undefined) detectUnknownSlugs(values);
  };
}
