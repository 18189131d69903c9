// Every Attio endpoint the connector reads, as data: its path, how it pages, its largest page, whether Attio
// returns it in created_at order, the shape of its 2xx answer, what a 403 or 404 from it means, and the scopes a
// token needs for it (Attio's OpenAPI document, `security` of each operation; docs/attio.md lists them for users).
// Scope strings are written here and nowhere else. The client checks every answer against its row (envelope.ts).

export type Paging =
  /** `limit`/`offset` (query string for GET, JSON body for the POST query endpoints); a short page is the last. */
  | 'offset'
  /** `offset` only, page size undocumented: advance by what arrived, stop on an empty page. */
  | 'until-empty'
  /** `cursor`/`limit` query parameters, `pagination.next_cursor` in the answer. */
  | 'cursor'
  /** One answer holds everything. */
  | 'none';

/**
 * The shape of a 2xx answer: `token`, the token's own description (`{"active": …}`, no envelope); `data-object`,
 * one object as `data` (one part of it per page when paged); `data-list`, a listing `{"data": [ … ]}`.
 */
export type Envelope = 'token' | 'data-object' | 'data-list';

/**
 * What a 403 or a 404 from an endpoint means. `absent`: Attio does not offer the (beta) endpoint to this workspace or
 * key, so a probe's stream is left out; in a read it fails the request like `error`. `empty`: what was asked about is
 * gone (a record deleted since it was listed), so the answer is an empty one, and in a probe the endpoint is absent
 * (a probe asks about something that exists). `error`, the default: the request fails.
 */
export type Absence = 'absent' | 'empty' | 'error';
export type AbsenceRule = Readonly<Partial<Record<403 | 404, Absence>>>;

/** A beta endpoint Attio may not offer: both answers mean it is absent. */
const BETA: AbsenceRule = { 403: 'absent', 404: 'absent' };

export interface Endpoint {
  readonly method: 'GET' | 'POST';
  /** Path template; `{name}` segments are filled (URI-encoded) by `endpointPath`. */
  readonly path: string;
  readonly paging: Paging;
  /** Attio's largest page; undefined where Attio documents none (the config's page_size is used). */
  readonly maxPageSize?: number;
  /** The endpoint takes no `limit`: Attio chooses how much a page holds. */
  readonly noLimit?: true;
  /** Query parameters that make Attio return created_at order, when it can. */
  readonly createdAtOrder?: Readonly<Record<string, string>>;
  /** Whether the items come in ascending created_at order (so every page can be checkpointed). */
  readonly orderedByCreatedAt: boolean;
  readonly envelope: Envelope;
  /** What a 403 or 404 means; unset: an error. */
  readonly absence?: AbsenceRule;
  readonly scopes: readonly string[];
}

const RECORD_READ = ['record_permission:read', 'object_configuration:read'] as const;
/** What reading a list's entries needs, as the document says for every entry endpoint. */
const ENTRY_READ = ['list_entry:read', 'list_configuration:read'] as const;

