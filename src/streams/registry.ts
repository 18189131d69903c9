// Which streams this workspace and this token offer. discover and read share it, so the catalog and the
// read can never disagree. Streams are described cheaply first (name, scopes) and built on demand, so a
// read fetches attribute definitions only for the streams it was asked for.

import { isAttioAnswer } from '../attio/errors.js';
import { say, type UserMessage } from '../messages.js';
import type { AttioClient } from '../attio/client.js';
import { ENDPOINTS, scopesOf } from '../attio/endpoints.js';
import { pagesUntilEmpty } from '../attio/paginate.js';
import type { AttioAttribute } from '../attio/types.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { FIXED_STREAMS } from './declarations.js';
import { fixedStream } from './fixed-stream.js';
import { historyAttributes, parseNamedAttributes } from './history-attributes.js';
import { filesStreamName, historyStreamName, isHistoryStreamName, listStreamName, objectStreamName, parentStreamOf } from './naming.js';
import { FILES_SCOPES, filesStream, probeFiles } from './record-files.js';
import { ENTRY_SCOPES, entryStream, RECORD_SCOPES, recordStream } from './records.js';
import type { AttributeParent } from './schema-tables.js';
import { missingScopes } from './scopes.js';
import type { Stream } from './stream.js';
import { historyScopes, historyStream } from './value-history.js';

/** Stand-ins in `unavailable` for the per-object and per-list streams a token cannot even enumerate. */
export const OBJECT_STREAMS_PLACEHOLDER = '<one stream per object>';
export const LIST_STREAMS_PLACEHOLDER = '<one stream per list>';

export interface StreamEntry {
  name: string;
  requiredScopes: readonly string[];
  /** Rejects with EndpointAbsent when the stream's beta endpoint is not offered to this workspace or key. */
  build: () => Promise<Stream>;
}

/** A stream whose (beta) endpoint Attio does not offer to this workspace or key: a 403 or 404 to its probe. */
export class EndpointAbsent extends Error {
  constructor(
    readonly stream: string,
    readonly status: number,
    readonly route: string,
  ) {
    super(`Attio answered ${status} on ${route}`);
    this.name = 'EndpointAbsent';
  }
}

/** The stream, once its probe shows Attio offers its endpoint; a 403 or 404 to the probe is EndpointAbsent. */
async function probed(name: string, probe: () => Promise<void>, stream: () => Stream): Promise<Stream> {
  try {
    await probe();
  } catch (error) {
    if (isAttioAnswer(error, 403, 404)) throw new EndpointAbsent(name, error.status, error.route);
    throw error;
  }
  return stream();
}

export interface UnavailableStream {
  name: string;
  missing: string[];
}

export interface Registry {
  available: StreamEntry[];
  unavailable: UnavailableStream[];
  /** What discover tells the user about the choice of history streams (attributes left out, names matching none). */
  remarks: { level: 'info' | 'warn'; message: UserMessage }[];
}

export interface RegistryDeps {
  client: AttioClient;
  config: Config;
  logger: Logger;
  scopes: ReadonlySet<string>;
  /**
   * The streams the caller means to build (read: the configured ones). Offering history streams takes each
   * parent's attributes, fetched only for the parents of wanted history streams. Undefined: every stream.
   */
  wanted?: ReadonlySet<string>;
}

export async function buildRegistry(deps: RegistryDeps): Promise<Registry> {
  const { client, config, logger, scopes } = deps;
  const entries: StreamEntry[] = [];
  const unavailable: UnavailableStream[] = [];
  const remarks: Registry['remarks'] = [];
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
      const probe = declaration.probe;
      const build = probe
        ? () =>
            probed(
              stream.name,
              () => probe({ client, parents }),
              () => stream,
            )
        : async () => stream;
      offer({ name: stream.name, requiredScopes: stream.requiredScopes, build });
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
  const parentStreams: { parent: AttributeParent; name: string; kind: (typeof perParent)[number] }[] = [];
  for (const kind of perParent) {
    if (kind.items === undefined) unavailable.push({ name: kind.placeholder, missing: kind.listingScopes });
    for (const item of kind.items ?? []) {
      const apiId = item.slug ?? item.id;
      const parent: AttributeParent = { kind: kind.kind, target: kind.target, apiId, parentId: item.id, parentSlug: item.slug };
      parents.push(parent);
      parentStreams.push({ parent, name: kind.streamName(apiId), kind });
    }
  }

  // The history streams of a parent need its attributes: fetched for every parent by discover (which builds every
  // stream anyway) and check, and by a read only for the parents of the history streams it reads.
  const named = parseNamedAttributes(config.history_attributes ?? []);
  const matched = new Set<string>();
  const historyWanted = (name: string) =>
    deps.wanted === undefined || [...deps.wanted].some((w) => isHistoryStreamName(w) && parentStreamOf(w) === name);
  const histories = await Promise.all(
    parentStreams.map(async ({ parent, name }) => {
      if (missingScopes(ENDPOINTS.attributes.scopes, scopes).length > 0 || !historyWanted(name)) return [];
      const choice = historyAttributes(parent, await attributesOf(parent), named, config.include_archived_attributes);
      for (const n of choice.matched) matched.add(n.text);
      for (const attribute of choice.refused) {
        const message = say('historyNotOffered', { attribute: `${parent.parentSlug ?? parent.apiId}.${attribute.api_slug}` });
        remarks.push({ level: 'info', message });
      }
      return choice.offered;
    }),
  );
  if (deps.wanted === undefined) {
    for (const n of named.filter((n) => !matched.has(n.text))) {
      const message = say('historyAttributeUnknown', { name: n.text });
      remarks.push({ level: 'warn', message });
    }
  }

  let filesProbe: Promise<void> | undefined;
  const objectParents = parents.filter((parent) => parent.kind === 'object');
  const probeFilesOnce = () => {
    filesProbe ??= probeFiles(client, objectParents);
    return filesProbe;
  };
  for (const [i, { parent, name, kind }] of parentStreams.entries()) {
    offer({
      name,
      requiredScopes: kind.requiredScopes,
      build: async () => kind.stream(name, parent.apiId, await attributesOf(parent), client, config, logger),
    });
    // Streams derived from this one are named after it, and listed right after it.
    if (parent.kind === 'object') {
      const files = filesStreamName(name);
      offer({
        name: files,
        requiredScopes: FILES_SCOPES,
        build: () => probed(files, probeFilesOnce, () => filesStream(files, parent, client, config)),
      });
    }
    for (const attribute of histories[i] ?? []) {
      const history = historyStreamName(name, attribute.api_slug);
      offer({
        name: history,
        requiredScopes: historyScopes(parent.kind),
        build: async () => historyStream(history, parent, attribute, client, config),
      });
    }
  }

  offerFixed(true);
  return { available: entries, unavailable, remarks };
}

export function describeUnavailable(unavailable: UnavailableStream[]): string {
  return unavailable.map((u) => `${u.name} (needs ${u.missing.join(', ')})`).join('; ');
}
