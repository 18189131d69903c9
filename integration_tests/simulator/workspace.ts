// The in-memory Attio workspace the simulator serves: objects, lists and their attributes, records
// and entries (with value history), and every other read-only collection. Tests mutate it through
// the add*/update*/delete* helpers while the server is running.
import { ENTRY_SYSTEM_ATTRIBUTES, RECORD_SYSTEM_ATTRIBUTES, type AttributeSpec, type ListSpec, type ObjectSpec } from './attribute-spec.js';
import { isActiveValue, values } from './attribute-values.js';
import { LargeRecordRows } from './large-object.js';
import type {
  AttioActor,
  AttioAttribute,
  AttioEntry,
  AttioList,
  AttioObject,
  AttioRecord,
  AttioStatus,
  AttioValue,
  AttioValues,
  CallRecording,
  Comment,
  FileEntry,
  FileStorageProvider,
  ListView,
  Meeting,
  Note,
  ObjectView,
  SelectOption,
  Task,
  Thread,
  TranscriptSegment,
  Webhook,
  WorkspaceMember,
} from './model.js';
import { SeededRandom } from './random.js';
import { SortedRowStore, type TimeOrderedRows } from './time-ordered-rows.js';
import { NanoClock, addNanos, formatNanoTimestamp, parseNanoTimestamp, type TimeSource } from './timestamps.js';
import { valueFromInput, type AttributeContext, type ValueInput } from './value-input.js';

export type Target = 'objects' | 'lists';

export interface AttributeModel extends AttributeContext {
  attribute: Omit<AttioAttribute, 'relationship'>;
}

/** Records of one object in created_at order, in memory or generated on demand. */
export interface RecordRows extends TimeOrderedRows {
  visibleAt(index: number): AttioRecord;
  get(id: string): { full: AttioRecord; visible: AttioRecord } | undefined;
  insert(id: string, createdAt: string, full: AttioRecord): void;
  replace(id: string, full: AttioRecord): void;
  remove(id: string): boolean;
}

export interface ObjectModel {
  object: AttioObject;
  attributes: AttributeModel[];
  rows: RecordRows;
}

export interface ListModel {
  list: AttioList;
  attributes: AttributeModel[];
  rows: SortedRowStore<AttioEntry>;
}

export type ValuesInput = Record<string, ValueInput | ValueInput[] | null | undefined>;

export interface NewRecord {
  record_id?: string;
  created_at?: string;
  created_by?: AttioActor;
  values?: ValuesInput;
}

export interface NewEntry {
  parent_record_id: string;
  entry_id?: string;
  created_at?: string;
  created_by?: AttioActor;
  entry_values?: ValuesInput;
}

export interface RecordEntryRef {
  list_id: string;
  list_api_slug: string;
  entry_id: string;
  created_at: string;
}

interface NewFileCommon {
  /** Object slug or id of the record the entry is on. */
  object: string;
  record_id: string;
  file_id?: string;
  created_at?: string;
  created_by_actor?: AttioActor;
}

/** A file entry to add: a file or folder in Attio's storage, or a connected file or folder. */
export type NewFile =
  | (NewFileCommon & {
      file_type: 'file';
      name: string;
      content_type?: string | null;
      content_size?: number | null;
      parent_folder_id?: string | null;
    })
  | (NewFileCommon & { file_type: 'folder'; name: string; parent_folder_id?: string | null })
  | (NewFileCommon & {
      file_type: 'connected-file' | 'connected-folder';
      storage_provider: Exclude<FileStorageProvider, 'attio'>;
      external_provider_file_id: string;
      microsoft_drive_id?: string | null;
    });

export interface NewView {
  title: string;
  /** Hidden unless show_archived=true (the view shape itself has no archived flag). */
  archived?: boolean;
  view_id?: string;
  created_at?: string;
}

export interface WorkspaceIdentity {
  seed: number;
  name?: string;
  slug?: string;
  /** Where "now" comes from (default the wall clock); see NanoClock. */
  clock?: TimeSource;
}

export class Workspace {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly logoUrl: string | null;
  /** Drives every generated id, so the same seed and the same calls give the same workspace. */
  readonly random: SeededRandom;
  /** The actor of things created through the API token (what the tests add by default). */
  readonly apiTokenActor: AttioActor;

