import { describe, expect, it } from 'vitest';
import { fixedPieces } from '../integration_tests/harness/message-pieces.js';
import { MESSAGES, type MessageId, say } from './messages.js';

const IDS = Object.keys(MESSAGES) as MessageId[];

describe('the message catalogue', () => {
  it('fills every slot of a template', () => {
    expect(say('fileUnreadable', { what: 'config', path: '/tmp/c.json', reason: 'it does not exist' })).toBe(
      'Cannot read the config file "/tmp/c.json": it does not exist.',
    );
    // A slot used twice is filled twice; numbers are written as numbers.
    expect(say('cursorSwitched', { stream: 'people', from: 'created_at', to: 'last_value_set_at' })).toMatch(
      /not last_value_set_at; .* saves a last_value_set_at cursor\.$/,
    );
    expect(say('loopSameItems', { offset: 1500 })).toBe('returned the same items again at offset 1500');
    expect(say('usage')).toBe(MESSAGES.usage);
  });

  it('has braces only around slot names, so a template splits into its fixed pieces exactly', () => {
    for (const id of IDS) {
      const template: string = MESSAGES[id];
      expect(template.replace(/\{\w+\}/g, ''), id).not.toMatch(/[{}]/);
      expect(fixedPieces(id).join(''), id).toBe(template.replace(/\{\w+\}/g, ''));
    }
  });

  it('leaves no slot unfilled when every slot is given', () => {
    for (const id of IDS) {
      const values = Object.fromEntries([...MESSAGES[id].matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, 'x']));
      const text: string = (say as (id: MessageId, values: Record<string, string>) => string)(id, values);
      expect(text, id).not.toMatch(/\{\w+\}|undefined/);
    }
  });

  it('checks slot names at compile time', () => {
    // @ts-expect-error: a slot left out does not compile (tsc --noEmit runs over the tests in CI).
    const missing = () => say('fileEmpty', { what: 'config' });
    // @ts-expect-error: a template without slots takes no values.
    const extra = () => say('usage', { usage: 'x' });
    expect([missing, extra]).toHaveLength(2);
  });
});
