// Bearer tokens the simulator accepts, their scopes, and GET /v2/self's token introspection.
import type { Workspace } from './workspace.js';

export interface TokenInfo {
  scopes: string[];
  active?: boolean;
}

export type Authentication =
  | { kind: 'missing' }
  | { kind: 'unknown'; token: string }
  | { kind: 'inactive'; token: string }
  | { kind: 'ok'; token: string; scopes: string[] };

export class TokenRegistry {
  private readonly tokens = new Map<string, TokenInfo>();

  constructor(apiKey: string, apiKeyScopes: readonly string[], extra: Record<string, TokenInfo> = {}) {
    this.tokens.set(apiKey, { scopes: [...apiKeyScopes], active: true });
    for (const [token, info] of Object.entries(extra)) this.tokens.set(token, info);
  }

  authenticate(authorization: string | undefined): Authentication {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match?.[1]) return { kind: 'missing' };
    const token = match[1];
    const info = this.tokens.get(token);
    if (!info) return { kind: 'unknown', token };
    if (info.active === false) return { kind: 'inactive', token };
    return { kind: 'ok', token, scopes: info.scopes };
  }
}

/** The body of GET /v2/self for an active token (not wrapped in {data}). */
export function selfBody(ws: Workspace, scopes: readonly string[]): Record<string, unknown> {
  const clientId = ws.apiTokenActor.id ?? ws.id;
  const admin = ws.workspaceMembers().find((m) => m.access_level === 'admin');
  return {
    active: true,
    scope: scopes.join(' '),
    client_id: clientId,
    token_type: 'Bearer',
    exp: null,
    iat: Math.floor(Date.parse('2024-01-15T12:00:00Z') / 1000),
    sub: ws.id,
    aud: clientId,
    iss: 'attio.com',
    authorized_by_workspace_member_id: admin?.id.workspace_member_id ?? null,
    workspace_id: ws.id,
    workspace_name: ws.name,
    workspace_slug: ws.slug,
    workspace_logo_url: ws.logoUrl,
  };
}
