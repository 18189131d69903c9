// Static JSON Schemas of the fixed streams live in schemas/*.json at the package root, next to dist/ in the
// image and to src/ in the repository.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonSchema } from '../protocol/types.js';

let schemasDir: string | undefined;

function findSchemasDir(): string {
  if (schemasDir) return schemasDir;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schemas'))) {
      schemasDir = join(dir, 'schemas');
      return schemasDir;
    }
    dir = dirname(dir);
  }
  throw new Error('schemas/ not found next to the package');
}

const cache = new Map<string, JsonSchema>();

export function loadStaticSchema(name: string): JsonSchema {
  let schema = cache.get(name);
  if (!schema) {
    schema = JSON.parse(readFileSync(join(findSchemasDir(), `${name}.json`), 'utf8')) as JsonSchema;
    cache.set(name, schema);
  }
  return schema;
}
