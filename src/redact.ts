// Secrets never leave the process: every text bound for stdout or stderr passes through redact().
//
// A server may echo the key in any form it handled it in, so each registered secret is masked as is and in any
// letter case, URL-encoded, percent-encoded, hex, JSON-escaped, and in base64 and base64url at each of the three
// byte alignments it can have inside a longer encoded text (base64 of `Bearer <key>`, of `<key>:`): the run of
// base64 characters that depend on the key's bytes alone is the same wherever the key sits.

/**
 * Shorter values are not masked, and config.ts refuses API keys shorter than this: a short key could not be real,
 * and masking it (or a common word such as "people") would mangle every message that happens to contain it.
 */
export const MIN_SECRET_LENGTH = 16;

const MASK = '****';

/** A set of secrets and the masking of them; the run's own is the module's (registerSecret, redact). */
export class Secrets {
  private readonly values = new Set<string>();
  /** Forms compared in any letter case, and base64 forms compared exactly; rebuilt when a secret is registered. */
  private anyCase: RegExp | undefined;
  private exact: RegExp | undefined;

  register(value: unknown): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH || this.values.has(value)) return;
    this.values.add(value);
    const caseless = new Set<string>();
    const cased = new Set<string>();
    for (const secret of this.values) {
      for (const form of caselessForms(secret)) caseless.add(form);
      for (const form of base64Cores(secret)) cased.add(form);
    }
    this.anyCase = alternation(caseless, 'gi');
    this.exact = alternation(cased, 'g');
  }

  redact(text: string): string {
    let out = text;
    if (this.anyCase) out = out.replace(this.anyCase, MASK);
    if (this.exact) out = out.replace(this.exact, MASK);
    // Belt and braces: a bearer token in an echoed header is masked even if it was never registered.
    return out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, `$1${MASK}`);
  }
}

const secrets = new Secrets();

/** Register a secret value (the API key) to be masked in every later output. */
export function registerSecret(value: unknown): void {
  secrets.register(value);
}

export function redact(text: string): string {
  return secrets.redact(text);
}

function caselessForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const json = JSON.stringify(secret).slice(1, -1);
  return [
    secret,
    encodeURIComponent(secret),
    [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
    bytes.toString('hex'),
    json,
    json.replace(/\//g, '\\/'),
  ];
}

/** For each alignment and alphabet: the base64 characters made of the secret's bits only. */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const cores: string[] = [];
  for (const offset of [0, 1, 2]) {
    for (const alphabet of ['base64', 'base64url'] as const) {
      const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString(alphabet);
      cores.push(encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6)));
    }
  }
  return cores;
}

/** One regular expression matching any of the forms, longest first so a longer form is never masked in part. */
function alternation(forms: Set<string>, flags: string): RegExp {
  const sorted = [...forms].filter((f) => f.length > 0).sort((a, b) => b.length - a.length);
  return new RegExp(sorted.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), flags);
}
