// The configured catalog handed to `read`: parsed strictly, since a bad catalog must fail with a clear message.
// It is parsed as the platform and its tools really write it: Airbyte's standard tests (and every client that
// serializes the protocol's dataclasses) write each unset optional field as `null`, so `null` counts as absent
// for every optional field, and keys this source does not know are kept, as the protocol allows.

import { z } from 'zod';
import { ConfigError } from './errors.js';
import { say } from './messages.js';
import type { ConfiguredAirbyteCatalog } from './protocol/types.js';

/** An optional protocol field: absent, `null` (read as absent) or a value of `schema`. */
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

const AirbyteStreamSchema = z.looseObject({
  name: z.string().min(1),
  json_schema: optional(z.record(z.string(), z.unknown())),
  supported_sync_modes: optional(z.array(z.string())),
  source_defined_cursor: optional(z.boolean()),
  default_cursor_field: optional(z.array(z.string())),
  source_defined_primary_key: optional(z.array(z.array(z.string()))),
  namespace: optional(z.string()),
  is_resumable: optional(z.boolean()),
  is_file_based: optional(z.boolean()),
});

const ConfiguredStreamSchema = z.looseObject({
  stream: AirbyteStreamSchema,
  sync_mode: z.enum(['full_refresh', 'incremental']),
  // Any string: a source does not act on it (append, overwrite, append_dedup, update and soft_delete today), and a
  // mode the protocol adds later must not fail a read.
  destination_sync_mode: optional(z.string()),
  cursor_field: optional(z.array(z.string())),
  primary_key: optional(z.array(z.array(z.string()))),
  destination_object_name: optional(z.string()),
  generation_id: optional(z.number().int()),
  minimum_generation_id: optional(z.number().int()),
  sync_id: optional(z.number().int()),
  include_files: optional(z.boolean()),
});

const ConfiguredCatalogSchema = z.looseObject({ streams: z.array(ConfiguredStreamSchema) });

export function parseConfiguredCatalog(raw: unknown): ConfiguredAirbyteCatalog {
  const result = ConfiguredCatalogSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const path = issue.path.join('.');
      if (issue.code === 'invalid_value' && path.endsWith('sync_mode')) {
        return say('catalogSyncModeInvalid', { path });
      }
      return `${path || '(catalog)'}: ${issue.message}`;
    });
    throw new ConfigError(say('catalogInvalid', { problems: problems.join('; ') }));
  }
  const names = new Set<string>();
  for (const configured of result.data.streams) {
    if (names.has(configured.stream.name)) {
      throw new ConfigError(say('catalogStreamTwice', { stream: configured.stream.name }));
    }
    names.add(configured.stream.name);
  }
  return result.data as unknown as ConfiguredAirbyteCatalog;
}

/** The columns the user selected (Airbyte column selection), or undefined when the catalog names none. */
export function selectedColumns(schema: Record<string, unknown> | undefined): ReadonlySet<string> | undefined {
  const properties = schema?.properties;
  if (!properties || typeof properties !== 'object') return undefined;
  const keys = Object.keys(properties);
  return keys.length === 0 ? undefined : new Set(keys);
}
