// Workspace members, notes, tasks, threads and comments, meetings, call recordings, transcripts
// and webhooks, each with its own paging rules (notes §2).
import { apiErrors } from './api-error.js';
import { cursorPage, decodeCursor, encodeCursor } from './cursor.js';
import type { Meeting, MeetingTime, Task } from './model.js';
import { offsetPage, queryBoolean } from './query-params.js';
import { param, type Route, type RouteContext } from './route.js';

/** Transcript segments per page; Attio documents no size. */
export const TRANSCRIPT_PAGE_SIZE = 20;

function found<T>(item: T | undefined, what: string, id: string): T {
  if (item === undefined) throw apiErrors.notFound(`${what} with ID "${id}" not found.`);
  return item;
}

function timeMs(time: MeetingTime): number {
  return 'date' in time ? Date.parse(`${time.date}T00:00:00Z`) : Date.parse(time.datetime);
}

function filteredMeetings(ctx: RouteContext): Meeting[] {
  const q = ctx.query;
  const sort = q.get('sort') ?? 'start_asc';
  if (sort !== 'start_asc' && sort !== 'start_desc')
    throw apiErrors.validation('Query parameter "sort" must be "start_asc" or "start_desc".');
  const linkedObject = q.get('linked_object');
  const linkedRecord = q.get('linked_record_id');
  if ((linkedObject === null) !== (linkedRecord === null)) {
    throw apiErrors.validation('"linked_object" and "linked_record_id" must be provided together.');
  }
  const linkedObjectId = linkedObject === null ? null : ctx.ws.findObject(linkedObject)?.object.id.object_id;
  if (linkedObject !== null && !linkedObjectId) throw apiErrors.notFound(`Could not find object with slug or ID "${linkedObject}".`);
  const participants = (q.get('participants') ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  const endsFrom = q.get('ends_from');
  const startsBefore = q.get('starts_before');
  const endsFromMs = endsFrom ? Date.parse(endsFrom) : null;
  const startsBeforeMs = startsBefore ? Date.parse(startsBefore) : null;
  if (Number.isNaN(endsFromMs) || Number.isNaN(startsBeforeMs))
    throw apiErrors.validation('Invalid "ends_from" or "starts_before" timestamp.');
  return ctx.ws
    .meetings()
    .filter((m) => {
      if (endsFromMs !== null && timeMs(m.end) < endsFromMs) return false;
      if (startsBeforeMs !== null && timeMs(m.start) >= startsBeforeMs) return false;
      const byParticipant =
        participants.length > 0 && m.participants.some((p) => participants.includes((p.email_address ?? '').toLowerCase()));
      const byRecord =
        linkedRecord !== null && m.linked_records.some((r) => r.object_id === linkedObjectId && r.record_id === linkedRecord);
      // Attio combines the participant and linked-record filters with OR.
      if (participants.length > 0 || linkedRecord !== null) return byParticipant || byRecord;
      return true;
    })
    .sort((a, b) => {
      const diff = timeMs(a.start) - timeMs(b.start) || (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0);
      return sort === 'start_asc' ? diff : -diff;
    });
}

function meetingQueryKey(ctx: RouteContext): string {
  const keys = ['sort', 'linked_object', 'linked_record_id', 'participants', 'ends_from', 'starts_before', 'timezone'];
  return JSON.stringify(keys.map((k) => ctx.query.get(k)));
}

function filteredTasks(ctx: RouteContext): Task[] {
  const q = ctx.query;
  const sort = q.get('sort') ?? 'created_at:asc';
  if (sort !== 'created_at:asc' && sort !== 'created_at:desc') {
    throw apiErrors.validation('Query parameter "sort" must be "created_at:asc" or "created_at:desc".');
  }
  const linkedObject = q.get('linked_object');
  const linkedRecord = q.get('linked_record_id');
  const linkedObjectId = linkedObject === null ? null : ctx.ws.findObject(linkedObject)?.object.id.object_id;
  if (linkedObject !== null && !linkedObjectId) throw apiErrors.notFound(`Could not find object with slug or ID "${linkedObject}".`);
  const assignee = q.get('assignee');
  const members = assignee && assignee !== 'null' ? ctx.ws.workspaceMembers() : [];
  const assigneeId = members.find((m) => m.email_address === assignee || m.id.workspace_member_id === assignee)?.id.workspace_member_id;
  const completed = queryBoolean(q, 'is_completed');
  const direction = sort === 'created_at:asc' ? 1 : -1;
  return ctx.ws
    .tasks()
    .filter((t) => {
      if (completed !== undefined && t.is_completed !== completed) return false;
      if (
        linkedRecord !== null &&
        !t.linked_records.some((r) => r.target_record_id === linkedRecord && (!linkedObjectId || r.target_object_id === linkedObjectId))
      )
        return false;
      if (assignee === 'null') return t.assignees.length === 0;
      if (assignee !== null) return t.assignees.some((a) => a.referenced_actor_id === assigneeId);
      return true;
    })
    .sort((a, b) => (a.created_at < b.created_at ? -direction : a.created_at > b.created_at ? direction : 0));
}

/**
 * The spec's descriptions of the thread and comment endpoints ask for the record scopes to view threads
 * on records and the entry scopes to view threads on list entries. A filtered listing asks for the set
 * its filter names; an item asks for the set of what it is on. An unfiltered listing asks for neither
 * (the simulator's choice: the spec does not say what it needs, nor whether it hides what the token
 * may not see).
 */
function onWhat(entry: unknown | null | undefined): { records: boolean; entries: boolean } {
  if (entry === undefined) return { records: false, entries: false };
  return { records: entry === null, entries: entry !== null };
}

export const activityRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/v2/workspace_members',
    handle: (ctx) => ({ json: { data: ctx.ws.workspaceMembers() } }),
  },
  {
    method: 'GET',
    pattern: '/v2/workspace_members/{workspace_member_id}',
    handle(ctx) {
      const id = param(ctx, 'workspace_member_id');
      return {
        json: {
          data: found(
            ctx.ws.workspaceMembers().find((m) => m.id.workspace_member_id === id),
            'Workspace member',
            id,
          ),
        },
      };
    },
  },
  {
    method: 'GET',
    pattern: '/v2/notes',
    handle(ctx) {
      const parentObject = ctx.query.get('parent_object');
      const parentRecord = ctx.query.get('parent_record_id');
      const object = parentObject === null ? null : ctx.ws.findObject(parentObject);
      if (parentObject !== null && !object) throw apiErrors.notFound(`Could not find object with slug or ID "${parentObject}".`);
      const notes = ctx.ws
        .notes()
        .filter(
          (n) =>
            (object ? n.parent_object === object.object.api_slug : true) && (parentRecord === null || n.parent_record_id === parentRecord),
        );
      return { json: { data: offsetPage(notes, ctx.query, ctx.limits) } };
    },
  },
  {
    method: 'GET',
    pattern: '/v2/notes/{note_id}',
    handle(ctx) {
      const id = param(ctx, 'note_id');
      return {
        json: {
          data: found(
            ctx.ws.notes().find((n) => n.id.note_id === id),
            'Note',
            id,
          ),
        },
      };
    },
  },
  {
    method: 'GET',
    pattern: '/v2/tasks',
    handle: (ctx) => ({ json: { data: offsetPage(filteredTasks(ctx), ctx.query, ctx.limits) } }),
  },
  {
    method: 'GET',
    pattern: '/v2/tasks/{task_id}',
    handle(ctx) {
      const id = param(ctx, 'task_id');
      return {
        json: {
          data: found(
            ctx.ws.tasks().find((t) => t.id.task_id === id),
            'Task',
            id,
          ),
        },
      };
    },
  },
  {
    method: 'GET',
    pattern: '/v2/threads',
    conditionalScopes: (ctx) => ({ records: ctx.query.get('record_id') !== null, entries: ctx.query.get('entry_id') !== null }),
    handle(ctx) {
      const q = ctx.query;
      const recordId = q.get('record_id');
      const entryId = q.get('entry_id');
      if (recordId !== null && q.get('object') === null) throw apiErrors.validation('"object" is required with "record_id".');
      if (entryId !== null && q.get('list') === null) throw apiErrors.validation('"list" is required with "entry_id".');
      const object = recordId === null ? null : ctx.ws.findObject(q.get('object') ?? '');
      const list = entryId === null ? null : ctx.ws.findList(q.get('list') ?? '');
      if (recordId !== null && !object) throw apiErrors.notFound(`Could not find object with slug or ID "${q.get('object')}".`);
      if (entryId !== null && !list) throw apiErrors.notFound(`Could not find list with slug or ID "${q.get('list')}".`);
      const threads = ctx.ws.threads().filter((thread) => {
        const first = thread.comments[0];
        if (!first) return false;
        if (
          object &&
          !(first.entry === null && first.record.record_id === recordId && first.record.object_id === object.object.id.object_id)
        )
          return false;
        if (list && !(first.entry?.entry_id === entryId && first.entry?.list_id === list.list.id.list_id)) return false;
        return true;
      });
      return { json: { data: offsetPage(threads, ctx.query, ctx.limits) } };
    },
  },
  {
    method: 'GET',
    pattern: '/v2/threads/{thread_id}',
    conditionalScopes: (ctx) => onWhat(ctx.ws.threads().find((t) => t.id.thread_id === param(ctx, 'thread_id'))?.comments[0]?.entry),
    handle(ctx) {
      const id = param(ctx, 'thread_id');
      return {
        json: {
          data: found(
            ctx.ws.threads().find((t) => t.id.thread_id === id),
            'Thread',
            id,
          ),
        },
      };
    },
  },
  {
    method: 'GET',
    pattern: '/v2/comments/{comment_id}',
    conditionalScopes: (ctx) => onWhat(ctx.ws.comments().find((c) => c.id.comment_id === param(ctx, 'comment_id'))?.entry),
    handle(ctx) {
      const id = param(ctx, 'comment_id');
      return {
        json: {
          data: found(
            ctx.ws.comments().find((c) => c.id.comment_id === id),
            'Comment',
            id,
          ),
        },
      };
    },
  },
  {
    method: 'GET',
    pattern: '/v2/meetings',
    feature: 'meetings',
    handle: (ctx) => cursorPage(filteredMeetings(ctx), ctx.query, meetingQueryKey(ctx), ctx.limits),
  },
  {
    method: 'GET',
    pattern: '/v2/meetings/{meeting_id}',
    feature: 'meetings',
    handle(ctx) {
      const id = param(ctx, 'meeting_id');
      return {
        json: {
          data: found(
            ctx.ws.meetings().find((m) => m.id.meeting_id === id),
            'Meeting',
            id,
          ),
        },
      };
    },
  },
  {
    method: 'GET',
    pattern: '/v2/meetings/{meeting_id}/call_recordings',
    feature: 'call_recordings',
    handle(ctx) {
      const id = param(ctx, 'meeting_id');
      found(
        ctx.ws.meetings().find((m) => m.id.meeting_id === id),
        'Meeting',
        id,
      );
      const recordings = ctx.ws.callRecordings(id).sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
      return cursorPage(recordings, ctx.query, `recordings:${id}`, ctx.limits);
    },
  },
  {
    method: 'GET',
    pattern: '/v2/meetings/{meeting_id}/call_recordings/{call_recording_id}',
    feature: 'call_recordings',
    handle(ctx) {
      const id = param(ctx, 'call_recording_id');
      const recording = ctx.ws.callRecordings(param(ctx, 'meeting_id')).find((r) => r.id.call_recording_id === id);
      return { json: { data: found(recording, 'Call recording', id) } };
    },
  },
  {
    method: 'GET',
    pattern: '/v2/meetings/{meeting_id}/call_recordings/{call_recording_id}/transcript',
    feature: 'call_recordings',
    handle(ctx) {
      const meetingId = param(ctx, 'meeting_id');
      const id = param(ctx, 'call_recording_id');
      const recording = found(
        ctx.ws.callRecordings(meetingId).find((r) => r.id.call_recording_id === id),
        'Call recording',
        id,
      );
      const segments = ctx.ws.transcript(id) ?? [];
      const offset = decodeCursor(ctx.query.get('cursor'), `transcript:${id}`);
      const end = offset + TRANSCRIPT_PAGE_SIZE;
      return {
        json: {
          data: {
            id: recording.id,
            transcript: segments.slice(offset, end),
            raw_transcript: segments.map((s) => `[${formatClock(s.start_time)}] ${s.speaker.name}: ${s.speech}`).join('\n'),
            web_url: `${recording.web_url}/transcript`,
          },
          pagination: { next_cursor: end < segments.length ? encodeCursor(end, `transcript:${id}`) : null },
        },
      };
    },
  },
  {
    method: 'GET',
    pattern: '/v2/webhooks',
    handle: (ctx) => ({ json: { data: offsetPage(ctx.ws.webhooks(), ctx.query, ctx.limits) } }),
  },
  {
    method: 'GET',
    pattern: '/v2/webhooks/{webhook_id}',
    handle(ctx) {
      const id = param(ctx, 'webhook_id');
      return {
        json: {
          data: found(
            ctx.ws.webhooks().find((w) => w.id.webhook_id === id),
            'Webhook',
            id,
          ),
        },
      };
    },
  },
];

function formatClock(seconds: number): string {
  const whole = Math.floor(seconds);
  return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}
