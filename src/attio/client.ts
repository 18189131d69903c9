// Calls to the endpoints of endpoints.ts, unwrapped from Attio's {"data": …} envelope. Paths, page sizes and
// scopes come from that table; how a stream walks the pages is attio/paginate.ts.

import type { HttpClient, RequestOptions } from '../http/client.js';
import { ENDPOINTS, type Endpoint, endpointPath } from './endpoints.js';
import { attributeParams, type ParentKind } from './parent-kinds.js';
import type { AttioAttribute, AttioSelf } from './types.js';

export type CallOptions = Pick<RequestOptions, 'onRateLimited' | 'signal'>;
export type Item = Record<string, unknown>;
export type PathParams = Readonly<Record<string, string>>;
export type Query = Record<string, string | number | boolean | undefined>;

/** A page fetched but not yet parsed, with the size of its text (prefetching is bounded in bytes too). */
export type DeferredPage<T> = (() => Promise<T[]>) & { bytes?: number };

export interface QueryBody {
  filter?: Record<string, unknown>;
  sorts?: { attribute: string; direction: 'asc' | 'desc' }[];
  limit: number;
  offset: number;
}

export interface CursorPage {
  items: Item[];
  nextCursor: string | undefined;
}

export interface TranscriptPage {
  transcript: Item;
  nextCursor: string | undefined;
}

interface TranscriptEnvelope {
  data: Item;
  pagination?: { next_cursor?: string | null };
}

interface Envelope<T> {
  data: T;
}
interface CursorEnvelope<T> {
  data: T[];
  pagination?: { next_cursor?: string | null };
}

export class AttioClient {
  constructor(private readonly http: HttpClient) {}

  /** The token's own description; the one endpoint without the data envelope. */
  self(options: RequestOptions = {}): Promise<AttioSelf> {
    return this.http.get<AttioSelf>(ENDPOINTS.self.path, options);
  }

  /** One GET answer's items: the whole listing for unpaged endpoints, one page for paged ones. */
  async items(endpoint: Endpoint, params: PathParams = {}, query: Query = {}, options: CallOptions = {}): Promise<Item[]> {
    return (await this.http.get<Envelope<Item[]>>(endpointPath(endpoint, params), { ...options, query })).data;
  }

  /** The workspace's objects or lists: each one's id and slug (null for an object without one). */
  async parents(kind: ParentKind, options: CallOptions = {}): Promise<{ id: string; slug: string | null }[]> {
    const items = await this.items(kind.listing, {}, {}, options);
    return items.map((item) => ({
      id: (item.id as Record<string, string>)[kind.listingIdKey] as string,
      slug: item.api_slug as string | null,
    }));
  }

  /**
   * One page of an attribute listing. Its page size and maximum are undocumented, so callers page until
   * an empty page rather than trusting a short one (see paginate.ts).
   */
  async attributesPage(kind: ParentKind, parent: string, offset: number, showArchived: boolean, options: CallOptions = {}) {
    const path = endpointPath(ENDPOINTS.attributes, attributeParams(kind, parent));
    return (await this.http.get<Envelope<AttioAttribute[]>>(path, { ...options, query: { offset, show_archived: showArchived } })).data;
  }

  /**
   * A query page whose parsing is deferred until it is used. Pages fetched ahead wait as compact text (about
   * 3 KB a record) instead of object graphs several times that size, and their objects die young. A body that
   * turns out truncated is fetched again, parsed at once, through the usual retries.
   * limit and offset go in the JSON body of the query endpoints: as query parameters Attio ignores them.
   */
  async deferredQuery<T>(endpoint: Endpoint, params: PathParams, body: QueryBody, options: CallOptions = {}): Promise<DeferredPage<T>> {
    const path = endpointPath(endpoint, params);
    const { text, bytes } = await this.http.postText(path, body, options);
    const parse: DeferredPage<T> = async () => {
      let page: unknown;
      try {
        page = (JSON.parse(text) as Partial<Envelope<unknown>>).data;
      } catch {
        // Cut short on the way: fetched again below.
      }
      // Not the page it should be: fetched again, parsed at once, where the envelope is checked (a clear error).
      return Array.isArray(page) ? (page as T[]) : (await this.http.post<Envelope<T[]>>(path, body, options)).data;
    };
    parse.bytes = bytes;
    return parse;
  }

  /** One page of a call recording's transcript: the transcript object (its segments for this page) and the next cursor. */
  async transcriptPage(params: PathParams, cursor: string | undefined, options: CallOptions = {}): Promise<TranscriptPage> {
    const path = endpointPath(ENDPOINTS.callRecordingTranscript, params);
    const page = await this.http.get<TranscriptEnvelope>(path, { ...options, query: cursor === undefined ? {} : { cursor } });
    return { transcript: page.data, nextCursor: page.pagination?.next_cursor ?? undefined };
  }

  /** One page of a cursor-paged GET endpoint (meetings, call recordings). */
  async cursorPage(endpoint: Endpoint, params: PathParams, query: Query, options: CallOptions = {}): Promise<CursorPage> {
    const page = await this.http.get<CursorEnvelope<Item>>(endpointPath(endpoint, params), { ...options, query });
    return { items: page.data, nextCursor: page.pagination?.next_cursor ?? undefined };
  }
}
