// Calls to the endpoints of endpoints.ts, unwrapped from Attio's {"data": …} envelope. Paths, page sizes and
// scopes come from that table, and so does what each answer means (envelope.ts): every request is checked against
// its row's envelope, and a 403 or 404 its absence rule names becomes an empty answer, or EndpointAbsent in a
// probe. How a stream walks the pages is attio/paginate.ts.

import type { HttpClient, RequestOptions } from '../http/client.js';
import { ENDPOINTS, type Endpoint, endpointPath } from './endpoints.js';
import { absenceOf, EndpointAbsent, envelopeCheck } from './envelope.js';
import type { AttioApiError } from './errors.js';
import { attributeParams, type ParentKind } from './parent-kinds.js';
import type { AttioAttribute, AttioSelf } from './types.js';

export interface CallOptions extends Pick<RequestOptions, 'onRateLimited' | 'signal'> {
  /**
   * The call asks whether Attio offers the endpoint (a beta endpoint's probe): a 403 or 404 its absence rule names
   * rejects with EndpointAbsent.
   */
  probe?: boolean;
}
export type Item = Record<string, unknown>;
export type PathParams = Readonly<Record<string, string>>;
export type Query = Record<string, string | number | boolean | undefined>;

/** A page fetched but not yet parsed, with the size of its body (prefetching is bounded in bytes too). */
export type DeferredPage<T> = (() => Promise<T[]>) & { bytes?: number };

export interface QueryBody {
  filter?: Record<string, unknown>;
  sorts?: { attribute: string; direction: 'asc' | 'desc' }[];
  limit: number;
  offset: number;
}

export interface CursorPage {
  /** The page's items; for a `data-object` endpoint, its one object (a part of the whole when it pages). */
  items: Item[];
  nextCursor: string | undefined;
  /** What was asked about is gone (the endpoint's absence rule says `empty`): no items, no next page; Attio's answer. */
  gone?: AttioApiError;
}

interface Envelope<T> {
  data: T;
  pagination?: { next_cursor?: string | null };
}

export class AttioClient {
  constructor(private readonly http: HttpClient) {}

  /**
   * The one way to an endpoint: its answer checked against its envelope; undefined when a 403 or 404 means the
   * thing asked about is gone; EndpointAbsent when a probe learns the endpoint is not offered.
   */
  private async answer<T>(
    endpoint: Endpoint,
    request: (check: RequestOptions) => Promise<T>,
    probe = false,
  ): Promise<{ value: T } | { gone: AttioApiError }> {
    try {
      return { value: await request({ checkJson: envelopeCheck(endpoint) }) };
    } catch (error) {
      const means = absenceOf(endpoint, error);
      if (means !== 'error' && probe) throw new EndpointAbsent(error as AttioApiError);
      if (means === 'empty') return { gone: error as AttioApiError };
      throw error;
    }
  }

  private get<T>(
    endpoint: Endpoint,
    params: PathParams,
    query: Query,
    options: CallOptions,
  ): Promise<{ value: T } | { gone: AttioApiError }> {
    const { probe, ...call } = options;
    const path = endpointPath(endpoint, params);
    return this.answer(endpoint, (check) => this.http.get<T>(path, { ...call, ...check, query }), probe);
  }

  /** The token's own description; the one endpoint without the data envelope. */
  async self(options: RequestOptions = {}): Promise<AttioSelf> {
    const endpoint = ENDPOINTS.self;
    const answer = await this.answer(endpoint, (check) => this.http.get<AttioSelf>(endpoint.path, { ...options, ...check }));
    return (answer as { value: AttioSelf }).value; // no absence rule: never gone
  }

  /** One GET answer's items: the whole listing for unpaged endpoints, one page for paged ones. */
  async items(endpoint: Endpoint, params: PathParams = {}, query: Query = {}, options: CallOptions = {}): Promise<Item[]> {
    const answer = await this.get<Envelope<Item[]>>(endpoint, params, query, options);
    return 'value' in answer ? answer.value.data : [];
  }

  /** One item of a `data-object` endpoint (a record, an entry, a note by id); undefined when its absence rule says gone. */
  async one(endpoint: Endpoint, params: PathParams, options: CallOptions = {}): Promise<Item | undefined> {
    const answer = await this.get<Envelope<Item>>(endpoint, params, {}, options);
    return 'value' in answer ? answer.value.data : undefined;
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
    const query = { offset, show_archived: showArchived };
    return (await this.items(ENDPOINTS.attributes, attributeParams(kind, parent), query, options)) as unknown as AttioAttribute[];
  }

  /**
   * A query page whose parsing is deferred until it is used. Pages fetched ahead wait as their bytes (about 3 KB a
   * record) in the HTTP client's pooled buffers, outside V8's heap, instead of text or object graphs inside it; they
   * are decoded and parsed when used, so their objects die young. A body that turns out truncated is fetched again,
   * parsed at once, through the usual retries.
   * limit and offset go in the JSON body of the query endpoints: as query parameters Attio ignores them.
   */
  async deferredQuery<T>(endpoint: Endpoint, params: PathParams, body: QueryBody, options: CallOptions = {}): Promise<DeferredPage<T>> {
    const { probe, ...call } = options;
    const path = endpointPath(endpoint, params);
    const sized = await this.answer(endpoint, () => this.http.postBytes(path, body, call), probe);
    // Gone (no query endpoint's rule says so today): an empty page.
    if (!('value' in sized)) return Object.assign(async () => [] as T[], { bytes: 0 });
    const pooled = sized.value;
    const parse: DeferredPage<T> = async () => {
      const page = dataArray(pooled.text());
      if (page) return page as T[];
      // Not the page it should be: fetched again, parsed at once, where the envelope is checked (a clear error).
      const again = await this.answer(endpoint, (check) => this.http.post<Envelope<T[]>>(path, body, { ...call, ...check }));
      return 'value' in again ? again.value.data : [];
    };
    parse.bytes = pooled.length;
    return parse;
  }

  /**
   * One page of a cursor-paged GET endpoint (meetings, call recordings, files, views, a transcript). A `data-object`
   * endpoint's page is its one object; a gone answer is an empty last page marked `gone`.
   */
  async cursorPage(endpoint: Endpoint, params: PathParams, query: Query, options: CallOptions = {}): Promise<CursorPage> {
    const answer = await this.get<Envelope<Item[] | Item>>(endpoint, params, query, options);
    if (!('value' in answer)) return { items: [], nextCursor: undefined, gone: answer.gone };
    const page = answer.value;
    const items = endpoint.envelope === 'data-object' ? [page.data as Item] : (page.data as Item[]);
    return { items, nextCursor: page.pagination?.next_cursor ?? undefined };
  }
}

/** A body's `data` array, or undefined when it is not one (cut short on the way, or another shape). */
function dataArray(text: string): unknown[] | undefined {
  try {
    const data = (JSON.parse(text) as Partial<Envelope<unknown>>).data;
    return Array.isArray(data) ? data : undefined;
  } catch {
    return undefined;
  }
}