  private readonly clock: NanoClock;
  private readonly objectModels: ObjectModel[] = [];
  private readonly listModels: ListModel[] = [];
  private readonly memberList: WorkspaceMember[] = [];
  private readonly noteList: Note[] = [];
  private readonly taskList: Task[] = [];
  private readonly threadList: Thread[] = [];
  private readonly meetingList: Meeting[] = [];
  private readonly recordingsByMeeting = new Map<string, CallRecording[]>();
  private readonly transcriptsByRecording = new Map<string, TranscriptSegment[]>();
  private readonly webhookList: Webhook[] = [];
  private readonly fileList: FileEntry[] = [];
  /** Saved views by object_id / list_id. */
  private readonly viewsByParent = new Map<string, { view: ObjectView | ListView; archived: boolean }[]>();

  constructor(identity: WorkspaceIdentity) {
    this.clock = new NanoClock(identity.clock);
    this.random = new SeededRandom(identity.seed);
    this.id = this.random.uuid();
    this.name = identity.name ?? 'Simulated Co';
    this.slug = identity.slug ?? 'simulated-co';
    this.logoUrl = `https://assets.attio.com/logos/${this.id}.png`;
    this.apiTokenActor = { id: this.random.uuid(), type: 'api-token' };
  }

  /**
   * Strictly increasing "now" timestamps with nanosecond digits, always after everything seeded. Every
   * record or entry added without a created_at, and every value change, is stamped with one.
   */
  nowTimestamp(): string {
    return this.clock.now();
  }

  /** Replaces where "now" comes from (e.g. `steppingClock(...)`); timestamps stay strictly increasing. */
  useClock(source: TimeSource): void {
    this.clock.use(source);
  }

  // ----- objects, lists, attributes -------------------------------------------------------------

  defineObject(spec: ObjectSpec, createdAt: string): ObjectModel {
    const objectId = this.random.uuid();
    const model: ObjectModel = {
      object: {
        id: { workspace_id: this.id, object_id: objectId },
        api_slug: spec.slug,
        singular_noun: spec.singular,
        plural_noun: spec.plural,
        created_at: createdAt,
      },
      attributes: this.buildAttributes(objectId, [...RECORD_SYSTEM_ATTRIBUTES, ...spec.attributes], createdAt),
      rows: new SortedRowStore<AttioRecord>(visibleRecord),
    };
    this.objectModels.push(model);
    this.clock.observe(createdAt);
    return model;
  }

  /** A custom object whose `count` records are generated on demand from their index. */
  defineLargeObject(slug: string, count: number, createdAt: string): ObjectModel {
    const model = this.defineObject(LargeRecordRows.objectSpec(slug), createdAt);
    const rows = new LargeRecordRows({
      workspaceId: this.id,
      objectId: model.object.id.object_id,
      webUrlPrefix: `https://app.attio.com/${this.slug}/${slug}/`,
      count,
      attributes: model.attributes,
      owners: this.memberList.map((member) => member.id.workspace_member_id),
      recordIdPrefix: this.random.uuid().slice(0, 8),
    });
    model.rows = rows;
    const last = rows.lastGeneratedCreatedAt();
    if (last) this.clock.observe(last);
    return model;
  }

  defineList(spec: ListSpec, createdAt: string, createdBy: AttioActor): ListModel {
    const parent = this.requireObject(spec.parentObject);
    const listId = this.random.uuid();
    const model: ListModel = {
      list: {
        id: { workspace_id: this.id, list_id: listId },
        api_slug: spec.slug,
        name: spec.name,
        parent_object: [parent.object.api_slug ?? spec.parentObject],
        workspace_access: 'full-access',
        workspace_member_access: [],
        created_by_actor: createdBy,
        created_at: createdAt,
      },
      attributes: this.buildAttributes(listId, [...ENTRY_SYSTEM_ATTRIBUTES, ...spec.attributes], createdAt),
      rows: new SortedRowStore<AttioEntry>(visibleEntry),
    };
    this.listModels.push(model);
    this.clock.observe(createdAt);
    return model;
  }

  objects(): AttioObject[] {
    return this.objectModels.map((model) => structuredClone(model.object));
  }

  lists(): AttioList[] {
    return this.listModels.map((model) => structuredClone(model.list));
  }

  /** By slug or id. */
  findObject(idOrSlug: string): ObjectModel | undefined {
    return this.objectModels.find((m) => m.object.api_slug === idOrSlug || m.object.id.object_id === idOrSlug);
  }

