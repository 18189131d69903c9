// A workspace that changes while a connector reads it: hooks that run between requests, and seeded
// churn (deletes, creates, value updates, clears, merges, history rewrites, note and task edits and
// deletions, replies and deletions in threads, meetings, recordings and transcripts deleted or changed)
// applied before every k-th matching request, or once, now, with randomChanges.
//
// Hooks run synchronously immediately before a route handler answers from the workspace, in the same
// turn of the event loop, so no other request can see half a change, and the request they run before
// sees all of it. `n` counts the requests that reach a route handler (after failNext, rate limiting,
// random faults, auth and scope checks; /v2/self is not counted), starting at 1. With a client that
// sends one request at a time the schedule is exact; with concurrent requests, n follows the order in
// which their handlers run.
import { SeededRandom } from './random.js';
import type { AttributeModel, ListModel, ObjectModel, ValuesInput, Workspace } from './workspace.js';
import { SortedRowStore } from './time-ordered-rows.js';
import { addNanos, formatNanoTimestamp, parseNanoTimestamp } from './timestamps.js';
import type { ValueInput } from './value-input.js';

/** What a hook learns about the request it runs before. */
export interface AnsweredRequest {
  method: string;
  path: string;
  /** "METHOD /pattern", the key of stats.byRoute, e.g. "POST /v2/objects/{object}/records/query". */
  route: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body ({} for GET). */
  body: Record<string, unknown>;
}

export type RequestHook = (req: AnsweredRequest, n: number) => void;

export class RequestHooks {
  private readonly hooks: RequestHook[] = [];
  private count = 0;

  /** Requests that reached a handler so far. */
  get answered(): number {
    return this.count;
  }

  add(hook: RequestHook): () => void {
    this.hooks.push(hook);
    return () => {
      const index = this.hooks.indexOf(hook);
      if (index >= 0) this.hooks.splice(index, 1);
    };
  }

  /** Runs every hook (in registration order) before the handler of the next request. */
  run(req: AnsweredRequest): void {
    this.count += 1;
    for (const hook of [...this.hooks]) hook(req, this.count);
  }
}

/**
 * How many changes of each kind one churn step (or one call of randomChanges) makes. Record deletions take the
 * record's list entries with them, and the references to it vanish (Workspace.deleteRow).
 */
export interface ChangeMix {
  deletePerStep?: number;
  createPerStep?: number;
  updatePerStep?: number;
  /** An attribute's active values end and none replaces them (a change last_value_set_at does not show). */
  clearPerStep?: number;
  /** Two records of one object merged into a new one: two deletions and a creation. */
  mergePerStep?: number;
  /** A value history rewritten from a backdated active_from (no change cursor sees it). */
  rewritePerStep?: number;
  /** Notes: created now, created backdated (before the newest note), edited (title or content), deleted. */
  notesPerStep?: { create?: number; backdated?: number; edit?: number; delete?: number };
  /** Tasks: created, edited through PATCH's fields (completed, reopened, deadline moved), deleted. */
  tasksPerStep?: { create?: number; edit?: number; delete?: number };
  /**
   * Threads and their comments (a reply added, a reply deleted, a thread deleted), meetings deleted with their
   * recordings, recordings deleted with their transcripts, transcripts replaced.
   */
  activityPerStep?: {
    reply?: number;
    deleteComment?: number;
    deleteThread?: number;
    deleteMeeting?: number;
    deleteRecording?: number;
    /** A recording that was processing completes (its status changes, its transcript appears). */
    complete?: number;
    transcript?: number;
  };
}

/** Where changes happen: the objects and lists (notes and tasks are the workspace's own). */
export interface ChangeScope {
  /** Object slugs to churn. Default: every object held in memory (not large objects), unless `lists` alone is given. */
  objects?: string[];
  /** List slugs to churn. Default: every list, unless `objects` alone is given. */
  lists?: string[];
}

export interface ChurnOptions extends ChangeMix, ChangeScope {
  /** A step is applied before the k-th, 2k-th, … request that `match` accepts. */
  everyRequests: number;
  seed: number;
  /** Which requests count (default: all that reach a handler). */
  match?: (req: AnsweredRequest) => boolean;
  /** Stop after this many steps. */
  maxSteps?: number;
}

