// Collaboration and activity streams: notes, tasks, threads, comments, meetings, call recordings, webhooks,
// and the one-row workspace stream. Page sizes and orders are each endpoint's own (notes/attio-api.md §2).

import type { AttioClient, Item } from '../attio/client.js';
import { cursorPages, offsetPages, prefetchOffsetPages } from '../attio/paginate.js';
import type { Config } from '../config.js';
import { collectionStream } from './collection.js';
import { simpleStream } from './simple.js';
import type { ReadContext, Row, Stream } from './stream.js';

const NOTES_PAGE = 50; // Attio's maximum for /v2/notes (default 10)
const THREADS_PAGE = 50; // maximum for /v2/threads
const WEBHOOKS_PAGE = 100; // maximum for /v2/webhooks (default 10)
const MEETINGS_PAGE = 200; // maximum for the beta meetings and call recordings endpoints

const idOf = (key: string) => (item: Item) => String((item.id as Record<string, unknown> | undefined)?.[key] ?? '');
const rl = (ctx: ReadContext) => ({ onRateLimited: ctx.onRateLimited });

export function notesStream(client: AttioClient, config: Config): Stream {
  return collectionStream(
    {
      name: 'notes',
      primaryKey: 'note_id',
      requiredScopes: ['note:read', 'object_configuration:read', 'record_permission:read'],
      // The listing's order is undocumented and notes can be backdated: checkpoint only at the end.
      cursor: 'unordered',
      pages: (ctx) => offsetPages((offset) => client.offsetPage('/v2/notes', { limit: NOTES_PAGE, offset }, rl(ctx)), NOTES_PAGE),
    },
    config,
  );
}

export function tasksStream(client: AttioClient, config: Config): Stream {
  const page = config.page_size;
  return collectionStream(
    {
      name: 'tasks',
      primaryKey: 'task_id',
      requiredScopes: ['task:read', 'object_configuration:read', 'record_permission:read', 'user_management:read'],
      // sort=created_at:asc is documented, so every page can be checkpointed; there is no created_at filter.
      cursor: 'ordered',
      pages: (ctx) =>
        prefetchOffsetPages(
          (offset, signal) => client.offsetPage('/v2/tasks', { limit: page, offset, sort: 'created_at:asc' }, { ...rl(ctx), signal }),
          page,
          config.max_concurrent_requests,
          ctx.pageBudget,
        ),
    },
    config,
  );
}

async function* threadPages(client: AttioClient, ctx: ReadContext): AsyncIterable<Item[]> {
  yield* offsetPages((offset) => client.offsetPage('/v2/threads', { limit: THREADS_PAGE, offset }, rl(ctx)), THREADS_PAGE);
}

const THREAD_SCOPES = ['comment:read', 'object_configuration:read', 'record_permission:read'] as const;

export function threadsStream(client: AttioClient, config: Config): Stream {
  return collectionStream(
    {
      name: 'threads',
      primaryKey: 'thread_id',
      requiredScopes: THREAD_SCOPES,
      cursor: 'unordered',
      pages: (ctx) => threadPages(client, ctx),
      toRow: (thread) => {
        const id = thread.id as Record<string, unknown>;
        const comments = Array.isArray(thread.comments) ? (thread.comments as Item[]) : [];
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
    config,
  );
}

/** Attio has no endpoint listing comments: they come inside their threads. */
export function commentsStream(client: AttioClient, config: Config): Stream {
  return collectionStream(
    {
      name: 'comments',
      primaryKey: 'comment_id',
      requiredScopes: THREAD_SCOPES,
      cursor: 'unordered',
      pages: async function* (ctx) {
        for await (const threads of threadPages(client, ctx)) {
          yield threads.flatMap((thread) => (Array.isArray(thread.comments) ? (thread.comments as Item[]) : []));
        }
      },
    },
    config,
  );
}

async function* meetingPages(client: AttioClient, ctx: ReadContext): AsyncIterable<Item[]> {
  yield* cursorPages((cursor) => client.cursorPage('/v2/meetings', { limit: MEETINGS_PAGE, cursor }, rl(ctx)), idOf('meeting_id'));
}

export function meetingsStream(client: AttioClient, config: Config): Stream {
  return collectionStream(
    {
      name: 'meetings',
      primaryKey: 'meeting_id',
      requiredScopes: ['meeting:read', 'record_permission:read'],
      // Ordered by start time, not created_at: checkpoint at the end.
      cursor: 'unordered',
      pages: (ctx) => meetingPages(client, ctx),
    },
    config,
  );
}

export function callRecordingsStream(client: AttioClient, config: Config): Stream {
  return collectionStream(
    {
      name: 'call_recordings',
      primaryKey: 'call_recording_id',
      requiredScopes: ['meeting:read', 'call_recording:read', 'record_permission:read'],
      cursor: 'unordered',
      // One listing per meeting: Attio has no workspace-wide call recording endpoint.
      pages: async function* (ctx) {
        for await (const meetings of meetingPages(client, ctx)) {
          const perMeeting = await Promise.all(
            meetings.map(async (meeting) => {
              const meetingId = idOf('meeting_id')(meeting);
              const items: Item[] = [];
              for await (const page of cursorPages(
                (cursor) =>
                  client.cursorPage(
                    `/v2/meetings/${encodeURIComponent(meetingId)}/call_recordings`,
                    { limit: MEETINGS_PAGE, cursor },
                    rl(ctx),
                  ),
                idOf('call_recording_id'),
              )) {
                items.push(...page);
              }
              return items;
            }),
          );
          yield perMeeting.flat();
        }
      },
    },
    config,
  );
}

export function webhooksStream(client: AttioClient, config: Config): Stream {
  return collectionStream(
    {
      name: 'webhooks',
      primaryKey: 'webhook_id',
      requiredScopes: ['webhook:read'],
      // Webhook configurations change in place (status, subscriptions): a dimension table, full refresh.
      cursor: 'none',
      pages: (ctx) => offsetPages((offset) => client.offsetPage('/v2/webhooks', { limit: WEBHOOKS_PAGE, offset }, rl(ctx)), WEBHOOKS_PAGE),
    },
    config,
  );
}

/** One row describing the workspace, from /v2/self; never the token's own fields. */
export function workspaceStream(client: AttioClient): Stream {
  return simpleStream({
    name: 'workspace',
    primaryKey: [['workspace_id']],
    requiredScopes: [],
    pages: async function* (ctx) {
      const self = await client.self(rl(ctx));
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
  });
}