  findList(idOrSlug: string): ListModel | undefined {
    return this.listModels.find((m) => m.list.api_slug === idOrSlug || m.list.id.list_id === idOrSlug);
  }

  /** Attribute models of an object or list (undefined when it does not exist), archived ones included. */
  findAttributes(target: Target, idOrSlug: string): AttributeModel[] | undefined {
    return target === 'objects' ? this.findObject(idOrSlug)?.attributes : this.findList(idOrSlug)?.attributes;
  }

  /** Attributes in Attio's shape, archived ones only when asked for. */
  attributes(target: Target, idOrSlug: string, options: { showArchived?: boolean } = {}): AttioAttribute[] {
    const models = this.findAttributes(target, idOrSlug) ?? [];
    return models.filter((m) => options.showArchived || !m.attribute.is_archived).map((m) => this.attributeJson(m));
  }

  attributeJson(model: AttributeModel): AttioAttribute {
    const json: AttioAttribute = { ...structuredClone(model.attribute), relationship: this.relationshipOf(model.spec) };
    // Resolved here, not at definition time, because the target object may be defined later.
    const targets = model.spec.targets;
    json.config = {
      ...(json.config as object),
      record_reference: {
        allowed_object_ids: targets ? targets.map((slug) => this.findObject(slug)?.object.id.object_id ?? slug) : null,
      },
    };
    return json;
  }

  /** Select options of a select attribute, archived ones included. */
  selectOptions(target: Target, idOrSlug: string, attributeSlug: string): SelectOption[] {
    return structuredClone(this.requireAttribute(target, idOrSlug, attributeSlug).options);
  }

  /** Statuses of a status attribute, archived ones included. */
  statuses(target: Target, idOrSlug: string, attributeSlug: string): AttioStatus[] {
    return structuredClone(this.requireAttribute(target, idOrSlug, attributeSlug).statuses);
  }

  // ----- records --------------------------------------------------------------------------------

  /** All records of an object as the API shows them (current values only), in created_at order. */
  records(objectSlug: string, options: { includeHistoric?: boolean } = {}): AttioRecord[] {
    const rows = this.requireObject(objectSlug).rows;
    const out: AttioRecord[] = [];
    for (let i = 0; i < rows.count(); i++) {
      const record = options.includeHistoric ? rows.get(rows.idAt(i))?.full : rows.visibleAt(i);
      if (record) out.push(structuredClone(record));
    }
    return out;
  }

  recordCount(objectSlug: string): number {
    return this.requireObject(objectSlug).rows.count();
  }

  record(objectSlug: string, recordId: string, options: { includeHistoric?: boolean } = {}): AttioRecord | undefined {
    const found = this.requireObject(objectSlug).rows.get(recordId);
    return found && structuredClone(options.includeHistoric ? found.full : found.visible);
  }

  addRecord(objectSlug: string, input: NewRecord = {}): AttioRecord {
    return structuredClone(this.insertRecord(objectSlug, input));
  }

  /** addRecord without the defensive copy (the seeder adds thousands); do not mutate the result. */
  insertRecord(objectSlug: string, input: NewRecord): AttioRecord {
    const model = this.requireObject(objectSlug);
    const recordId = input.record_id ?? this.random.uuid();
    const createdAt = input.created_at ?? this.nowTimestamp();
    const actor = input.created_by ?? this.apiTokenActor;
    const record: AttioRecord = {
      id: { workspace_id: this.id, object_id: model.object.id.object_id, record_id: recordId },
      created_at: createdAt,
      web_url: `https://app.attio.com/${this.slug}/${model.object.api_slug}/${recordId}`,
      values: this.buildValues(model.attributes, input.values ?? {}, createdAt, actor, {
        idSlug: 'record_id',
        id: recordId,
      }),
    };
    model.rows.insert(recordId, createdAt, record);
    this.clock.observe(createdAt);
    return record;
  }

  /**
   * Replaces the values of the given attributes. By default the old values stay as history
   * (active_until = now), the way Attio keeps them; `keepHistory: false` overwrites silently.
   */
  updateRecord(objectSlug: string, recordId: string, changes: ValuesInput, options: { keepHistory?: boolean } = {}): AttioRecord {
    const model = this.requireObject(objectSlug);
    const found = model.rows.get(recordId);
    if (!found) throw new Error(`no ${objectSlug} record ${recordId}`);
    const full = structuredClone(found.full);
    full.values = this.applyChanges(model.attributes, full.values, changes, options.keepHistory ?? true);
    model.rows.replace(recordId, full);
    return structuredClone(visibleRecord(full));
  }

