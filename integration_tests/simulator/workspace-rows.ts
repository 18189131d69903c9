// Records and list entries: adding, updating (with value history), deleting, merging. What differs
// between the two is read from TARGET_KINDS and the collection models; the rest is written once.
import { isActiveValue, values } from './attribute-values.js';
import type { AttioActor, AttioEntry, AttioRecord, AttioValue, AttioValues } from './model.js';
import { TARGET_KINDS, valuesOf, withValues, type AttioRow, type Target } from './targets.js';
import { SortedRowStore } from './time-ordered-rows.js';
import { canonicalTimestamp } from './timestamps.js';
import { valueFromInput, type ValueInput } from './value-input.js';
import { WorkspaceCollections, visibleRow, type AttributeModel, type CollectionModel, type RowStore } from './workspace-collections.js';

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

/** The row type of a target: records for objects, entries for lists. */
export type RowOf<T extends Target> = T extends 'objects' ? AttioRecord : AttioEntry;

export class WorkspaceRows extends WorkspaceCollections {
  // ----- both --------------------------------------------------------------------------------------

  /** All rows of an object or list as the API shows them (current values only), in created_at order. */
  rowsOf<T extends Target>(target: T, idOrSlug: string, options: { includeHistoric?: boolean } = {}): RowOf<T>[] {
    const rows = this.requireCollection(target, idOrSlug).rows;
    const out: AttioRow[] = [];
    for (let i = 0; i < rows.count(); i++) {
      const row = options.includeHistoric ? rows.get(rows.idAt(i))?.full : rows.visibleAt(i);
      if (row) out.push(structuredClone(row));
    }
    return out as RowOf<T>[];
  }

  rowOf<T extends Target>(target: T, idOrSlug: string, rowId: string, options: { includeHistoric?: boolean } = {}): RowOf<T> | undefined {
    const found = this.requireCollection(target, idOrSlug).rows.get(rowId);
    return found && (structuredClone(options.includeHistoric ? found.full : found.visible) as RowOf<T>);
  }

  /**
   * Replaces the values of the given attributes of a record or entry. By default the old values stay
   * as history (active_until = now), the way Attio keeps them; `keepHistory: false` overwrites silently.
   */
  updateRow<T extends Target>(
    target: T,
    idOrSlug: string,
    rowId: string,
    changes: ValuesInput,
    options: { keepHistory?: boolean } = {},
  ): RowOf<T> {
    const model = this.requireCollection(target, idOrSlug);
    const found = model.rows.get(rowId);
    if (!found) throw new Error(`no ${idOrSlug} ${TARGET_KINDS[target].rowNoun.toLowerCase()} ${rowId}`);
    const full = withValues(
      structuredClone(found.full),
      this.applyChanges(model.attributes, valuesOf(found.full), changes, options.keepHistory ?? true),
    );
    model.rows.replace(rowId, full);
    return structuredClone(visibleRow(full)) as RowOf<T>;
  }

  /**
   * Deletes a record or entry: later rows move up one place in every offset page. A deleted record's
   * references vanish with it: every record-reference value pointing at it, active or historic, is
   * gone from every record and entry that held one (as Attio's app shows it), without moving any
   * other value's active_from, so nothing that orders by change time sees the referring row change.
   */
  deleteRow(target: Target, idOrSlug: string, rowId: string): boolean {
    const removed = this.requireCollection(target, idOrSlug).rows.remove(rowId);
    if (removed && target === 'objects') this.dropReferencesTo(rowId);
    return removed;
  }

  /**
   * Rewrites an attribute's value history, as Attio's newer API allows: the given value is active from
   * `activeFrom` (in the past) on; values that began before it end there, values that began at or after
   * it are gone. The row's latest active_from may move back: no change cursor sees this.
   */
  rewriteRowHistory<T extends Target>(
    target: T,
    idOrSlug: string,
    rowId: string,
    attributeSlug: string,
    input: ValuesInput[string],
    activeFrom: string,
  ): RowOf<T> {
    const model = this.requireCollection(target, idOrSlug);
    const found = model.rows.get(rowId);
    if (!found) throw new Error(`no ${idOrSlug} ${TARGET_KINDS[target].rowNoun.toLowerCase()} ${rowId}`);
    const attribute = model.attributes.find((m) => m.attribute.api_slug === attributeSlug);
    if (!attribute || attribute.spec.system) throw new Error(`attribute "${attributeSlug}" cannot be changed`);
    const from = canonicalTimestamp(activeFrom);
    if (!from || from >= this.nowTimestamp()) throw new Error(`a history rewrite needs a past active_from, not ${activeFrom}`);
    const current = valuesOf(found.full);
    const kept = (current[attributeSlug] ?? [])
      .filter((v) => (v.active_from ?? '') < from)
      .map((v) => (v.active_until == null || v.active_until > from ? { ...v, active_until: from } : v));
    const written = toValues(attribute, input, { activeFrom: from, actor: this.apiTokenActor });
    const full = withValues(structuredClone(found.full), { ...current, [attributeSlug]: [...kept, ...written] });
    model.rows.replace(rowId, full);
    return structuredClone(visibleRow(full)) as RowOf<T>;
  }