export const ENDPOINTS = {
  /** The token's own description; no scope needed, and the one answer without the `data` envelope. */
  self: { method: 'GET', path: '/v2/self', paging: 'none', orderedByCreatedAt: false, envelope: 'token', scopes: [] },
  objects: {
    method: 'GET',
    path: '/v2/objects',
    paging: 'none',
    orderedByCreatedAt: false,
    envelope: 'data-list',
    scopes: ['object_configuration:read'],
  },
  lists: {
    method: 'GET',
    path: '/v2/lists',
    paging: 'none',
    orderedByCreatedAt: false,
    envelope: 'data-list',
    scopes: ['list_configuration:read'],
  },
  workspaceMembers: {
    method: 'GET',
    path: '/v2/workspace_members',
    paging: 'none',
    orderedByCreatedAt: false,
    envelope: 'data-list',
    scopes: ['user_management:read'],
  },
  /** Attributes of an object or a list (`target` is `objects` or `lists`); the spec asks object_configuration for both. */
  attributes: {
    method: 'GET',
    path: '/v2/{target}/{parent}/attributes',
    paging: 'until-empty',
    orderedByCreatedAt: false,
    envelope: 'data-list',
    scopes: ['object_configuration:read'],
  },
  selectOptions: {
    method: 'GET',
    path: '/v2/{target}/{parent}/attributes/{attribute}/options',
    paging: 'none',
    orderedByCreatedAt: false,
    envelope: 'data-list',
    scopes: ['object_configuration:read'],
  },
  statuses: {
    method: 'GET',
    path: '/v2/{target}/{parent}/attributes/{attribute}/statuses',
    paging: 'none',
    orderedByCreatedAt: false,
    envelope: 'data-list',
    scopes: ['object_configuration:read'],
  },
  recordsQuery: {
    method: 'POST',
    path: '/v2/objects/{object}/records/query',
    paging: 'offset',
    // Attio's default; larger pages are undocumented.
    maxPageSize: 500,
    orderedByCreatedAt: true,
    envelope: 'data-list',
    scopes: RECORD_READ,
  },
  /**
   * One record, or one entry, by id: rows the mirror finds changed after a read (stream-mirror.ts). A 404 means it
   * is gone since the read listed it (the caller decides what that proves: nothing, by itself).
   */
  record: {
    method: 'GET',
    path: '/v2/objects/{object}/records/{record}',
    paging: 'none',
    orderedByCreatedAt: false,
    envelope: 'data-object',
    absence: { 404: 'empty' },
    scopes: RECORD_READ,
  },
  entry: {
    method: 'GET',
    path: '/v2/lists/{list}/entries/{entry}',
    paging: 'none',
    orderedByCreatedAt: false,
    envelope: 'data-object',
    absence: { 404: 'empty' },
    scopes: ENTRY_READ,
  },
  entriesQuery: {
    method: 'POST',
    path: '/v2/lists/{list}/entries/query',
    paging: 'offset',
    maxPageSize: 500,
    orderedByCreatedAt: true,
    envelope: 'data-list',
    scopes: ENTRY_READ,
  },
  /** Order undocumented, and notes can be backdated. */
  notes: {
    method: 'GET',
    path: '/v2/notes',
    paging: 'offset',
    maxPageSize: 50,
    orderedByCreatedAt: false,
    envelope: 'data-list',
    scopes: ['note:read', 'object_configuration:read', 'record_permission:read'],
  },
  /** One note by id (as `record`): its path parameter is the notes stream's primary key. */
  note: {
    method: 'GET',
    path: '/v2/notes/{note_id}',
    paging: 'none',
    orderedByCreatedAt: false,
    envelope: 'data-object',
    absence: { 404: 'empty' },
    scopes: ['note:read', 'object_configuration:read', 'record_permission:read'],
  },
  task: {
    method: 'GET',
    path: '/v2/tasks/{task_id}',
    paging: 'none',
    orderedByCreatedAt: false,
    envelope: 'data-object',
    absence: { 404: 'empty' },
    scopes: ['task:read', 'object_configuration:read', 'record_permission:read', 'user_management:read'],
  },
  tasks: {
    method: 'GET',
    path: '/v2/tasks',
    paging: 'offset',
    createdAtOrder: { sort: 'created_at:asc' },
    orderedByCreatedAt: true,
    envelope: 'data-list',
    scopes: ['task:read', 'object_configuration:read', 'record_permission:read', 'user_management:read'],
  },
  /** The spec asks comment:read only; threads on records carry record data, so the record scopes are asked too. */
  threads: {
    method: 'GET',
    path: '/v2/threads',
    paging: 'offset',
    maxPageSize: 50,
    orderedByCreatedAt: false,
    envelope: 'data-list',
    scopes: ['comment:read', 'object_configuration:read', 'record_permission:read'],
  },
  /** Beta; ordered by start time, not created_at. */
  meetings: {
    method: 'GET',
    path: '/v2/meetings',
    paging: 'cursor',
    maxPageSize: 200,
    orderedByCreatedAt: false,
    envelope: 'data-list',
    absence: BETA,
    scopes: ['meeting:read', 'record_permission:read'],
  },
  /** Beta; one listing per meeting. */
  callRecordings: {
    method: 'GET',
    path: '/v2/meetings/{meeting}/call_recordings',
    paging: 'cursor',
    maxPageSize: 200,
    orderedByCreatedAt: false,
    envelope: 'data-list',
    absence: BETA,
    scopes: ['meeting:read', 'call_recording:read'],
  },
  /**
   * Beta; Attio's description does not say it pages, but the answer carries `pagination.next_cursor` and takes no
   * `limit` (segments per page are Attio's choice).
   */
  callRecordingTranscript: {
    method: 'GET',
    path: '/v2/meetings/{meeting}/call_recordings/{recording}/transcript',
    paging: 'cursor',
    orderedByCreatedAt: false,
    noLimit: true,
    envelope: 'data-object',
    // A completed recording whose transcript Attio does not have (deleted, or never made).
    absence: { 404: 'empty' },
    scopes: ['meeting:read', 'call_recording:read'],
  },
  /**
   * Every value an attribute of one record ever held, with `show_historic=true`, oldest first. Attio documents
   * `limit` and `offset` but says the endpoint "gets all values": one request per record. Refused (400) for
   * interaction (COMINT) and enriched attributes.
   */
  recordValues: {
    method: 'GET',
    path: '/v2/objects/{object}/records/{record}/attributes/{attribute}/values',
    paging: 'none',
    orderedByCreatedAt: false,
    envelope: 'data-list',
    // A record deleted since the query listed it has no history left to read.
    absence: { 404: 'empty' },
    scopes: RECORD_READ,
  },
  entryValues: {
    method: 'GET',
    path: '/v2/lists/{list}/entries/{entry}/attributes/{attribute}/values',
    paging: 'none',
    orderedByCreatedAt: false,
    envelope: 'data-list',
    absence: { 404: 'empty' },
    scopes: ENTRY_READ,
  },
  /**
   * Beta, newer than the OpenAPI document of notes §0: path, paging, limit (1-200, default 50) and scopes from
   * the generated types and docs of the npm package attio-ts-sdk 2.3.0 (`GetV2FilesData`, `getV2Files`). Attio's
   * OpenAPI block: `object` and `record_id` required; its description: optional filters (record-files.ts asks once).
   */
  files: {
    method: 'GET',
    path: '/v2/files',
    paging: 'cursor',
    maxPageSize: 200,
    orderedByCreatedAt: false,
    envelope: 'data-list',
    // Beta; a 404 names a record (or object) deleted since it was listed, which has no files left.
    absence: { 403: 'absent', 404: 'empty' },
    scopes: ['object_configuration:read', 'record_permission:read', 'file:read'],
  },
  /** Saved views, ordered by view id; newer than the OpenAPI document: from attio-ts-sdk 2.3.0 (`getV2ObjectsByObjectViews`). */
  objectViews: {
    method: 'GET',
    path: '/v2/objects/{object}/views',
    paging: 'cursor',
    maxPageSize: 1000,
    orderedByCreatedAt: false,
    envelope: 'data-list',
    absence: BETA,
    scopes: ['object_configuration:read'],
  },
  /** As objectViews, for a list (attio-ts-sdk 2.3.0, `getV2ListsByListViews`). */
  listViews: {
    method: 'GET',
    path: '/v2/lists/{list}/views',
    paging: 'cursor',
    maxPageSize: 1000,
    orderedByCreatedAt: false,
    envelope: 'data-list',
    absence: BETA,
    scopes: ['list_configuration:read'],
  },
  webhooks: {
    method: 'GET',
    path: '/v2/webhooks',
    paging: 'offset',
    maxPageSize: 100,
    orderedByCreatedAt: false,
    envelope: 'data-list',
    scopes: ['webhook:read'],
  },
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof ENDPOINTS;

/** The endpoint's path with its `{name}` segments filled in, each URI-encoded. */
export function endpointPath(endpoint: Endpoint, params: Readonly<Record<string, string>> = {}): string {
  return endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${endpoint.path} needs "${name}"`);
    return encodeURIComponent(value);
  });
}

/** The scopes of several endpoints, each once, in the order the endpoints name them. */
export function scopesOf(...endpoints: readonly Endpoint[]): string[] {
  return [...new Set(endpoints.flatMap((endpoint) => endpoint.scopes))];
}
