import { describe, expect, it } from 'vitest';
import { V8_SETTINGS, v8FlagsToSet } from './run-process.js';

describe('v8FlagsToSet', () => {
  const all = [...V8_SETTINGS];

  it('sets every setting when node was given no flags', () => {
    expect(v8FlagsToSet([])).toEqual(all);
    expect(all).toEqual(['--heap-growing-percent=150', '--liftoff-only']);
  });

  it('leaves a flag the operator gave to node, in any of its spellings, and sets the others', () => {
    expect(v8FlagsToSet(['--heap-growing-percent=0'])).toEqual(['--liftoff-only']);
    expect(v8FlagsToSet(['--heap_growing_percent=40'])).toEqual(['--liftoff-only']);
    expect(v8FlagsToSet(['--no-liftoff-only'])).toEqual(['--heap-growing-percent=150']);
    expect(v8FlagsToSet(['--no_liftoff_only'])).toEqual(['--heap-growing-percent=150']);
    expect(v8FlagsToSet(['--liftoff-only', '--heap-growing-percent=0'])).toEqual([]);
  });

  it('is not confused by flags that only share a prefix, or by values', () => {
    expect(v8FlagsToSet(['--liftoff', '--heap-growing-percentage=3', 'liftoff-only'])).toEqual(all);
  });
});
