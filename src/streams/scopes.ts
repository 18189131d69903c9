// Attio scopes come in `x:read` / `x:read-write` pairs; read-write includes read.

export function parseScopes(scope: string | undefined): Set<string> {
  const granted = new Set<string>();
  for (const token of (scope ?? '').split(/\s+/)) {
    if (!token) continue;
    granted.add(token);
    if (token.endsWith(':read-write')) granted.add(`${token.slice(0, -':read-write'.length)}:read`);
  }
  return granted;
}

export function missingScopes(required: readonly string[], granted: ReadonlySet<string>): string[] {
  return required.filter((scope) => !granted.has(scope));
}
