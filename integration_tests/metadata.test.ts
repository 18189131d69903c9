// Validates metadata.yaml against Airbyte's connector metadata schema and checks that it agrees with
// the Dockerfile (labels, entrypoint, base image) and package.json (version).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCHEMA_FILE = 'ConnectorMetadataDefinitionV0.bundled.json';
// The repo lives next to shared/ (as /work/main and /work/shared, or a CI clone with shared/ beside it).
const SCHEMA_CANDIDATES = [
  process.env.METADATA_SCHEMA_PATH,
  // A verbatim copy of airbytehq/airbyte-connector-models' bundle, so a plain clone can run the test.
  join(ROOT, 'integration_tests', 'reference', SCHEMA_FILE),
  join(ROOT, '..', 'shared', 'reference', 'metadata-schema', SCHEMA_FILE),
  join(ROOT, 'shared', 'reference', 'metadata-schema', SCHEMA_FILE),
].filter((p): p is string => typeof p === 'string' && p.length > 0);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function schemaPath(): string {
  const found = SCHEMA_CANDIDATES.find((p) => existsSync(p));
  if (!found) {
    throw new Error(`metadata schema not found; looked in:\n  ${SCHEMA_CANDIDATES.join('\n  ')}\n(set METADATA_SCHEMA_PATH)`);
  }
  return found;
}

const JSON_TYPES = new Set(['null', 'boolean', 'object', 'array', 'number', 'integer', 'string']);

/**
 * Makes the bundled schema usable by a standard validator (ajv compiles and checks the schema,
 * unlike Python's jsonschema by default):
 * 1. The bundle keeps every sub-schema's `$id` while its `$ref`s are root-relative
 *    (`#/properties/data/...`). A nested `$id` changes the base URI, so those refs would point
 *    nowhere. Drop every `$id` below the root.
 * 2. ConnectorMetrics.yaml writes `type: ConnectorMetric` (a name from its own `definitions`, not a
 *    JSON type), which makes the whole schema invalid. Turn such a type into a `$ref` to the nearest
 *    enclosing definition of that name. Only `data.generated` (filled in by Airbyte's registry
 *    tooling, never by a connector) uses it.
 */
function normalizeBundledSchema(root: unknown, { stripNestedIds = true } = {}): unknown {
  const walk = (node: unknown, pointer: string, scopes: Array<{ pointer: string; names: Set<string> }>): unknown => {
    if (Array.isArray(node)) return node.map((n, i) => walk(n, `${pointer}/${i}`, scopes));
    if (node === null || typeof node !== 'object') return node;
    const obj = node as Record<string, unknown>;
    const defs = obj.definitions;
    const inner =
      defs !== null && typeof defs === 'object'
        ? [...scopes, { pointer: `${pointer}/definitions`, names: new Set(Object.keys(defs)) }]
        : scopes;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(obj)) {
      if (key === '$id' && pointer !== '' && stripNestedIds) continue;
      const escaped = key.replace(/~/g, '~0').replace(/\//g, '~1');
      out[key] = walk(value, `${pointer}/${escaped}`, inner);
    }
    const type = obj.type;
    if (typeof type === 'string' && !JSON_TYPES.has(type)) {
      const scope = [...inner].reverse().find((s) => s.names.has(type));
      if (!scope) throw new Error(`unknown type ${JSON.stringify(type)} at ${pointer || '/'}`);
      delete out.type;
      out.$ref = `#${scope.pointer}/${type}`;
    }
    return out;
  };
  return walk(root, '', []);
}

/** YAML 1.1 loaders (PyYAML, which Airbyte's tooling uses) turn bare dates into Date objects. */
function stringifyDates(node: unknown): Json {
  if (node instanceof Date) return node.toISOString().slice(0, 10);
  if (Array.isArray(node)) return node.map(stringifyDates);
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, stringifyDates(v)]));
  }
  return node as Json;
}

function loadMetadata(text: string): JsonObject {
  return stringifyDates(parseYaml(text, { version: '1.1' })) as JsonObject;
}

// ---- Dockerfile parsing (just enough for LABEL / ENV / ENTRYPOINT / ARG) -------------------

interface DockerInstruction {
  keyword: string;
  args: string;
}

function dockerInstructions(text: string): DockerInstruction[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (current === '' && /^\s*(#|$)/.test(line)) continue;
    if (current !== '' && /^\s*#/.test(line)) continue; // comments inside continuations
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push(current + line);
    current = '';
  }
  if (current.trim() !== '') logical.push(current);
  return logical.map((l) => {
    const m = /^\s*(\S+)\s*(.*)$/.exec(l);
    return { keyword: (m?.[1] ?? '').toUpperCase(), args: (m?.[2] ?? '').trim() };
  });
}

/** Parses `k=v k2="v 2"` (LABEL / ENV / ARG key=value form). */
function keyValues(args: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([^\s=]+)=("((?:[^"\\]|\\.)*)"|'([^']*)'|(\S*))/g;
  for (const m of args.matchAll(re)) {
    const key = m[1] as string;
    out[key] = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : (m[4] ?? m[5] ?? '');
  }
  return out;
}

