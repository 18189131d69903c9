// Naming attribute columns: the api_slug, unless it collides with a metadata column. The rename is computed from
// the set of slugs alone (colliders handled in sorted order), so the names do not depend on Attio's attribute order.

export const RENAMED_COLUMN_PREFIX = 'attribute_';

export interface ColumnRename {
  slug: string;
  column: string;
}

/**
 * Column name per slug. `slugs` must be unique. A slug equal to a reserved name becomes `attribute_<slug>`, then
 * `attribute_<slug>_2`, `_3`… until it is free of reserved names, of every slug kept as is, and of earlier renames.
 */
export function assignColumnNames(
  slugs: readonly string[],
  reserved: ReadonlySet<string>,
): { columns: Map<string, string>; renames: ColumnRename[] } {
  const columns = new Map<string, string>();
  const taken = new Set(reserved);
  const colliding: string[] = [];
  for (const slug of slugs) {
    if (reserved.has(slug)) {
      colliding.push(slug);
    } else {
      columns.set(slug, slug);
      taken.add(slug);
    }
  }
  // Code-unit order, not localeCompare: the result must not depend on the machine's locale.
  colliding.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const renames: ColumnRename[] = [];
  for (const slug of colliding) {
    const base = RENAMED_COLUMN_PREFIX + slug;
    let column = base;
    for (let suffix = 2; taken.has(column); suffix++) column = `${base}_${suffix}`;
    taken.add(column);
    columns.set(slug, column);
    renames.push({ slug, column });
  }
  return { columns, renames };
}
