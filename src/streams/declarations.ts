// Every fixed stream, as data: its name, the endpoints it reads (its scopes are theirs), its primary key, its
// checkpoint policy, and only where needed how its items are gathered or shaped. The registry offers these in
// order; the naming rule reserves their names. A new fixed stream is one entry here plus schemas/<name>.json.

import type { AttioClient, Item } from '../attio/client.js';
import { ENDPOINTS, type Endpoint } from '../attio/endpoints.js';
import type { AttioAttribute } from '../attio/types.js';
import type { Config } from '../config.js';
import { type AttributeParent, attributeRow, perAttributeItems } from './schema-tables.js';
import type { CheckpointPolicy, ReadContext, Row } from './stream.js';
import { probeCallRecordings, transcriptItems } from './transcripts.js';
import { probeViews, viewItems } from './views.js';

/** What a declaration may use to gather its items. */
export interface ItemSource {
  client: AttioClient;
  config: Config;
  ctx: ReadContext;
  /** Every page of an endpoint, walked as its paging style says; `idKey` defaults to the stream's primary key. */
  pages(endpoint: Endpoint, options?: { params?: Record<string, string>; idKey?: string }): AsyncIterable<Item[]>;
  /** Every object and list of the workspace (for the streams that describe the data model). */
  parents: readonly AttributeParent[];
  attributesOf(parent: AttributeParent): Promise<AttioAttribute[]>;
  /** Incremental streams: whether an earlier sync delivered this item (false in full refresh, and for a mirrored stream, which reads every item). */
  isDelivered(createdAt: string, id: string): boolean;
  /** Incremental streams: the state the read ends on stays before this item, which the next sync reads again. */
  holdBack(createdAt: string): void;
}

/** What a probe may use to ask Attio whether it offers a stream's (beta) endpoint. */
export interface ProbeSource {
  client: AttioClient;
  parents: readonly AttributeParent[];
}

export interface FixedStreamDeclaration {
  readonly name: string;
  /** The endpoints the stream reads, the listing first: the stream needs all their scopes. */
  readonly endpoints: readonly Endpoint[];
  /** The key inside Attio's composite `id` object that identifies an item (and the stream's primary key). */
  readonly primaryKey: string;
  /** `per-page` and `at-end` streams are incremental on `created_at`; see CheckpointPolicy. */
  readonly checkpoint: CheckpointPolicy;
  /**
   * Incremental reads keep the row sketch (mirror/stream-mirror.ts): edits and deletions come too, as tombstones
   * in `_ab_cdc_deleted_at` (which the stream's schema then declares). For streams read whole every sync.
   */
  readonly mirror?: boolean;
  /**
   * One item by id, its path parameter named as `primaryKey`: a mirrored stream fetches the few rows it finds changed
   * after the read with it, instead of reading the stream again (mirror/stream-mirror.ts).
   */
  readonly byId?: Endpoint;
  /** Reads every object and list: offered after the per-object and per-list streams, which list them. */
  readonly perParent?: boolean;
  /** How the items are gathered, where it is not every page of the first endpoint. */
  readonly items?: (source: ItemSource) => AsyncIterable<Item[]>;
  /** How an item becomes a row, where it is not Attio's item with its `id` object lifted into columns. */
  readonly toRow?: (item: Item) => Row;
  /**
   * For a beta endpoint: one cheap request that fails with 403 or 404 where Attio does not offer it to this
   * workspace or key. The stream is then left out of the catalog, and skipped by a read, instead of failing.
   */
  readonly probe?: (source: ProbeSource) => Promise<void>;
}

const commentsOf = (thread: Item): Item[] => (Array.isArray(thread.comments) ? (thread.comments as Item[]) : []);