export type ChangeKind = 'delete' | 'create' | 'update' | 'clear' | 'merge' | 'rewrite' | 'edit';

/**
 * The changes to the activity streams (and merges) that randomChanges and churn make, as `target:kind`: what a test
 * of the mirror expects to have happened once a run made changes of every kind.
 */
export const ACTIVITY_CHANGE_KINDS = [
  'objects:merge',
  'notes:create',
  'notes:edit',
  'notes:delete',
  'tasks:create',
  'tasks:edit',
  'tasks:delete',
  'comments:create',
  'comments:delete',
  'threads:delete',
  'meetings:delete',
  'call_recordings:delete',
  'call_recordings:edit',
  'call_recording_transcripts:edit',
] as const;

export interface ChurnChange {
  step: number;
  /** The hook's n of the request the step ran before (0 for randomChanges). */
  request: number;
  kind: ChangeKind;
  target: 'objects' | 'lists' | 'notes' | 'tasks' | 'threads' | 'comments' | 'meetings' | 'call_recordings' | 'call_recording_transcripts';
  slug: string;
  /** The row's id (record_id, entry_id, note_id, task_id, thread_id, comment_id, …); for a merge, the new record's. */
  id: string;
  /** For a merge: the two records that went. */
  merged?: [string, string];
  /** For updates, clears and rewrites: the attribute; for note and task edits: the field. */
  attribute?: string;
  /** For creates: the new row's created_at; for rewrites: the backdated active_from. */
  created_at?: string;
}

export interface Churn {
  /** Every change applied so far, in order. */
  readonly changes: readonly ChurnChange[];
  readonly steps: number;
  stop(): void;
}

type Collection = { target: 'objects'; slug: string; model: ObjectModel } | { target: 'lists'; slug: string; model: ListModel };

export function startChurn(ws: Workspace, hooks: RequestHooks, options: ChurnOptions): Churn {
  if (!Number.isInteger(options.everyRequests) || options.everyRequests < 1) throw new Error('churn: everyRequests must be >= 1');
  const rng = new SeededRandom(options.seed);
  const collections = churnCollections(ws, options);
  const changes: ChurnChange[] = [];
  let matched = 0;
  let steps = 0;
  const stop = hooks.add((req, n) => {
    if (options.match && !options.match(req)) return;
    matched += 1;
    if (matched % options.everyRequests !== 0) return;
    if (options.maxSteps !== undefined && steps >= options.maxSteps) return;
    steps += 1;
    applyStep(ws, rng, collections, options, { step: steps, request: n, label: `${options.seed}.${steps}` }, changes);
  });
  return {
    get changes() {
      return changes;
    },
    get steps() {
      return steps;
    },
    stop,
  };
}

/** One step of seeded changes applied now (between syncs, say): the same kinds and rules as churn. */
export function randomChanges(ws: Workspace, options: ChangeMix & ChangeScope & { seed: number }): ChurnChange[] {
  const changes: ChurnChange[] = [];
  const rng = new SeededRandom(options.seed);
  applyStep(ws, rng, churnCollections(ws, options), options, { step: 1, request: 0, label: `${options.seed}.r` }, changes);
  return changes;
}

function churnCollections(ws: Workspace, options: ChangeScope): Collection[] {
  const neither = options.objects === undefined && options.lists === undefined;
  const objectSlugs =
    options.objects ??
    (neither
      ? ws.objects().flatMap((o) => (o.api_slug && ws.requireObject(o.api_slug).rows instanceof SortedRowStore ? [o.api_slug] : []))
      : []);
  const listSlugs = options.lists ?? (neither ? ws.lists().map((l) => l.api_slug) : []);
  const out: Collection[] = [
    ...objectSlugs.map((slug) => {
      const model = ws.requireObject(slug);
      if (!(model.rows instanceof SortedRowStore)) throw new Error(`churn: ${slug} is a generated large object (read-only)`);
      return { target: 'objects' as const, slug, model };
    }),
    ...listSlugs.map((slug) => ({ target: 'lists' as const, slug, model: ws.requireList(slug) })),
  ];
  if (out.length === 0) throw new Error('churn: nothing to churn');
  return out;
}

