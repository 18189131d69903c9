import { describe, expect, it } from 'vitest';

import { FIXED_STREAM_NAMES, listStreamName, objectStreamName } from './naming.js';

const TRICKY_OBJECT_SLUGS = [
  'people',
  'companies',
  'deals',
  ...FIXED_STREAM_NAMES, // an object may share a fixed stream's slug
  'object_notes', // looks like an escaped "notes"
  'object_object_notes',
  'object_',
  'object',
  'objectnotes',
  'list_entries_',
  'list_entries_sales',
  'list_entries_object_notes',
  'list_entries',
  'list',
  'lists_entries_sales',
  'sales',
  'notes_',
  '_notes',
  'object_people',
  'workspace_members_v2',
];

const TRICKY_LIST_SLUGS = ['sales', 'people', 'notes', 'object_notes', 'list_entries_sales', '', 'object_', 'entries', 'lists'];

/** Build every name the connector could publish for these slugs, failing on the first collision. */
function assertInjective(objects: string[], lists: string[]): Map<string, string> {
  const owner = new Map<string, string>();
  const claim = (name: string, who: string) => {
    const previous = owner.get(name);
    expect(previous, `"${name}" is claimed by both ${previous} and ${who}`).toBeUndefined();
    owner.set(name, who);
  };
  for (const name of FIXED_STREAM_NAMES) claim(name, `fixed ${name}`);
  for (const slug of new Set(objects)) claim(objectStreamName(slug), `object ${JSON.stringify(slug)}`);
  for (const slug of new Set(lists)) claim(listStreamName(slug), `list ${JSON.stringify(slug)}`);
  return owner;
}

describe('stream naming', () => {
  it('keeps ordinary object slugs as they are', () => {
    expect(objectStreamName('people')).toBe('people');
    expect(objectStreamName('companies')).toBe('companies');
    expect(objectStreamName('objectnotes')).toBe('objectnotes');
    expect(objectStreamName('list_entries')).toBe('list_entries'); // no trailing underscore: not the prefix
  });

  it('escapes slugs equal to a fixed stream name', () => {
    for (const name of FIXED_STREAM_NAMES) expect(objectStreamName(name)).toBe(`object_${name}`);
  });

  it('escapes slugs with a reserved prefix', () => {
    expect(objectStreamName('object_notes')).toBe('object_object_notes');
    expect(objectStreamName('object_')).toBe('object_object_');
    expect(objectStreamName('list_entries_sales')).toBe('object_list_entries_sales');
    expect(objectStreamName('list_entries_')).toBe('object_list_entries_');
  });

  it('prefixes every list', () => {
    expect(listStreamName('sales')).toBe('list_entries_sales');
    expect(listStreamName('notes')).toBe('list_entries_notes');
    expect(listStreamName('object_x')).toBe('list_entries_object_x');
  });

  it('is injective over a set of tricky slugs', () => {
    const owner = assertInjective(TRICKY_OBJECT_SLUGS, TRICKY_LIST_SLUGS);
    expect(owner.size).toBe(FIXED_STREAM_NAMES.length + new Set(TRICKY_OBJECT_SLUGS).size + new Set(TRICKY_LIST_SLUGS).size);
  });

  it('is injective over every slug built from the dangerous fragments (exhaustive up to 3 parts)', () => {
    const fragments = ['object_', 'list_entries_', 'notes', 'lists', 'object', 'list_entries', '_', 'a', ...FIXED_STREAM_NAMES.slice(0, 4)];
    const slugs = new Set<string>();
    for (const a of fragments) {
      slugs.add(a);
      for (const b of fragments) {
        slugs.add(a + b);
        for (const c of fragments) slugs.add(a + b + c);
      }
    }
    expect(slugs.size).toBeGreaterThan(1000);
    assertInjective([...slugs], [...slugs]);
  });

  it('never lets an unescaped object name start with a reserved prefix or equal a fixed name', () => {
    for (const slug of TRICKY_OBJECT_SLUGS) {
      const name = objectStreamName(slug);
      if (name === slug) {
        expect(slug.startsWith('object_')).toBe(false);
        expect(slug.startsWith('list_entries_')).toBe(false);
        expect((FIXED_STREAM_NAMES as readonly string[]).includes(slug)).toBe(false);
      } else {
        expect(name).toBe(`object_${slug}`);
      }
    }
  });

  it('depends on the slug alone: the same slug always gets the same name', () => {
    const before = TRICKY_OBJECT_SLUGS.map(objectStreamName);
    assertInjective(['extra_object', ...TRICKY_OBJECT_SLUGS], ['extra_list']);
    expect(TRICKY_OBJECT_SLUGS.map(objectStreamName)).toEqual(before);
  });
});
