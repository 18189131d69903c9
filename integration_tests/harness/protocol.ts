// Our own validator of connector output: every stdout line must be one AirbyteMessage that validates against
// Airbyte's protocol schema (airbyte_protocol.yaml, v0, copied verbatim from airbytehq/airbyte-protocol),
// and carry the payload its type names, with the stricter rules CAT applies on top.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

const PAYLOAD_KEY: Record<string, string> = {
  RECORD: 'record',
  STATE: 'state',
  LOG: 'log',
  SPEC: 'spec',
  CONNECTION_STATUS: 'connectionStatus',
  CATALOG: 'catalog',
  TRACE: 'trace',
  CONTROL: 'control',
};

let validateMessage: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (validateMessage) return validateMessage;
  const here = dirname(fileURLToPath(import.meta.url));
  // Compiled copies live under dist/; the YAML stays beside the sources.
  const candidates = [join(here, 'airbyte_protocol.yaml'), join(here, '../../../integration_tests/harness/airbyte_protocol.yaml')];
  const path = candidates.find((p) => {
    try {
      readFileSync(p);
      return true;
    } catch {
      return false;
    }
  });
  if (!path) throw new Error('airbyte_protocol.yaml not found');
  const protocol = parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  delete protocol.$id;
  const ajv = new Ajv({ strict: false, allowUnionTypes: true });
  addFormats.default(ajv);
  ajv.addSchema(protocol, 'protocol');
  validateMessage = ajv.compile({ $ref: 'protocol#/definitions/AirbyteMessage' });
  return validateMessage;
}

/** Problems with one stdout line; an empty list means it is a valid message. */
export function checkMessageLine(line: string): string[] {
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    return [`not JSON: ${line.slice(0, 120)}`];
  }
  const validate = validator();
  if (!validate(message)) {
    return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`.trim());
  }
  const m = message as Record<string, unknown>;
  const type = m.type as string;
  const key = PAYLOAD_KEY[type];
  const problems: string[] = [];
  if (key === undefined || m[key] === undefined) problems.push(`${type} message without its "${key}" payload`);
  if (type === 'RECORD') {
    const record = m.record as Record<string, unknown>;
    if (!Number.isInteger(record.emitted_at)) problems.push('record.emitted_at is not an integer (epoch ms)');
  }
  if (type === 'STATE') {
    const state = m.state as Record<string, unknown>;
    if (state.type !== 'STREAM') problems.push(`state.type is ${String(state.type)}, not STREAM`);
    const stats = state.sourceStats as Record<string, unknown> | undefined;
    if (typeof stats?.recordCount !== 'number') problems.push('state without sourceStats.recordCount');
  }
  if (type === 'TRACE') {
    const trace = m.trace as Record<string, unknown>;
    if (trace.type === 'ERROR') {
      const error = trace.error as Record<string, unknown> | undefined;
      if (!error || typeof error.message !== 'string') problems.push('error trace without message');
      if (!['config_error', 'system_error', 'transient_error'].includes(String(error?.failure_type))) {
        problems.push('error trace without a failure_type');
      }
    }
  }
  return problems;
}
