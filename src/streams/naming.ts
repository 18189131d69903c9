// Stream names must be stable across syncs and never collide, although a custom object, a list and a
// fixed stream may all share a slug. The rule (README, "Stream names"):
//   - fixed streams keep their names (objects, lists, notes, …);
//   - a list's entries stream is `list_entries_<list slug>`;
//   - an object's records stream is its slug, unless that slug is a fixed stream's name or starts with one of
//     the reserved prefixes `list_entries_` or `object_`; then it is `object_<slug>`;
//   - a name those two rules would give that contains `__` or ends with `_` is replaced by the slug in hex:
//     `object_hex<hex>` for an object, `object_list_hex<hex>` for a list;
//   - a stream derived from an object's or list's stream (the history of one attribute, the files of an
//     object's records) is `<parent stream name>__<suffix>`: `deals__stage_history`, `people__files`.
// The mapping depends on nothing but the slugs, so adding or removing another object or list never renames an
// existing stream. It is injective: escaped names start with `object_`, list streams with `list_entries_`, and
// unescaped object names start with neither; the hex names lie where none of those can (`object_` followed by
// neither a fixed name nor a reserved prefix). No parent or fixed name contains `__` or ends with `_`, so a
// derived name splits at its first `__` into exactly one parent name and one suffix, and is never a parent's name.

import type { ParentKindName } from '../attio/parent-kinds.js';
import { FIXED_STREAMS } from './declarations.js';

/** Every fixed stream's name, from the declarations: no object stream may take one. */
export const FIXED_STREAM_NAMES: readonly string[] = FIXED_STREAMS.map((declaration) => declaration.name);

const FIXED = new Set<string>(FIXED_STREAM_NAMES);
const LIST_PREFIX = 'list_entries_';
const OBJECT_PREFIX = 'object_';
const OBJECT_HEX_PREFIX = 'object_hex';
const LIST_HEX_PREFIX = 'object_list_hex';
const DERIVED_SEPARATOR = '__';
const HISTORY_SUFFIX = '_history';
const FILES_SUFFIX = 'files';

/** A parent name may not hold the separator of derived names, nor end where one could begin. */
function parentName(name: string, slug: string, hexPrefix: string): string {
  if (!name.includes(DERIVED_SEPARATOR) && !name.endsWith('_')) return name;
  return `${hexPrefix}${Buffer.from(slug, 'utf8').toString('hex')}`;
}

export function objectStreamName(slug: string): string {
  const escaped = FIXED.has(slug) || slug.startsWith(LIST_PREFIX) || slug.startsWith(OBJECT_PREFIX);
  return parentName(escaped ? `${OBJECT_PREFIX}${slug}` : slug, slug, OBJECT_HEX_PREFIX);
}

export function listStreamName(slug: string): string {
  return parentName(`${LIST_PREFIX}${slug}`, slug, LIST_HEX_PREFIX);
}

/** The records stream of an object or the entries stream of a list. */
export function parentStreamName(kind: ParentKindName, slug: string): string {
  return kind === 'object' ? objectStreamName(slug) : listStreamName(slug);
}

/** The stream of the history of one attribute of an object or list, next to that object's or list's stream. */
export function historyStreamName(parentStream: string, attributeSlug: string): string {
  return `${parentStream}${DERIVED_SEPARATOR}${attributeSlug}${HISTORY_SUFFIX}`;
}

/** The stream of the files attached to an object's records. */
export function filesStreamName(objectStream: string): string {
  return `${objectStream}${DERIVED_SEPARATOR}${FILES_SUFFIX}`;
}

/** The parent stream of a derived stream's name (`deals` for `deals__stage_history`); undefined for any other name. */
export function parentStreamOf(name: string): string | undefined {
  const at = name.indexOf(DERIVED_SEPARATOR);
  return at < 0 ? undefined : name.slice(0, at);
}

export function isHistoryStreamName(name: string): boolean {
  return parentStreamOf(name) !== undefined && name.endsWith(HISTORY_SUFFIX);
}

export function isListStreamName(name: string): boolean {
  const parent = parentStreamOf(name) ?? name;
  return parent.startsWith(LIST_PREFIX) || parent.startsWith(LIST_HEX_PREFIX);
}
