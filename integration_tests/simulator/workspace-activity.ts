// Notes, tasks, comment threads, meetings with their call recordings and transcripts, webhooks: the
// collections that are neither records nor entries.
import type { AttioActor, CallRecording, Comment, Meeting, Note, Task, Thread, TranscriptSegment, Webhook } from './model.js';
import { WorkspaceRows } from './workspace-rows.js';

export class WorkspaceActivity extends WorkspaceRows {
  private readonly noteList: Note[] = [];
  private readonly taskList: Task[] = [];
  private readonly threadList: Thread[] = [];
  private readonly meetingList: Meeting[] = [];
  private readonly recordingsByMeeting = new Map<string, CallRecording[]>();
  private readonly transcriptsByRecording = new Map<string, TranscriptSegment[]>();
  private readonly webhookList: Webhook[] = [];
  /** Collections that only a route knows the shape of (Route.seed), by name, in insertion order. */
  private readonly itemsByName = new Map<string, unknown[]>();

  /** The items of a route's own collection (a copy), in the order they were added. */
  items<T>(name: string): T[] {
    return structuredClone((this.itemsByName.get(name) ?? []) as T[]);
  }

  /** Adds an item to a route's own collection; `created_at`, when it has one, moves the workspace clock. */
  addItem<T extends { created_at?: string }>(name: string, item: T): T {
    const list = this.itemsByName.get(name) ?? [];
    list.push(structuredClone(item));
    this.itemsByName.set(name, list);
    if (item.created_at) this.clock.observe(item.created_at);
    return structuredClone(item);
  }

  /** Notes in the order GET /v2/notes lists them (not created_at order). */
  notes(): Note[] {
    return structuredClone(this.noteList);
  }

  addNote(
    note: Omit<Note, 'id' | 'created_at' | 'created_by_actor' | 'meeting_id' | 'tags' | 'content_markdown'> &
      Partial<Pick<Note, 'created_at' | 'created_by_actor' | 'meeting_id' | 'tags' | 'content_markdown'>>,
  ): Note {
    const full: Note = {
      id: { workspace_id: this.id, note_id: this.random.uuid() },
      meeting_id: null,
      tags: [],
      content_markdown: note.content_plaintext,
      created_by_actor: this.apiTokenActor,
      created_at: note.created_at ?? this.nowTimestamp(),
      ...note,
    };
    this.noteList.push(full);
    this.clock.observe(full.created_at);
    return structuredClone(full);
  }

  /**
   * A note edited (retitled, its content rewritten), as Attio allows since 2026-08 (its changelog; the
   * vendored OpenAPI document has no PATCH for notes). A note carries no updated_at, so the edit is
   * visible only in the changed fields. Returns the note as served.
   */
  editNote(noteId: string, changes: { title?: string; content?: string }): Note {
    const note = this.noteList.find((n) => n.id.note_id === noteId);
    if (!note) throw new Error(`no note ${noteId}`);
    if (changes.title !== undefined) note.title = changes.title;
    if (changes.content !== undefined) {
      note.content_plaintext = changes.content;
      note.content_markdown = changes.content;
    }
    return structuredClone(note);
  }

  /** DELETE /v2/notes/{note_id}: later notes move up one place in every offset page. */
  deleteNote(noteId: string): boolean {
    const index = this.noteList.findIndex((n) => n.id.note_id === noteId);
    if (index < 0) return false;
    this.noteList.splice(index, 1);
    return true;
  }

  /** Tasks in insertion order; GET /v2/tasks sorts them by created_at. */
  tasks(): Task[] {
    return structuredClone(this.taskList);
  }

  addTask(task: Partial<Omit<Task, 'id'>> & { content_plaintext: string }): Task {
    const full: Task = {
      id: { workspace_id: this.id, task_id: this.random.uuid() },
      deadline_at: null,
      is_completed: false,
      completed_at: null,
      linked_records: [],
      assignees: [],
      created_by_actor: this.apiTokenActor,
      created_at: task.created_at ?? this.nowTimestamp(),
      ...task,
    };
    this.taskList.push(full);
    this.clock.observe(full.created_at);
    return structuredClone(full);
  }

  /**
   * PATCH /v2/tasks/{task_id}: "only the deadline_at, is_completed, linked_records, and assignees fields
   * can be updated" (Attio's document). A task carries no updated_at; completing one sets completed_at
   * (now), reopening clears it. Returns the task as served.
   */
  updateTask(taskId: string, changes: Partial<Pick<Task, 'deadline_at' | 'is_completed' | 'linked_records' | 'assignees'>>): Task {
    const task = this.taskList.find((t) => t.id.task_id === taskId);
    if (!task) throw new Error(`no task ${taskId}`);
    if (changes.is_completed !== undefined && changes.is_completed !== task.is_completed) {
      task.completed_at = changes.is_completed ? this.nowTimestamp() : null;
    }
    Object.assign(task, structuredClone(changes));
    return structuredClone(task);
  }

