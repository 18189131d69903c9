// Keeps the user documentation (docs/attio.md) true to the code: the config table lists every spec property with
// its type, range and default; the streams table lists every fixed stream with the primary key, cursors, sync modes
// and scopes the code declares; the type table covers all 17 Attio attribute types with the column type the code
// produces (and agrees with docs/attribute-types.md); every error and warning message the code can produce is in
// the troubleshooting section; the changelog's latest version is package.json's; README links the page's streams
// and config tables instead of copying them.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import type { AttioClient } from '../src/attio/client.js';
import { ENDPOINTS } from '../src/attio/endpoints.js';
import type { ParentKind } from '../src/attio/parent-kinds.js';
import { ATTIO_ATTRIBUTE_TYPES } from '../src/attio/types.js';
import { parseConfig } from '../src/config.js';
import type { Logger } from '../src/logger.js';
import { MESSAGES, type MessageId } from '../src/messages.js';
import { fixedPieces } from './harness/message-pieces.js';
import { connectionSpecification } from '../src/spec.js';
import { FIXED_STREAM_NAMES } from '../src/streams/naming.js';
import { buildRegistry } from '../src/streams/registry.js';
import type { Stream } from '../src/streams/stream.js';
import { ATTRIBUTE_TYPE_MAPPINGS } from '../src/transform/attribute-types.js';
import { attribute } from './fixtures/attio-values.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DOC = readFileSync(join(ROOT, 'docs', 'attio.md'), 'utf8');
const TYPES_DOC = readFileSync(join(ROOT, 'docs', 'attribute-types.md'), 'utf8');

// ---- a little markdown reading --------------------------------------------------------------------------

