// Seeds workspace members and the activity collections: notes, tasks, threads, meetings with call
// recordings and transcripts, and webhooks.
import type { AttioActor, Meeting, NoteTag, TranscriptSegment, Webhook, WorkspaceMember } from './model.js';
import { FIRST_NAMES, LAST_NAMES, NOTE_TOPICS, WEBHOOK_EVENTS } from './seed-names.js';
import { shiftDays } from './seed-records.js';
import { SeedTimeline, createdAtSeries } from './seed-timeline.js';
import type { Workspace } from './workspace.js';

export interface ActivityCounts {
  members: number;
  notes: number;
  tasks: number;
  threads: number;
  meetings: number;
  webhooks: number;
}

export const DEFAULT_ACTIVITY_COUNTS: ActivityCounts = {
  members: 12,
  notes: 137,
  tasks: 620,
  threads: 64,
  meetings: 230,
  webhooks: 23,
};

/** Two admins, the last two suspended, members in between. */
export function seedMembers(ws: Workspace, count: number): WorkspaceMember[] {
  const times = createdAtSeries(ws.random, '2022-11-01T09:00:00Z', count, 2_000_000_000);
  return Array.from({ length: count }, (_, i) => {
    const first = FIRST_NAMES[(i * 7) % FIRST_NAMES.length] ?? 'Sam';
    const last = LAST_NAMES[(i * 3) % LAST_NAMES.length] ?? 'Lee';
    return ws.addWorkspaceMember({
      first_name: first,
      last_name: last,
      avatar_url: i % 3 === 0 ? null : `https://assets.attio.com/avatars/${i}.png`,
      email_address: `${first
        .normalize('NFD')
        .replace(/[^A-Za-z]/g, '')
        .toLowerCase()}@${ws.slug}.example`,
      access_level: i < 2 ? 'admin' : i >= count - 2 ? 'suspended' : 'member',
      created_at: times[i] as string,
    });
  });
}

export function seedActivity(ws: Workspace, members: WorkspaceMember[], counts: ActivityCounts): void {
  const actors: AttioActor[] = members.map((m) => ({ id: m.id.workspace_member_id, type: 'workspace-member' }));
  const meetings = seedMeetings(ws, members, actors, counts.meetings);
  seedNotes(ws, actors, meetings, counts.notes);
  seedTasks(ws, actors, counts.tasks);
  seedThreads(ws, actors, counts.threads);
  seedWebhooks(ws, counts.webhooks);
}

function recordPool(ws: Workspace, slug: string, take: number): { object: string; record_id: string; object_id: string }[] {
  const model = ws.requireObject(slug);
  const out = [];
  for (let i = 0; i < Math.min(take, model.rows.count()); i++) {
    out.push({ object: slug, record_id: model.rows.idAt(i), object_id: model.object.id.object_id });
  }
  return out;
}

