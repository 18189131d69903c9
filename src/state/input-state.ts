// The --state file in every shape Airbyte has sent (the CDK's Source.read_state reads the same; README, "Incremental sync"):
// the per-stream list (current), GLOBAL, LEGACY inside a list, the bare legacy dict, and the empty forms.

import { ConfigError } from '../errors.js';
import { say } from '../messages.js';
import type { StreamState } from '../protocol/types.js';

/** Stream name → its state; `null` means the platform reset that stream. */
export type InputState = Map<string, StreamState | null>;

export function parseInputState(text: string | undefined): InputState {
  const states: InputState = new Map();
  if (text === undefined || text.trim() === '') return states;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(say('stateNotJson'));
  }
  if (json === null) return states;
  if (Array.isArray(json)) {
    json.forEach((message, index) => readStateMessage(message, index, states));
    return states;
  }
  if (isObject(json)) {
    // A bare object: the legacy dict keyed by stream name, or a single state message someone unwrapped.
    if ('type' in json || 'stream' in json || 'global' in json) readStateMessage(json, 0, states);
    else readLegacyDict(json, states, 'the state file');
    return states;
  }
  throw new ConfigError(say('stateNotList'));
}

function readStateMessage(message: unknown, index: number, states: InputState): void {
  const where = `state message #${index + 1}`;
  if (!isObject(message)) throw new ConfigError(say('stateMessageNotObject', { where }));
  const type = message.type ?? (message.stream ? 'STREAM' : message.global ? 'GLOBAL' : message.data ? 'LEGACY' : undefined);
  if (type === 'STREAM') {
    const stream = message.stream;
    if (!isObject(stream) || !isObject(stream.stream_descriptor) || typeof stream.stream_descriptor.name !== 'string') {
      throw new ConfigError(say('stateStreamUnnamed', { where }));
    }
    states.set(stream.stream_descriptor.name, readStreamState(stream.stream_state, stream.stream_descriptor.name));
    return;
  }
  if (type === 'GLOBAL') {
    const global = message.global;
    if (!isObject(global) || !Array.isArray(global.stream_states)) {
      throw new ConfigError(say('stateGlobalWithoutList', { where }));
    }
    for (const entry of global.stream_states) {
      if (!isObject(entry) || !isObject(entry.stream_descriptor) || typeof entry.stream_descriptor.name !== 'string') {
        throw new ConfigError(say('stateGlobalEntryUnnamed', { where }));
      }
      states.set(entry.stream_descriptor.name, readStreamState(entry.stream_state, entry.stream_descriptor.name));
    }
    return;
  }
  if (type === 'LEGACY') {
    if (message.data === null || message.data === undefined) return;
    if (!isObject(message.data)) throw new ConfigError(say('stateLegacyDataNotObject', { where }));
    readLegacyDict(message.data, states, where);
    return;
  }
  throw new ConfigError(say('stateTypeUnknown', { where, type: String(JSON.stringify(type)) }));
}

function readLegacyDict(dict: Record<string, unknown>, states: InputState, where: string): void {
  for (const [name, value] of Object.entries(dict)) {
    if (value !== null && !isObject(value)) {
      throw new ConfigError(say('stateLegacyEntryNotObject', { where, stream: name }));
    }
    states.set(name, value);
  }
}

function readStreamState(value: unknown, name: string): StreamState | null {
  if (value === null || value === undefined) return null;
  if (!isObject(value)) throw new ConfigError(say('streamStateNotObject', { stream: name }));
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
