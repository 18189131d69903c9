// CAT's assertions as pure functions over parsed messages, schemas and files. Each returns the list of
// failures (empty = the assertion holds), so they can be unit-tested on hand-made bad input.
//
// Sources (airbytehq/airbyte, airbyte-integrations/bases/connector-acceptance-test/connector_acceptance_test/):
// tests/test_core.py@ddb755f (TestSpec, TestConnection, TestDiscovery, TestBasicRead), tests/test_incremental.py@c3addd1,
// tests/test_full_refresh.py@e043c16, utils/asserts.py, utils/common.py. Where this file is stricter than CAT it says so.

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { integralFloatPointers, type Msg, records, states, traces, byType } from './messages.js';
import {
  canonical,
  getNode,
  hasKeyword,
  pathString,
  propertyDefinition,
  propertyPathExists,
  searchKey,
  searchPropertyKey,
  valuesForKey,
} from './schema-walk.js';

export type Failures = string[];

const isObject = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);

// ================================================================ spec ==========================================

/** test_core.py secret_property_names. */
export const SECRET_PROPERTY_NAMES = [
  'client_token',
  'access_token',
  'api_token',
  'token',
  'secret',
  'client_secret',
  'password',
  'key',
  'service_account_info',
  'service_account',
  'tenant_id',
  'certificate',
  'jwt',
  'credentials',
  'app_id',
  'appid',
  'refresh_token',
];

export function exactlyOne(messages: Msg[], type: string): { value?: Msg; failures: Failures } {
  const found = byType(messages, type);
  if (found.length !== 1) return { failures: [`${type} message should be emitted exactly once, got ${found.length}`] };
  return { value: found[0] as Msg, failures: [] };
}

export function specMatchesExpected(actual: Msg, expected: Msg): Failures {
  return canonical(actual) === canonical(expected)
    ? []
    : ['spec output differs from the file at spec_path (regenerate it if the change is intended)'];
}

/** test_config_match_spec: the config (minus keys starting with "_") validates against connectionSpecification. */
export function configMatchesSpec(config: Record<string, unknown>, spec: Msg): Failures {
  const data = Object.fromEntries(Object.entries(config).filter(([k]) => !k.startsWith('_')));
  // python-jsonschema's validate() does not check formats unless asked: neither do we here.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false });
  const { $schema: _ignored, ...schema } = spec.connectionSpecification ?? {};
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    return [`Spec is invalid: ${(error as Error).message}`];
  }
  return validate(data) ? [] : [`Config invalid: ${ajvErrors(validate.errors)}`];
}

export function specEnumsUnique(spec: Msg): Failures {
  return searchKey(spec.connectionSpecification, 'enum')
    .filter(([, v]) => Array.isArray(v) && new Set(v.map(canonical)).size !== v.length)
    .map(([p, v]) => `duplicate values in enum at ${pathString(p)}: ${JSON.stringify(v)}`);
}

export function specOneOfUsage(spec: Msg): Failures {
  const root = spec.connectionSpecification;
  const failures: Failures = [];
  for (const [path, variants] of [...searchKey(root, 'oneOf'), ...searchKey(root, 'anyOf')]) {
    const where = pathString(path);
    const parent = getNode(root, path.slice(0, -1));
    if (!isObject(parent) || parent.type !== 'object') failures.push(`${where}: the parent of oneOf/anyOf must have type: object`);
    if (!Array.isArray(variants)) continue;
    if (!variants.every((v) => isObject(v) && isObject(v.properties))) {
      failures.push(`${where}: each variant must have properties`);
      continue;
    }
    const keys = variants.map((v) => new Set(Object.keys(v.properties)));
    const common = [...(keys[0] ?? [])].filter((k) => keys.every((s) => s.has(k)));
    if (common.length === 0) {
      failures.push(`${where}: the variants share no property`);
      continue;
    }
    const constCommon = common.filter((k) => variants.every((v) => 'const' in v.properties[k]));
    if (constCommon.length !== 1) {
      failures.push(`${where}: exactly one common property must have const, found ${constCommon.length}`);
      continue;
    }
    variants.forEach((v, n) => {
      const prop = v.properties[constCommon[0] as string];
      if ('default' in prop) failures.push(`${where}[${n}].${constCommon[0]}: default next to const`);
      if ('enum' in prop) failures.push(`${where}[${n}].${constCommon[0]}: enum next to const`);
    });
  }
  return failures;
}

