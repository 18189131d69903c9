import { beforeEach, describe, expect, it } from 'vitest';
import { authorizationEncodings } from '../integration_tests/hostile/server.js';
import { MIN_SECRET_LENGTH, redact as redactWithTheRunsSecrets, Secrets } from './redact.js';

const KEY = 'a9F3k2Lq8Zx7Vb1Nm4Pw6Rt0Ys5Uh2Jd';

// Each test its own set of secrets (the run's own, behind registerSecret and redact, only ever grows).
let secrets: Secrets;
const registerSecret = (value: unknown) => secrets.register(value);
const redact = (text: string) => secrets.redact(text);
beforeEach(() => {
  secrets = new Secrets();
});

describe('redact (issue 12 item 7: every encoding a server might echo)', () => {
  it.each(authorizationEncodings(`Bearer ${KEY}`).map((form, i) => [i, form]))(
    'masks echo form #%i of the Authorization header',
    (_i, form) => {
      registerSecret(KEY);
      const out = redact(`server said: ${form} (end)`);
      expect(out).toContain('****');
      expect(out.toLowerCase()).not.toContain(KEY.toLowerCase());
      expect(out).not.toContain(Buffer.from(KEY).toString('base64').slice(0, 20));
      expect(out).toMatch(/^server said: .*\(end\)$/);
    },
  );

  it('masks base64 of the key at every byte alignment inside a longer encoded text', () => {
    registerSecret(KEY);
    for (const prefix of ['', 'x', 'xy', 'Bearer ', 'Authorization: Bearer ', 'token=']) {
      for (const alphabet of ['base64', 'base64url'] as const) {
        const encoded = Buffer.from(`${prefix}${KEY}:suffix`).toString(alphabet);
        const out = redact(encoded);
        expect(out, `${prefix} ${alphabet}`).toContain('****');
        // What is left cannot be decoded back to the key.
        expect(Buffer.from(out.replace('****', ''), alphabet).toString('latin1')).not.toContain(KEY.slice(4, 12));
      }
    }
  });

  it('masks the key in any letter case, URL-, percent-, hex- and JSON-encoded', () => {
    const key = 'Sk/live+key=0123"456\\789';
    registerSecret(key);
    const forms = [
      key,
      key.toUpperCase(),
      key.toLowerCase(),
      encodeURIComponent(key),
      encodeURIComponent(key).toLowerCase(),
      Buffer.from(key).toString('hex').toUpperCase(),
      JSON.stringify(key).slice(1, -1),
      JSON.stringify(key).slice(1, -1).replace(/\//g, '\\/'),
    ];
    for (const form of forms) expect(redact(`<${form}>`), form).toBe('<****>');
  });

  it('leaves text without the key alone, and does not register keys too short to mask safely', () => {
    registerSecret(KEY);
    const plain = 'GET /v2/objects/people/records/query answered 503: Attio says "people are busy".';
    expect(redact(plain)).toBe(plain);
    secrets = new Secrets();
    for (const word of ['people', 'Attio', 'abc', 'x'.repeat(MIN_SECRET_LENGTH - 1)]) registerSecret(word);
    expect(redact(plain)).toBe(plain);
    expect(redact('x'.repeat(MIN_SECRET_LENGTH - 1))).toBe('x'.repeat(MIN_SECRET_LENGTH - 1));
  });

  it('masks any long bearer token, in any case, even if never registered', () => {
    expect(redact('authorization: bearer abcdefghijklmnop1234')).toBe('authorization: bearer ****');
    expect(redactWithTheRunsSecrets('authorization: bearer abcdefghijklmnop1234')).toBe('authorization: bearer ****');
  });
});