  /**
   * New active values for the given attributes, as an update through Attio's API makes them: each gets
   * `active_from` = now (the workspace clock), and the values that were active get `active_until` = the
   * same instant and stay in the history (`…/values?show_historic=true`). `[]` or null clears.
   */
  updateRecordValues(objectSlug: string, recordId: string, changes: ValuesInput): AttioRecord {
    return this.updateRecord(objectSlug, recordId, changes);
  }

  /** Ends the active values of one attribute (active_until = now) without a replacement. */
  clearRecordValue(objectSlug: string, recordId: string, attributeSlug: string): AttioRecord {
    return this.updateRecord(objectSlug, recordId, { [attributeSlug]: [] });
  }

  /**
   * Deletes a record: later records move up one place in every offset page. With `withEntries` its
   * list entries go too (whether Attio deletes them is not documented; by default they stay).
   */
  deleteRecord(objectSlug: string, recordId: string, options: { withEntries?: boolean } = {}): boolean {
    const model = this.requireObject(objectSlug);
    if (options.withEntries) {
      for (const ref of this.recordEntries(objectSlug, recordId)) this.deleteEntry(ref.list_id, ref.entry_id);
    }
    return model.rows.remove(recordId);
  }

  /**
   * A merge as a reader sees it: `merged` is deleted and, optionally, `survivor` gets new values (with
   * history, like updateRecordValues). Returns the survivor as served.
   */
  mergeRecords(objectSlug: string, input: { survivor: string; merged: string; update?: ValuesInput }): AttioRecord {
    const model = this.requireObject(objectSlug);
    if (!model.rows.get(input.survivor)) throw new Error(`no ${objectSlug} record ${input.survivor}`);
    if (input.survivor === input.merged) throw new Error('a record cannot be merged into itself');
    if (!this.deleteRecord(objectSlug, input.merged)) throw new Error(`no ${objectSlug} record ${input.merged}`);
    if (input.update && Object.keys(input.update).length > 0) return this.updateRecord(objectSlug, input.survivor, input.update);
    return this.record(objectSlug, input.survivor) as AttioRecord;
  }

  // ----- list entries ---------------------------------------------------------------------------

  entries(listSlug: string, options: { includeHistoric?: boolean } = {}): AttioEntry[] {
    const rows = this.requireList(listSlug).rows;
    const out: AttioEntry[] = [];
    for (let i = 0; i < rows.count(); i++) {
      out.push(structuredClone(options.includeHistoric ? rows.fullAt(i) : rows.visibleAt(i)));
    }
    return out;
  }

  entry(listSlug: string, entryId: string, options: { includeHistoric?: boolean } = {}): AttioEntry | undefined {
    const found = this.requireList(listSlug).rows.get(entryId);
    return found && structuredClone(options.includeHistoric ? found.full : found.visible);
  }

  addEntry(listSlug: string, input: NewEntry): AttioEntry {
    return structuredClone(this.insertEntry(listSlug, input));
  }

  /** addEntry without the defensive copy; do not mutate the result. */
  insertEntry(listSlug: string, input: NewEntry): AttioEntry {
    const model = this.requireList(listSlug);
    const parentSlug = model.list.parent_object[0] ?? '';
    if (this.requireObject(parentSlug).rows.indexOfId(input.parent_record_id) < 0) {
      throw new Error(`list ${listSlug}: parent ${parentSlug} record ${input.parent_record_id} does not exist`);
    }
    const entryId = input.entry_id ?? this.random.uuid();
    const createdAt = input.created_at ?? this.nowTimestamp();
    const actor = input.created_by ?? this.apiTokenActor;
    const entry: AttioEntry = {
      id: { workspace_id: this.id, list_id: model.list.id.list_id, entry_id: entryId },
      parent_record_id: input.parent_record_id,
      parent_object: parentSlug,
      created_at: createdAt,
      entry_values: this.buildValues(model.attributes, input.entry_values ?? {}, createdAt, actor, {
        idSlug: 'entry_id',
        id: entryId,
      }),
    };
    model.rows.insert(entryId, createdAt, entry);
    this.clock.observe(createdAt);
    return entry;
  }