function applyStep(
  ws: Workspace,
  rng: SeededRandom,
  collections: Collection[],
  mix: ChangeMix,
  at: { step: number; request: number; label: string },
  changes: ChurnChange[],
): void {
  const log = (change: Omit<ChurnChange, 'step' | 'request'>) => changes.push({ step: at.step, request: at.request, ...change });
  const times = (n: number | undefined, make: (k: number) => void) => {
    for (let k = 0; k < (n ?? 0); k++) make(k);
  };
  const objects = collections.filter((c): c is Extract<Collection, { target: 'objects' }> => c.target === 'objects');
  times(mix.deletePerStep, () => {
    const c = rng.pick(collections);
    const count = c.model.rows.count();
    if (count === 0) return;
    const id = c.model.rows.idAt(rng.int(count));
    if (c.target === 'objects') ws.deleteRecord(c.slug, id, { withEntries: true });
    else ws.deleteEntry(c.slug, id);
    log({ kind: 'delete', target: c.target, slug: c.slug, id });
  });
  times(mix.createPerStep, (k) => {
    const c = rng.pick(collections);
    const values = newValues(c.model.attributes, rng, `${at.label}.${k}`);
    if (c.target === 'objects') {
      const record = ws.insertRecord(c.slug, { record_id: rng.uuid(), values });
      log({ kind: 'create', target: c.target, slug: c.slug, id: record.id.record_id, created_at: record.created_at });
    } else {
      const parent = ws.requireObject(c.model.list.parent_object[0] ?? '').rows;
      if (parent.count() === 0) return;
      const entry = ws.insertEntry(c.slug, {
        entry_id: rng.uuid(),
        parent_record_id: parent.idAt(rng.int(parent.count())),
        entry_values: values,
      });
      log({ kind: 'create', target: c.target, slug: c.slug, id: entry.id.entry_id, created_at: entry.created_at });
    }
  });
  times(mix.updatePerStep, (k) => {
    const c = rng.pick(collections);
    const count = c.model.rows.count();
    const updatable = c.model.attributes.filter(isChurnable);
    if (count === 0 || updatable.length === 0) return;
    const id = c.model.rows.idAt(rng.int(count));
    const attribute = rng.pick(updatable);
    const value = valueFor(attribute, rng, `${at.label}.u${k}`);
    if (value === undefined) return;
    ws.updateRow(c.target, c.slug, id, { [attribute.attribute.api_slug]: value });
    log({ kind: 'update', target: c.target, slug: c.slug, id, attribute: attribute.attribute.api_slug });
  });
  times(mix.clearPerStep, () => {
    // A row and one of its attributes that has an active value now, so the clear changes what is served.
    const c = rng.pick(collections);
    const count = c.model.rows.count();
    if (count === 0) return;
    const id = c.model.rows.idAt(rng.int(count));
    const served = c.model.rows.get(id)?.visible;
    const values = served ? ('entry_values' in served ? served.entry_values : served.values) : {};
    const set = c.model.attributes.filter(
      (m) => !m.spec.system && !m.attribute.is_archived && m.attribute.is_writable && (values[m.attribute.api_slug] ?? []).length > 0,
    );
    if (set.length === 0) return;
    const slug = rng.pick(set).attribute.api_slug;
    ws.updateRow(c.target, c.slug, id, { [slug]: [] });
    log({ kind: 'clear', target: c.target, slug: c.slug, id, attribute: slug });
  });
  times(mix.mergePerStep, () => {
    const candidates = objects.filter((c) => c.model.rows.count() >= 2);
    if (candidates.length === 0) return;
    const c = rng.pick(candidates);
    const count = c.model.rows.count();
    const first = c.model.rows.idAt(rng.int(count));
    let second = c.model.rows.idAt(rng.int(count));
    if (second === first) second = c.model.rows.idAt((c.model.rows.indexOfId(first) + 1) % count);
    const merged = ws.mergeIntoNewRecord(c.slug, first, second);
    log({
      kind: 'merge',
      target: 'objects',
      slug: c.slug,
      id: merged.id.record_id,
      merged: [first, second],
      created_at: merged.created_at,
    });
  });
  times(mix.rewritePerStep, (k) => {
    const c = rng.pick(collections);
    const count = c.model.rows.count();
    const writable = c.model.attributes.filter(isChurnable);
    if (count === 0 || writable.length === 0) return;
    const id = c.model.rows.idAt(rng.int(count));
    const attribute = rng.pick(writable);
    const value = valueFor(attribute, rng, `${at.label}.h${k}`);
    const row = c.model.rows.get(id)?.full;
    if (value === undefined || !row) return;
    // Backdated to a point between the row's creation and its latest change: earlier than what a cursor saw.
    const starts = Object.values('entry_values' in row ? row.entry_values : row.values)
      .flatMap((list) => list ?? [])
      .map((v) => v.active_from ?? row.created_at);
    const latest = starts.reduce((a, b) => (a > b ? a : b), row.created_at);
    const from = parseNanoTimestamp(row.created_at);
    const span = Math.max(1, parseNanoTimestamp(latest).ms - from.ms);
    const activeFrom = formatNanoTimestamp(addNanos(from, (1 + rng.int(span)) * 1_000_000));
    if (activeFrom >= ws.nowTimestamp()) return;
    ws.rewriteRowHistory(c.target, c.slug, id, attribute.attribute.api_slug, value, activeFrom);
    log({ kind: 'rewrite', target: c.target, slug: c.slug, id, attribute: attribute.attribute.api_slug, created_at: activeFrom });
  });
  applyNoteChanges(ws, rng, objects, mix.notesPerStep ?? {}, at.label, log);
  applyTaskChanges(ws, rng, objects, mix.tasksPerStep ?? {}, at.label, log);
  applyActivityChanges(ws, rng, mix.activityPerStep ?? {}, at.label, log);
}

