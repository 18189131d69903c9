// The configured catalog handed to `read`: parsed strictly, since a bad catalog must fail with a clear message.

import { z } from 'zod';
import { ConfigError } from './errors.js';
import type { ConfiguredAirbyteCatalog } from './protocol/types.js';

const ConfiguredStreamSchema = z.looseObject({
  stream: z.looseObject({
    name: z.string().min(1),
    json_schema: z.record(z.string(), z.unknown()).optional(),
    supported_sync_modes: z.array(z.string()).optional(),
  }),
  sync_mode: z.enum(['full_refresh', 'incremental']),
  destination_sync_mode: z.string().optional(),
  cursor_field: z.array(z.string()).optional(),
  primary_key: z.array(z.array(z.string())).optional(),
});

const ConfiguredCatalogSchema = z.looseObject({ streams: z.array(ConfiguredStreamSchema) });

export function parseConfiguredCatalog(raw: unknown): ConfiguredAirbyteCatalog {
  const result = ConfiguredCatalogSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const path = issue.path.join('.');
      if (issue.code === 'invalid_value' && path.endsWith('sync_mode')) {
        return `${path} must be "full_refresh" or "incremental"`;
      }
      return `${path || '(catalog)'}: ${issue.message}`;
    });
    throw new ConfigError(`The configured catalog is not valid: ${problems.join('; ')}.`);
  }
  const names = new Set<string>();
  for (const configured of result.data.streams) {
    if (names.has(configured.stream.name)) {
      throw new ConfigError(`The configured catalog lists stream "${configured.stream.name}" twice.`);
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
