// A strict draft-07 validator for records against stream or column schemas, the way Airbyte's acceptance tests
// check them: integers strict (1.5 is not an integer) and `date`/`date-time` formats checked. Used by the tests.

import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

import type { JsonSchema } from '../../src/transform/json-schema.js';

export function strictValidator(): Ajv {
  // strict: false lets Airbyte's own keywords (airbyte_type) through; allowUnionTypes for `type: [T, "null"]`.
  const ajv = new Ajv({ strict: false, allowUnionTypes: true });
  addFormats.default(ajv);
  return ajv;
}

export function compileStrict(schema: JsonSchema): ValidateFunction {
  return strictValidator().compile(schema);
}