type Log = (change: Omit<ChurnChange, 'step' | 'request'>) => void;

function applyNoteChanges(
  ws: Workspace,
  rng: SeededRandom,
  objects: { slug: string; model: ObjectModel }[],
  mix: NonNullable<ChangeMix['notesPerStep']>,
  label: string,
  log: Log,
): void {
  const parents = objects.filter((c) => c.model.rows.count() > 0);
  const create = (k: number, backdated: boolean) => {
    if (parents.length === 0) return;
    const c = rng.pick(parents);
    const notes = ws.notes();
    let createdAt: string | undefined;
    if (backdated && notes.length > 0) {
      // Before the newest note already there: a cursor on created_at that saw it never sees this one.
      const times = notes.map((n) => n.created_at).sort();
      const lo = parseNanoTimestamp(times[0] as string);
      const hi = parseNanoTimestamp(times.at(-1) as string);
      createdAt = formatNanoTimestamp(addNanos(lo, rng.int(Math.max(1, hi.ms - lo.ms)) * 1_000_000));
    }
    const note = ws.addNote({
      parent_object: c.slug,
      parent_record_id: c.model.rows.idAt(rng.int(c.model.rows.count())),
      title: `Churn note ${label}.${backdated ? 'b' : ''}${k}`,
      content_plaintext: `Written by churn ${label}.${k}`,
      ...(createdAt ? { created_at: createdAt } : {}),
    });
    log({ kind: 'create', target: 'notes', slug: 'notes', id: note.id.note_id, created_at: note.created_at });
  };
  for (let k = 0; k < (mix.backdated ?? 0); k++) create(k, true);
  for (let k = 0; k < (mix.create ?? 0); k++) create(k, false);
  for (let k = 0; k < (mix.edit ?? 0); k++) {
    const notes = ws.notes();
    if (notes.length === 0) break;
    const note = rng.pick(notes);
    const field = rng.chance(0.5) ? 'title' : 'content';
    ws.editNote(note.id.note_id, { [field]: `Edited ${field} ${label}.${k}` });
    log({ kind: 'edit', target: 'notes', slug: 'notes', id: note.id.note_id, attribute: field });
  }
  for (let k = 0; k < (mix.delete ?? 0); k++) {
    const notes = ws.notes();
    if (notes.length === 0) break;
    const note = rng.pick(notes);
    ws.deleteNote(note.id.note_id);
    log({ kind: 'delete', target: 'notes', slug: 'notes', id: note.id.note_id });
  }
}

