// Small ports of the schema-walking helpers CAT used (dpath globs, find_all_values_for_key_in_schema,
// JsonSchemaHelper.get_node), so the assertions see a schema exactly as CAT did.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Path = (string | number)[];

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every (path, value) in the tree, depth first; paths use numeric indexes for arrays (dpath's view). */
export function* walk(node: unknown, path: Path = []): Generator<[Path, unknown]> {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      yield [[...path, i], node[i]];
      yield* walk(node[i], [...path, i]);
    }
  } else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      yield [[...path, key], value];
      yield* walk(value, [...path, key]);
    }
  }
}

/** dpath `**​/KEY`: every path, at any depth (the root included), whose last segment is KEY. */
export function searchKey(node: unknown, key: string): [Path, unknown][] {
  return [...walk(node)].filter(([path]) => path[path.length - 1] === key);
}

/** dpath `**​/properties/*​/KEY`. */
export function searchPropertyKey(node: unknown, key: string): [Path, unknown][] {
  return searchKey(node, key).filter(([path]) => path.length >= 3 && path[path.length - 3] === 'properties');
}

export function getNode(node: unknown, path: Path): unknown {
  let current: unknown = node;
  for (const part of path) {
    if (Array.isArray(current) && typeof part === 'number') current = current[part];
    else if (isObject(current)) current = current[String(part)];
    else return undefined;
  }
  return current;
}

export const pathString = (path: Path): string => path.join('/');

/** CAT's find_all_values_for_key_in_schema: values of KEY anywhere, property names included. */
export function valuesForKey(node: unknown, key: string): unknown[] {
  const out: unknown[] = [];
  const visit = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(visit);
    else if (isObject(n)) {
      for (const [k, v] of Object.entries(n)) {
        if (k === key) out.push(v);
        if (v !== null && typeof v === 'object') visit(v);
      }
    }
  };
  visit(node);
  return out;
}

/** dpath.util.search(schema.properties, "a/properties/b") is non-empty: the nested property path exists. */
export function propertyPathExists(schema: unknown, fieldPath: string[]): boolean {
  if (!isObject(schema) || !isObject(schema.properties)) return false;
  let current: unknown = schema.properties;
  for (let i = 0; i < fieldPath.length; i++) {
    if (!isObject(current) || !((fieldPath[i] as string) in current)) return false;
    current = current[fieldPath[i] as string];
    if (i < fieldPath.length - 1) {
      if (!isObject(current)) return false;
      current = current.properties;
    }
  }
  return true;
}

/** make_hashable: a canonical string for any JSON value (keys sorted), for set semantics. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
