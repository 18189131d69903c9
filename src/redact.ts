// Secrets never leave the process: every text bound for stdout or stderr passes through redact().

const MIN_SECRET_LENGTH = 4;
const secrets = new Set<string>();

/** Register a secret value (the API key) to be masked in every later output. */
export function registerSecret(value: unknown): void {
  if (typeof value === 'string' && value.length >= MIN_SECRET_LENGTH) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join('****');
  }
  // Belt and braces: a bearer token in an echoed header is masked even if it was never registered.
  return out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g, '$1****');
}

/** For tests only. */
export function clearSecrets(): void {
  secrets.clear();
}