/** test_secret_is_properly_marked, with CAT's rule for which property name counts as secret. */
export function specSecretsMarked(spec: Msg, names: string[] = SECRET_PROPERTY_NAMES): Failures {
  const properties = spec.connectionSpecification?.properties ?? {};
  const reserved = new Set(['anyOf', 'oneOf', 'allOf', 'not', 'properties', 'items', 'type', 'prefixItems']);
  const exposed: string[] = [];
  const hidden: string[] = [];
  for (const [typePath] of searchKey(properties, 'type')) {
    const name = [...typePath.slice(0, -1)].reverse().find((p) => typeof p === 'string' && !/^\d+$/.test(p) && !reserved.has(p));
    if (typeof name !== 'string' || !names.includes(name.toLowerCase())) continue;
    const definition = getNode(properties, typePath.slice(0, -1));
    if (!isObject(definition)) continue;
    const marked = definition.airbyte_secret === true;
    const type = definition.type;
    const storable = ['string', 'integer', 'number'];
    const canStore =
      (typeof type === 'string' && storable.includes(type)) || (Array.isArray(type) && type.some((t) => storable.includes(t)));
    const possiblySecret = canStore && !definition.const;
    if (marked && !possiblySecret) hidden.push(pathString(typePath.slice(0, -1)));
    if (!marked && possiblySecret) exposed.push(pathString(typePath.slice(0, -1)));
  }
  return [
    ...exposed.map((p) => `property ${p} should be marked airbyte_secret`),
    ...hidden.map((p) => `property ${p} is marked airbyte_secret but cannot hold a secret`),
  ];
}

export function specTypeLists(spec: Msg): Failures {
  const failures: Failures = [];
  for (const [path, type] of searchPropertyKey(spec.connectionSpecification, 'type')) {
    if (!Array.isArray(type)) continue;
    if (type.length !== 1 && type.length !== 2) failures.push(`${pathString(path)} is not [T] or [T, "null"]: ${JSON.stringify(type)}`);
    if (type.length === 2 && type[1] !== 'null') failures.push(`second type of ${pathString(path)} is not "null": ${JSON.stringify(type)}`);
  }
  return failures;
}

export function specObjectsNotEmpty(spec: Msg): Failures {
  const root = spec.connectionSpecification;
  return searchKey(root, 'type')
    .filter(([path, value]) => pathString(path) !== 'type' && value === 'object')
    .filter(([path]) => {
      const parent = getNode(root, path.slice(0, -1));
      return isObject(parent) && !('oneOf' in parent) && (!isObject(parent.properties) || Object.keys(parent.properties).length === 0);
    })
    .map(([path]) => `${pathString(path)} is an empty object`);
}

export function specArrayItems(spec: Msg): Failures {
  const root = spec.connectionSpecification;
  const failures: Failures = [];
  for (const [path, value] of searchKey(root, 'type')) {
    if (value !== 'array') continue;
    const items = (getNode(root, path.slice(0, -1)) as Record<string, unknown> | undefined)?.items;
    if (items === undefined) continue;
    if (Array.isArray(items)) failures.push(`${pathString(path)}: items must be a single schema`);
    else if (isObject(items) && !['object', 'string', 'number', 'integer'].includes(items.type) && !('enum' in items)) {
      failures.push(`${pathString(path)}: items must be object, string, number, integer or an enum`);
    }
  }
  return failures;
}

export const FORBIDDEN_SPEC_KEYWORDS = [
  'not',
  'anyOf',
  'patternProperties',
  'prefixItems',
  'allOf',
  'if',
  'then',
  'else',
  'dependentSchemas',
  'dependentRequired',
];

export function specForbiddenKeywords(spec: Msg): Failures {
  const found: string[] = [];
  for (const keyword of FORBIDDEN_SPEC_KEYWORDS) {
    for (const [path] of searchKey(spec.connectionSpecification, keyword)) {
      if (path[path.length - 2] === 'properties') continue; // a property of that name is fine
      found.push(pathString(path));
    }
  }
  return found.length > 0 ? [`disallowed JSON schema features: ${found.join(', ')}`] : [];
}

export function noRefs(node: unknown, where: string): Failures {
  return valuesForKey(node, '$ref').length > 0 ? [`unresolved $ref in ${where}`] : [];
}

export function additionalPropertiesTrue(node: unknown, where: string): Failures {
  const values = valuesForKey(node, 'additionalProperties');
  return values.every((v) => v === true) ? [] : [`${where}: additionalProperties must be true when set`];
}

const DATE_PATTERN = '^[0-9]{2}-[0-9]{2}-[0-9]{4}$';
const DATETIME_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2})?$';

/** test_date_pattern / test_date_format only log warnings in CAT; so do we. */
export function specDateWarnings(spec: Msg): string[] {
  const root = spec.connectionSpecification;
  const warnings: string[] = [];
  for (const [path, format] of searchKey(root, 'format')) {
    if (typeof format !== 'string') continue;
    const parent = getNode(root, path.slice(0, -1)) as Record<string, unknown>;
    if (format === 'date' && parent.pattern !== DATE_PATTERN)
      warnings.push(`${pathString(path)}: date format without pattern ${DATE_PATTERN}`);
    if (format === 'date-time' && parent.pattern !== DATETIME_PATTERN) {
      warnings.push(`${pathString(path)}: date-time format without pattern ${DATETIME_PATTERN}`);
    }
  }
  return warnings;
}

