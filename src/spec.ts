// The SPEC message payload, generated from the config schema.

import { z } from 'zod';
import { ConfigSchema } from './config.js';
import type { JsonSchema } from './protocol/types.js';

export const DOCUMENTATION_URL = 'https://docs.airbyte.com/integrations/sources/attio';

export function connectionSpecification(): JsonSchema {
  const schema = z.toJSONSchema(ConfigSchema, { target: 'draft-07', io: 'input' }) as JsonSchema;
  return { ...schema, title: 'Attio Source Spec', additionalProperties: true };
}

export function buildSpec(): Record<string, unknown> {
  return {
    documentationUrl: DOCUMENTATION_URL,
    connectionSpecification: connectionSpecification(),
    supportsIncremental: true,
    supported_destination_sync_modes: ['overwrite', 'append', 'append_dedup'],
  };
}