function applyTaskChanges(
  ws: Workspace,
  rng: SeededRandom,
  objects: { slug: string; model: ObjectModel }[],
  mix: NonNullable<ChangeMix['tasksPerStep']>,
  label: string,
  log: Log,
): void {
  for (let k = 0; k < (mix.create ?? 0); k++) {
    const linkable = objects.filter((c) => c.model.rows.count() > 0);
    const c = linkable.length > 0 ? rng.pick(linkable) : undefined;
    const task = ws.addTask({
      content_plaintext: `Churn task ${label}.${k}`,
      linked_records: c
        ? [{ target_object_id: c.model.object.id.object_id, target_record_id: c.model.rows.idAt(rng.int(c.model.rows.count())) }]
        : [],
    });
    log({ kind: 'create', target: 'tasks', slug: 'tasks', id: task.id.task_id, created_at: task.created_at });
  }
  for (let k = 0; k < (mix.edit ?? 0); k++) {
    const tasks = ws.tasks();
    if (tasks.length === 0) break;
    const task = rng.pick(tasks);
    if (rng.chance(0.5)) {
      ws.updateTask(task.id.task_id, { is_completed: !task.is_completed });
      log({ kind: 'edit', target: 'tasks', slug: 'tasks', id: task.id.task_id, attribute: 'is_completed' });
    } else {
      const deadline = `2027-${String(1 + rng.int(12)).padStart(2, '0')}-${String(1 + rng.int(28)).padStart(2, '0')}T17:00:00.000000000Z`;
      ws.updateTask(task.id.task_id, { deadline_at: deadline });
      log({ kind: 'edit', target: 'tasks', slug: 'tasks', id: task.id.task_id, attribute: 'deadline_at' });
    }
  }
  for (let k = 0; k < (mix.delete ?? 0); k++) {
    const tasks = ws.tasks();
    if (tasks.length === 0) break;
    const task = rng.pick(tasks);
    ws.deleteTask(task.id.task_id);
    log({ kind: 'delete', target: 'tasks', slug: 'tasks', id: task.id.task_id });
  }
}

