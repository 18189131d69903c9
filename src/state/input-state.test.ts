import { describe, expect, it } from 'vitest';

import { ConfigError } from '../errors.js';
import { parseInputState } from './input-state.js';

const PEOPLE = { created_at: '2024-01-01T00:00:00.000000000Z', ids_at_created_at: ['r1'] };
const DEALS = { created_at: '2024-02-01T00:00:00.000000000Z', ids_at_created_at: [] };

function asObject(text: string | undefined) {
  return Object.fromEntries(parseInputState(text));
}

function configError(text: string): ConfigError {
  try {
    parseInputState(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected ${text} to be rejected`);
}

describe('parseInputState', () => {
  it.each([undefined, '', '   \n', 'null', '[]', '{}'])('reads %j as no state', (text) => {
    expect(parseInputState(text).size).toBe(0);
  });

  it('reads the per-stream list CAT and the platform write', () => {
    const text = JSON.stringify([
      { type: 'STREAM', stream: { stream_descriptor: { name: 'people' }, stream_state: PEOPLE } },
      {
        type: 'STREAM',
        stream: { stream_descriptor: { name: 'deals', namespace: 'ns' }, stream_state: DEALS },
        sourceStats: { recordCount: 3 },
      },
    ]);
    expect(asObject(text)).toEqual({ people: PEOPLE, deals: DEALS });
  });

  it('infers STREAM when type is missing', () => {
    const text = JSON.stringify([{ stream: { stream_descriptor: { name: 'people' }, stream_state: PEOPLE } }]);
    expect(asObject(text)).toEqual({ people: PEOPLE });
  });

  it('lets a later message for the same stream win', () => {
    const later = { created_at: '2024-05-01T00:00:00.000000000Z', ids_at_created_at: ['r9'] };
    const text = JSON.stringify([
      { type: 'STREAM', stream: { stream_descriptor: { name: 'people' }, stream_state: PEOPLE } },
      { type: 'STREAM', stream: { stream_descriptor: { name: 'people' }, stream_state: later } },
    ]);
    expect(asObject(text)).toEqual({ people: later });
  });

  it('reads stream_state null or absent as a reset (null)', () => {
    const text = JSON.stringify([
      { type: 'STREAM', stream: { stream_descriptor: { name: 'people' }, stream_state: null } },
      { type: 'STREAM', stream: { stream_descriptor: { name: 'deals' } } },
    ]);
    const states = parseInputState(text);
    expect(states.has('people')).toBe(true);
    expect(states.get('people')).toBeNull();
    expect(states.has('deals')).toBe(true);
    expect(states.get('deals')).toBeNull();
  });

  it('reads a GLOBAL message, with or without the type', () => {
    const global = {
      shared_state: { ignored: true },
      stream_states: [
        { stream_descriptor: { name: 'people' }, stream_state: PEOPLE },
        { stream_descriptor: { name: 'deals' }, stream_state: null },
      ],
    };
    expect(asObject(JSON.stringify([{ type: 'GLOBAL', global }]))).toEqual({ people: PEOPLE, deals: null });
    expect(asObject(JSON.stringify([{ global }]))).toEqual({ people: PEOPLE, deals: null });
  });

  it('reads LEGACY inside a list, with or without the type', () => {
    expect(asObject(JSON.stringify([{ type: 'LEGACY', data: { people: PEOPLE, deals: DEALS } }]))).toEqual({
      people: PEOPLE,
      deals: DEALS,
    });
    expect(asObject(JSON.stringify([{ data: { people: PEOPLE } }]))).toEqual({ people: PEOPLE });
    expect(parseInputState(JSON.stringify([{ type: 'LEGACY', data: null }])).size).toBe(0);
  });

  it('reads the bare legacy dict keyed by stream name, null meaning reset', () => {
    const states = parseInputState(JSON.stringify({ people: PEOPLE, deals: null }));
    expect(Object.fromEntries(states)).toEqual({ people: PEOPLE, deals: null });
  });

  it('reads a single unwrapped state message', () => {
    const text = JSON.stringify({ type: 'STREAM', stream: { stream_descriptor: { name: 'people' }, stream_state: PEOPLE } });
    expect(asObject(text)).toEqual({ people: PEOPLE });
  });

  it('mixes shapes in one list', () => {
    const text = JSON.stringify([
      { type: 'STREAM', stream: { stream_descriptor: { name: 'people' }, stream_state: PEOPLE } },
      { type: 'GLOBAL', global: { stream_states: [{ stream_descriptor: { name: 'deals' }, stream_state: DEALS }] } },
      { type: 'LEGACY', data: { notes: {} } },
    ]);
    expect(asObject(text)).toEqual({ people: PEOPLE, deals: DEALS, notes: {} });
  });

  describe('malformed input is a ConfigError with a clear message', () => {
    it('not JSON', () => {
      expect(configError('[{"type":"STREAM",').userMessage).toBe(
        'The state file is not valid JSON. Pass the state Airbyte saved, or no --state to start fresh.',
      );
    });

    it.each(['42', '"state"', 'true'])('a scalar %s', (text) => {
      expect(configError(text).userMessage).toMatch(/must hold a JSON list of state messages/);
    });

    it('a list entry that is not an object', () => {
      expect(configError('[{"type":"LEGACY","data":{}}, 7]').userMessage).toBe(
        'The state file is not valid: state message #2 is not an object.',
      );
      expect(configError('[null]').userMessage).toBe('The state file is not valid: state message #1 is not an object.');
      expect(configError('[[]]').userMessage).toMatch(/state message #1 is not an object/);
    });

    it('a STREAM message without a descriptor name', () => {
      for (const stream of [
        undefined,
        {},
        { stream_descriptor: {} },
        { stream_descriptor: { name: 3 } },
        { stream_descriptor: 'people' },
      ]) {
        const text = JSON.stringify([{ type: 'STREAM', ...(stream === undefined ? {} : { stream }) }]);
        expect(configError(text).userMessage, text).toBe(
          'The state file is not valid: state message #1 has type STREAM but no stream.stream_descriptor.name.',
        );
      }
    });

    it('a stream_state that is not an object', () => {
      for (const state of [5, 'x', [1], true]) {
        const text = JSON.stringify([{ type: 'STREAM', stream: { stream_descriptor: { name: 'people' }, stream_state: state } }]);
        expect(configError(text).userMessage, text).toBe('The state file is not valid: the stream_state of "people" is not an object.');
      }
    });

    it('a GLOBAL message without a stream_states list, or with a bad entry', () => {
      expect(configError('[{"type":"GLOBAL","global":{"shared_state":{}}}]').userMessage).toBe(
        'The state file is not valid: state message #1 has type GLOBAL but no global.stream_states list.',
      );
      expect(configError('[{"type":"GLOBAL"}]').userMessage).toMatch(/no global\.stream_states list/);
      expect(configError('[{"type":"GLOBAL","global":{"stream_states":[{"stream_state":{}}]}}]').userMessage).toBe(
        "The state file is not valid: an entry of state message #1's global.stream_states has no stream_descriptor.name.",
      );
      expect(
        configError('[{"type":"GLOBAL","global":{"stream_states":[{"stream_descriptor":{"name":"p"},"stream_state":1}]}}]').userMessage,
      ).toBe('The state file is not valid: the stream_state of "p" is not an object.');
    });

    it('a LEGACY message whose data is not an object, or whose streams are not objects', () => {
      expect(configError('[{"type":"LEGACY","data":[1]}]').userMessage).toBe(
        "The state file is not valid: state message #1's data is not an object.",
      );
      expect(configError('[{"type":"LEGACY","data":{"people":"2024"}}]').userMessage).toBe(
        'The state file is not valid: in state message #1, the state of stream "people" is not an object.',
      );
      expect(configError('{"people":[1,2]}').userMessage).toBe(
        'The state file is not valid: in the state file, the state of stream "people" is not an object.',
      );
    });

    it('an unknown type, or no recognisable payload', () => {
      expect(configError('[{"type":"BOGUS"}]').userMessage).toBe(
        'The state file is not valid: state message #1 has unknown type "BOGUS" (expected STREAM, GLOBAL or LEGACY).',
      );
      expect(configError('[{"sourceStats":{"recordCount":1}}]').userMessage).toMatch(/state message #1 has unknown type undefined/);
    });

    it('every error is a config_error', () => {
      expect(configError('{').failureType).toBe('config_error');
    });
  });
});