export const FIXED_STREAMS: readonly FixedStreamDeclaration[] = [
  {
    name: 'workspace',
    endpoints: [ENDPOINTS.self],
    primaryKey: 'workspace_id',
    checkpoint: 'none',
    // One row describing the workspace, from /v2/self; never the token's own fields.
    items: async function* ({ client, ctx }) {
      const self = await client.self({ onRateLimited: ctx.onRateLimited });
      if (!self.active) return;
      yield [
        {
          workspace_id: self.workspace_id,
          workspace_name: self.workspace_name,
          workspace_slug: self.workspace_slug,
          workspace_logo_url: self.workspace_logo_url ?? null,
        },
      ];
    },
    toRow: (item) => item,
  },
  { name: 'objects', endpoints: [ENDPOINTS.objects], primaryKey: 'object_id', checkpoint: 'none' },
  { name: 'lists', endpoints: [ENDPOINTS.lists], primaryKey: 'list_id', checkpoint: 'none' },
  { name: 'workspace_members', endpoints: [ENDPOINTS.workspaceMembers], primaryKey: 'workspace_member_id', checkpoint: 'none' },
  // The listing's order is undocumented and notes can be backdated: checkpoint only at the end.
  { name: 'notes', endpoints: [ENDPOINTS.notes], primaryKey: 'note_id', checkpoint: 'at-end', mirror: true, byId: ENDPOINTS.note },
  // sort=created_at:asc is documented, so every page can be checkpointed; there is no created_at filter.
  { name: 'tasks', endpoints: [ENDPOINTS.tasks], primaryKey: 'task_id', checkpoint: 'per-page', mirror: true, byId: ENDPOINTS.task },
  {
    name: 'threads',
    endpoints: [ENDPOINTS.threads],
    primaryKey: 'thread_id',
    checkpoint: 'at-end',
    mirror: true,
    toRow: (thread) => {
      const id = thread.id as Record<string, unknown>;
      const comments = commentsOf(thread);
      const first = comments[0];
      return {
        thread_id: id.thread_id,
        workspace_id: id.workspace_id,
        created_at: thread.created_at,
        comment_count: comments.length,
        record: (first?.record as Row | undefined) ?? null,
        entry: (first?.entry as Row | undefined) ?? null,
      };
    },
  },
  {
    // Attio has no endpoint listing comments: they come inside their threads.
    name: 'comments',
    endpoints: [ENDPOINTS.threads],
    primaryKey: 'comment_id',
    checkpoint: 'at-end',
    mirror: true,
    items: async function* ({ pages }) {
      for await (const threads of pages(ENDPOINTS.threads, { idKey: 'thread_id' })) yield threads.flatMap(commentsOf);
    },
  },
  // Ordered by start time, not created_at: checkpoint at the end.
  { name: 'meetings', endpoints: [ENDPOINTS.meetings], primaryKey: 'meeting_id', checkpoint: 'at-end', mirror: true },
  {
    name: 'call_recordings',
    endpoints: [ENDPOINTS.callRecordings, ENDPOINTS.meetings],
    primaryKey: 'call_recording_id',
    checkpoint: 'at-end',
    mirror: true,
    // One listing per meeting: Attio has no workspace-wide call recording endpoint.
    items: async function* ({ pages }) {
      for await (const meetings of pages(ENDPOINTS.meetings, { idKey: 'meeting_id' })) {
        const perMeeting = await Promise.all(
          meetings.map(async (meeting) => {
            const params = { meeting: String((meeting.id as Record<string, unknown> | undefined)?.meeting_id ?? '') };
            const items: Item[] = [];
            for await (const page of pages(ENDPOINTS.callRecordings, { params })) items.push(...page);
            return items;
          }),
        );
        yield perMeeting.flat();
      }
    },
  },
  {
    // One row per completed recording, incremental with the recordings (transcripts.ts); mirrored, every
    // transcript is read every sync (a changed or deleted one is known no other way).
    name: 'call_recording_transcripts',
    endpoints: [ENDPOINTS.callRecordingTranscript, ENDPOINTS.callRecordings, ENDPOINTS.meetings],
    primaryKey: 'call_recording_id',
    checkpoint: 'at-end',
    mirror: true,
    items: transcriptItems,
    toRow: (item) => item,
    probe: probeCallRecordings,
  },
  // Webhook configurations change in place (status, subscriptions): a dimension table, full refresh.
  { name: 'webhooks', endpoints: [ENDPOINTS.webhooks], primaryKey: 'webhook_id', checkpoint: 'none' },
  {
    // Every attribute of every object and list, archived ones included.
    name: 'attributes',
    endpoints: [ENDPOINTS.attributes],
    primaryKey: 'attribute_id',
    checkpoint: 'none',
    perParent: true,
    items: async function* ({ parents, attributesOf }) {
      for (const parent of parents) yield (await attributesOf(parent)).map((a) => attributeRow(parent, a));
    },
    toRow: (item) => item,
  },
  {
    name: 'select_options',
    endpoints: [ENDPOINTS.selectOptions],
    primaryKey: 'option_id',
    checkpoint: 'none',
    perParent: true,
    items: (source) => perAttributeItems(source, ENDPOINTS.selectOptions, 'select', 'option_id'),
    toRow: (item) => item,
  },
  {
    name: 'statuses',
    endpoints: [ENDPOINTS.statuses],
    primaryKey: 'status_id',
    checkpoint: 'none',
    perParent: true,
    items: (source) => perAttributeItems(source, ENDPOINTS.statuses, 'status', 'status_id'),
    toRow: (item) => item,
  },
  {
    // Saved views of every object, and of every list when the key may list lists (list_configuration:read,
    // which is also the scope of a list's views).
    name: 'views',
    endpoints: [ENDPOINTS.objectViews],
    primaryKey: 'view_id',
    checkpoint: 'none',
    perParent: true,
    items: viewItems,
    toRow: (item) => item,
    probe: probeViews,
  },
];