function applyActivityChanges(
  ws: Workspace,
  rng: SeededRandom,
  mix: NonNullable<ChangeMix['activityPerStep']>,
  label: string,
  log: Log,
): void {
  // `n` times: one of what `candidates` lists now, picked at random, changed by `change` (nothing when there is none).
  const onePicked = <T>(n: number | undefined, candidates: () => T[], change: (picked: T, k: number) => void) => {
    for (let k = 0; k < (n ?? 0); k++) {
      const list = candidates();
      if (list.length > 0) change(rng.pick(list), k);
    }
  };
  onePicked(
    mix.reply,
    () => ws.threads(),
    (thread, k) => {
      const comment = ws.addComment(thread.id.thread_id, { content_plaintext: `Churn reply ${label}.${k}` });
      log({ kind: 'create', target: 'comments', slug: 'comments', id: comment.id.comment_id, created_at: comment.created_at });
    },
  );
  // A reply, not a thread's head (deleting the head deletes the thread: deleteThread).
  onePicked(
    mix.deleteComment,
    () => ws.threads().flatMap((t) => t.comments.slice(1)),
    (comment) => {
      ws.deleteComment(comment.id.comment_id);
      log({ kind: 'delete', target: 'comments', slug: 'comments', id: comment.id.comment_id });
    },
  );
  onePicked(
    mix.deleteThread,
    () => ws.threads(),
    (thread) => {
      ws.deleteThread(thread.id.thread_id);
      log({ kind: 'delete', target: 'threads', slug: 'threads', id: thread.id.thread_id });
    },
  );
  onePicked(
    mix.deleteMeeting,
    () => ws.meetings(),
    (meeting) => {
      ws.deleteMeeting(meeting.id.meeting_id);
      log({ kind: 'delete', target: 'meetings', slug: 'meetings', id: meeting.id.meeting_id });
    },
  );
  onePicked(
    mix.deleteRecording,
    () => ws.callRecordings(),
    (recording) => {
      ws.deleteCallRecording(recording.id.meeting_id, recording.id.call_recording_id);
      log({ kind: 'delete', target: 'call_recordings', slug: 'call_recordings', id: recording.id.call_recording_id });
    },
  );
  onePicked(
    mix.complete,
    () => ws.callRecordings().filter((r) => r.status === 'processing'),
    (recording) => {
      ws.completeCallRecording(recording.id.call_recording_id);
      log({ kind: 'edit', target: 'call_recordings', slug: 'call_recordings', id: recording.id.call_recording_id, attribute: 'status' });
    },
  );
  onePicked(
    mix.transcript,
    () => ws.callRecordings().filter((r) => (ws.transcript(r.id.call_recording_id) ?? []).length > 0),
    (recording, k) => {
      const segments = ws.transcript(recording.id.call_recording_id) ?? [];
      const at = rng.int(segments.length);
      const segment = segments[at];
      if (segment) segments[at] = { ...segment, speech: `Transcribed again ${label}.${k}` };
      ws.replaceTranscript(recording.id.call_recording_id, segments);
      log({
        kind: 'edit',
        target: 'call_recording_transcripts',
        slug: 'call_recording_transcripts',
        id: recording.id.call_recording_id,
        attribute: 'segments',
      });
    },
  );
}

function isChurnable(model: AttributeModel): boolean {
  return !model.spec.system && !model.attribute.is_archived && model.attribute.is_writable && CHURNABLE_TYPES.has(model.attribute.type);
}

const CHURNABLE_TYPES = new Set([
  'text',
  'number',
  'checkbox',
  'currency',
  'date',
  'timestamp',
  'rating',
  'status',
  'select',
  'personal-name',
  'email-address',
  'domain',
]);

/** Values for a new row: every required churnable attribute, and about half of the others. */
function newValues(attributes: AttributeModel[], rng: SeededRandom, label: string): ValuesInput {
  const out: ValuesInput = {};
  for (const model of attributes) {
    if (!isChurnable(model)) continue;
    const take = rng.chance(0.5);
    if (!take && !model.attribute.is_required) continue;
    const value = valueFor(model, rng, label);
    if (value !== undefined) out[model.attribute.api_slug] = value;
  }
  return out;
}

function valueFor(model: AttributeModel, rng: SeededRandom, label: string): ValueInput | undefined {
  const day = `2025-${String(1 + rng.int(12)).padStart(2, '0')}-${String(1 + rng.int(28)).padStart(2, '0')}`;
  switch (model.attribute.type) {
    case 'text':
      return `Churn ${label}`;
    case 'number':
      return rng.int(100_000);
    case 'checkbox':
      return rng.chance(0.5);
    case 'currency':
      return rng.int(1_000_000) / 100;
    case 'date':
      return day;
    case 'timestamp':
      return `${day}T${String(rng.int(24)).padStart(2, '0')}:00:00.000000000Z`;
    case 'rating':
      return rng.between(0, 5);
    case 'status': {
      const live = model.statuses.filter((s) => !s.is_archived);
      return live.length > 0 ? rng.pick(live).id.status_id : undefined;
    }
    case 'select': {
      const live = model.options.filter((o) => !o.is_archived);
      return live.length > 0 ? rng.pick(live).id.option_id : undefined;
    }
    case 'personal-name':
      return `Churn ${label.replace(/\./g, '_')}`;
    case 'email-address':
      return `churn.${label}@example.com`;
    case 'domain':
      return `churn-${label.replace(/\./g, '-')}.example.com`;
    default:
      return undefined;
  }
}