/** test_oauth_flow_parameters: only applies when the spec declares authSpecification. */
export function specOAuthParameters(spec: Msg): Failures {
  const oauth = spec.authSpecification?.oauth2Specification;
  if (!oauth) return [];
  const params: string[][] = [...(oauth.oauthFlowInitParameters ?? []), ...(oauth.oauthFlowOutputParameters ?? [])];
  const root: string[] = oauth.rootObject ?? [];
  const schema = spec.connectionSpecification;
  const failures: Failures = [];
  for (const p of params) {
    const path = [...(root.length === 1 ? [root[0] as string] : []), ...p];
    if (!propertyPathExists(schema, path)) failures.push(`oauth parameter /${path.join('/')} is missing from the spec`);
  }
  return failures;
}

export interface ImageFacts {
  labels: Record<string, string>;
  env: Record<string, string>;
  entrypoint: string[];
}

/** test_image_labels. */
export function imageLabels(image: ImageFacts, metadata: Msg): Failures {
  const data = metadata?.data ?? {};
  const failures: Failures = [];
  if (image.labels['io.airbyte.name'] !== data.dockerRepository) {
    failures.push(`label io.airbyte.name=${image.labels['io.airbyte.name']} but metadata dockerRepository=${data.dockerRepository}`);
  }
  if (image.labels['io.airbyte.version'] !== String(data.dockerImageTag)) {
    failures.push(`label io.airbyte.version=${image.labels['io.airbyte.version']} but metadata dockerImageTag=${data.dockerImageTag}`);
  }
  return failures;
}

/** test_docker_env / test_image_environment_variables. */
export function imageEntrypointEnv(image: ImageFacts): Failures {
  const env = image.env.AIRBYTE_ENTRYPOINT;
  if (!env) return ['AIRBYTE_ENTRYPOINT must be set in the image'];
  const joined = image.entrypoint.join(' ');
  return env === joined ? [] : [`AIRBYTE_ENTRYPOINT="${env}" but the ENTRYPOINT joins to "${joined}"`];
}

// ================================================================ connection ====================================

export type ConnectionExpectation = 'succeed' | 'failed' | 'exception';

export function connectionStatus(messages: Msg[], expected: ConnectionExpectation): Failures {
  if (expected === 'exception') {
    const all = byType(messages, 'TRACE');
    if (all.length !== 1) return [`expected exactly one TRACE, got ${all.length}`];
    return typeof all[0]?.trace?.error?.message === 'string' ? [] : ['the TRACE has no error.message'];
  }
  const statuses = byType(messages, 'CONNECTION_STATUS');
  if (statuses.length !== 1) return [`Connection status message should be emitted exactly once, got ${statuses.length}`];
  const status = statuses[0]?.connectionStatus?.status;
  const want = expected === 'succeed' ? 'SUCCEEDED' : 'FAILED';
  return status === want ? [] : [`status ${status}, expected ${want} (${clip(String(statuses[0]?.connectionStatus?.message ?? ''))})`];
}

// ================================================================ discovery =====================================

export function discoveredCatalog(messages: Msg[]): { catalog?: Msg; failures: Failures } {
  const catalogs = byType(messages, 'CATALOG');
  if (catalogs.length !== 1) return { failures: [`Catalog message should be emitted exactly once, got ${catalogs.length}`] };
  const catalog = catalogs[0]?.catalog;
  if (!isObject(catalog) || !Array.isArray(catalog.streams) || catalog.streams.length === 0) {
    return { failures: ['Catalog should contain streams'] };
  }
  const names = catalog.streams.map((s: Msg) => s.name);
  const duplicates = names.filter((n: string, i: number) => names.indexOf(n) !== i);
  return { catalog, failures: duplicates.length > 0 ? [`duplicate stream names: ${[...new Set(duplicates)].join(', ')}`] : [] };
}

let draft7: Ajv | undefined;
/** Draft7Validator.check_schema: the schema is valid against the draft-07 meta-schema ($schema ignored). */
export function schemasValidDraft7(catalog: Msg): Failures {
  draft7 ??= new Ajv({ strict: false, logger: false, validateSchema: false });
  const failures: Failures = [];
  for (const stream of catalog.streams as Msg[]) {
    const valid = draft7.validate('http://json-schema.org/draft-07/schema#', stream.json_schema);
    if (!valid) failures.push(`${stream.name}: invalid draft-07 schema: ${ajvErrors(draft7.errors)}`);
  }
  return failures;
}

export function catalogNoRefs(catalog: Msg): Failures {
  return (catalog.streams as Msg[]).flatMap((s) => noRefs(s.json_schema, `stream ${s.name}`));
}