interface DockerFacts {
  labels: Record<string, string>;
  env: Record<string, string>;
  entrypoint: unknown;
  args: Record<string, string>;
  workdir: string | undefined;
}

function dockerFacts(text: string): DockerFacts {
  const facts: DockerFacts = { labels: {}, env: {}, entrypoint: undefined, args: {}, workdir: undefined };
  for (const { keyword, args } of dockerInstructions(text)) {
    if (keyword === 'LABEL') Object.assign(facts.labels, keyValues(args));
    else if (keyword === 'ARG') Object.assign(facts.args, keyValues(args));
    else if (keyword === 'WORKDIR') facts.workdir = args;
    else if (keyword === 'ENV') {
      if (/^[^\s=]+=/.test(args)) Object.assign(facts.env, keyValues(args));
      else {
        const m = /^(\S+)\s+(.*)$/.exec(args); // legacy `ENV key value`
        if (m) facts.env[m[1] as string] = (m[2] as string).replace(/^"(.*)"$/, '$1');
      }
    } else if (keyword === 'ENTRYPOINT') {
      // The last ENTRYPOINT wins (multi-stage: the runtime stage is last).
      facts.entrypoint = args.startsWith('[') ? JSON.parse(args) : args;
    }
  }
  return facts;
}

function errorText(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');
}

// ---- tests ---------------------------------------------------------------------------------