/** The lines of the section under the first heading matching `heading`, up to the next heading of its level or above. */
function section(markdown: string, heading: RegExp): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => /^#{1,6}\s/.test(line) && heading.test(line.replace(/^#+\s*/, '').trim()));
  if (start < 0) throw new Error(`no heading matching ${heading}`);
  const level = (lines[start]?.match(/^#+/)?.[0] ?? '#').length;
  const end = lines.findIndex((line, i) => i > start && /^#{1,6}\s/.test(line) && (line.match(/^#+/)?.[0] ?? '').length <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** Cells of one table row; `\|` is a literal pipe. */
function cells(line: string): string[] {
  const parts = line.trim().split(/(?<!\\)\|/);
  return parts.slice(1, parts.length - 1).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** The body rows (no header, no separator) of the first table in these lines. */
function firstTable(lines: string[]): string[][] {
  const start = lines.findIndex((line) => line.trimStart().startsWith('|'));
  if (start < 0) throw new Error('no table in the section');
  const rows: string[][] = [];
  for (let i = start; i < lines.length && (lines[i] ?? '').trimStart().startsWith('|'); i += 1) rows.push(cells(lines[i] ?? ''));
  return rows.slice(2);
}

const codeSpans = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
const firstCode = (row: string[]): string | undefined => codeSpans(row[0] ?? '')[0];
const normalize = (text: string): string => text.replace(/\\(.)/g, '$1').replace(/\s+/g, ' ');

function rowFor(rows: string[][], name: string): string[] {
  const row = rows.find((r) => firstCode(r) === name);
  if (!row) throw new Error(`no row for \`${name}\``);
  return row;
}

// ---- the page itself -------------------------------------------------------------------------------------

describe('docs/attio.md follows the Airbyte connector page layout', () => {
  it('has the usual sections', () => {
    for (const heading of [
      /^Attio$/,
      /^Prerequisites$/,
      /^Setup guide$/,
      /^Step 1: Set up Attio$/,
      /^Step 2: Set up the Attio connector in Airbyte$/,
      /^Supported sync modes$/,
      /^Supported streams$/,
      /^Data type mapping$/,
      /^Limitations & Troubleshooting$/,
      /^Changelog$/,
    ]) {
      expect(() => section(DOC, heading), String(heading)).not.toThrow();
    }
  });

  it('quotes benchmark figures that agree with docs/performance.md, and links it', async () => {
    const { readFileSync } = await import('node:fs');
    const performance = readFileSync(new URL('../docs/performance.md', import.meta.url), 'utf8');
    expect(DOC).toMatch(/\[docs\/performance\.md\]\(performance\.md\)/);
    const quoted = /\*\*Benchmark\*\*[\s\S]*?performance\.md/.exec(DOC)?.[0] ?? '';
    const figures = quoted.match(/\d{1,3}(,\d{3})+|\d+\.\d+|\d+ MB/g) ?? [];
    expect(figures.length).toBeGreaterThan(3);
    for (const figure of figures) expect(performance, figure).toContain(figure);
  });
});

describe('the config table', () => {
  const spec = connectionSpecification() as {
    properties: Record<string, { type?: string; default?: unknown; minimum?: number; maximum?: number }>;
    required?: string[];
  };
  const rows = firstTable(section(DOC, /^Configuration reference$/));

  it('lists every property of the spec, with its type, range, whether it is required, and its default', () => {
    for (const [name, property] of Object.entries(spec.properties)) {
      const [, type = '', required = '', defaultCell = ''] = rowFor(rows, name);
      if (property.type) expect(type, `${name} type`).toContain(property.type);
      if (property.minimum !== undefined || property.maximum !== undefined) {
        expect(type, `${name} range`).toContain(`${property.minimum} to ${property.maximum}`);
      }
      expect(required.toLowerCase(), `${name} required`).toBe(spec.required?.includes(name) ? 'yes' : 'no');
      if (property.default !== undefined) expect(codeSpans(defaultCell), `${name} default`).toContain(String(property.default));
    }
  });

  it('lists nothing the spec does not have', () => {
    for (const row of rows) expect(Object.keys(spec.properties)).toContain(firstCode(row));
  });
});

// ---- streams ---------------------------------------------------------------------------------------------

/** Every stream the registry offers when the token has every scope, for one object and one list. */
async function allStreams(): Promise<Stream[]> {
  const parents = { object: [{ id: 'o', slug: 'people' }], list: [{ id: 'l', slug: 'sales' }] };
  // One status attribute on each: its history stream is offered.
  const stage = attribute('stage', 'status');
  const client = {
    parents: async (kind: ParentKind) => parents[kind.kind],
    attributesPage: async (_kind: ParentKind, _parent: string, offset: number) => (offset === 0 ? [stage] : []),
    // What the probes of beta endpoints ask: no item, no error.
    cursorPage: async () => ({ items: [], nextCursor: undefined }),
    deferredQuery: async () => async () => [],
  } as unknown as AttioClient;
  const quiet = { debug() {}, info() {}, warn() {}, error() {}, log() {}, debugEnabled: false } as unknown as Logger;
  // Every scope any endpoint asks for.
  const scopes = new Set(Object.values(ENDPOINTS).flatMap((endpoint) => endpoint.scopes));
  const registry = await buildRegistry({ client, config: parseConfig({ api_key: 'docs-test-key-0123456789' }), logger: quiet, scopes });
  expect(registry.unavailable).toEqual([]);
  return Promise.all(registry.available.map((entry) => entry.build()));
}

describe('the streams table', () => {
  const rows = firstTable(section(DOC, /^Streams$/));
  const TEMPLATES: Record<string, string> = {
    people: '<object slug>',
    list_entries_sales: 'list_entries_<list slug>',
    people__files: '<object stream>__files',
    people__stage_history: '<object stream>__<attribute slug>_history',
    list_entries_sales__stage_history: 'list_entries_<list slug>__<attribute slug>_history',
  };

  it('has a row for every fixed stream, and for the per-object and per-list streams', () => {
    for (const name of [...FIXED_STREAM_NAMES, ...Object.values(TEMPLATES)]) expect(() => rowFor(rows, name)).not.toThrow();
    for (const row of rows) expect([...FIXED_STREAM_NAMES, ...Object.values(TEMPLATES)]).toContain(firstCode(row));
  });

  it('gives each stream the primary key, cursor, sync modes and scopes the code declares', async () => {
    const streams = await allStreams();
    expect(streams.map((s) => s.name).sort()).toEqual([...FIXED_STREAM_NAMES, ...Object.keys(TEMPLATES)].sort());
    for (const stream of streams) {
      const [, pk = '', cursor = '', modes = '', scopes = ''] = rowFor(rows, TEMPLATES[stream.name] ?? stream.name);
      expect(codeSpans(pk), `${stream.name} primary key`).toEqual(stream.primaryKey.map((path) => path.join('.')));
      if (stream.cursorField) {
        const cursors = [...stream.cursorField, ...Object.keys(stream.otherCursors ?? {})];
        expect(codeSpans(cursor), `${stream.name} cursors`).toEqual(cursors);
        expect(modes, `${stream.name} sync modes`).toMatch(/Full refresh, Incremental/);
      } else {
        expect(cursor, `${stream.name} cursor`).toBe('');
        expect(modes, `${stream.name} sync modes`).toBe('Full refresh');
      }
      if (stream.requiredScopes.length === 0) expect(scopes).toBe('none');
      else expect(codeSpans(scopes).sort(), `${stream.name} scopes`).toEqual([...stream.requiredScopes].sort());
    }
  });

  it("Step 1 points to this table for each stream's scopes, and its list to sync everything is every scope the streams need", async () => {
    const step1 = section(DOC, /^Scopes each stream needs$/);
    expect(step1.join('\n')).toContain('[Streams](#streams)');
    const everything = step1.join(' ').match(/To sync everything, grant: ([^.]*)\./)?.[1] ?? '';
    const needed = new Set((await allStreams()).flatMap((stream) => stream.requiredScopes));
    expect(codeSpans(everything).sort()).toEqual([...needed].sort());
  });
});

// ---- attribute types -------------------------------------------------------------------------------------

describe('the data type table', () => {
  const rows = firstTable(section(DOC, /^Data type mapping$/));
  const typesDocRows = firstTable(section(TYPES_DOC, /^The type table$/));

  it('has a row for each of the 17 Attio attribute types, with the column type the code produces', () => {
    expect(ATTIO_ATTRIBUTE_TYPES).toHaveLength(17);
    for (const type of ATTIO_ATTRIBUTE_TYPES) {
      const [, column = ''] = rowFor(rows, type);
      const schema = ATTRIBUTE_TYPE_MAPPINGS[type].itemSchema(attribute('x', type)) as {
        type: string;
        format?: string;
        properties?: Record<string, unknown>;
      };
      expect(column.split(/[\s,]+/), `${type} column type`).toContain(schema.type);
      if (schema.format) expect(column, `${type} format`).toContain(schema.format);
      for (const field of Object.keys(schema.properties ?? {})) expect(column, `${type}.${field}`).toContain(field);
    }
  });

  it('has a row for unknown types: an array of the raw envelopes', () => {
    const unknown = rows.find((row) => /unknown/i.test(row[0] ?? ''));
    expect(unknown?.[1]).toMatch(/^array/);
  });

  it('agrees with docs/attribute-types.md', () => {
    for (const type of ATTIO_ATTRIBUTE_TYPES) {
      const ours = (rowFor(rows, type)[1] ?? '').split(/[\s,]+/)[0];
      const theirs = (rowFor(typesDocRows, type)[1] ?? '').split(/[\s,]+/)[0];
      expect(ours, type).toBe(theirs);
    }
  });
});

// ---- troubleshooting -------------------------------------------------------------------------------------

/** The longest fixed piece of a message (at most 48 characters), trimmed to letters and digits at both ends. */
function recognisablePart(id: MessageId): string {
  const pieces = fixedPieces(id)
    .map((piece) => normalize(piece).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, ''))
    .sort((a, b) => b.length - a.length);
  return (pieces[0] ?? '').slice(0, 48).replace(/[^A-Za-z0-9]+$/, '');
}

describe('troubleshooting', () => {
  const troubleshooting = normalize(section(DOC, /^Limitations & Troubleshooting$/).join('\n'));

  // The catalogue holds every text a user can read (the type system sends every error, log line and connection
  // status through it), so quoting each of its rows is quoting every message the connector can produce.
  it('quotes every message of the catalogue', () => {
    const ids = Object.keys(MESSAGES) as MessageId[];
    expect(ids.length).toBeGreaterThan(80);
    const missing = ids.filter((id) => recognisablePart(id).length >= 12 && !troubleshooting.includes(recognisablePart(id)));
    expect(missing).toEqual([]);
  });

  it('names the three failure types', () => {
    for (const type of ['config_error', 'transient_error', 'system_error']) expect(troubleshooting).toContain(type);
  });
});

// ---- changelog and README --------------------------------------------------------------------------------

describe('the changelog', () => {
  it("starts with package.json's version", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const [latest] = firstTable(section(DOC, /^Changelog$/));
    expect(latest?.[0]).toBe(pkg.version);
    expect(latest?.[1]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('README.md', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('links the streams and config tables of docs/attio.md, whose headings exist', () => {
    expect(readme).toContain('](docs/attio.md#streams)');
    expect(readme).toContain('](docs/attio.md#configuration-reference)');
    expect(section(DOC, /^Streams$/).length).toBeGreaterThan(0);
    expect(section(DOC, /^Configuration reference$/).length).toBeGreaterThan(0);
  });

  it('does not copy them: no table row names a fixed stream or a config field', () => {
    const rows = readme.split('\n').filter((line) => line.trimStart().startsWith('|'));
    const names = [...FIXED_STREAM_NAMES, ...Object.keys((connectionSpecification() as { properties: object }).properties)];
    expect(rows.filter((row) => names.includes(firstCode(cells(row)) ?? ''))).toEqual([]);
  });
});