function seedMeetings(ws: Workspace, members: WorkspaceMember[], actors: AttioActor[], count: number): Meeting[] {
  const r = ws.random;
  const people = recordPool(ws, 'people', 300);
  const companies = recordPool(ws, 'companies', 100);
  const createdTimes = createdAtSeries(r, '2024-01-10T07:00:00Z', count, 100_000_000);
  const meetings: Meeting[] = [];
  for (let i = 0; i < count; i++) {
    const createdAt = createdTimes[i] as string;
    const allDay = i % 15 === 7;
    const startMs = Date.parse(`${createdAt.slice(0, 19)}Z`) + (1 + (i % 10)) * 86_400_000 + ((i * 37) % 24) * 3_600_000;
    const startIso = new Date(startMs - (startMs % 1_800_000)).toISOString().replace('.000Z', 'Z');
    const endIso = new Date(Date.parse(startIso) + (1 + (i % 3)) * 1_800_000).toISOString().replace('.000Z', 'Z');
    const person = people[(i * 7) % people.length];
    const company = companies[(i * 3) % companies.length];
    const organizer = members[i % members.length];
    const meeting = ws.addMeeting({
      title: allDay ? `Offsite day ${i}` : (['Discovery call', 'Demo', 'Weekly sync', 'Contract review'][i % 4] ?? 'Call'),
      description: i % 4 === 0 ? '' : `Agenda item ${i}: review progress and next steps.`,
      is_all_day: allDay,
      start: allDay ? { date: startIso.slice(0, 10) } : { datetime: startIso, timezone: i % 2 ? 'Europe/London' : null },
      end: allDay ? { date: endIso.slice(0, 10) } : { datetime: endIso, timezone: i % 2 ? 'Europe/London' : null },
      participants: [
        {
          status: 'accepted',
          is_organizer: true,
          email_address: organizer?.email_address ?? null,
          name: organizer ? `${organizer.first_name} ${organizer.last_name}` : null,
        },
        ...Array.from({ length: i % 4 }, (_, k) => ({
          status: (['accepted', 'tentative', 'declined', 'pending'] as const)[(i + k) % 4] ?? 'pending',
          is_organizer: false,
          email_address: k === 2 ? null : `guest${i}-${k}@example.com`,
          name: k === 1 ? null : `Guest ${k + 1}`,
        })),
      ],
      linked_records: [person, company]
        .slice(0, i % 3)
        .flatMap((rec) => (rec ? [{ object_slug: rec.object, object_id: rec.object_id, record_id: rec.record_id }] : [])),
      created_at: createdAt,
      created_by_actor: actors[i % actors.length] ?? ws.apiTokenActor,
    });
    meetings.push(meeting);
    const recordingCount = i === 3 ? 3 : i % 5 === 1 ? 2 : i % 5 === 2 ? 1 : 0;
    for (let k = 0; k < recordingCount; k++) {
      ws.addCallRecording(meeting.id.meeting_id, {
        status: (['completed', 'completed', 'processing', 'failed'] as const)[(i + k) % 4],
        created_at: shiftDays(createdAt, 1 + k),
        created_by_actor: actors[(i + k) % actors.length] ?? ws.apiTokenActor,
        transcript: transcript(i, k, organizer ? organizer.first_name : 'Host'),
      });
    }
  }
  return meetings;
}

function transcript(meeting: number, recording: number, host: string): TranscriptSegment[] {
  const words = 'Thanks everyone for joining today let us review the pipeline and agree on next steps'.split(' ');
  const length = 5 + ((meeting * 7 + recording) % 36);
  let t = 0.51;
  return Array.from({ length }, (_, k) => {
    const start = t;
    t = Math.round((t + 0.3 + (k % 3) * 0.2) * 100) / 100;
    return { speech: words[k % words.length] ?? '…', start_time: start, end_time: t, speaker: { name: k % 5 < 3 ? host : 'Guest' } };
  });
}

/** GET /v2/notes lists notes in insertion order; some are backdated so that is not created_at order. */
function seedNotes(ws: Workspace, actors: AttioActor[], meetings: Meeting[], count: number): void {
  const r = ws.random;
  const parents = [...recordPool(ws, 'people', 200), ...recordPool(ws, 'companies', 100), ...recordPool(ws, 'deals', 50)];
  const timeline = new SeedTimeline(r, '2024-03-01T09:00:00Z');
  for (let i = 0; i < count; i++) {
    const parent = parents[r.int(parents.length)];
    if (!parent) break;
    const regular = timeline.next(3_600_000, 90_000_000);
    const createdAt = i % 9 === 4 ? shiftDays(regular, -(30 + r.int(170))) : regular;
    const topic = NOTE_TOPICS[i % NOTE_TOPICS.length] ?? 'Note';
    const tags: NoteTag[] = [];
    if (i % 3 === 0) tags.push({ type: 'workspace-member', workspace_member_id: actors[i % actors.length]?.id ?? '' });
    if (i % 4 === 1) tags.push({ type: 'record', object: parent.object, record_id: parent.record_id });
    const body = i % 10 === 6 ? '' : `${topic} notes.\n\n- Discussed timeline\n- Follow up #${i}`;
    ws.addNote({
      parent_object: parent.object,
      parent_record_id: parent.record_id,
      title: i % 25 === 24 ? '' : `${topic} #${i + 1}`,
      meeting_id: i % 6 === 2 ? (meetings[i % meetings.length]?.id.meeting_id ?? null) : null,
      content_plaintext: body,
      content_markdown: body.replace(/^- /gm, '* '),
      tags,
      created_by_actor: i % 8 === 7 ? ws.apiTokenActor : (actors[i % actors.length] ?? ws.apiTokenActor),
      created_at: createdAt,
    });
  }
}

