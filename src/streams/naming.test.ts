import { describe, expect, it } from 'vitest';

import {
  FIXED_STREAM_NAMES,
  filesStreamName,
  historyStreamName,
  isHistoryStreamName,
  isListStreamName,
  listStreamName,
  objectStreamName,
  parentStreamOf,
} from './naming.js';

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
  'deals__stage_history',
  'deals__stage',
  'deals__files',
  'people__files',
  'notes__x_history',
  'object_notes__stage_history',
  'hex',
  'hex6e6f746573',
  'list_hex',
  'object_hex',
  'object_list_hex',
  '__',
  '_',
];

const TRICKY_LIST_SLUGS = [
  'sales',
  'people',
  'notes',
  'object_notes',
  'list_entries_sales',
  '',
  'object_',
  'entries',
  'lists',
  'sales__stage_history',
  'sales__stage',
  '_stage',
  'hex',
];

// Objects and lists whose slug looks like a derived name, and attributes that look like a separator or suffix.
const TRICKY_ATTRIBUTE_SLUGS = ['stage', '_stage', 'stage_', 'stage__x', 'x_history', 'files', '_history', '__', '_', 'history'];

/**
 * Build every name the connector could publish for these slugs (with, for every object and list, the history
 * streams of these attribute slugs and an object's files stream), failing on the first collision.
 */
function assertInjective(objects: string[], lists: string[], attributes: string[] = []): Map<string, string> {
  const owner = new Map<string, string>();
  const claim = (name: string, who: string) => {
    const previous = owner.get(name);
    expect(previous, `"${name}" is claimed by both ${previous} and ${who}`).toBeUndefined();
    owner.set(name, who);
  };
  const derived = (parent: string, who: string, files: boolean) => {
    for (const attribute of new Set(attributes))
      claim(historyStreamName(parent, attribute), `history of ${who}.${JSON.stringify(attribute)}`);
    if (files) claim(filesStreamName(parent), `files of ${who}`);
  };
  for (const name of FIXED_STREAM_NAMES) claim(name, `fixed ${name}`);
  for (const slug of new Set(objects)) {
    claim(objectStreamName(slug), `object ${JSON.stringify(slug)}`);
    derived(objectStreamName(slug), `object ${JSON.stringify(slug)}`, true);
  }
  for (const slug of new Set(lists)) {
    claim(listStreamName(slug), `list ${JSON.stringify(slug)}`);
    derived(listStreamName(slug), `list ${JSON.stringify(slug)}`, false);
  }
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
    expect(objectStreamName('list_entries_sales')).toBe('object_list_entries_sales');
  });

  it('names an object or list by its slug in hex when its name would contain "__" or end with "_"', () => {
    expect(objectStreamName('deals__stage_history')).toBe(`object_hex${Buffer.from('deals__stage_history').toString('hex')}`);
    expect(objectStreamName('notes_')).toBe('object_hex6e6f7465735f');
    expect(objectStreamName('object_')).toBe('object_hex6f626a6563745f');
    expect(objectStreamName('list_entries_')).toBe('object_hex6c6973745f656e74726965735f');
    expect(listStreamName('a__b')).toBe('object_list_hex615f5f62');
    expect(listStreamName('_x')).toBe('object_list_hex5f78'); // list_entries__x would hold "__"
    expect(listStreamName('')).toBe('object_list_hex');
    expect(objectStreamName('_notes')).toBe('_notes'); // a leading underscore alone is harmless
  });

  it('names derived streams after their parent stream, so they sort next to it', () => {
    expect(historyStreamName('deals', 'stage')).toBe('deals__stage_history');
    expect(historyStreamName('list_entries_sales_pipeline', 'stage')).toBe('list_entries_sales_pipeline__stage_history');
    expect(filesStreamName('people')).toBe('people__files');
    expect(parentStreamOf('list_entries_sales_pipeline__stage_history')).toBe('list_entries_sales_pipeline');
    expect(parentStreamOf('deals__next__step_history')).toBe('deals');
    expect(parentStreamOf('deals')).toBeUndefined();
    expect(isHistoryStreamName('deals__stage_history')).toBe(true);
    expect(isHistoryStreamName('deals__files')).toBe(false);
    expect(isHistoryStreamName('stage_history')).toBe(false);
    expect(isListStreamName('list_entries_sales__stage_history')).toBe(true);
    expect(isListStreamName(listStreamName('a__b'))).toBe(true);
    expect(isListStreamName('deals__stage_history')).toBe(false);
    expect([historyStreamName('deals', 'stage'), 'deals_1', 'deals', 'deals_a'].sort()).toEqual([
      'deals',
      'deals_1',
      'deals__stage_history',
      'deals_a',
    ]);
  });

  it('keeps "__" and a trailing "_" out of every fixed name (derived names split at the first "__")', () => {
    for (const name of FIXED_STREAM_NAMES) expect(name.includes('__') || name.endsWith('_'), name).toBe(false);
  });

  it('prefixes every list', () => {
    expect(listStreamName('sales')).toBe('list_entries_sales');
    expect(listStreamName('notes')).toBe('list_entries_notes');
    expect(listStreamName('object_x')).toBe('list_entries_object_x');
  });

  it('is injective over a set of tricky slugs, history and files streams included', () => {
    const owner = assertInjective(TRICKY_OBJECT_SLUGS, TRICKY_LIST_SLUGS, TRICKY_ATTRIBUTE_SLUGS);
    const objects = new Set(TRICKY_OBJECT_SLUGS).size;
    const lists = new Set(TRICKY_LIST_SLUGS).size;
    const attributes = new Set(TRICKY_ATTRIBUTE_SLUGS).size;
    expect(owner.size).toBe(FIXED_STREAM_NAMES.length + objects * (2 + attributes) + lists * (1 + attributes));
  });

  it('is injective over every slug built from the dangerous fragments (exhaustive up to 3 parts)', () => {
    const fragments = [
      'object_',
      'list_entries_',
      'notes',
      'lists',
      'object',
      'list_entries',
      '_',
      '__',
      'a',
      '_history',
      'files',
      'hex',
      ...FIXED_STREAM_NAMES.slice(0, 4),
    ];
    const slugs = new Set<string>();
    for (const a of fragments) {
      slugs.add(a);
      for (const b of fragments) {
        slugs.add(a + b);
        for (const c of fragments) slugs.add(a + b + c);
      }
    }
    expect(slugs.size).toBeGreaterThan(3000);
    assertInjective([...slugs], [...slugs], ['stage', '_stage', 'a__', 'files', '_history', '__']);
  });

  it('never lets an unescaped object name start with a reserved prefix or equal a fixed name', () => {
    for (const slug of TRICKY_OBJECT_SLUGS) {
      const name = objectStreamName(slug);
      if (name.startsWith('object_hex')) {
        expect(slug.includes('__') || slug.endsWith('_') || `object_${slug}`.includes('__')).toBe(true);
      } else if (name === slug) {
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