export function catalogKeyword(catalog: Msg, keyword: 'allOf' | 'not'): Failures {
  const offenders = (catalog.streams as Msg[]).filter((s) => hasKeyword(s.json_schema, keyword)).map((s) => s.name);
  return offenders.length > 0 ? [`not allowed \`${keyword}\` keyword in streams: ${offenders.join(', ')}`] : [];
}

export function cursorsInSchema(catalog: Msg): Failures {
  const failures: Failures = [];
  for (const stream of catalog.streams as Msg[]) {
    if (!stream.default_cursor_field || stream.default_cursor_field.length === 0) continue;
    if (!isObject(stream.json_schema?.properties)) failures.push(`${stream.name}: schema has no properties`);
    else if (!propertyPathExists(stream.json_schema, stream.default_cursor_field)) {
      failures.push(`${stream.name}: cursor ${JSON.stringify(stream.default_cursor_field)} is not in the schema`);
    }
  }
  return failures;
}

export function primaryKeysInSchema(catalog: Msg): Failures {
  const failures: Failures = [];
  for (const stream of catalog.streams as Msg[]) {
    for (const pk of (stream.source_defined_primary_key ?? []) as string[][]) {
      if (!propertyPathExists(stream.json_schema, pk))
        failures.push(`${stream.name}: primary key ${JSON.stringify(pk)} is not in the schema`);
    }
  }
  return failures;
}

/**
 * test_primary_keys_data_type. CAT takes set(definition["type"]), which for a plain string is a set of characters,
 * so it only catches list types like ["object", "null"]; we also catch "object" and "array" written as strings.
 */
export function primaryKeyTypes(catalog: Msg): Failures {
  const failures: Failures = [];
  for (const stream of catalog.streams as Msg[]) {
    for (const pk of (stream.source_defined_primary_key ?? []) as string[][]) {
      const definition = propertyDefinition(stream.json_schema, pk);
      if (!definition) {
        failures.push(`${stream.name} does not have defined primary key ${JSON.stringify(pk)} in schema`);
        continue;
      }
      const types = Array.isArray(definition.type) ? definition.type : [definition.type];
      if (types.some((t) => t === 'object' || t === 'array')) {
        failures.push(`${stream.name}: primary key ${JSON.stringify(pk)} has forbidden type ${JSON.stringify(definition.type)}`);
      }
    }
  }
  return failures;
}

export function syncModesPresent(catalog: Msg): Failures {
  return (catalog.streams as Msg[])
    .filter((s) => !Array.isArray(s.supported_sync_modes) || s.supported_sync_modes.length === 0)
    .map((s) => `${s.name}: supported_sync_modes is missing or empty`);
}

export function catalogAdditionalProperties(catalog: Msg): Failures {
  return (catalog.streams as Msg[]).flatMap((s) => additionalPropertiesTrue(s.json_schema, `stream ${s.name}`));
}

// ================================================================ configured catalogs ===========================

export interface EmptyStream {
  name: string;
  bypass_reason?: string | null;
}

/** build_configured_catalog_from_discovered_catalog_and_empty_streams. */
export function catalogFromDiscovered(catalog: Msg, emptyStreams: EmptyStream[] = []): Msg {
  const empty = new Set(emptyStreams.map((s) => s.name));
  return {
    streams: (catalog.streams as Msg[])
      .filter((s) => !empty.has(s.name))
      .map((stream) => ({
        stream,
        sync_mode: stream.supported_sync_modes[0],
        destination_sync_mode: 'append',
        ...(stream.default_cursor_field ? { cursor_field: stream.default_cursor_field } : {}),
        ...(stream.source_defined_primary_key ? { primary_key: stream.source_defined_primary_key } : {}),
      })),
  };
}

/** build_configured_catalog_from_custom_catalog: each configured stream takes the discovered stream of its name. */
export function catalogFromCustom(custom: Msg, discovered: Msg, path: string): { catalog?: Msg; failures: Failures } {
  const byName = new Map((discovered.streams as Msg[]).map((s) => [s.name, s]));
  const failures: Failures = [];
  const streams = (custom.streams as Msg[]).map((configured) => {
    const stream = byName.get(configured.stream?.name);
    if (!stream) failures.push(`The ${configured.stream?.name} stream you have set in ${path} is not part of the discovered_catalog`);
    return { ...configured, stream };
  });
  return failures.length > 0 ? { failures } : { catalog: { streams }, failures };
}

/** utils/common.py full_refresh_only_catalog. */
export function fullRefreshOnly(catalog: Msg): Msg {
  return {
    streams: (catalog.streams as Msg[])
      .filter((s) => s.stream.supported_sync_modes.includes('full_refresh'))
      .map((s) => ({ ...s, sync_mode: 'full_refresh' })),
  };
}

