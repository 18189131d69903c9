// A custom object with up to millions of records that exist only as a formula of their index:
// created_at grows strictly with the index, so created_at filters are binary searches and a page
// is built by concatenating precomputed JSON fragments. Memory stays flat whatever the count.
import type { AttioRecord } from './model.js';
import type { ObjectSpec } from './attribute-spec.js';
import { SortedRowStore } from './time-ordered-rows.js';
import { formatNanoTimestamp } from './timestamps.js';
import type { AttributeModel, RecordRows } from './workspace.js';

const BASE_MS = Date.UTC(2021, 5, 1, 8, 0, 0); // 2021-06-01T08:00:00Z
const BASE_SUB_MS_NS = 123_457;
// ~61.2 s between records, so a million records span about two years and stay in the past.
const STEP_MS = 61_234;
const STEP_SUB_MS_NS = 567_891;
const DUE_DATE_COUNT = 1000;
const TIERS = ['Bronze', 'Silver', 'Gold', 'Platinum'];
const CLOSE = {
  text: ',"attribute_type":"text"}',
  timestamp: ',"attribute_type":"timestamp"}',
  actor: ',"attribute_type":"actor-reference"}',
  number: ',"attribute_type":"number"}',
  currency: ',"attribute_type":"currency"}',
  checkbox: ',"attribute_type":"checkbox"}',
  select: ',"attribute_type":"select"}',
  date: ',"attribute_type":"date"}',
};

export interface LargeObjectConfig {
  workspaceId: string;
  objectId: string;
  webUrlPrefix: string;
  count: number;
  attributes: AttributeModel[];
  /** Workspace member ids used as creators and owners, round-robin. */
  owners: string[];
  /** First UUID group shared by all generated ids; the index is the last group. */
  recordIdPrefix: string;
  /** Bulk imports: the first `size` records of every `every` share the created_at of the first of them. */
  bulkImports?: BulkImports;
}

export interface BulkImports {
  every: number;
  size: number;
}

export class LargeRecordRows implements RecordRows {
  static objectSpec(slug: string): ObjectSpec {
    return {
      slug,
      singular: 'Large item',
      plural: 'Large items',
      attributes: [
        { slug: 'name', title: 'Name', type: 'text' },
        { slug: 'sequence', title: 'Sequence', type: 'number' },
        { slug: 'amount', title: 'Amount', type: 'currency', defaultCurrency: 'USD' },
        { slug: 'is_active', title: 'Active', type: 'checkbox' },
        { slug: 'tier', title: 'Tier', type: 'select', options: TIERS },
        { slug: 'due_on', title: 'Due on', type: 'date' },
        { slug: 'owner', title: 'Owner', type: 'actor-reference' },
      ],
    };
  }

  private readonly recordHead: string;
  private readonly idMiddle = '-0000-4000-8000-';
  private readonly actorJson: string[];
  private readonly ownerRefJson: string[];
  private readonly tierJson: string[];
  private readonly dueDates: string[];
  /** Records added by tests after generation; they must be newer than every generated one. */
  private readonly extras = new SortedRowStore<AttioRecord>((r) => r);

