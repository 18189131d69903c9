// Every Attio endpoint the connector reads, with each endpoint's own paging rules (notes/attio-api.md §2).
// Methods return Attio's payloads unwrapped from the {"data": …} envelope.

import type { HttpClient, RequestOptions } from '../http/client.js';
import type { AttioAttribute, AttioList, AttioObject, AttioSelf } from './types.js';

export type Target = 'objects' | 'lists';
export type CallOptions = Pick<RequestOptions, 'onRateLimited' | 'signal'>;
export type Item = Record<string, unknown>;

/** A page fetched but not yet parsed. */
export type DeferredPage<T> = () => Promise<T[]>;

export interface QueryBody {
  filter?: Record<string, unknown>;
  sorts?: { attribute: string; direction: 'asc' | 'desc' }[];
  limit: number;
  offset: number;
}

interface Envelope<T> {
  data: T;
}
interface CursorEnvelope<T> {
  data: T[];
  pagination?: { next_cursor?: string | null };
}

const enc = encodeURIComponent;

export class AttioClient {
  constructor(private readonly http: HttpClient) {}

  /** The token's own description; the one endpoint without the data envelope. */
  self(options: RequestOptions = {}): Promise<AttioSelf> {
    return this.http.get<AttioSelf>('/v2/self', options);
  }

  async listObjects(options: CallOptions = {}): Promise<AttioObject[]> {
    return (await this.http.get<Envelope<AttioObject[]>>('/v2/objects', options)).data;
  }

  async listLists(options: CallOptions = {}): Promise<AttioList[]> {
    return (await this.http.get<Envelope<AttioList[]>>('/v2/lists', options)).data;
  }

  async listWorkspaceMembers(options: CallOptions = {}): Promise<Item[]> {
    return (await this.http.get<Envelope<Item[]>>('/v2/workspace_members', options)).data;
  }

  /**
   * One page of an attribute listing. Its page size and maximum are undocumented, so callers page until
   * an empty page rather than trusting a short one (see paginate.ts).
   */
  async attributesPage(target: Target, id: string, offset: number, showArchived: boolean, options: CallOptions = {}) {
    const query = { offset, show_archived: showArchived };
    return (await this.http.get<Envelope<AttioAttribute[]>>(`/v2/${target}/${enc(id)}/attributes`, { ...options, query })).data;
  }

  async selectOptions(target: Target, id: string, attribute: string, options: CallOptions = {}): Promise<Item[]> {
    const path = `/v2/${target}/${enc(id)}/attributes/${enc(attribute)}/options`;
    return (await this.http.get<Envelope<Item[]>>(path, { ...options, query: { show_archived: true } })).data;
  }

  async statuses(target: Target, id: string, attribute: string, options: CallOptions = {}): Promise<Item[]> {
    const path = `/v2/${target}/${enc(id)}/attributes/${enc(attribute)}/statuses`;
    return (await this.http.get<Envelope<Item[]>>(path, { ...options, query: { show_archived: true } })).data;
  }

  /**
   * A query page whose parsing is deferred until it is used. Pages fetched ahead wait as compact text (about
   * 3 KB a record) instead of object graphs several times that size, and their objects die young. A body that
   * turns out truncated is fetched again, parsed at once, through the usual retries.
   */
  async deferredQuery<T>(path: string, body: QueryBody, options: CallOptions = {}): Promise<DeferredPage<T>> {
    const text = await this.http.postText(path, body, options);
    return async () => {
      try {
        return (JSON.parse(text) as Envelope<T[]>).data;
      } catch {
        return (await this.http.post<Envelope<T[]>>(path, body, options)).data;
      }
    };
  }

  /** limit and offset go in the JSON body of the query endpoints: as query parameters Attio ignores them. */
  recordsQueryPath(object: string): string {
    return `/v2/objects/${enc(object)}/records/query`;
  }

  entriesQueryPath(list: string): string {
    return `/v2/lists/${enc(list)}/entries/query`;
  }

  /** GET endpoints paged by limit/offset query parameters (notes, tasks, threads, webhooks). */
  async offsetPage(path: string, query: Record<string, string | number>, options: CallOptions = {}): Promise<Item[]> {
    return (await this.http.get<Envelope<Item[]>>(path, { ...options, query })).data;
  }

  /** GET endpoints paged by cursor (meetings, call recordings). */
  async cursorPage(
    path: string,
    query: Record<string, string | number | undefined>,
    options: CallOptions = {},
  ): Promise<{ items: Item[]; nextCursor: string | undefined }> {
    const page = await this.http.get<CursorEnvelope<Item>>(path, { ...options, query });
    return { items: page.data, nextCursor: page.pagination?.next_cursor ?? undefined };
  }
}