/** utils/common.py incremental_only_catalog. */
export function incrementalOnly(catalog: Msg): Msg {
  return {
    streams: (catalog.streams as Msg[])
      .filter((s) => s.stream.supported_sync_modes.includes('incremental'))
      .map((s) => ({ ...s, sync_mode: 'incremental' })),
  };
}

/** test_incremental.py configured_catalog_for_incremental: every stream needs a cursor_field or a default one. */
export function incrementalCatalog(catalog: Msg): { catalog: Msg; failures: Failures } {
  const inc = incrementalOnly(catalog);
  const failures: Failures = [];
  for (const s of inc.streams as Msg[]) {
    if (!s.cursor_field || s.cursor_field.length === 0) {
      if (s.stream.default_cursor_field?.length) s.cursor_field = [...s.stream.default_cursor_field];
      else failures.push(`stream ${s.stream.name} has neither cursor_field nor default_cursor_field`);
    }
  }
  return { catalog: inc, failures };
}

// ================================================================ basic read ====================================

// utils/asserts.py: timestamp_regex plus a pendulum.parse; we check the calendar fields instead of pendulum.
const TIMESTAMP = /^(\d{4})-(\d?\d)-(\d?\d)(\s|T)(\d?\d):(\d?\d):(\d?\d)(.\d+)?(.*)$/;

export function isCatDateTime(value: string): boolean {
  const m = TIMESTAMP.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[5], m[6], m[7]].map(Number) as number[];
  if (month! < 1 || month! > 12 || day! < 1 || day! > new Date(Date.UTC(year!, month!, 0)).getUTCDate()) return false;
  if (hour! > 23 || minute! > 59 || second! > 60) return false;
  return /^(Z|z|[+-]\d{2}(:?\d{2})?)?$/.test((m[9] ?? '').trim()); // pendulum rejects other tails
}

const isIsoDate = (value: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
};

function recordAjv(): Ajv {
  // Draft-07 with python-jsonschema's default FormatChecker plus CAT's date-time rule. Unknown formats pass.
  return new Ajv({
    strict: false,
    allErrors: true,
    logger: false,
    allowUnionTypes: true,
    formats: { 'date-time': isCatDateTime, date: isIsoDate, email: (v: string) => v.includes('@') },
  });
}

export interface RecordSchemaOptions {
  /** fail_on_extra_columns: top-level additionalProperties is forced to false (utils/asserts.py). */
  failOnExtraColumns?: boolean;
}

/**
 * _validate_schema: each record's data against its stream's json_schema (draft-07, strict integers, date-time
 * format), plus _validate_records_structure (a record must share at least one field with its schema).
 */
export function recordsMatchSchema(recordMessages: Msg[], configured: Msg, options: RecordSchemaOptions = {}): Failures {
  const ajv = recordAjv();
  const validators = new Map<string, ValidateFunction>();
  const schemaFields = new Map<string, Set<string>>();
  const failures: Failures = [];
  for (const s of configured.streams as Msg[]) {
    const { $schema: _ignored, ...schema } = s.stream.json_schema ?? {};
    if (options.failOnExtraColumns) schema.additionalProperties = false;
    try {
      validators.set(s.stream.name, ajv.compile(schema));
    } catch (error) {
      failures.push(`${s.stream.name}: schema does not compile: ${(error as Error).message}`);
    }
    schemaFields.set(s.stream.name, new Set(Object.keys(s.stream.json_schema?.properties ?? {})));
  }
  const perStream = new Map<string, Set<string>>();
  const note = (stream: string, problem: string) => {
    const set = perStream.get(stream) ?? new Set<string>();
    if (set.size < 5) set.add(problem);
    perStream.set(stream, set);
  };
  for (const message of recordMessages) {
    const { stream, data } = message.record;
    const validate = validators.get(stream);
    if (!validate) continue; // CAT logs "not in the catalog" and goes on
    const fields = schemaFields.get(stream) as Set<string>;
    if (fields.size > 0 && isObject(data) && !Object.keys(data).some((k) => fields.has(k))) {
      note(stream, `record shares no field with the schema: ${clip(JSON.stringify(data), 120)}`);
    }
    if (!validate(data)) for (const e of validate.errors ?? []) note(stream, `${e.instancePath || '/'} ${e.message} (${e.schemaPath})`);
    const floats = integralFloatPointers(message);
    if (floats.length > 0) {
      // 1.0 is a float for CAT: re-validate with those values made non-integral and keep the integer type errors.
      const copy = structuredClone(data);
      for (const pointer of floats) bump(copy, pointer);
      if (!validate(copy)) {
        for (const e of validate.errors ?? []) {
          if (e.keyword === 'type' && floats.includes(e.instancePath) && String(e.params.type).includes('integer')) {
            note(stream, `${e.instancePath} is written as a float but the schema wants an integer`);
          }
        }
      }
    }
  }
  for (const [stream, problems] of perStream) failures.push(`${stream}: ${[...problems].join('; ')}`);
  return failures;
}

