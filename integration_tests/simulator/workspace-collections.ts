// Objects and lists: their definitions and their attributes (with select options and statuses).
import { ENTRY_SYSTEM_ATTRIBUTES, RECORD_SYSTEM_ATTRIBUTES, type AttributeSpec, type ListSpec, type ObjectSpec } from './attribute-spec.js';
import { type BulkImports, LargeRecordRows } from './large-object.js';
import type {
  AttioActor,
  AttioAttribute,
  AttioEntry,
  AttioList,
  AttioObject,
  AttioRecord,
  AttioStatus,
  AttioValues,
  SelectOption,
} from './model.js';
import { TARGET_KINDS, valuesOf, withValues, type AttioRow, type Target, type TargetKind } from './targets.js';
import { isActiveValue } from './attribute-values.js';
import { SortedRowStore, type TimeOrderedRows } from './time-ordered-rows.js';
import { addNanos, formatNanoTimestamp, parseNanoTimestamp } from './timestamps.js';
import type { AttributeContext } from './value-input.js';
import { WorkspaceBase } from './workspace-base.js';

export interface AttributeModel extends AttributeContext {
  attribute: Omit<AttioAttribute, 'relationship'>;
}

/** Rows of one object or list in created_at order, in memory or generated on demand. */
export interface RowStore<T extends AttioRow> extends TimeOrderedRows {
  visibleAt(index: number): T;
  get(id: string): { full: T; visible: T } | undefined;
  insert(id: string, createdAt: string, full: T): void;
  replace(id: string, full: T): void;
  remove(id: string): boolean;
}

/** Records of one object (the large object generates them from their index). */
export type RecordRows = RowStore<AttioRecord>;

export interface ObjectModel {
  object: AttioObject;
  attributes: AttributeModel[];
  rows: RecordRows;
}

export interface ListModel {
  list: AttioList;
  attributes: AttributeModel[];
  rows: RowStore<AttioEntry>;
}

/** An object or a list seen through what they share (TARGET_KINDS says what differs). */
export interface CollectionModel {
  kind: TargetKind;
  /** The object or list as the API shows it. */
  json: AttioObject | AttioList;
  /** object_id or list_id. */
  id: string;
  slug: string;
  attributes: AttributeModel[];
  rows: RowStore<AttioRow>;
}

export class WorkspaceCollections extends WorkspaceBase {
  protected readonly objectModels: ObjectModel[] = [];
  protected readonly listModels: ListModel[] = [];

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
      rows: new SortedRowStore<AttioRecord>(visibleRow),
    };
    this.objectModels.push(model);
    this.clock.observe(createdAt);
    return model;
  }

  /** A custom object whose `count` records are generated on demand from their index. */
  defineLargeObject(slug: string, count: number, createdAt: string, bulkImports?: BulkImports): ObjectModel {
    const model = this.defineObject(LargeRecordRows.objectSpec(slug), createdAt);
    const rows = new LargeRecordRows({
      workspaceId: this.id,
      objectId: model.object.id.object_id,
      webUrlPrefix: `https://app.attio.com/${this.slug}/${slug}/`,
      count,
      attributes: model.attributes,
      owners: this.memberList.map((member) => member.id.workspace_member_id),
      recordIdPrefix: this.random.uuid().slice(0, 8),
      ...(bulkImports ? { bulkImports } : {}),
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
      rows: new SortedRowStore<AttioEntry>(visibleRow),
    };
    this.listModels.push(model);
    this.clock.observe(createdAt);
    return model;
  }

  /** Every object or every list as the API shows them. */
  collections(target: Target): (AttioObject | AttioList)[] {
    return target === 'objects' ? this.objects() : this.lists();
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

  /** An object or list by slug or id, through what both have. */
  findCollection(target: Target, idOrSlug: string): CollectionModel | undefined {
    if (target === 'objects') {
      const model = this.findObject(idOrSlug);
      return (
        model && {
          kind: TARGET_KINDS.objects,
          json: model.object,
          id: model.object.id.object_id,
          slug: model.object.api_slug ?? '',
          attributes: model.attributes,
          rows: model.rows,
        }
      );
    }
    const model = this.findList(idOrSlug);
    return (
      model && {
        kind: TARGET_KINDS.lists,
        json: model.list,
        id: model.list.id.list_id,
        slug: model.list.api_slug,
        attributes: model.attributes,
        rows: model.rows,
      }
    );
  }

  requireCollection(target: Target, idOrSlug: string): CollectionModel {
    const model = this.findCollection(target, idOrSlug);
    if (!model) throw new Error(`no ${TARGET_KINDS[target].noun} ${idOrSlug}`);
    return model;
  }

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

  /** Attribute models of an object or list (undefined when it does not exist), archived ones included. */
  findAttributes(target: Target, idOrSlug: string): AttributeModel[] | undefined {
    return this.findCollection(target, idOrSlug)?.attributes;
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
}

/** What the API answers for a row: its active values only. */
export function visibleRow<T extends AttioRow>(row: T): T {
  const out: AttioValues = {};
  for (const [slug, list] of Object.entries(valuesOf(row))) out[slug] = (list ?? []).filter(isActiveValue);
  return withValues(row, out);
}