describe('metadata.yaml', () => {
  let validate: ValidateFunction;
  let metadataText: string;
  let metadata: JsonObject;
  let data: JsonObject;
  let docker: DockerFacts;
  let pkg: { version: string; engines?: { node?: string } };

  beforeAll(() => {
    const schema = normalizeBundledSchema(JSON.parse(readFileSync(schemaPath(), 'utf8'))) as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    validate = ajv.compile(schema);

    metadataText = readFileSync(join(ROOT, 'metadata.yaml'), 'utf8');
    metadata = loadMetadata(metadataText);
    data = metadata.data as JsonObject;
    docker = dockerFacts(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
    pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  });

  it('the bundled schema only resolves once nested $ids are stripped (the trap)', () => {
    const raw = JSON.parse(readFileSync(schemaPath(), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    expect(() => ajv.compile(normalizeBundledSchema(raw, { stripNestedIds: false }) as object)).toThrow(/can't resolve reference/i);
  });

  it('is valid against ConnectorMetadataDefinitionV0', () => {
    const ok = validate(metadata);
    expect(errorText(validate.errors)).toBe('');
    expect(ok).toBe(true);
  });

  it('declares an API source with a UUID v4 definitionId', () => {
    expect(metadata.metadataSpecVersion).toBe('1.0');
    expect(data.name).toBe('Attio');
    expect(data.connectorType).toBe('source');
    expect(data.connectorSubtype).toBe('api');
    expect(data.definitionId).toMatch(UUID_V4);
    expect(data.releaseStage).toBe('alpha');
    expect(data.supportLevel).toBe('community');
    expect(data.license).toBe('MIT');
    expect(data.githubIssueLabel).toBe('source-attio');
  });

  it('keeps releaseDate a quoted string (a bare date is a Date to YAML 1.1 loaders)', () => {
    const raw = parseYaml(metadataText, { version: '1.1' }) as { data: { releaseDate: unknown } };
    expect(typeof raw.data.releaseDate).toBe('string');
    expect(data.releaseDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('only allows the Attio API host', () => {
    expect(data.allowedHosts).toEqual({ hosts: ['api.attio.com'] });
  });

  it('suggests a non-empty set of streams', () => {
    const streams = (data.suggestedStreams as JsonObject | undefined)?.streams;
    expect(Array.isArray(streams)).toBe(true);
    expect((streams as string[]).length).toBeGreaterThan(0);
    expect(streams).toEqual(expect.arrayContaining(['people', 'companies', 'deals', 'lists', 'notes', 'tasks']));
  });

  it('is tagged as a TypeScript CRM connector with an existing SVG icon', () => {
    expect(data.tags).toEqual(expect.arrayContaining(['language:typescript', 'keyword:crm']));
    expect(data.icon).toBe('icon.svg');
    const icon = readFileSync(join(ROOT, data.icon as string), 'utf8');
    expect(icon).toMatch(/^<svg[\s>]/);
    expect(icon.trimEnd()).toMatch(/<\/svg>$/);
  });

  it('is enabled in both registries', () => {
    const overrides = data.registryOverrides as JsonObject;
    expect((overrides.oss as JsonObject).enabled).toBe(true);
    expect((overrides.cloud as JsonObject).enabled).toBe(true);
  });

  it('matches the Dockerfile labels and the package.json version', () => {
    expect(data.dockerRepository).toBe('airbyte/source-attio');
    expect(docker.labels['io.airbyte.name']).toBe(data.dockerRepository);
    expect(docker.labels['io.airbyte.version']).toBe(data.dockerImageTag);
    expect(data.dockerImageTag).toBe(pkg.version);
  });

  // Issue 21: a user who pulls an image must be able to tell which connector it is, and Airbyte's QA checks ask for
  // a version bump and a changelog row per release.
  it('has the version in the top row of the changelog, and in every image tag the docs show', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'attio.md'), 'utf8');
    const changelog = docs.slice(docs.indexOf('## Changelog'));
    const rows = [...changelog.matchAll(/^\| (\d+\.\d+\.\d+) \| (\d{4}-\d{2}-\d{2}) \|/gm)].map((m) => ({ version: m[1], date: m[2] }));
    expect(rows[0]?.version).toBe(pkg.version);
    // Newest first, each version above the one before it, never two rows for one version.
    const ordered = rows.map((r) => (r.version ?? '').split('.').map(Number)).map(([a = 0, b = 0, c = 0]) => a * 1e6 + b * 1e3 + c);
    expect(ordered).toEqual([...new Set(ordered)].sort((x, y) => y - x));
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
    expect(lock.version).toBe(pkg.version);
    const tags = [...docs.matchAll(/source-attio:(\d+\.\d+\.\d+)/g)].map((m) => m[1]);
    expect(tags.length).toBeGreaterThan(0);
    expect(new Set(tags)).toEqual(new Set([pkg.version]));
  });

  it('names the Dockerfile default base image as connectorBuildOptions.baseImage', () => {
    const base = docker.args.BASE_IMAGE;
    expect(base).toMatch(/^node:\d+-bookworm-slim$/);
    const declared = String((data.connectorBuildOptions as JsonObject).baseImage);
    expect(declared.replace(/^docker\.io\/(library\/)?/, '')).toBe(base);
    // The base's Node major must satisfy package.json engines (>=20.18.1 → major >= 20).
    const major = Number(/^node:(\d+)/.exec(base as string)?.[1]);
    const minMajor = Number(/>=\s*(\d+)/.exec(pkg.engines?.node ?? '>=0')?.[1]);
    expect(major).toBeGreaterThanOrEqual(minMajor);
  });

  it('sets AIRBYTE_ENTRYPOINT to the space-joined ENTRYPOINT, which runs the compiled src/main.ts', () => {
    expect(Array.isArray(docker.entrypoint)).toBe(true);
    const entrypoint = docker.entrypoint as string[];
    expect(docker.env.AIRBYTE_ENTRYPOINT).toBe(entrypoint.join(' '));
    expect(entrypoint).toEqual(['node', '/airbyte/dist/src/main.js']);
    expect(docker.workdir).toBe('/airbyte');
    // tsc (rootDir ".", outDir "dist") compiles src/main.ts to dist/src/main.js.
    const script = entrypoint[1] as string;
    const source = join(ROOT, script.replace(/^\/airbyte\/dist\//, '').replace(/\.js$/, '.ts'));
    expect(existsSync(source), `${source} should exist`).toBe(true);
  });

  describe('rejects invalid variants', () => {
    const variant = (mutate: (m: { data: Record<string, unknown> } & Record<string, unknown>) => void) => {
      const copy = structuredClone(metadata) as { data: Record<string, unknown> } & Record<string, unknown>;
      mutate(copy);
      return copy;
    };

    it('an unknown key under data', () => {
      expect(
        validate(
          variant((m) => {
            m.data.dockerImage = 'airbyte/source-attio:0.1.0';
          }),
        ),
      ).toBe(false);
      expect(validate.errors).toContainEqual(
        expect.objectContaining({ keyword: 'additionalProperties', instancePath: '/data', params: { additionalProperty: 'dockerImage' } }),
      );
    });

    it('an unknown top-level key', () => {
      expect(
        validate(
          variant((m) => {
            m.version = 1;
          }),
        ),
      ).toBe(false);
      expect(validate.errors).toContainEqual(
        expect.objectContaining({ keyword: 'additionalProperties', params: { additionalProperty: 'version' } }),
      );
    });

    it('a missing releaseStage', () => {
      expect(
        validate(
          variant((m) => {
            delete m.data.releaseStage;
          }),
        ),
      ).toBe(false);
      expect(validate.errors).toContainEqual(expect.objectContaining({ keyword: 'required', params: { missingProperty: 'releaseStage' } }));
    });

    it('a definitionId that is not a UUID, and an unknown connectorType', () => {
      expect(
        validate(
          variant((m) => {
            m.data.definitionId = 'source-attio';
          }),
        ),
      ).toBe(false);
      expect(validate.errors).toContainEqual(expect.objectContaining({ instancePath: '/data/definitionId', keyword: 'format' }));
      expect(
        validate(
          variant((m) => {
            m.data.connectorType = 'extractor';
          }),
        ),
      ).toBe(false);
      expect(validate.errors).toContainEqual(expect.objectContaining({ instancePath: '/data/connectorType', keyword: 'enum' }));
    });
  });
});