function bump(root: unknown, pointer: string): void {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: any = root;
  for (const part of parts.slice(0, -1)) node = node?.[part];
  const last = parts[parts.length - 1] as string;
  if (node && typeof node[last] === 'number') node[last] += 0.5;
}

export function atLeastOneRecord(messages: Msg[]): Failures {
  return records(messages).length > 0 ? [] : ['At least one record should be read using provided catalog'];
}

/** _validate_empty_streams. */
export function streamsHaveRecords(messages: Msg[], configured: Msg, emptyStreams: EmptyStream[]): Failures {
  const seen = new Set(records(messages).map((m) => m.record.stream));
  const allowed = new Set(emptyStreams.map((s) => s.name));
  const missing = (configured.streams as Msg[]).map((s) => s.stream.name).filter((n) => !seen.has(n) && !allowed.has(n));
  return missing.length > 0 ? [`All streams should return some records, streams without records: ${missing.join(', ')}`] : [];
}

function pkValues(data: unknown, pk: string[][]): unknown[] {
  return pk.map((path) => path.reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), data));
}

/** _validate_primary_keys_data_type: PK values are not list/dict, and not every part is null. */
export function primaryKeyValues(messages: Msg[], configured: Msg): Failures {
  const failures = new Set<string>();
  const pks = new Map<string, string[][]>(
    (configured.streams as Msg[])
      .filter((s) => s.stream.source_defined_primary_key?.length)
      .map((s) => [s.stream.name, s.stream.source_defined_primary_key]),
  );
  for (const message of records(messages)) {
    const pk = pks.get(message.record.stream);
    if (!pk) continue;
    const values = pkValues(message.record.data, pk);
    if (values.some((v) => v !== null && typeof v === 'object'))
      failures.add(`${message.record.stream}: a primary key value is an object or array`);
    if (values.every((v) => v === null || v === undefined))
      failures.add(`${message.record.stream}: primary key with null values in all its parts`);
  }
  return [...failures];
}

/** TestBasicRead.compare_records for every stream of the expected-records file. */
export function expectedRecordsPresent(messages: Msg[], expected: Msg[], configured: Msg, exactOrder: boolean): Failures {
  const failures: Failures = [];
  const actualByStream = groupByStream(records(messages).map((m) => m.record));
  const expectedByStream = groupByStream(expected);
  for (const [stream, want] of expectedByStream) {
    const matching = (configured.streams as Msg[]).filter((s) => s.stream.name === stream);
    if (matching.length !== 1) {
      failures.push(`Expected exactly one stream matching name ${stream} but got ${matching.length}`);
      continue;
    }
    const got = actualByStream.get(stream) ?? [];
    const pk: string[][] | undefined = matching[0]?.stream.source_defined_primary_key;
    if (pk && pk.length > 0) {
      const wantKeys = want.map((d) => canonical(pkValues(d, pk)));
      const gotKeys = got.map((d) => canonical(pkValues(d, pk)));
      if (exactOrder) {
        if (canonical(gotKeys.slice(0, wantKeys.length)) !== canonical(wantKeys)) {
          failures.push(`${stream}: the expected primary keys are not the first ones, in order, of the actual records`);
        }
      } else {
        const have = new Set(gotKeys);
        const missing = wantKeys.filter((k) => !have.has(k));
        if (missing.length > 0)
          failures.push(`${stream}: ${missing.length} expected primary keys not found, e.g. ${clip(missing[0] as string, 100)}`);
      }
    } else if (want.length > got.length) {
      failures.push(`${stream}: expected to have at least as many records as expected (${got.length} < ${want.length})`);
    }
  }
  return failures;
}

/** Beyond CAT (which compares primary keys only): each expected record's data equals the actual record's. */
export function expectedRecordsData(messages: Msg[], expected: Msg[], configured: Msg): Failures {
  const failures: Failures = [];
  const pkOf = new Map<string, string[][]>(
    (configured.streams as Msg[]).map((s) => [s.stream.name, s.stream.source_defined_primary_key ?? []]),
  );
  const actual = new Map<string, string>();
  for (const m of records(messages)) {
    const pk = pkOf.get(m.record.stream) ?? [];
    actual.set(`${m.record.stream}|${canonical(pkValues(m.record.data, pk))}`, canonical(m.record.data));
  }
  const differing = new Map<string, number>();
  for (const r of expected) {
    const pk = pkOf.get(r.stream) ?? [];
    const got = actual.get(`${r.stream}|${canonical(pkValues(r.data, pk))}`);
    if (got !== undefined && got !== canonical(r.data)) differing.set(r.stream, (differing.get(r.stream) ?? 0) + 1);
  }
  for (const [stream, n] of differing) failures.push(`${stream}: ${n} expected record(s) have different data than the read`);
  return failures;
}