  updateEntry(listSlug: string, entryId: string, changes: ValuesInput, options: { keepHistory?: boolean } = {}): AttioEntry {
    const model = this.requireList(listSlug);
    const found = model.rows.get(entryId);
    if (!found) throw new Error(`no ${listSlug} entry ${entryId}`);
    const full = structuredClone(found.full);
    full.entry_values = this.applyChanges(model.attributes, full.entry_values, changes, options.keepHistory ?? true);
    model.rows.replace(entryId, full);
    return structuredClone(visibleEntry(full));
  }

  /** updateRecordValues for a list entry's `entry_values`. */
  updateEntryValues(listSlug: string, entryId: string, changes: ValuesInput): AttioEntry {
    return this.updateEntry(listSlug, entryId, changes);
  }

  clearEntryValue(listSlug: string, entryId: string, attributeSlug: string): AttioEntry {
    return this.updateEntry(listSlug, entryId, { [attributeSlug]: [] });
  }

  /** Deletes an entry: later entries move up one place in every offset page. */
  deleteEntry(listSlug: string, entryId: string): boolean {
    return this.requireList(listSlug).rows.remove(entryId);
  }

  /** The entries whose parent is this record, across all lists (GET …/records/{id}/entries). */
  recordEntries(objectSlug: string, recordId: string): RecordEntryRef[] {
    const object = this.requireObject(objectSlug);
    const out: RecordEntryRef[] = [];
    for (const list of this.listModels) {
      if (!list.list.parent_object.includes(object.object.api_slug ?? '')) continue;
      for (let i = 0; i < list.rows.count(); i++) {
        const entry = list.rows.visibleAt(i);
        if (entry.parent_record_id !== recordId) continue;
        out.push({
          list_id: list.list.id.list_id,
          list_api_slug: list.list.api_slug,
          entry_id: entry.id.entry_id,
          created_at: entry.created_at,
        });
      }
    }
    return out;
  }

  // ----- the other collections ------------------------------------------------------------------

  workspaceMembers(): WorkspaceMember[] {
    return structuredClone(this.memberList);
  }

