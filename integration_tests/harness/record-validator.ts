// Validates records against their stream's discovered JSON schema the way CAT does: draft-07, formats
// checked (date-time, date), unknown Airbyte keywords (airbyte_type) allowed.

import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Message } from './run-connector.js';

export function recordValidator(catalog: Message): (record: Message) => string[] {
  const ajv = new Ajv({ strict: false, allowUnionTypes: true, allErrors: true });
  addFormats.default(ajv);
  const validators = new Map<string, ValidateFunction>();
  for (const stream of catalog.streams as Message[]) {
    const { $schema: _ignored, ...schema } = stream.json_schema as Record<string, unknown>;
    validators.set(stream.name as string, ajv.compile(schema));
  }
  return (message) => {
    const validate = validators.get(message.record.stream);
    if (!validate) return [`no schema for stream ${message.record.stream}`];
    if (validate(message.record.data)) return [];
    return (validate.errors ?? []).map((e) => `${message.record.stream}${e.instancePath} ${e.message ?? ''}`);
  };
}