function groupByStream(recordPayloads: Msg[]): Map<string, Msg[]> {
  const out = new Map<string, Msg[]>();
  for (const r of recordPayloads) out.set(r.stream, [...(out.get(r.stream) ?? []), r.data]);
  return out;
}

/** _validate_stream_statuses: every configured stream emits STARTED, RUNNING…, COMPLETE, and only those. */
export function streamStatuses(messages: Msg[], configured: Msg): Failures {
  const key = (d: Msg) => `${d.namespace ?? 'None'}-${d.name}`;
  const byStream = new Map<string, string[]>();
  for (const t of traces(messages, 'STREAM_STATUS')) {
    const k = key(t.trace.stream_status.stream_descriptor);
    byStream.set(k, [...(byStream.get(k) ?? []), t.trace.stream_status.status]);
  }
  const want = new Set((configured.streams as Msg[]).map((s) => key(s.stream)));
  const failures: Failures = [];
  const missing = [...want].filter((k) => !byStream.has(k));
  const extra = [...byStream.keys()].filter((k) => !want.has(k));
  if (missing.length || extra.length) {
    failures.push(`All stream must emit status (missing: ${missing.join(', ') || '-'}; not configured: ${extra.join(', ') || '-'})`);
  }
  for (const [stream, list] of byStream) {
    const ok =
      list.length >= 3 && list[0] === 'STARTED' && list[list.length - 1] === 'COMPLETE' && list.slice(1, -1).every((s) => s === 'RUNNING');
    if (!ok) failures.push(`${stream}: statuses ${list.join('→')}, expected STARTED→RUNNING…→COMPLETE`);
  }
  return failures;
}

/** _validate_state_messages. */
export function stateMessages(messages: Msg[], configured: Msg): Failures {
  const all = states(messages);
  const failures: Failures = [];
  if (all.length < configured.streams.length) {
    failures.push(`At least one state message should be emitted for each configured stream (${all.length} < ${configured.streams.length})`);
  }
  for (const m of all) {
    const state = m.state ?? {};
    if (state.type === 'LEGACY' || (state.type === undefined && state.data !== undefined))
      failures.push('a state message has the deprecated LEGACY type');
    else if (!isObject(state.stream?.stream_descriptor))
      failures.push(`a ${state.type} state has no stream.stream_descriptor (CAT reads it and crashes)`);
    if (!isObject(state.sourceStats)) failures.push(`the state of ${state.stream?.stream_descriptor?.name ?? '?'} has no sourceStats`);
  }
  return [...new Set(failures)];
}

/** test_airbyte_trace_message_on_failure. */
export function errorTraceOnFailure(messages: Msg[]): Failures {
  return traces(messages, 'ERROR').length >= 1 ? [] : ['Connector should emit at least one error trace message'];
}

/** The catalog CAT uses for test_airbyte_trace_message_on_failure. */
export const BOGUS_CATALOG = {
  streams: [
    {
      stream: {
        name: '__AIRBYTE__stream_that_does_not_exist',
        json_schema: { type: 'object', properties: { f1: { type: 'string' } } },
        supported_sync_modes: ['full_refresh'],
      },
      sync_mode: 'INVALID',
      destination_sync_mode: 'INVALID',
    },
  ],
};

// ================================================================ full refresh ==================================

export function emittedAtIncreases(first: Msg[], second: Msg[]): Failures {
  const r1 = records(first);
  const r2 = records(second);
  if (r1.length === 0) return ['At least one record should be read using provided catalog'];
  if (r2.length === 0) return ['the second read has no records (CAT: min() of an empty list)'];
  const max1 = Math.max(...r1.map((m) => m.record.emitted_at));
  const min2 = Math.min(...r2.map((m) => m.record.emitted_at));
  return max1 < min2 ? [] : [`emitted_at should increase on subsequent runs (max of read 1 ${max1} >= min of read 2 ${min2})`];
}

// ================================================================ incremental ===================================

/** naive_diff_records: DeepDiff(ignore_order=True) of the data lists; repetitions are not reported by DeepDiff. */
export function recordsDiffer(first: Msg[], second: Msg[]): boolean {
  const a = new Set(records(first).map((m) => canonical(m.record.data)));
  const b = new Set(records(second).map((m) => canonical(m.record.data)));
  if (a.size !== b.size) return true;
  for (const x of a) if (!b.has(x)) return true;
  return false;
}

/** The --state input CAT builds for read 2 of test_two_sequential_reads. */
export function stateInputFromRead(messages: Msg[]): unknown {
  const all = states(messages);
  const last = all[all.length - 1];
  if (last?.state?.type !== 'STREAM') return last?.state?.data;
  const latest = new Map<string, Msg>();
  for (const m of all) if (m.state?.type === 'STREAM') latest.set(m.state.stream.stream_descriptor.name, m.state.stream.stream_state ?? {});
  return [...latest].map(([name, streamState]) => ({
    type: 'STREAM',
    stream: {
      stream_descriptor: { name, ...('stream_namespace' in streamState ? { namespace: streamState.stream_namespace } : {}) },
      stream_state: streamState,
    },
  }));
}