  addWorkspaceMember(member: Omit<WorkspaceMember, 'id' | 'created_at'> & { created_at?: string }): WorkspaceMember {
    const full: WorkspaceMember = {
      ...member,
      id: { workspace_id: this.id, workspace_member_id: this.random.uuid() },
      created_at: member.created_at ?? this.nowTimestamp(),
    };
    this.memberList.push(full);
    this.clock.observe(full.created_at);
    return structuredClone(full);
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

  // ----- files (beta) and views ------------------------------------------------------------------

  /** Every file entry (files, folders, connected ones), in the order they were added. */
  files(): FileEntry[] {
    return structuredClone(this.fileList);
  }

  file(fileId: string): FileEntry | undefined {
    return structuredClone(this.fileList.find((f) => f.id.file_id === fileId));
  }

  /** Whether a folder holds any entry (GET /v2/files/{id} answers it as `has_children`). */
  hasChildren(folderId: string): boolean {
    return this.fileList.some((f) => (f.file_type === 'file' || f.file_type === 'folder') && f.parent_folder_id === folderId);
  }

  addFile(input: NewFile): FileEntry {
    const object = this.requireObject(input.object);
    if (object.rows.indexOfId(input.record_id) < 0) throw new Error(`no ${object.object.api_slug} record ${input.record_id}`);
    const base = {
      id: { workspace_id: this.id, file_id: input.file_id ?? this.random.uuid() },
      object_id: object.object.id.object_id,
      object_slug: object.object.api_slug ?? '',
      record_id: input.record_id,
    };
    const created = { created_by_actor: input.created_by_actor ?? this.apiTokenActor, created_at: input.created_at ?? this.nowTimestamp() };
    let entry: FileEntry;
    if (input.file_type === 'file' || input.file_type === 'folder') {
      const parent = input.parent_folder_id ?? null;
      if (parent !== null) {
        const folder = this.fileList.find((f) => f.id.file_id === parent);
        if (folder?.file_type !== 'folder' || folder.record_id !== input.record_id) throw new Error(`no folder ${parent} on that record`);
      }
      entry =
        input.file_type === 'file'
          ? {
              ...base,
              storage_provider: 'attio',
              ...created,
              file_type: 'file',
              name: input.name,
              content_type: input.content_type ?? null,
              content_size: input.content_size ?? null,
              parent_folder_id: parent,
            }
          : { ...base, storage_provider: 'attio', ...created, file_type: 'folder', name: input.name, parent_folder_id: parent };
    } else {
      entry = {
        ...base,
        storage_provider: input.storage_provider,
        ...created,
        file_type: input.file_type,
        external_provider_file_id: input.external_provider_file_id,
        microsoft_drive_id: input.storage_provider === 'microsoft-onedrive' ? (input.microsoft_drive_id ?? null) : null,
      };
    }
    this.fileList.push(entry);
    this.clock.observe(entry.created_at);
    return structuredClone(entry);
  }

  /** Deletes a file entry; deleting a folder deletes everything in it (as Attio's DELETE /v2/files/{id} documents). */
  deleteFile(fileId: string): boolean {
    const index = this.fileList.findIndex((f) => f.id.file_id === fileId);
    if (index < 0) return false;
    const [removed] = this.fileList.splice(index, 1);
    if (removed?.file_type === 'folder') {
      for (const child of this.fileList.filter(
        (f) => (f.file_type === 'file' || f.file_type === 'folder') && f.parent_folder_id === fileId,
      )) {
        this.deleteFile(child.id.file_id);
      }
    }
    return true;
  }

  /** Saved views of an object or list, ordered by view_id (as Attio documents), archived ones only when asked. */
  views(target: Target, idOrSlug: string, options: { showArchived?: boolean } = {}): (ObjectView | ListView)[] {
    const parentId = this.viewParentId(target, idOrSlug);
    const all = this.viewsByParent.get(parentId) ?? [];
    return structuredClone(
      all
        .filter((v) => options.showArchived || !v.archived)
        .map((v) => v.view)
        .sort((a, b) => (a.id.view_id < b.id.view_id ? -1 : a.id.view_id > b.id.view_id ? 1 : 0)),
    );
  }

  addView(target: Target, idOrSlug: string, input: NewView): ObjectView | ListView {
    const parentId = this.viewParentId(target, idOrSlug);
    const viewId = input.view_id ?? this.random.uuid();
    const createdAt = input.created_at ?? this.nowTimestamp();
    const view: ObjectView | ListView =
      target === 'objects'
        ? { id: { workspace_id: this.id, object_id: parentId, view_id: viewId }, title: input.title, created_at: createdAt }
        : { id: { workspace_id: this.id, list_id: parentId, view_id: viewId }, title: input.title, created_at: createdAt };
    const list = this.viewsByParent.get(parentId) ?? [];
    list.push({ view, archived: input.archived ?? false });
    this.viewsByParent.set(parentId, list);
    this.clock.observe(createdAt);
    return structuredClone(view);
  }

  private viewParentId(target: Target, idOrSlug: string): string {
    return target === 'objects' ? this.requireObject(idOrSlug).object.id.object_id : this.requireList(idOrSlug).list.id.list_id;
  }

  // ----- internals ------------------------------------------------------------------------------

  requireObject(idOrSlug: string): ObjectModel {
    const model = this.findObject(idOrSlug);
    if (!model) throw new Error(`no object ${idOrSlug}`);
    return model;
  }

  requireList(idOrSlug: string): ListModel {
    const model = this.findList(idOrSlug);
    if (!model) throw new Error(`no list ${idOrSlug}`);
    return model;
  }

  private requireAttribute(target: Target, idOrSlug: string, attributeSlug: string): AttributeModel {
    const found = this.findAttributes(target, idOrSlug)?.find(
      (m) => m.attribute.api_slug === attributeSlug || m.attribute.id.attribute_id === attributeSlug,
    );
    if (!found) throw new Error(`no attribute ${attributeSlug} on ${target}/${idOrSlug}`);
    return found;
  }

  private buildAttributes(parentId: string, specs: AttributeSpec[], createdAt: string): AttributeModel[] {
    let instant = parseNanoTimestamp(createdAt);
    return specs.map((spec) => {
      instant = addNanos(instant, 1_000_137);
      const attributeId = this.random.uuid();
      const ids = { workspace_id: this.id, object_id: parentId, attribute_id: attributeId };
      return {
        spec,
        attribute: {
          id: ids,
          title: spec.title,
          description: spec.description ?? null,
          api_slug: spec.slug,
          type: spec.type,
          is_system_attribute: spec.system ?? false,
          is_writable: spec.writable ?? true,
          is_required: spec.required ?? false,
          is_unique: spec.unique ?? false,
          is_multiselect: spec.multi ?? false,
          is_default_value_enabled: spec.defaultValue !== undefined,
          is_archived: spec.archived ?? false,
          default_value: spec.defaultValue ?? null,
          created_at: formatNanoTimestamp(instant),
          config: {
            currency: { default_currency_code: spec.defaultCurrency ?? null, display_type: spec.defaultCurrency ? 'symbol' : null },
            record_reference: { allowed_object_ids: null },
          },
        },
        options: (spec.options ?? []).map((option) => {
          const { title, archived } = typeof option === 'string' ? { title: option, archived: false } : option;
          return { id: { ...ids, option_id: this.random.uuid() }, title, is_archived: archived ?? false };
        }),
        statuses: (spec.statuses ?? []).map((status) => {
          const s = typeof status === 'string' ? { title: status } : status;
          return {
            id: { ...ids, status_id: this.random.uuid() },
            title: s.title,
            is_archived: s.archived ?? false,
            celebration_enabled: s.celebration ?? false,
            target_time_in_status: s.targetTime ?? null,
          };
        }),
      };
    });
  }

  /** Resolved lazily because the other side may be defined after this attribute. */
  private relationshipOf(spec: AttributeSpec): AttioAttribute['relationship'] {
    if (!spec.relationship) return null;
    const [objectSlug, attributeSlug] = spec.relationship;
    const other = this.findObject(objectSlug)?.attributes.find((m) => m.attribute.api_slug === attributeSlug);
    if (!other) return null;
    return {
      id: other.attribute.id,
      object_slug: objectSlug,
      title: other.attribute.title,
      api_slug: other.attribute.api_slug,
      is_multiselect: other.attribute.is_multiselect,
    };
  }

  /** Values for every non-archived attribute: system values filled in, missing ones as []. */
  private buildValues(
    attributes: AttributeModel[],
    input: ValuesInput,
    createdAt: string,
    actor: AttioActor,
    identity: { idSlug: string; id: string },
  ): AttioValues {
    const provenance = { activeFrom: createdAt, actor };
    const known = new Set(attributes.map((m) => m.attribute.api_slug));
    for (const slug of Object.keys(input)) {
      if (!known.has(slug)) throw new Error(`unknown attribute "${slug}"`);
    }
    const out: AttioValues = {};
    for (const model of attributes) {
      if (model.attribute.is_archived) continue;
      const slug = model.attribute.api_slug;
      if (slug === identity.idSlug) out[slug] = [values.text(identity.id, provenance)];
      else if (slug === 'created_at' && model.spec.system) out[slug] = [values.timestamp(createdAt, provenance)];
      else if (slug === 'created_by' && model.spec.system) {
        out[slug] = [values.actorReference((actor.type ?? 'system') as 'system', actor.id ?? null, provenance)];
      } else out[slug] = toValues(model, input[slug], provenance);
    }
    return out;
  }

  private applyChanges(attributes: AttributeModel[], current: AttioValues, changes: ValuesInput, keepHistory: boolean): AttioValues {
    const now = this.nowTimestamp();
    const next: AttioValues = { ...current };
    for (const [slug, input] of Object.entries(changes)) {
      const model = attributes.find((m) => m.attribute.api_slug === slug);
      if (!model || model.spec.system) throw new Error(`attribute "${slug}" cannot be changed`);
      const old = current[slug] ?? [];
      const retired = keepHistory ? old.map((v) => (isActiveValue(v) ? { ...v, active_until: now } : v)) : [];
      next[slug] = [...retired, ...toValues(model, input, { activeFrom: now, actor: this.apiTokenActor })];
    }
    return next;
  }
}

function toValues(model: AttributeModel, input: ValuesInput[string], provenance: { activeFrom: string; actor: AttioActor }): AttioValue[] {
  if (input === undefined || input === null) return [];
  const list = Array.isArray(input) ? input : [input];
  return list.map((item) => valueFromInput(model, item, provenance));
}

function onlyActive(all: AttioValues): AttioValues {
  const out: AttioValues = {};
  for (const [slug, list] of Object.entries(all)) out[slug] = (list ?? []).filter(isActiveValue);
  return out;
}

function visibleRecord(record: AttioRecord): AttioRecord {
  return { ...record, values: onlyActive(record.values) };
}

function visibleEntry(entry: AttioEntry): AttioEntry {
  return { ...entry, entry_values: onlyActive(entry.entry_values) };
}