  // ----- records -----------------------------------------------------------------------------------

  /** All records of an object as the API shows them (current values only), in created_at order. */
  records(objectSlug: string, options: { includeHistoric?: boolean } = {}): AttioRecord[] {
    return this.rowsOf('objects', objectSlug, options);
  }

  recordCount(objectSlug: string): number {
    return this.requireObject(objectSlug).rows.count();
  }

  record(objectSlug: string, recordId: string, options: { includeHistoric?: boolean } = {}): AttioRecord | undefined {
    return this.rowOf('objects', objectSlug, recordId, options);
  }

  addRecord(objectSlug: string, input: NewRecord = {}): AttioRecord {
    return structuredClone(this.insertRecord(objectSlug, input));
  }

  /** addRecord without the defensive copy (the seeder adds thousands); do not mutate the result. */
  insertRecord(objectSlug: string, input: NewRecord): AttioRecord {
    const model = this.requireCollection('objects', objectSlug);
    const recordId = input.record_id ?? this.random.uuid();
    const createdAt = input.created_at ?? this.nowTimestamp();
    const record: AttioRecord = {
      id: { workspace_id: this.id, object_id: model.id, record_id: recordId },
      created_at: createdAt,
      web_url: `https://app.attio.com/${this.slug}/${model.slug}/${recordId}`,
      values: this.buildValues(model, recordId, input.values ?? {}, createdAt, input.created_by ?? this.apiTokenActor),
    };
    this.insertRow(model, recordId, createdAt, record);
    return record;
  }

  updateRecord(objectSlug: string, recordId: string, changes: ValuesInput, options: { keepHistory?: boolean } = {}): AttioRecord {
    return this.updateRow('objects', objectSlug, recordId, changes, options);
  }

  /**
   * New active values for the given attributes, as an update through Attio's API makes them: each gets
   * `active_from` = now (the workspace clock), and the values that were active get `active_until` = the
   * same instant and stay in the history (`…/values?show_historic=true`). `[]` or null clears.
   */
  updateRecordValues(objectSlug: string, recordId: string, changes: ValuesInput): AttioRecord {
    return this.updateRow('objects', objectSlug, recordId, changes);
  }

  /** Ends the active values of one attribute (active_until = now) without a replacement. */
  clearRecordValue(objectSlug: string, recordId: string, attributeSlug: string): AttioRecord {
    return this.updateRow('objects', objectSlug, recordId, { [attributeSlug]: [] });
  }