  /** DELETE /v2/tasks/{task_id}. */
  deleteTask(taskId: string): boolean {
    const index = this.taskList.findIndex((t) => t.id.task_id === taskId);
    if (index < 0) return false;
    this.taskList.splice(index, 1);
    return true;
  }

  threads(): Thread[] {
    return structuredClone(this.threadList);
  }

  /** A thread of comments on a record, or on a list entry when `entry` is given. */
  addThread(input: {
    record: { object: string; record_id: string };
    entry?: { list: string; entry_id: string };
    comments: { content_plaintext: string; author?: AttioActor; created_at?: string; resolved_at?: string | null }[];
  }): Thread {
    const object = this.requireObject(input.record.object);
    const list = input.entry ? this.requireList(input.entry.list) : undefined;
    const threadId = this.random.uuid();
    const comments: Comment[] = input.comments.map((c) => ({
      id: { workspace_id: this.id, comment_id: this.random.uuid() },
      thread_id: threadId,
      content_plaintext: c.content_plaintext,
      entry: input.entry && list ? { entry_id: input.entry.entry_id, list_id: list.list.id.list_id } : null,
      record: { record_id: input.record.record_id, object_id: object.object.id.object_id },
      resolved_at: c.resolved_at ?? null,
      resolved_by: c.resolved_at ? (c.author ?? this.apiTokenActor) : { id: null, type: null },
      created_at: c.created_at ?? this.nowTimestamp(),
      author: c.author ?? this.apiTokenActor,
    }));
    const first = comments[0];
    if (!first) throw new Error('a thread needs at least one comment');
    const thread: Thread = { id: { workspace_id: this.id, thread_id: threadId }, comments, created_at: first.created_at };
    this.threadList.push(thread);
    for (const comment of comments) this.clock.observe(comment.created_at);
    return structuredClone(thread);
  }

  /** A reply in an existing thread (POST /v2/comments with a thread_id); the thread keeps its created_at. */
  addComment(threadId: string, input: { content_plaintext: string; author?: AttioActor; created_at?: string }): Comment {
    const thread = this.threadList.find((t) => t.id.thread_id === threadId);
    const first = thread?.comments[0];
    if (!thread || !first) throw new Error(`no thread ${threadId}`);
    const comment: Comment = {
      id: { workspace_id: this.id, comment_id: this.random.uuid() },
      thread_id: threadId,
      content_plaintext: input.content_plaintext,
      entry: structuredClone(first.entry),
      record: structuredClone(first.record),
      resolved_at: null,
      resolved_by: { id: null, type: null },
      created_at: input.created_at ?? this.nowTimestamp(),
      author: input.author ?? this.apiTokenActor,
    };
    thread.comments.push(comment);
    this.clock.observe(comment.created_at);
    return structuredClone(comment);
  }

  /**
   * DELETE /v2/comments/{comment_id}: "If deleting a comment at the head of a thread, all messages in the thread
   * are also deleted" (Attio's document); a reply goes alone and its thread keeps its created_at.
   */
  deleteComment(commentId: string): boolean {
    const index = this.threadList.findIndex((t) => t.comments.some((c) => c.id.comment_id === commentId));
    const thread = this.threadList[index];
    if (!thread) return false;
    if (thread.comments[0]?.id.comment_id === commentId) this.threadList.splice(index, 1);
    else thread.comments = thread.comments.filter((c) => c.id.comment_id !== commentId);
    return true;
  }

  /** A thread deleted with every comment in it: its head comment deleted (there is no DELETE for a thread). */
  deleteThread(threadId: string): boolean {
    const head = this.threadList.find((t) => t.id.thread_id === threadId)?.comments[0];
    return head !== undefined && this.deleteComment(head.id.comment_id);
  }

  /** Every comment of every thread (there is no list-comments endpoint; this is for inspection). */
  comments(): Comment[] {
    return structuredClone(this.threadList.flatMap((thread) => thread.comments));
  }

  meetings(): Meeting[] {
    return structuredClone(this.meetingList);
  }

