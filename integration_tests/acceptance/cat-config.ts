// acceptance-test-config.yml, checked against CAT's own pydantic models (connector_acceptance_test/config.py,
// saved in shared/reference/cat/config.py) and CAT's high-strictness rules (conftest.py, tests/*.py).
//
// CAT's models forbid extra keys (BaseConfig: extra = "forbid"), except the GenericTestConfig wrapper
// ({bypass_reason, tests}) which pydantic's GenericModel lets through; we forbid them there too, so a typo
// such as `test:` for `tests:` fails here instead of silently running nothing.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const SEMVER = /^(0|(?:[1-9]\d*))(?:\.(0|(?:[1-9]\d*))(?:\.(0|(?:[1-9]\d*)))?(?:-([\w][\w.\-_]*))?)?/;
const opt = <T extends z.ZodTypeAny>(t: T) => t.nullish();
const timeout = opt(z.number().int().min(0));
const deploymentMode = opt(z.string().regex(/^(cloud|oss)$/));

const backwardCompatibility = z
  .object({ previous_connector_version: opt(z.string().regex(SEMVER)), disable_for_version: opt(z.string().regex(SEMVER)) })
  .strict();

const oauth = z
  .object({ oauth: opt(z.boolean()), bypass_reason: opt(z.string()) })
  .strict()
  .refine((o) => o.oauth !== false || !!o.bypass_reason, 'Please provide a bypass reason for Auth default method');

const spec = z
  .object({
    spec_path: opt(z.string()),
    config_path: opt(z.string()),
    timeout_seconds: timeout,
    deployment_mode: deploymentMode,
    backward_compatibility_tests_config: opt(backwardCompatibility),
    auth_default_method: opt(oauth),
  })
  .strict();

const connection = z
  .object({
    config_path: opt(z.string()),
    status: opt(z.enum(['succeed', 'failed', 'exception'])),
    timeout_seconds: timeout,
    deployment_mode: deploymentMode,
  })
  .strict();

const discovery = z
  .object({
    config_path: opt(z.string()),
    timeout_seconds: timeout,
    deployment_mode: deploymentMode,
    backward_compatibility_tests_config: opt(backwardCompatibility),
    validate_primary_keys_data_type: opt(z.boolean()),
  })
  .strict();

const expectedRecords = z
  .object({ bypass_reason: opt(z.string()), path: opt(z.string()), exact_order: opt(z.boolean()) })
  .strict()
  .refine((e) => !(e.path && e.bypass_reason), "You can't set a bypass_reason if a path is set")
  .refine((e) => !!(e.path || e.bypass_reason), 'A path or a bypass_reason must be set');

const named = z.object({ name: z.string(), bypass_reason: opt(z.string()) }).strict();

const fileTypes = z
  .object({
    bypass_reason: opt(z.string()),
    unsupported_types: opt(z.array(z.object({ extension: z.string().regex(/^\..+/), bypass_reason: opt(z.string()) }).strict())),
    skip_test: opt(z.boolean()),
  })
  .strict()
  .refine((f) => !(f.skip_test && f.unsupported_types), "You can't set 'unsupported_types' if the test is skipped.")
  .refine((f) => f.skip_test || f.bypass_reason == null, "You can't set 'bypass_reason' if the test is not skipped.");

const clientContainer = z
  .object({
    secrets_path: opt(z.string()),
    client_container_dockerfile_path: opt(z.string()),
    setup_command: opt(z.array(z.string())),
    teardown_command: opt(z.array(z.string())),
    between_syncs_command: opt(z.array(z.string())),
    final_teardown_command: opt(z.array(z.string())),
  })
  .strict();

const basicRead = z
  .object({
    config_path: opt(z.string()),
    deployment_mode: deploymentMode,
    configured_catalog_path: opt(z.string()),
    empty_streams: opt(z.array(named)),
    expect_records: opt(expectedRecords),
    validate_schema: opt(z.boolean()),
    validate_stream_statuses: opt(z.boolean()),
    validate_state_messages: opt(z.boolean()),
    validate_primary_keys_data_type: opt(z.boolean()),
    fail_on_extra_columns: opt(z.boolean()),
    validate_data_points: opt(z.boolean()),
    expect_trace_message_on_failure: opt(z.boolean()),
    timeout_seconds: timeout,
    file_types: opt(fileTypes),
    client_container_config: opt(clientContainer),
  })
  .strict();

const fullRefresh = z
  .object({
    config_path: opt(z.string()),
    configured_catalog_path: opt(z.string()),
    timeout_seconds: timeout,
    deployment_mode: deploymentMode,
    ignored_fields: opt(z.record(z.string(), z.array(named))),
    client_container_config: opt(clientContainer),
  })
  .strict();

const futureState = z
  .object({
    future_state_path: opt(z.string()),
    missing_streams: opt(z.array(named)),
    bypass_reason: opt(z.string()),
    cursor_format: opt(
      z
        .object({
          format: opt(z.string()),
          streams: opt(z.array(z.object({ name: z.string(), format: opt(z.string()) }).strict())),
        })
        .strict(),
    ),
  })
  .strict();

