// The fixed streams every workspace has: its objects, lists and workspace members.

import type { AttioClient, Item } from '../attio/client.js';
import { simpleStream } from './simple.js';
import type { Stream } from './stream.js';

async function* once(items: Promise<Item[]>): AsyncIterable<Item[]> {
  yield await items;
}

export function objectsStream(client: AttioClient): Stream {
  return simpleStream({
    name: 'objects',
    primaryKey: [['object_id']],
    requiredScopes: ['object_configuration:read'],
    pages: (ctx) => once(client.listObjects({ onRateLimited: ctx.onRateLimited }) as Promise<unknown> as Promise<Item[]>),
  });
}

export function listsStream(client: AttioClient): Stream {
  return simpleStream({
    name: 'lists',
    primaryKey: [['list_id']],
    requiredScopes: ['list_configuration:read'],
    pages: (ctx) => once(client.listLists({ onRateLimited: ctx.onRateLimited }) as Promise<unknown> as Promise<Item[]>),
  });
}

export function workspaceMembersStream(client: AttioClient): Stream {
  return simpleStream({
    name: 'workspace_members',
    primaryKey: [['workspace_member_id']],
    requiredScopes: ['user_management:read'],
    pages: (ctx) => once(client.listWorkspaceMembers({ onRateLimited: ctx.onRateLimited })),
  });
}