function seedTasks(ws: Workspace, actors: AttioActor[], count: number): void {
  const r = ws.random;
  const linkable = [...recordPool(ws, 'people', 200), ...recordPool(ws, 'companies', 100), ...recordPool(ws, 'deals', 50)];
  const times = createdAtSeries(r, '2024-01-05T08:00:00Z', count, 12_000_000, [[498, 501]], 10);
  for (let i = 0; i < count; i++) {
    const createdAt = times[i] as string;
    const completed = i % 3 === 0;
    ws.addTask({
      content_plaintext: `${['Call', 'Email', 'Send deck to', 'Review contract with'][i % 4]} contact #${i}`,
      deadline_at: i % 5 === 0 ? null : shiftDays(createdAt, 3 + (i % 20)),
      is_completed: completed,
      completed_at: completed ? shiftDays(createdAt, 2) : null,
      linked_records: r.sample(linkable, i % 3).map((rec) => ({ target_object_id: rec.object_id, target_record_id: rec.record_id })),
      assignees: r
        .sample(actors.slice(0, -2), i % 4 === 3 ? 0 : 1 + (i % 2))
        .map((actor) => ({ referenced_actor_type: 'workspace-member' as const, referenced_actor_id: actor.id ?? '' })),
      created_by_actor: actors[i % actors.length] ?? ws.apiTokenActor,
      created_at: createdAt,
    });
  }
}

function seedThreads(ws: Workspace, actors: AttioActor[], count: number): void {
  const r = ws.random;
  const records = [...recordPool(ws, 'people', 60), ...recordPool(ws, 'companies', 40), ...recordPool(ws, 'deals', 20)];
  const timeline = new SeedTimeline(r, '2024-04-01T10:00:00Z');
  const entryThreads = Math.floor(count / 3);
  for (let i = 0; i < count; i++) {
    const comments = Array.from({ length: 1 + (i % 4) }, (_, k) => {
      const createdAt = timeline.next(60_000, 40_000_000);
      return {
        content_plaintext: k === 0 ? `Question ${i}: can someone take a look?` : `Reply ${k} on thread ${i} 👍`,
        author: actors[(i + k) % actors.length] ?? ws.apiTokenActor,
        created_at: createdAt,
        resolved_at: i % 5 === 0 && k === 0 ? shiftDays(createdAt, 1) : null,
      };
    });
    if (i < entryThreads) {
      const list = i % 2 === 0 ? 'sales_pipeline' : 'recruiting';
      const rows = ws.requireList(list).rows;
      const entry = rows.visibleAt((i * 17) % rows.count());
      ws.addThread({
        record: { object: entry.parent_object, record_id: entry.parent_record_id },
        entry: { list, entry_id: entry.id.entry_id },
        comments,
      });
    } else {
      const record = records[r.int(records.length)];
      if (record) ws.addThread({ record: { object: record.object, record_id: record.record_id }, comments });
    }
  }
}

function seedWebhooks(ws: Workspace, count: number): void {
  const times = createdAtSeries(ws.random, '2023-09-01T12:00:00Z', count, 1_000_000_000);
  for (let i = 0; i < count; i++) {
    const subscriptions: Webhook['subscriptions'] = Array.from({ length: 1 + (i % 3) }, (_, k) => ({
      event_type: WEBHOOK_EVENTS[(i + k) % WEBHOOK_EVENTS.length] ?? 'record.created',
      filter:
        k === 1
          ? { $and: [{ field: 'id.object_id', operator: 'equals', value: ws.requireObject('people').object.id.object_id }] }
          : k === 2
            ? { $or: [{ field: 'id.list_id', operator: 'equals', value: ws.requireList('sales_pipeline').list.id.list_id }] }
            : null,
    }));
    ws.addWebhook({
      target_url: `https://hooks.example.com/attio/${i + 1}`,
      subscriptions,
      status: i % 7 === 5 ? 'degraded' : i % 7 === 6 ? 'inactive' : 'active',
      created_at: times[i] as string,
    });
  }
}