  constructor(private readonly config: LargeObjectConfig) {
    this.recordHead = `{"id":{"workspace_id":"${config.workspaceId}","object_id":"${config.objectId}","record_id":"`;
    const owners = config.owners.length > 0 ? config.owners : [null];
    this.actorJson = owners.map((id) => JSON.stringify(id ? { id, type: 'workspace-member' } : { id: null, type: 'system' }));
    this.ownerRefJson = owners.map(
      (id) => `"referenced_actor_type":"${id ? 'workspace-member' : 'system'}","referenced_actor_id":${JSON.stringify(id)}`,
    );
    const tier = config.attributes.find((m) => m.attribute.api_slug === 'tier');
    this.tierJson = (tier?.options ?? []).map((option) => `"option":${JSON.stringify(option)}`);
    this.dueDates = Array.from({ length: DUE_DATE_COUNT }, (_, d) =>
      new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10),
    );
  }

  count(): number {
    return this.config.count + this.extras.count();
  }

  lastGeneratedCreatedAt(): string | undefined {
    return this.config.count > 0 ? this.generatedCreatedAt(this.config.count - 1) : undefined;
  }

  createdAtAt(index: number): string {
    return index < this.config.count ? this.generatedCreatedAt(index) : this.extras.createdAtAt(index - this.config.count);
  }

  idAt(index: number): string {
    return index < this.config.count ? this.generatedId(index) : this.extras.idAt(index - this.config.count);
  }

  jsonAt(index: number): string {
    return index < this.config.count ? this.generatedJson(index) : this.extras.jsonAt(index - this.config.count);
  }

  visibleAt(index: number): AttioRecord {
    return JSON.parse(this.jsonAt(index)) as AttioRecord;
  }

  indexOfId(id: string): number {
    const generated = this.generatedIndex(id);
    if (generated >= 0) return generated;
    const extra = this.extras.indexOfId(id);
    return extra < 0 ? -1 : this.config.count + extra;
  }

  get(id: string): { full: AttioRecord; visible: AttioRecord } | undefined {
    const generated = this.generatedIndex(id);
    if (generated >= 0) {
      const record = this.visibleAt(generated);
      return { full: record, visible: record };
    }
    return this.extras.get(id);
  }

  insert(id: string, createdAt: string, full: AttioRecord): void {
    const last = this.lastGeneratedCreatedAt();
    if (last !== undefined && createdAt <= last) {
      throw new Error(`large object: added records must be created after ${last}`);
    }
    this.extras.insert(id, createdAt, full);
  }

  replace(id: string, full: AttioRecord): void {
    if (this.generatedIndex(id) >= 0) throw new Error('large object: generated records are read-only');
    this.extras.replace(id, full);
  }

  remove(id: string): boolean {
    if (this.generatedIndex(id) >= 0) throw new Error('large object: generated records cannot be deleted');
    return this.extras.remove(id);
  }

  private generatedCreatedAt(at: number): string {
    const bulk = this.config.bulkImports;
    // created_at stays non-decreasing with the index (ties broken by id, which grows with it).
    const index = bulk !== undefined && at % bulk.every < bulk.size ? at - (at % bulk.every) : at;
    const sub = BASE_SUB_MS_NS + index * STEP_SUB_MS_NS;
    const carry = Math.floor(sub / 1_000_000);
    return formatNanoTimestamp({ ms: BASE_MS + index * STEP_MS + carry, subMsNs: sub - carry * 1_000_000 });
  }

  private generatedId(index: number): string {
    return `${this.config.recordIdPrefix}${this.idMiddle}${index.toString(16).padStart(12, '0')}`;
  }

  private generatedIndex(id: string): number {
    if (id.length !== 36 || !id.startsWith(this.config.recordIdPrefix) || id.slice(8, 24) !== this.idMiddle) return -1;
    const index = Number.parseInt(id.slice(24), 16);
    return Number.isInteger(index) && index < this.config.count && this.generatedId(index) === id ? index : -1;
  }

  private generatedJson(index: number): string {
    const id = this.generatedId(index);
    const ts = this.generatedCreatedAt(index);
    const who = index % this.actorJson.length;
    const actor = this.actorJson[who] ?? 'null';
    // Every value of a record shares its opening (active_from, active_until, created_by_actor).
    const open = `{"active_from":"${ts}","active_until":null,"created_by_actor":${actor},`;
    const amount =
      index % 7 === 3 ? '' : `${open}"currency_value":${((index * 7919) % 10_000_000) / 100},"currency_code":"USD"${CLOSE.currency}`;
    const tier = index % 11 === 5 ? '' : `${open}${this.tierJson[index % this.tierJson.length] ?? '"option":null'}${CLOSE.select}`;
    return (
      `${this.recordHead}${id}"},"created_at":"${ts}","web_url":"${this.config.webUrlPrefix}${id}","values":{` +
      `"record_id":[${open}"value":"${id}"${CLOSE.text}],` +
      `"created_at":[${open}"value":"${ts}"${CLOSE.timestamp}],` +
      `"created_by":[${open}${this.ownerRefJson[who] ?? ''}${CLOSE.actor}],` +
      `"name":[${open}"value":"Large item #${index}"${CLOSE.text}],` +
      `"sequence":[${open}"value":${index}${CLOSE.number}],` +
      `"amount":[${amount}],` +
      `"is_active":[${open}"value":${index % 3 !== 0}${CLOSE.checkbox}],` +
      `"tier":[${tier}],` +
      `"due_on":[${open}"value":"${this.dueDates[index % DUE_DATE_COUNT]}"${CLOSE.date}],` +
      `"owner":[${open}${this.ownerRefJson[(index + 1) % this.ownerRefJson.length] ?? ''}${CLOSE.actor}]}}`
    );
  }
}
