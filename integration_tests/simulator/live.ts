// A workspace that changes while a connector reads it: hooks that run between requests, and seeded
// churn (deletes, creates, value updates) applied before every k-th matching request.
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

export interface ChurnOptions {
  /** A step is applied before the k-th, 2k-th, … request that `match` accepts. */
  everyRequests: number;
  seed: number;
  deletePerStep?: number;
  createPerStep?: number;
  updatePerStep?: number;
  /** Object slugs to churn. Default: every object held in memory (not large objects), unless `lists` alone is given. */
  objects?: string[];
  /** List slugs to churn. Default: every list, unless `objects` alone is given. */
  lists?: string[];
  /** Which requests count (default: all that reach a handler). */
  match?: (req: AnsweredRequest) => boolean;
  /** Stop after this many steps. */
  maxSteps?: number;
}

export interface ChurnChange {
  step: number;
  /** The hook's n of the request the step ran before. */
  request: number;
  kind: 'delete' | 'create' | 'update';
  target: 'objects' | 'lists';
  slug: string;
  /** record_id or entry_id. */
  id: string;
  /** For updates: the attribute given a new value. */
  attribute?: string;
  /** For creates: the new row's created_at (the workspace clock's now). */
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
    applyStep(ws, rng, collections, options, { step: steps, request: n }, changes);
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

function churnCollections(ws: Workspace, options: ChurnOptions): Collection[] {
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
  options: ChurnOptions,
  at: { step: number; request: number },
  changes: ChurnChange[],
): void {
  const log = (change: Omit<ChurnChange, 'step' | 'request'>) => changes.push({ ...at, ...change });
  for (let k = 0; k < (options.deletePerStep ?? 0); k++) {
    const c = rng.pick(collections);
    const count = c.model.rows.count();
    if (count === 0) continue;
    const id = c.model.rows.idAt(rng.int(count));
    ws.deleteRow(c.target, c.slug, id);
    log({ kind: 'delete', target: c.target, slug: c.slug, id });
  }
  for (let k = 0; k < (options.createPerStep ?? 0); k++) {
    const c = rng.pick(collections);
    const label = `${options.seed}.${at.step}.${k}`;
    const values = newValues(c.model.attributes, rng, label);
    if (c.target === 'objects') {
      const record = ws.insertRecord(c.slug, { record_id: rng.uuid(), values });
      log({ kind: 'create', target: c.target, slug: c.slug, id: record.id.record_id, created_at: record.created_at });
    } else {
      const parent = ws.requireObject(c.model.list.parent_object[0] ?? '').rows;
      if (parent.count() === 0) continue;
      const entry = ws.insertEntry(c.slug, {
        entry_id: rng.uuid(),
        parent_record_id: parent.idAt(rng.int(parent.count())),
        entry_values: values,
      });
      log({ kind: 'create', target: c.target, slug: c.slug, id: entry.id.entry_id, created_at: entry.created_at });
    }
  }
  for (let k = 0; k < (options.updatePerStep ?? 0); k++) {
    const c = rng.pick(collections);
    const count = c.model.rows.count();
    const updatable = c.model.attributes.filter(isChurnable);
    if (count === 0 || updatable.length === 0) continue;
    const id = c.model.rows.idAt(rng.int(count));
    const attribute = rng.pick(updatable);
    const value = valueFor(attribute, rng, `${options.seed}.${at.step}.u${k}`);
    if (value === undefined) continue;
    const change = { [attribute.attribute.api_slug]: value };
    ws.updateRow(c.target, c.slug, id, change);
    log({ kind: 'update', target: c.target, slug: c.slug, id, attribute: attribute.attribute.api_slug });
  }
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
