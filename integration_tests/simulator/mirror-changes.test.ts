// The changes an exact mirror must follow, as the simulator makes them and serves them: references that vanish
// with their target, merges into a new record, value histories rewritten from a backdated active_from, notes
// edited and deleted, tasks edited (PATCH's fields) and deleted, and all of them as seeded random changes, now or
// during a read.

import { describe, expect, it } from 'vitest';
import { ACTIVITY_CHANGE_KINDS, canonicalTimestamp, createSeededWorkspace, randomChanges, steppingClock } from './index.js';
import type { AttioEntry, AttioRecord, AttioValue, CallRecording, Note, Task, Thread, TranscriptSegment } from './model.js';
import { suiteSimulator } from './test-client.js';

const CLOCK_START = '2026-01-01T00:00:00Z';
const active = (list: AttioValue[] | null | undefined) => (list ?? []).filter((v) => v.active_until == null);
const latestChange = (row: AttioRecord | AttioEntry) =>
  Object.values('entry_values' in row ? row.entry_values : row.values)
    .flatMap((l) => l ?? [])
    .map((v) => v.active_from as string)
    .sort()
    .at(-1);

describe('changes an exact mirror must follow', () => {
  const { ws, api } = suiteSimulator({ workspace: createSeededWorkspace({ clock: steppingClock(CLOCK_START, 1_000_000) }) });

  it('a deleted record takes the references to it away from every record and entry, history too, moving no active_from', async () => {
    // A person referred to by a recruiting entry and associated with a deal.
    const entry = ws.entries('recruiting').find((e) => (e.entry_values.referrer ?? []).length > 0) as AttioEntry;
    const person = entry.entry_values.referrer?.[0]?.target_record_id as string;
    const deal = ws.records('deals').find((d) => (d.values.associated_people ?? []).length > 0) as AttioRecord;
    const dealPerson = deal.values.associated_people?.[0]?.target_record_id as string;
    const dealBefore = ws.record('deals', deal.id.record_id, { includeHistoric: true }) as AttioRecord;
    const entryBefore = ws.entry('recruiting', entry.id.entry_id, { includeHistoric: true }) as AttioEntry;

    expect(ws.deleteRecord('people', person)).toBe(true);
    expect(ws.deleteRecord('people', dealPerson)).toBe(true);

    const entryAfter = (await api.get(`/v2/lists/recruiting/entries/${entry.id.entry_id}`)).body.data as AttioEntry;
    expect(entryAfter.entry_values.referrer).toEqual([]);
    const dealAfter = ws.record('deals', deal.id.record_id, { includeHistoric: true }) as AttioRecord;
    const remaining = (dealBefore.values.associated_people ?? []).filter((v) => v.target_record_id !== dealPerson);
    expect(dealAfter.values.associated_people).toEqual(remaining);
    const served = (await api.get(`/v2/objects/deals/records/${deal.id.record_id}`)).body.data as AttioRecord;
    expect(served.values.associated_people?.map((v) => v.target_record_id)).not.toContain(dealPerson);
    // Everything else as it was: the referring rows' latest change time does not move (it can only go back).
    const { associated_people: _a, ...dealRest } = dealAfter.values;
    const { associated_people: _b, ...dealRestBefore } = dealBefore.values;
    expect(dealRest).toEqual(dealRestBefore);
    expect((latestChange(dealAfter) as string) <= (latestChange(dealBefore) as string)).toBe(true);
    expect(latestChange(ws.entry('recruiting', entry.id.entry_id, { includeHistoric: true }) as AttioEntry) as string).toBe(
      latestChange(entryBefore),
    );
  });

  it('a merge into a new record: both originals answer 404, their entries go, the new record holds their values', async () => {
    const [a, b] = ws.records('companies').filter((c) => (c.values.name ?? []).length > 0);
    if (!a || !b) throw new Error('seed too small');
    const entriesOfA = ws.recordEntries('companies', a.id.record_id);
    expect(entriesOfA.length + ws.recordEntries('companies', b.id.record_id).length).toBeGreaterThan(0);
    const count = ws.recordCount('companies');

    const merged = ws.mergeIntoNewRecord('companies', a.id.record_id, b.id.record_id);

    expect(ws.recordCount('companies')).toBe(count - 1);
    for (const id of [a.id.record_id, b.id.record_id]) {
      expect((await api.get(`/v2/objects/companies/records/${id}`)).status).toBe(404);
      expect(ws.recordEntries('companies', id)).toEqual([]);
    }
    const served = (await api.get(`/v2/objects/companies/records/${merged.id.record_id}`)).body.data as AttioRecord;
    expect(active(served.values.name).map((v) => v.value)).toEqual(active(a.values.name).map((v) => v.value));
    expect(served.created_at > a.created_at && served.created_at > b.created_at).toBe(true);
    // References to the originals are gone everywhere, like any deletion's.
    const team = (a.values.team ?? []).map((v) => v.target_record_id as string);
    for (const personId of team) expect(ws.record('people', personId)?.values.company ?? []).toEqual([]);
  });

  it('a history rewrite from a backdated active_from changes the served value and never moves the latest change forward', async () => {
    // A deal changed at least a minute after its creation (its stage moved on).
    const deal = ws
      .records('deals', { includeHistoric: true })
      .find((p) => Date.parse(latestChange(p) as string) - Date.parse(p.created_at) > 60_000) as AttioRecord;
    const before = latestChange(deal) as string;
    // One second after the deal's creation: before its latest change.
    const backdated = canonicalTimestamp(new Date(Date.parse(deal.created_at) + 1000).toISOString()) as string;
    expect(deal.created_at < backdated && backdated < before).toBe(true);

    ws.rewriteRecordHistory('deals', deal.id.record_id, 'name', 'Rewritten name', backdated);

    const history = (await api.get(`/v2/objects/deals/records/${deal.id.record_id}/attributes/name/values?show_historic=true`)).body
      .data as AttioValue[];
    const current = history.filter((v) => v.active_until == null);
    expect(current.map((v) => [v.value, v.active_from])).toEqual([['Rewritten name', backdated]]);
    // The history still tiles time: every value that began before the rewrite ends at it, none begins after it.
    for (const v of history.filter((h) => h.active_until != null)) {
      expect(v.active_from! < backdated && v.active_until! <= backdated).toBe(true);
    }
    const after = latestChange(ws.record('deals', deal.id.record_id, { includeHistoric: true }) as AttioRecord) as string;
    expect(after <= before).toBe(true);
    expect(() => ws.rewriteRecordHistory('deals', deal.id.record_id, 'name', 'x', '2999-01-01T00:00:00Z')).toThrow(/past/);
  });

  it('notes edited (title, content; no updated_at) and deleted; tasks edited through PATCH fields and deleted', async () => {
    const note = ws.notes()[3] as Note;
    ws.editNote(note.id.note_id, { title: 'Retitled', content: 'New body' });
    const served = (await api.get(`/v2/notes/${note.id.note_id}`)).body.data as Note;
    expect(served).toEqual({ ...note, title: 'Retitled', content_plaintext: 'New body', content_markdown: 'New body' });
    expect(ws.deleteNote(note.id.note_id)).toBe(true);
    expect((await api.get(`/v2/notes/${note.id.note_id}`)).status).toBe(404);
    expect(ws.deleteNote(note.id.note_id)).toBe(false);

    const task = ws.tasks().find((t) => !t.is_completed) as Task;
    const done = ws.updateTask(task.id.task_id, { is_completed: true, deadline_at: '2027-02-01T17:00:00.000000000Z' });
    expect(done).toMatchObject({ is_completed: true, deadline_at: '2027-02-01T17:00:00.000000000Z', created_at: task.created_at });
    expect(done.completed_at! > task.created_at).toBe(true);
    expect(((await api.get(`/v2/tasks/${task.id.task_id}`)).body.data as Task).is_completed).toBe(true);
    expect(ws.updateTask(task.id.task_id, { is_completed: false }).completed_at).toBeNull();
    expect(ws.deleteTask(task.id.task_id)).toBe(true);
    expect((await api.get(`/v2/tasks/${task.id.task_id}`)).status).toBe(404);
  });

  it('threads: a reply added and deleted alone; the head comment deleted takes its thread and every reply', async () => {
    const thread = ws.threads()[0] as Thread;
    const reply = ws.addComment(thread.id.thread_id, { content_plaintext: 'A reply' });
    const served = async () => (await api.get(`/v2/threads/${thread.id.thread_id}`)).body.data as Thread;
    expect((await served()).comments.map((c) => c.id.comment_id)).toContain(reply.id.comment_id);
    expect(ws.deleteComment(reply.id.comment_id)).toBe(true);
    expect((await served()).comments).toEqual(thread.comments);
    expect((await served()).created_at).toBe(thread.created_at);
    ws.addComment(thread.id.thread_id, { content_plaintext: 'Another reply' });
    expect(ws.deleteThread(thread.id.thread_id)).toBe(true);
    expect((await api.get(`/v2/threads/${thread.id.thread_id}`)).status).toBe(404);
    expect(ws.comments().some((c) => c.thread_id === thread.id.thread_id)).toBe(false);
    expect(ws.deleteComment(reply.id.comment_id)).toBe(false);
  });

  it('meetings deleted with their recordings and transcripts; a recording deleted with its transcript; a transcript replaced; a recording completed', async () => {
    const recordings = ws.callRecordings().filter((r) => (ws.transcript(r.id.call_recording_id) ?? []).length > 0);
    const [kept, alone] = [recordings[0] as CallRecording, recordings.at(-1) as CallRecording];
    const transcriptOf = async (r: CallRecording) =>
      api.get(`/v2/meetings/${r.id.meeting_id}/call_recordings/${r.id.call_recording_id}/transcript`);
    const segments = ws.transcript(kept.id.call_recording_id) ?? [];
    expect(ws.replaceTranscript(kept.id.call_recording_id, [{ ...(segments[0] as TranscriptSegment), speech: 'Said again' }])).toBe(true);
    expect(((await transcriptOf(kept)).body.data as { transcript: TranscriptSegment[] }).transcript.map((t) => t.speech)).toEqual([
      'Said again',
    ]);
    expect(ws.deleteCallRecording(alone.id.meeting_id, alone.id.call_recording_id)).toBe(true);
    expect((await transcriptOf(alone)).status).toBe(404);
    expect(ws.meetings().some((m) => m.id.meeting_id === alone.id.meeting_id)).toBe(true);
    expect(ws.deleteMeeting(kept.id.meeting_id)).toBe(true);
    expect((await api.get(`/v2/meetings/${kept.id.meeting_id}`)).status).toBe(404);
    expect(ws.callRecordings(kept.id.meeting_id)).toEqual([]);
    expect(ws.transcript(kept.id.call_recording_id)).toBeUndefined();
    expect(ws.deleteMeeting(kept.id.meeting_id)).toBe(false);
    const processing = ws.callRecordings().find((r) => r.status === 'processing') as CallRecording;
    expect(ws.completeCallRecording(processing.id.call_recording_id)).toBe(true);
    const recording = `/v2/meetings/${processing.id.meeting_id}/call_recordings/${processing.id.call_recording_id}`;
    expect(((await api.get(recording)).body.data as CallRecording).status).toBe('completed');
    expect(ws.completeCallRecording(processing.id.call_recording_id)).toBe(false);
  });
});