  addMeeting(
    meeting: Omit<Meeting, 'id' | 'created_at' | 'created_by_actor'> & Partial<Pick<Meeting, 'created_at' | 'created_by_actor'>>,
  ): Meeting {
    const full: Meeting = {
      id: { workspace_id: this.id, meeting_id: this.random.uuid() },
      created_at: meeting.created_at ?? this.nowTimestamp(),
      created_by_actor: this.apiTokenActor,
      ...meeting,
    };
    this.meetingList.push(full);
    this.clock.observe(full.created_at);
    this.recordingsByMeeting.set(full.id.meeting_id, []);
    return structuredClone(full);
  }

  /** Call recordings of one meeting, or of all meetings. */
  callRecordings(meetingId?: string): CallRecording[] {
    const lists = meetingId === undefined ? [...this.recordingsByMeeting.values()] : [this.recordingsByMeeting.get(meetingId) ?? []];
    return structuredClone(lists.flat());
  }

  addCallRecording(
    meetingId: string,
    recording: Partial<Pick<CallRecording, 'status' | 'created_at' | 'created_by_actor'>> & { transcript?: TranscriptSegment[] } = {},
  ): CallRecording {
    const list = this.recordingsByMeeting.get(meetingId);
    if (!list) throw new Error(`no meeting ${meetingId}`);
    const recordingId = this.random.uuid();
    const full: CallRecording = {
      id: { workspace_id: this.id, meeting_id: meetingId, call_recording_id: recordingId },
      status: recording.status ?? 'completed',
      web_url: `https://app.attio.com/${this.slug}/calls/${meetingId}/${recordingId}`,
      created_by_actor: recording.created_by_actor ?? this.apiTokenActor,
      created_at: recording.created_at ?? this.nowTimestamp(),
    };
    list.push(full);
    this.clock.observe(full.created_at);
    this.transcriptsByRecording.set(recordingId, recording.transcript ?? []);
    return structuredClone(full);
  }

  /**
   * A meeting gone from Attio with its call recordings and their transcripts. Neither of Attio's documents has a
   * DELETE for meetings (they come from calendars); what a reader sees is the meeting gone from GET /v2/meetings
   * and its recordings with it.
   */
  deleteMeeting(meetingId: string): boolean {
    const index = this.meetingList.findIndex((m) => m.id.meeting_id === meetingId);
    if (index < 0) return false;
    this.meetingList.splice(index, 1);
    for (const recording of this.recordingsByMeeting.get(meetingId) ?? [])
      this.transcriptsByRecording.delete(recording.id.call_recording_id);
    this.recordingsByMeeting.delete(meetingId);
    return true;
  }

  /**
   * DELETE /v2/meetings/{meeting_id}/call_recordings/{call_recording_id}: "This will remove the call recording and
   * all associated data" (Attio's document): its transcript too.
   */
  deleteCallRecording(meetingId: string, callRecordingId: string): boolean {
    const list = this.recordingsByMeeting.get(meetingId);
    const index = list?.findIndex((r) => r.id.call_recording_id === callRecordingId) ?? -1;
    if (!list || index < 0) return false;
    list.splice(index, 1);
    this.transcriptsByRecording.delete(callRecordingId);
    return true;
  }

  /**
   * A recording Attio finished processing: its status (Attio's alone; no route writes it) becomes completed, and its
   * transcript is served from then on. False unless it was processing.
   */
  completeCallRecording(callRecordingId: string): boolean {
    const recording = [...this.recordingsByMeeting.values()].flat().find((r) => r.id.call_recording_id === callRecordingId);
    if (recording?.status !== 'processing') return false;
    recording.status = 'completed';
    return true;
  }

  /**
   * A recording's transcript replaced (Attio transcribing it again; the documents have no route that writes a
   * transcript, and a transcript carries no timestamp of its own, so only its segments show the change).
   */
  replaceTranscript(callRecordingId: string, segments: TranscriptSegment[]): boolean {
    if (!this.transcriptsByRecording.has(callRecordingId)) return false;
    this.transcriptsByRecording.set(callRecordingId, structuredClone(segments));
    return true;
  }

  transcript(callRecordingId: string): TranscriptSegment[] | undefined {
    return structuredClone(this.transcriptsByRecording.get(callRecordingId));
  }

  webhooks(): Webhook[] {
    return structuredClone(this.webhookList);
  }

  addWebhook(webhook: Omit<Webhook, 'id' | 'created_at'> & { created_at?: string }): Webhook {
    const full: Webhook = {
      ...webhook,
      id: { workspace_id: this.id, webhook_id: this.random.uuid() },
      created_at: webhook.created_at ?? this.nowTimestamp(),
    };
    this.webhookList.push(full);
    this.clock.observe(full.created_at);
    return structuredClone(full);
  }
}
