import { describe, expect, it } from 'vitest';
import { checkAttioEnvelope } from './envelope.js';

describe('checkAttioEnvelope', () => {
  const transcript = 'GET /v2/meetings/m1/call_recordings/r1/transcript';
  it('a transcript page is one object as its data (Attio OpenAPI document)', () => {
    expect(checkAttioEnvelope(transcript, { data: { transcript: [] }, pagination: { next_cursor: null } })).toBeUndefined();
    expect(checkAttioEnvelope(transcript, { data: [] })).toMatch(/"data": \{…\}/);
    expect(checkAttioEnvelope(transcript, { data: null })).toMatch(/null/);
  });
  it('every other listing still needs a list as its data', () => {
    expect(checkAttioEnvelope('GET /v2/meetings', { data: [] })).toBeUndefined();
    expect(checkAttioEnvelope('GET /v2/meetings/m1/call_recordings', { data: {} })).toMatch(/an object/);
  });
});
