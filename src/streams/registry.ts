// Which streams this workspace and this token offer. discover and read share it, so the catalog and the
// read can never disagree. Streams are described cheaply first (name, scopes) and built on demand, so a
// read fetches attribute definitions only for the streams it was asked for.

import type { AttioClient } from '../attio/client.js';
import { pagesUntilEmpty } from '../attio/paginate.js';
import type { AttioAttribute } from '../attio/types.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import {
  callRecordingsStream,
  commentsStream,
  meetingsStream,
  notesStream,
  tasksStream,
  threadsStream,
  webhooksStream,
  workspaceStream,
} from './activity.js';
import { listsStream, objectsStream, workspaceMembersStream } from './fixed.js';
import { listStreamName, objectStreamName } from './naming.js';
import { ENTRY_SCOPES, entryStream, RECORD_SCOPES, recordStream } from './records.js';
import { type AttributeParent, attributesStream, selectOptionsStream, statusesStream } from './schema-tables.js';
import { missingScopes } from './scopes.js';
import type { Stream } from './stream.js';

/** Stand-ins in `unavailable` for the per-object and per-list streams a token cannot even enumerate. */
export const OBJECT_STREAMS_PLACEHOLDER = '<one stream per object>';
export const LIST_STREAMS_PLACEHOLDER = '<one stream per list>';

export interface StreamEntry {
  name: string;
  requiredScopes: readonly string[];
  build: () => Promise<Stream>;
}

export interface UnavailableStream {
  name: string;
  missing: string[];
}

export interface Registry {
  available: StreamEntry[];
  unavailable: UnavailableStream[];
}

export interface RegistryDeps {
  client: AttioClient;
  config: Config;
  logger: Logger;
  scopes: ReadonlySet<string>;
}

export async function buildRegistry(deps: RegistryDeps): Promise<Registry> {
  const { client, config, logger, scopes } = deps;
  const entries: StreamEntry[] = [];
  const unavailable: UnavailableStream[] = [];
  const offer = (entry: StreamEntry) => {
    const missing = missingScopes(entry.requiredScopes, scopes);
    if (missing.length === 0) entries.push(entry);
    else unavailable.push({ name: entry.name, missing });
  };
  const fixed = (stream: Stream): StreamEntry => ({
    name: stream.name,
    requiredScopes: stream.requiredScopes,
    build: async () => stream,
  });

  offer(fixed(workspaceStream(client)));
  offer(fixed(objectsStream(client)));
  offer(fixed(listsStream(client)));
  offer(fixed(workspaceMembersStream(client)));
  offer(fixed(notesStream(client, config)));
  offer(fixed(tasksStream(client, config)));
  offer(fixed(threadsStream(client, config)));
  offer(fixed(commentsStream(client, config)));
  offer(fixed(meetingsStream(client, config)));
  offer(fixed(callRecordingsStream(client, config)));
  offer(fixed(webhooksStream(client, config)));

  // Attribute definitions are fetched once per object or list and run (archived ones included: the
  // attributes stream shows them, and the column planner drops them unless asked to keep them).
  const attributeCache = new Map<string, Promise<AttioAttribute[]>>();
  const attributesOf = (parent: AttributeParent): Promise<AttioAttribute[]> => {
    const key = `${parent.target}/${parent.apiId}`;
    let pending = attributeCache.get(key);
    if (!pending) {
      pending = (async () => {
        const all: AttioAttribute[] = [];
        for await (const page of pagesUntilEmpty(
          (offset) => client.attributesPage(parent.target, parent.apiId, offset, true),
          (attribute) => attribute.id.attribute_id,
        )) {
          all.push(...page);
        }
        return all;
      })();
      attributeCache.set(key, pending);
    }
    return pending;
  };

  // Listing objects and lists needs the configuration scopes; without them their streams cannot be named.
  const [objects, lists] = await Promise.all([
    scopes.has('object_configuration:read') ? client.listObjects() : Promise.resolve(undefined),
    scopes.has('list_configuration:read') ? client.listLists() : Promise.resolve(undefined),
  ]);
  const parents: AttributeParent[] = [];
  if (objects === undefined) unavailable.push({ name: OBJECT_STREAMS_PLACEHOLDER, missing: ['object_configuration:read'] });
  for (const object of objects ?? []) {
    const apiId = object.api_slug ?? object.id.object_id;
    const parent: AttributeParent = { kind: 'object', target: 'objects', apiId, parentId: object.id.object_id, parentSlug: object.api_slug };
    parents.push(parent);
    const name = objectStreamName(apiId);
    offer({
      name,
      requiredScopes: RECORD_SCOPES,
      build: async () => recordStream(name, apiId, await attributesOf(parent), client, config, logger),
    });
  }
  if (lists === undefined) unavailable.push({ name: LIST_STREAMS_PLACEHOLDER, missing: ['list_configuration:read'] });
  for (const list of lists ?? []) {
    const apiId = list.api_slug ?? list.id.list_id;
    const parent: AttributeParent = { kind: 'list', target: 'lists', apiId, parentId: list.id.list_id, parentSlug: list.api_slug };
    parents.push(parent);
    const name = listStreamName(apiId);
    offer({
      name,
      requiredScopes: ENTRY_SCOPES,
      build: async () => entryStream(name, apiId, await attributesOf(parent), client, config, logger),
    });
  }

  const modelScopes = ['object_configuration:read'];
  offer(fixed(attributesStream(parents, attributesOf, modelScopes)));
  offer(fixed(selectOptionsStream(client, parents, attributesOf, modelScopes)));
  offer(fixed(statusesStream(client, parents, attributesOf, modelScopes)));
  return { available: entries, unavailable };
}

export function describeUnavailable(unavailable: UnavailableStream[]): string {
  return unavailable.map((u) => `${u.name} (needs ${u.missing.join(', ')})`).join('; ');
}