export function twoSequentialReadsFirst(first: Msg[]): Failures {
  const failures: Failures = [];
  if (states(first).length === 0) failures.push('First Read should produce at least one state');
  if (records(first).length === 0) failures.push('First Read should produce at least one record');
  return failures;
}

export function twoSequentialReadsSecond(first: Msg[], second: Msg[]): Failures {
  return recordsDiffer(first, second) ? [] : ['Records should change between reads but did not'];
}

const recordCount = (m: Msg): number => Number(m.state?.sourceStats?.recordCount ?? 0);
const stateKey = (m: Msg): string => canonical(m.state?.stream ? m.state.stream.stream_state : m.state);

/** _get_unique_state_messages_with_record_count, including its quirks, on copies of the messages. */
export function uniqueStatesWithRecordCount(input: Msg[]): [Msg, number][] {
  const list = input.map((m) => structuredClone(m));
  if (list.length <= 1) return list.filter((m) => recordCount(m)).map((m) => [m, 0]);
  const unique: Msg[] = [];
  let current = 0;
  while (current < list.length - 1) {
    let next = current + 1;
    while (stateKey(list[current] as Msg) === stateKey(list[next] as Msg) && next < list.length - 1) next++;
    const sum = list.slice(current, next).reduce((acc, m) => acc + recordCount(m), 0);
    (list[current] as Msg).state.sourceStats = { recordCount: sum };
    unique.push(list[current] as Msg);
    if (next === list.length - 1 && stateKey(list[current] as Msg) !== stateKey(list[next] as Msg)) unique.push(list[next] as Msg);
    current = next;
  }
  const nonZero = unique.filter((m) => recordCount(m));
  const total = nonZero.reduce((acc, m) => acc + recordCount(m), 0);
  let running = 0;
  return nonZero.map((m) => {
    running += recordCount(m);
    return [m, total - running];
  });
}

export const MIN_BATCHES_TO_TEST = 5;

/** _states_with_expected_record_count_batch_selector. */
export function selectCheckpoints(unique: [Msg, number][]): [Msg, number][] {
  if (unique.length < 3) return unique.slice(-1);
  const sampleRate = Math.floor(unique.length / MIN_BATCHES_TO_TEST) || 1;
  return unique.filter((_, idx) => idx !== 0 && idx % sampleRate === 0 && idx !== unique.length - 1);
}

/** get_next_state_input: the accumulated per-stream states after taking this checkpoint. */
export function nextStateInput(checkpoint: Msg, accumulated: Map<string, unknown>): unknown[] {
  const state = checkpoint.state;
  if (state?.type === 'STREAM' && state.stream.stream_state)
    accumulated.set(state.stream.stream_descriptor.name, state.stream.stream_state);
  return [...accumulated].map(([name, streamState]) => ({
    type: 'STREAM',
    stream: { stream_descriptor: { name }, stream_state: streamState },
  }));
}

export function sliceReplay(full: Msg[], replay: Msg[], expectedCount: number): Failures {
  const failures: Failures = [];
  const n = records(replay).length;
  if (n < expectedCount) failures.push(`replay returned ${n} records, expected at least ${expectedCount}`);
  if (!recordsDiffer(full, replay)) failures.push('Records for subsequent reads with new state should be different');
  return failures;
}

/** test_state_with_abnormally_large_values. */
export function futureStateRead(messages: Msg[]): Failures {
  const failures: Failures = [];
  const r = records(messages);
  if (r.length > 0) failures.push(`The sync should produce no records with an abnormally large state (stream ${r[0]?.record.stream})`);
  if (states(messages).length === 0) failures.push('The sync should produce at least one STATE message');
  return failures;
}

/** High strictness: every incremental stream of the catalog is in the future-state file or declared missing. */
export function futureStateCoverage(futureState: Msg[], configured: Msg, missing: EmptyStream[]): Failures {
  const failures: Failures = [];
  if (missing.some((m) => !m.bypass_reason)) failures.push('all missing_streams must have a bypass reason specified');
  const inFile = new Set(futureState.map((s) => s?.stream?.stream_descriptor?.name));
  const declared = new Set(missing.map((m) => m.name));
  const uncovered = (configured.streams as Msg[])
    .filter((s) => s.stream.supported_sync_modes.includes('incremental'))
    .map((s) => s.stream.name)
    .filter((n) => !inFile.has(n) && !declared.has(n));
  if (uncovered.length) failures.push(`streams missing in the future_state file: ${uncovered.join(', ')}`);
  return failures;
}

function ajvErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
}
