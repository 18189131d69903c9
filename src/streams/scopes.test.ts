import { describe, expect, it } from 'vitest';

import { missingScopes, parseScopes } from './scopes.js';

describe('parseScopes', () => {
  it('splits on any whitespace and ignores empty tokens', () => {
    expect(parseScopes('  record_permission:read\tobject_configuration:read\n\nlist_entry:read ')).toEqual(
      new Set(['record_permission:read', 'object_configuration:read', 'list_entry:read']),
    );
  });

  it('lets read-write imply read', () => {
    const granted = parseScopes('note:read-write user_management:read');
    expect(granted.has('note:read-write')).toBe(true);
    expect(granted.has('note:read')).toBe(true);
    expect(granted.has('user_management:read')).toBe(true);
    expect(granted.has('user_management:read-write')).toBe(false);
  });

  it('is empty for no scope', () => {
    expect(parseScopes(undefined).size).toBe(0);
    expect(parseScopes('').size).toBe(0);
    expect(parseScopes('   ').size).toBe(0);
  });

  it('does not invent scopes from look-alikes', () => {
    const granted = parseScopes('task:readwrite comment:write');
    expect(granted).toEqual(new Set(['task:readwrite', 'comment:write']));
    expect(granted.has('task:read')).toBe(false);
    expect(granted.has('comment:read')).toBe(false);
  });
});

describe('missingScopes', () => {
  it('lists the required scopes not granted, in the order required', () => {
    const granted = parseScopes('record_permission:read-write object_configuration:read');
    expect(
      missingScopes(['object_configuration:read', 'list_entry:read', 'record_permission:read', 'list_configuration:read'], granted),
    ).toEqual(['list_entry:read', 'list_configuration:read']);
  });

  it('is empty when everything is granted or nothing is required', () => {
    const granted = parseScopes('note:read task:read-write');
    expect(missingScopes(['note:read', 'task:read'], granted)).toEqual([]);
    expect(missingScopes([], new Set())).toEqual([]);
  });

  it('does not accept read for a read-write requirement', () => {
    expect(missingScopes(['note:read-write'], parseScopes('note:read'))).toEqual(['note:read-write']);
  });
});
