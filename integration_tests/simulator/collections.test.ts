import { describe, expect, it } from 'vitest';
import type { AttioAttribute, Meeting, Note, Task, Thread, Webhook, WorkspaceMember } from './model.js';
import { TRANSCRIPT_PAGE_SIZE } from './index.js';
import { suiteSimulator } from './test-client.js';

describe('GET collections and their paging rules', () => {
  const { ws, api } = suiteSimulator();

  it('notes: default page 10, max 50 (400 above), offset paging in list order that is not created_at order', async () => {
    expect((await api.get('/v2/notes')).body.data).toHaveLength(10);
    const tooBig = await api.get('/v2/notes?limit=51');
    expect(tooBig).toMatchObject({ status: 400, body: { status_code: 400, type: 'invalid_request_error', code: 'validation_type' } });
    const all: Note[] = [];
    for (let offset = 0; ; offset += 50) {
      const page = (await api.get(`/v2/notes?limit=50&offset=${offset}`)).body.data as Note[];
      all.push(...page);
      if (page.length < 50) break;
    }
    expect(all).toHaveLength(137);
    expect(all.map((n) => n.id.note_id)).toEqual(ws.notes().map((n) => n.id.note_id));
    const backdated = all.filter((n, i) => i > 0 && n.created_at < all[i - 1]!.created_at);
    expect(backdated.length).toBeGreaterThan(5);
    const parent = all[0]!;
    const forParent = (
      await api.get(`/v2/notes?limit=50&parent_object=${parent.parent_object}&parent_record_id=${parent.parent_record_id}`)
    ).body.data as Note[];
    expect(forParent.length).toBeGreaterThan(0);
    expect(forParent.every((n) => n.parent_record_id === parent.parent_record_id)).toBe(true);
  });

  it('webhooks: default page size 10, limit 10..100', async () => {
    const first = (await api.get('/v2/webhooks')).body.data as Webhook[];
    expect(first).toHaveLength(10);
    const rest = (await api.get('/v2/webhooks?offset=10&limit=100')).body.data as Webhook[];
    expect(rest).toHaveLength(13);
    expect([...first, ...rest].map((w) => w.id.webhook_id)).toEqual(ws.webhooks().map((w) => w.id.webhook_id));
    expect(first[0]).toMatchObject({
      target_url: expect.stringMatching(/^https:\/\//),
      status: 'active',
      subscriptions: expect.any(Array),
    });
    expect((await api.get('/v2/webhooks?limit=5')).status).toBe(400);
    expect((await api.get('/v2/webhooks?limit=101')).status).toBe(400);
  });

  it('meetings: cursor paging with next_cursor, sorted by start; bad cursors are 400', async () => {
    const seen: Meeting[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await api.get(`/v2/meetings?limit=60${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...(res.body.data as Meeting[]));
      cursor = res.body.pagination.next_cursor as string | null;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(230);
    expect(new Set(seen.map((m) => m.id.meeting_id)).size).toBe(230);
    const startOf = (m: Meeting) => Date.parse('date' in m.start ? m.start.date : m.start.datetime);
    for (let i = 1; i < seen.length; i++) expect(startOf(seen[i]!)).toBeGreaterThanOrEqual(startOf(seen[i - 1]!));
    expect(seen.some((m) => m.is_all_day && 'date' in m.start)).toBe(true);
    expect((await api.get('/v2/meetings')).body.data).toHaveLength(50);
    expect((await api.get('/v2/meetings?limit=201')).status).toBe(400);
    expect((await api.get('/v2/meetings?cursor=forged.cursor')).status).toBe(400);
    const desc = (await api.get('/v2/meetings?sort=start_desc&limit=1')).body.data as Meeting[];
    expect(desc[0]!.id.meeting_id).toBe(seen[seen.length - 1]!.id.meeting_id);
  });

  it('call recordings and transcripts page with cursors', async () => {
    const meeting = ws.meetings().find((m) => ws.callRecordings(m.id.meeting_id).length === 3)!;
    const path = `/v2/meetings/${meeting.id.meeting_id}/call_recordings`;
    const first = await api.get(`${path}?limit=2`);
    expect(first.body.data).toHaveLength(2);
    const second = await api.get(`${path}?limit=2&cursor=${encodeURIComponent(first.body.pagination.next_cursor)}`);
    expect(second.body.data).toHaveLength(1);
    expect(second.body.pagination.next_cursor).toBeNull();
    const recording = second.body.data[0];
    expect(recording).toMatchObject({
      id: { meeting_id: meeting.id.meeting_id },
      status: expect.stringMatching(/processing|completed|failed/),
    });
    const segments = ws.transcript(recording.id.call_recording_id)!;
    const transcript = await api.get(`${path}/${recording.id.call_recording_id}/transcript`);
    expect(transcript.body.data.transcript).toHaveLength(Math.min(TRANSCRIPT_PAGE_SIZE, segments.length));
    expect(transcript.body.data.raw_transcript.split('\n')).toHaveLength(segments.length);
    expect((await api.get(`/v2/meetings/${ws.id}/call_recordings`)).status).toBe(404);
    expect(ws.callRecordings()).toHaveLength(141);
  });

  it('attributes: limit/offset paging, show_archived, slug differing from title', async () => {
    const all = (await api.get('/v2/objects/kitchen_sink/attributes')).body.data as AttioAttribute[];
    expect(all).toHaveLength(27); // 3 system + 24, the archived one hidden
    const paged: AttioAttribute[] = [];
    for (let offset = 0; ; offset += 10) {
      const page = (await api.get(`/v2/objects/kitchen_sink/attributes?limit=10&offset=${offset}`)).body.data as AttioAttribute[];
      paged.push(...page);
      if (page.length < 10) break;
    }
    expect(paged.map((a) => a.api_slug)).toEqual(all.map((a) => a.api_slug));
    const withArchived = (await api.get('/v2/objects/kitchen_sink/attributes?show_archived=true')).body.data as AttioAttribute[];
    expect(withArchived).toHaveLength(28);
    expect(withArchived.find((a) => a.api_slug === 'legacy_code')).toMatchObject({ is_archived: true, type: 'text' });
    expect(all.find((a) => a.api_slug === 'arr_usd')).toMatchObject({ title: 'ARR (USD)', type: 'currency' });
    expect(new Set(all.map((a) => a.type)).size).toBe(17);
    expect(
      all
        .filter((a) => a.is_multiselect)
        .map((a) => a.type)
        .sort(),
    ).toEqual(['actor-reference', 'domain', 'email-address', 'phone-number', 'record-reference', 'select']);
    const system = all.filter((a) => a.is_system_attribute).map((a) => a.api_slug);
    expect(system).toEqual(['record_id', 'created_at', 'created_by']);
    const company = ((await api.get('/v2/objects/people/attributes')).body.data as AttioAttribute[]).find((a) => a.api_slug === 'company')!;
    expect(company.relationship).toMatchObject({ object_slug: 'companies', api_slug: 'team', is_multiselect: true });
    expect((company.config as { record_reference: { allowed_object_ids: string[] } }).record_reference.allowed_object_ids).toEqual([
      ws.findObject('companies')!.object.id.object_id,
    ]);
    expect((await api.get('/v2/objects/kitchen_sink/attributes?limit=1001')).status).toBe(400);
  });

  it('select options and statuses honour show_archived', async () => {
    const options = await api.get('/v2/objects/companies/attributes/categories/options');
    expect(options.body.data.map((o: { title: string }) => o.title)).not.toContain('Web3');
    const archived = await api.get('/v2/objects/companies/attributes/categories/options?show_archived=true');
    expect(archived.body.data).toHaveLength(options.body.data.length + 1);
    const stages = await api.get('/v2/objects/deals/attributes/stage/statuses');
    expect(stages.body.data.map((s: { title: string }) => s.title)).toEqual(['Lead', 'In Progress', 'Won 🎉', 'Lost']);
    expect(stages.body.data[2]).toMatchObject({ celebration_enabled: true, target_time_in_status: null, is_archived: false });
    const allStages = await api.get('/v2/objects/deals/attributes/stage/statuses?show_archived=true');
    expect(allStages.body.data.at(-1)).toMatchObject({ title: 'Stalled', is_archived: true });
    const listStatuses = await api.get('/v2/lists/sales_pipeline/attributes/stage/statuses?show_archived=true');
    expect(listStatuses.body.data).toHaveLength(6);
    expect((await api.get('/v2/objects/deals/attributes/name/statuses')).status).toBe(400);
  });

  it('tasks: default page 500, offset, sort=created_at:asc|desc and filters', async () => {
    const first = (await api.get('/v2/tasks')).body.data as Task[];
    expect(first).toHaveLength(500);
    const rest = (await api.get('/v2/tasks?offset=500')).body.data as Task[];
    expect(rest).toHaveLength(120);
    const all = [...first, ...rest];
    for (let i = 1; i < all.length; i++) expect(all[i]!.created_at >= all[i - 1]!.created_at).toBe(true);
    expect(all[499]!.created_at).toBe(all[500]!.created_at);
    const desc = (await api.get('/v2/tasks?sort=created_at:desc&limit=1')).body.data as Task[];
    expect(desc[0]!.created_at).toBe(all[all.length - 1]!.created_at);
    const open = (await api.get('/v2/tasks?is_completed=false&limit=1000')).body.data as Task[];
    expect(open.length).toBe(all.filter((t) => !t.is_completed).length);
    const unassigned = (await api.get('/v2/tasks?assignee=null&limit=1000')).body.data as Task[];
    expect(unassigned.length).toBeGreaterThan(0);
    expect(unassigned.every((t) => t.assignees.length === 0)).toBe(true);
    expect((await api.get('/v2/tasks?sort=deadline')).status).toBe(400);
  });

  it('threads: default 10, max 50, unfiltered lists all, record and entry filters', async () => {
    expect((await api.get('/v2/threads')).body.data).toHaveLength(10);
    expect((await api.get('/v2/threads?limit=51')).status).toBe(400);
    const all = [
      ...((await api.get('/v2/threads?limit=50')).body.data as Thread[]),
      ...((await api.get('/v2/threads?limit=50&offset=50')).body.data as Thread[]),
    ];
    expect(all).toHaveLength(64);
    const entryThread = all.find((t) => t.comments[0]!.entry !== null)!;
    const list = ws.lists().find((l) => l.id.list_id === entryThread.comments[0]!.entry!.list_id)!;
    const byEntry = await api.get(`/v2/threads?list=${list.api_slug}&entry_id=${entryThread.comments[0]!.entry!.entry_id}`);
    expect(byEntry.body.data.map((t: Thread) => t.id.thread_id)).toContain(entryThread.id.thread_id);
    const recordThread = all.find((t) => t.comments[0]!.entry === null)!;
    const object = ws.objects().find((o) => o.id.object_id === recordThread.comments[0]!.record.object_id)!;
    const byRecord = await api.get(`/v2/threads?object=${object.api_slug}&record_id=${recordThread.comments[0]!.record.record_id}`);
    expect(byRecord.body.data.map((t: Thread) => t.id.thread_id)).toContain(recordThread.id.thread_id);
    const comment = recordThread.comments[0]!;
    expect((await api.get(`/v2/comments/${comment.id.comment_id}`)).body.data).toEqual(comment);
  });

  it('workspace members include admins, members and suspended ones', async () => {
    const members = (await api.get('/v2/workspace_members')).body.data as WorkspaceMember[];
    expect(members).toHaveLength(12);
    expect(members.map((m) => m.access_level).sort()).toEqual([
      ...Array(2).fill('admin'),
      ...Array(8).fill('member'),
      ...Array(2).fill('suspended'),
    ]);
    expect(members.some((m) => m.avatar_url === null)).toBe(true);
  });

  it('record entries lists the entries of one parent record', async () => {
    const entry = ws.entries('sales_pipeline')[0]!;
    const res = await api.get(`/v2/objects/companies/records/${entry.parent_record_id}/entries`);
    expect(res.body.data).toContainEqual({
      list_id: entry.id.list_id,
      list_api_slug: 'sales_pipeline',
      entry_id: entry.id.entry_id,
      created_at: entry.created_at,
    });
  });
});
