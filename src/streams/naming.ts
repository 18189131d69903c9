// Stream names must be stable across syncs and never collide, although a custom object, a list and a
// fixed stream may all share a slug. The rule (README, "Stream names"):
//   - fixed streams keep their names (objects, lists, notes, …);
//   - a list's entries stream is `list_entries_<list slug>`;
//   - an object's records stream is its slug, unless that slug is a fixed stream's name or starts with one of
//     the reserved prefixes `list_entries_` or `object_`; then it is `object_<slug>`.
// The mapping depends on nothing but the slug itself, so adding or removing another object or list never
// renames an existing stream, and it is injective: escaped names start with `object_`, list streams with
// `list_entries_`, and unescaped object names start with neither.

import { FIXED_STREAMS } from './declarations.js';

/** Every fixed stream's name, from the declarations: no object stream may take one. */
export const FIXED_STREAM_NAMES: readonly string[] = FIXED_STREAMS.map((declaration) => declaration.name);

const FIXED = new Set<string>(FIXED_STREAM_NAMES);
const LIST_PREFIX = 'list_entries_';
const OBJECT_PREFIX = 'object_';

export function objectStreamName(slug: string): string {
  if (FIXED.has(slug) || slug.startsWith(LIST_PREFIX) || slug.startsWith(OBJECT_PREFIX)) return `${OBJECT_PREFIX}${slug}`;
  return slug;
}

export function listStreamName(slug: string): string {
  return `${LIST_PREFIX}${slug}`;
}

export function isListStreamName(name: string): boolean {
  return name.startsWith(LIST_PREFIX);
}