describe('seeded random changes', () => {
  const mix = {
    deletePerStep: 2,
    createPerStep: 2,
    updatePerStep: 2,
    clearPerStep: 2,
    mergePerStep: 1,
    rewritePerStep: 2,
    notesPerStep: { create: 1, backdated: 1, edit: 2, delete: 1 },
    tasksPerStep: { create: 1, edit: 2, delete: 1 },
    activityPerStep: { reply: 2, deleteComment: 1, deleteThread: 1, deleteMeeting: 1, deleteRecording: 1, complete: 1, transcript: 1 },
    objects: ['people', 'deals', 'projects'],
    lists: ['recruiting'],
  };

  it('make every kind of change, the same for the same seed on the same workspace', () => {
    const one = createSeededWorkspace({ clock: steppingClock(CLOCK_START, 1_000_000) });
    const two = createSeededWorkspace({ clock: steppingClock(CLOCK_START, 1_000_000) });
    const changes = randomChanges(one, { seed: 7, ...mix });
    expect(randomChanges(two, { seed: 7, ...mix })).toEqual(changes);
    expect(JSON.stringify(two.records('deals', { includeHistoric: true }))).toBe(
      JSON.stringify(one.records('deals', { includeHistoric: true })),
    );
    const kinds = new Set(changes.map((c) => `${c.target}:${c.kind}`));
    for (const kind of ['delete', 'create', 'update', 'clear', 'rewrite']) {
      expect(
        [...kinds].some((k) => k.endsWith(`:${kind}`)),
        kind,
      ).toBe(true);
    }
    for (const kind of ACTIVITY_CHANGE_KINDS) {
      expect(kinds.has(kind), kind).toBe(true);
    }
    // What they say happened, happened.
    for (const c of changes) {
      if (c.kind === 'merge') {
        expect(c.merged?.map((id) => one.record(c.slug, id))).toEqual([undefined, undefined]);
        expect(one.record(c.slug, c.id)).toBeDefined();
      }
      if (c.kind === 'delete' && c.target === 'notes') expect(one.notes().some((n) => n.id.note_id === c.id)).toBe(false);
      if (c.kind === 'delete' && c.target === 'tasks') expect(one.tasks().some((t) => t.id.task_id === c.id)).toBe(false);
      if (c.kind === 'delete' && c.target === 'threads') expect(one.threads().some((t) => t.id.thread_id === c.id)).toBe(false);
      if (c.kind === 'delete' && c.target === 'comments') expect(one.comments().some((x) => x.id.comment_id === c.id)).toBe(false);
      if (c.kind === 'delete' && c.target === 'meetings') expect(one.callRecordings(c.id)).toEqual([]);
      if (c.kind === 'delete' && c.target === 'call_recordings')
        expect(one.callRecordings().some((r) => r.id.call_recording_id === c.id)).toBe(false);
      if (c.kind === 'rewrite' && c.target === 'objects' && one.record(c.slug, c.id)) {
        const values = one.record(c.slug, c.id)?.values[c.attribute as string] ?? [];
        expect(values.every((v) => v.active_from === c.created_at)).toBe(true);
      }
    }
    const backdated = changes.filter((c) => c.target === 'notes' && c.kind === 'create').map((c) => c.created_at as string);
    const newest = createSeededWorkspace()
      .notes()
      .map((n) => n.created_at)
      .sort()
      .at(-1) as string;
    expect(backdated.some((t) => t < newest)).toBe(true);
  });

  it('happen during a read as churn, before the requests it counts', async () => {
    const ws = createSeededWorkspace({ clock: steppingClock(CLOCK_START, 1_000_000) });
    const { startSimulator } = await import('./index.js');
    const sim = await startSimulator({ workspace: ws });
    try {
      const churn = sim.churn({ everyRequests: 1, seed: 3, maxSteps: 2, ...mix, deletePerStep: 0, createPerStep: 0, updatePerStep: 0 });
      const { apiClient } = await import('./test-client.js');
      const api = apiClient(sim);
      const before = ws.notes().length;
      const listed = (await api.get('/v2/notes?limit=50&offset=0')).body.data as Note[];
      // The first step ran before the first request, whole: the page shows none of the notes it deleted.
      expect(churn.steps).toBe(1);
      expect(ws.notes().length).toBe(before + 1);
      const deleted = churn.changes.filter((c) => c.target === 'notes' && c.kind === 'delete');
      expect(deleted).toHaveLength(1);
      expect(listed.some((n) => n.id.note_id === deleted[0]?.id)).toBe(false);
      await api.get('/v2/tasks?limit=10');
      await api.get('/v2/tasks?limit=10');
      expect(churn.steps).toBe(2);
      churn.stop();
    } finally {
      await sim.close();
    }
  });
});