const incremental = z
  .object({
    config_path: opt(z.string()),
    configured_catalog_path: opt(z.string()),
    future_state: opt(futureState),
    timeout_seconds: timeout,
    deployment_mode: deploymentMode,
    skip_comprehensive_incremental_tests: opt(z.boolean()),
    client_container_config: opt(clientContainer),
  })
  .strict();

const connectorAttributes = z
  .object({
    timeout_seconds: timeout,
    config_path: opt(z.string()),
    streams_without_primary_key: opt(z.array(named)),
    allowed_hosts: opt(z.object({ bypass_reason: opt(z.string()) }).strict()),
    suggested_streams: opt(z.object({ bypass_reason: opt(z.string()) }).strict()),
  })
  .strict();

const documentation = z.object({ timeout_seconds: timeout, config_path: opt(z.string()) }).strict();

const generic = <T extends z.ZodTypeAny>(test: T) =>
  z
    .object({ bypass_reason: opt(z.string()), tests: opt(z.array(test)) })
    .strict()
    .refine((g) => !(g.tests && g.tests.length > 0 && g.bypass_reason), "You can't set a bypass_reason if tests are set.");

export const catConfigSchema = z
  .object({
    connector_image: z.string(),
    acceptance_tests: z
      .object({
        spec: opt(generic(spec)),
        connection: opt(generic(connection)),
        discovery: opt(generic(discovery)),
        basic_read: opt(generic(basicRead)),
        full_refresh: opt(generic(fullRefresh)),
        incremental: opt(generic(incremental)),
        connector_attributes: opt(generic(connectorAttributes)),
        connector_documentation: opt(generic(documentation)),
        client_container_config: opt(clientContainer),
      })
      .strict(),
    base_path: opt(z.string()),
    test_strictness_level: opt(z.enum(['high', 'low'])),
    custom_environment_variables: opt(z.record(z.string(), z.unknown())),
  })
  .strict();

export type CatConfig = z.infer<typeof catConfigSchema>;
export type SpecTest = z.infer<typeof spec>;
export type ConnectionTest = z.infer<typeof connection>;
export type DiscoveryTest = z.infer<typeof discovery>;
export type BasicReadTest = z.infer<typeof basicRead>;
export type FullRefreshTest = z.infer<typeof fullRefresh>;
export type IncrementalTest = z.infer<typeof incremental>;

/** Parses the YAML text; problems are reported as "path: message" lines. */
export function parseCatConfig(text: string): { config?: CatConfig; failures: string[] } {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    return { failures: [`not YAML: ${(error as Error).message}`] };
  }
  if (raw && typeof raw === 'object' && 'tests' in raw) {
    return { failures: ['legacy format (top-level `tests:`); use `acceptance_tests:`'] };
  }
  const result = catConfigSchema.safeParse(raw);
  if (!result.success) return { failures: result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  return { config: result.data, failures: [] };
}

export function loadCatConfig(path: string): { config?: CatConfig; failures: string[] } {
  return parseCatConfig(readFileSync(path, 'utf8'));
}

/** The suites CAT makes mandatory in high strictness (plugin.py), and the per-test rules of the fixtures. */
export const MANDATORY_SUITES = ['spec', 'connection', 'discovery', 'basic_read', 'full_refresh', 'incremental'] as const;

export function highStrictnessFailures(config: CatConfig): string[] {
  if (config.test_strictness_level !== 'high') return [];
  const failures: string[] = [];
  const suites = config.acceptance_tests as Record<string, { tests?: unknown[] | null; bypass_reason?: string | null } | null | undefined>;
  for (const name of MANDATORY_SUITES) {
    const suite = suites[name];
    if (!suite || (!(suite.tests && suite.tests.length > 0) && !suite.bypass_reason))
      failures.push(`${name}: mandatory in high strictness (tests or a bypass_reason)`);
  }
  for (const t of config.acceptance_tests.basic_read?.tests ?? []) {
    if (t.configured_catalog_path) failures.push("basic_read: you can't set a custom configured catalog when strictness level is high");
    if (t.validate_schema === false) failures.push('basic_read: validate_schema must be true');
    if (!t.expect_records) failures.push('basic_read: expect_records must be configured');
    for (const e of t.empty_streams ?? []) if (!e.bypass_reason) failures.push(`basic_read: empty stream ${e.name} needs a bypass_reason`);
  }
  for (const t of config.acceptance_tests.full_refresh?.tests ?? []) {
    for (const [stream, fields] of Object.entries(t.ignored_fields ?? {})) {
      for (const f of fields) if (!f.bypass_reason) failures.push(`full_refresh: ignored field ${stream}.${f.name} needs a bypass_reason`);
    }
  }
  for (const t of config.acceptance_tests.incremental?.tests ?? []) {
    if (!t.future_state || (!t.future_state.future_state_path && t.future_state.bypass_reason == null)) {
      failures.push('incremental: a future state configuration (or its bypass_reason) is mandatory');
    }
  }
  return failures;
}
