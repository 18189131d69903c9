// Which streams this workspace and this token offer. discover and read share it, so the catalog and the
// read can never disagree. Streams are described cheaply first (name, scopes) and built on demand, so a
// read fetches attribute definitions only for the streams it was asked for.

import { say, type UserMessage } from '../messages.js';
import type { AttioClient } from '../attio/client.js';
import { ENDPOINTS, scopesOf } from '../attio/endpoints.js';
import { historyScopes, PARENT_KIND_ORDER, PARENT_KINDS, type ParentKind, streamScopes } from '../attio/parent-kinds.js';
import { pagesUntilEmpty } from '../attio/paginate.js';
import type { AttioAttribute } from '../attio/types.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { FIXED_STREAMS } from './declarations.js';
import { fixedStream } from './fixed-stream.js';
import { historyAttributes, parseNamedAttributes } from './history-attributes.js';
import { filesStreamName, historyStreamName, isHistoryStreamName, parentStreamName, parentStreamOf } from './naming.js';
import { FILES_SCOPES, filesStream, probeFiles } from './record-files.js';
import { parentStream } from './records.js';
import type { AttributeParent } from './schema-tables.js';
import { missingScopes } from './scopes.js';
import type { Stream } from './stream.js';
import { historyStream } from './value-history.js';

/** The stand-in in `unavailable` for the per-object (or per-list) streams a token cannot even enumerate. */
export function parentStreamsPlaceholder(kind: ParentKind): string {
  return `<one stream per ${kind.kind}>`;
}
export const OBJECT_STREAMS_PLACEHOLDER = parentStreamsPlaceholder(PARENT_KINDS.object);
export const LIST_STREAMS_PLACEHOLDER = parentStreamsPlaceholder(PARENT_KINDS.list);

export interface StreamEntry {
  name: string;
  requiredScopes: readonly string[];
  /** Rejects with EndpointAbsent when the stream's beta endpoint is not offered to this workspace or key. */
  build: () => Promise<Stream>;
}

/** A stream whose (beta) endpoint Attio does not offer to this workspace or key: its probe's answer (envelope.ts). */
export { EndpointAbsent } from '../attio/envelope.js';

/** The stream, once its probe shows Attio offers its endpoint (the probe rejects with EndpointAbsent otherwise). */
async function probed(probe: () => Promise<void>, stream: () => Stream): Promise<Stream> {
  await probe();
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
    const key = `${parent.kind}/${parent.apiId}`;
    let pending = attributeCache.get(key);
    if (!pending) {
      pending = (async () => {
        const all: AttioAttribute[] = [];
        for await (const page of pagesUntilEmpty(
          (offset) => client.attributesPage(PARENT_KINDS[parent.kind], parent.apiId, offset, true),
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
              () => probe({ client, parents }),
              () => stream,
            )
        : async () => stream;
      offer({ name: stream.name, requiredScopes: stream.requiredScopes, build });
    }
  };

  offerFixed(false);

  // Listing objects and lists needs the configuration scopes; without them their streams cannot be named.
  // One record stream per object and one entry stream per list: the same steps, from PARENT_KINDS.
  const listings = await Promise.all(
    PARENT_KIND_ORDER.map((kind) =>
      missingScopes(kind.listing.scopes, scopes).length === 0 ? client.parents(kind) : Promise.resolve(undefined),
    ),
  );
  const parentStreams: { parent: AttributeParent; name: string; kind: ParentKind }[] = [];
  for (const [i, kind] of PARENT_KIND_ORDER.entries()) {
    const items = listings[i];
    if (items === undefined) unavailable.push({ name: parentStreamsPlaceholder(kind), missing: scopesOf(kind.listing) });
    for (const item of items ?? []) {
      const apiId = item.slug ?? item.id;
      const parent: AttributeParent = { kind: kind.kind, apiId, parentId: item.id, parentSlug: item.slug };
      parents.push(parent);
      parentStreams.push({ parent, name: parentStreamName(kind.kind, apiId), kind });
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
  const objectParents = parents.filter((parent) => PARENT_KINDS[parent.kind].hasFiles);
  const probeFilesOnce = () => {
    filesProbe ??= probeFiles(client, objectParents);
    return filesProbe;
  };
  for (const [i, { parent, name, kind }] of parentStreams.entries()) {
    offer({
      name,
      requiredScopes: streamScopes(kind),
      build: async () => parentStream(kind, name, parent.apiId, await attributesOf(parent), client, config, logger),
    });
    // Streams derived from this one are named after it, and listed right after it.
    if (kind.hasFiles) {
      const files = filesStreamName(name);
      offer({
        name: files,
        requiredScopes: FILES_SCOPES,
        build: () => probed(probeFilesOnce, () => filesStream(files, parent, client, config)),
      });
    }
    for (const attribute of histories[i] ?? []) {
      const history = historyStreamName(name, attribute.api_slug);
      offer({
        name: history,
        requiredScopes: historyScopes(kind),
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