  /**
   * Deletes a record: later records move up one place in every offset page. With `withEntries` its
   * list entries go too (whether Attio deletes them is not documented; by default they stay).
   */
  deleteRecord(objectSlug: string, recordId: string, options: { withEntries?: boolean } = {}): boolean {
    if (options.withEntries) {
      for (const ref of this.recordEntries(objectSlug, recordId)) this.deleteEntry(ref.list_id, ref.entry_id);
    }
    return this.deleteRow('objects', objectSlug, recordId);
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

  /**
   * A merge as Attio's newer API makes it: a new record is created from the two (each attribute's
   * active values from `first`, or from `second` where `first` has none; record-references are not
   * carried over), and both originals are deleted (they answer 404, and references to them vanish).
   * To a reader: two deletions and one creation. Returns the new record.
   */
  mergeIntoNewRecord(objectSlug: string, first: string, second: string): AttioRecord {
    const model = this.requireCollection('objects', objectSlug);
    const a = model.rows.get(first)?.visible;
    const b = model.rows.get(second)?.visible;
    if (!a || !b) throw new Error(`no ${objectSlug} record ${a ? second : first}`);
    if (first === second) throw new Error('a record cannot be merged with itself');
    const merged: ValuesInput = {};
    for (const attribute of model.attributes) {
      const slug = attribute.attribute.api_slug;
      if (attribute.spec.system || attribute.attribute.is_archived || !attribute.attribute.is_writable) continue;
      if (attribute.attribute.type === 'record-reference') continue;
      const from = (valuesOf(a)[slug] ?? []).length > 0 ? valuesOf(a)[slug] : valuesOf(b)[slug];
      if (from && from.length > 0)
        merged[slug] = from.map(({ active_from: _f, active_until: _u, created_by_actor: _c, ...v }) => v as ValueInput);
    }
    this.deleteRecord(objectSlug, first, { withEntries: true });
    this.deleteRecord(objectSlug, second, { withEntries: true });
    return this.addRecord(objectSlug, { values: merged });
  }

  /** rewriteRowHistory for a record. */
  rewriteRecordHistory(
    objectSlug: string,
    recordId: string,
    attributeSlug: string,
    input: ValuesInput[string],
    activeFrom: string,
  ): AttioRecord {
    return this.rewriteRowHistory('objects', objectSlug, recordId, attributeSlug, input, activeFrom);
  }

  // ----- list entries ------------------------------------------------------------------------------

  entries(listSlug: string, options: { includeHistoric?: boolean } = {}): AttioEntry[] {
    return this.rowsOf('lists', listSlug, options);
  }

  entry(listSlug: string, entryId: string, options: { includeHistoric?: boolean } = {}): AttioEntry | undefined {
    return this.rowOf('lists', listSlug, entryId, options);
  }

  addEntry(listSlug: string, input: NewEntry): AttioEntry {
    return structuredClone(this.insertEntry(listSlug, input));
  }

  /** addEntry without the defensive copy; do not mutate the result. */
  insertEntry(listSlug: string, input: NewEntry): AttioEntry {
    const model = this.requireCollection('lists', listSlug);
    const parentSlug = this.requireList(listSlug).list.parent_object[0] ?? '';
    if (this.requireObject(parentSlug).rows.indexOfId(input.parent_record_id) < 0) {
      throw new Error(`list ${listSlug}: parent ${parentSlug} record ${input.parent_record_id} does not exist`);
    }
    const entryId = input.entry_id ?? this.random.uuid();
    const createdAt = input.created_at ?? this.nowTimestamp();
    const entry: AttioEntry = {
      id: { workspace_id: this.id, list_id: model.id, entry_id: entryId },
      parent_record_id: input.parent_record_id,
      parent_object: parentSlug,
      created_at: createdAt,
      entry_values: this.buildValues(model, entryId, input.entry_values ?? {}, createdAt, input.created_by ?? this.apiTokenActor),
    };
    this.insertRow(model, entryId, createdAt, entry);
    return entry;
  }

  updateEntry(listSlug: string, entryId: string, changes: ValuesInput, options: { keepHistory?: boolean } = {}): AttioEntry {
    return this.updateRow('lists', listSlug, entryId, changes, options);
  }

  /** updateRecordValues for a list entry's `entry_values`. */
  updateEntryValues(listSlug: string, entryId: string, changes: ValuesInput): AttioEntry {
    return this.updateRow('lists', listSlug, entryId, changes);
  }

  clearEntryValue(listSlug: string, entryId: string, attributeSlug: string): AttioEntry {
    return this.updateRow('lists', listSlug, entryId, { [attributeSlug]: [] });
  }

  /** Deletes an entry: later entries move up one place in every offset page. */
  deleteEntry(listSlug: string, entryId: string): boolean {
    return this.deleteRow('lists', listSlug, entryId);
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

  /** rewriteRowHistory for a list entry. */
  rewriteEntryHistory(
    listSlug: string,
    entryId: string,
    attributeSlug: string,
    input: ValuesInput[string],
    activeFrom: string,
  ): AttioEntry {
    return this.rewriteRowHistory('lists', listSlug, entryId, attributeSlug, input, activeFrom);
  }

  // ----- internals ---------------------------------------------------------------------------------

  /** Removes every record-reference value pointing at a deleted record from every in-memory record and entry. */
  private dropReferencesTo(recordId: string): void {
    const collections = [
      ...this.objectModels.map((m) => ({ attributes: m.attributes, rows: m.rows as RowStore<AttioRow> })),
      ...this.listModels.map((m) => ({ attributes: m.attributes, rows: m.rows as RowStore<AttioRow> })),
    ];
    for (const { attributes, rows } of collections) {
      const slugs = attributes.filter((m) => m.attribute.type === 'record-reference').map((m) => m.attribute.api_slug);
      if (slugs.length === 0 || !(rows instanceof SortedRowStore)) continue;
      for (let i = 0; i < rows.count(); i++) {
        const id = rows.idAt(i);
        const full = rows.get(id)?.full;
        if (!full) continue;
        const current = valuesOf(full);
        let next: AttioValues | undefined;
        for (const slug of slugs) {
          const list = current[slug] ?? [];
          const kept = list.filter((v) => v.target_record_id !== recordId);
          if (kept.length !== list.length) next = { ...(next ?? current), [slug]: kept };
        }
        if (next) rows.replace(id, withValues(structuredClone(full), next));
      }
    }
  }

  private insertRow(model: CollectionModel, rowId: string, createdAt: string, row: AttioRow): void {
    model.rows.insert(rowId, createdAt, row);
    this.clock.observe(createdAt);
  }

  /** Values for every non-archived attribute: system values filled in, missing ones as []. */
  private buildValues(model: CollectionModel, rowId: string, input: ValuesInput, createdAt: string, actor: AttioActor): AttioValues {
    const provenance = { activeFrom: createdAt, actor };
    const known = new Set(model.attributes.map((m) => m.attribute.api_slug));
    for (const slug of Object.keys(input)) {
      if (!known.has(slug)) throw new Error(`unknown attribute "${slug}"`);
    }
    const out: AttioValues = {};
    for (const attribute of model.attributes) {
      if (attribute.attribute.is_archived) continue;
      const slug = attribute.attribute.api_slug;
      if (slug === model.kind.rowIdKey) out[slug] = [values.text(rowId, provenance)];
      else if (slug === 'created_at' && attribute.spec.system) out[slug] = [values.timestamp(createdAt, provenance)];
      else if (slug === 'created_by' && attribute.spec.system) {
        out[slug] = [values.actorReference((actor.type ?? 'system') as 'system', actor.id ?? null, provenance)];
      } else out[slug] = toValues(attribute, input[slug], provenance);
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
