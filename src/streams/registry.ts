// Which streams this workspace and this token offer. discover and read share it, so the catalog and the
// read can never disagree. Streams are described cheaply first (name, scopes) and built on demand, so a
// read fetches attribute definitions only for the streams it was asked for.

import type { AttioClient } from '../attio/client.js';
import { ENDPOINTS, scopesOf } from '../attio/endpoints.js';
import { pagesUntilEmpty } from '../attio/paginate.js';
import type { AttioAttribute } from '../attio/types.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { FIXED_STREAMS } from './declarations.js';
import { fixedStream } from './fixed-stream.js';
import { listStreamName, objectStreamName } from './naming.js';
import { ENTRY_SCOPES, entryStream, RECORD_SCOPES, recordStream } from './records.js';
import type { AttributeParent } from './schema-tables.js';
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
  const parents: AttributeParent[] = [];
  const offerFixed = (perParent: boolean) => {
    for (const declaration of FIXED_STREAMS.filter((d) => (d.perParent ?? false) === perParent)) {
      const stream = fixedStream(declaration, { client, config, parents, attributesOf });
      offer({ name: stream.name, requiredScopes: stream.requiredScopes, build: async () => stream });
    }
  };

  offerFixed(false);

  // Listing objects and lists needs the configuration scopes; without them their streams cannot be named.
  const canList = (endpoint: typeof ENDPOINTS.objects | typeof ENDPOINTS.lists) => missingScopes(endpoint.scopes, scopes).length === 0;
  const [objects, lists] = await Promise.all([
    canList(ENDPOINTS.objects) ? client.listObjects() : Promise.resolve(undefined),
    canList(ENDPOINTS.lists) ? client.listLists() : Promise.resolve(undefined),
  ]);
  // One record stream per object and one entry stream per list: the same steps, from a table.
  const perParent = [
    {
      kind: 'object' as const,
      target: 'objects' as const,
      items: objects?.map((o) => ({ id: o.id.object_id, slug: o.api_slug })),
      placeholder: OBJECT_STREAMS_PLACEHOLDER,
      listingScopes: scopesOf(ENDPOINTS.objects),
      streamName: objectStreamName,
      requiredScopes: RECORD_SCOPES,
      stream: recordStream,
    },
    {
      kind: 'list' as const,
      target: 'lists' as const,
      items: lists?.map((l) => ({ id: l.id.list_id, slug: l.api_slug })),
      placeholder: LIST_STREAMS_PLACEHOLDER,
      listingScopes: scopesOf(ENDPOINTS.lists),
      streamName: listStreamName,
      requiredScopes: ENTRY_SCOPES,
      stream: entryStream,
    },
  ];
  for (const kind of perParent) {
    if (kind.items === undefined) unavailable.push({ name: kind.placeholder, missing: kind.listingScopes });
    for (const item of kind.items ?? []) {
      const apiId = item.slug ?? item.id;
      const parent: AttributeParent = { kind: kind.kind, target: kind.target, apiId, parentId: item.id, parentSlug: item.slug };
      parents.push(parent);
      const name = kind.streamName(apiId);
      offer({
        name,
        requiredScopes: kind.requiredScopes,
        build: async () => kind.stream(name, apiId, await attributesOf(parent), client, config, logger),
      });
    }
  }

  offerFixed(true);
  return { available: entries, unavailable };
}

export function describeUnavailable(unavailable: UnavailableStream[]): string {
  return unavailable.map((u) => `${u.name} (needs ${u.missing.join(', ')})`).join('; ');
}
