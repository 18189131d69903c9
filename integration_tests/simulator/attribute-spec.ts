// A compact way to declare attributes; the workspace turns each spec into Attio's attribute shape.
import type { AttioAttributeType } from './model.js';

export interface OptionSpec {
  title: string;
  archived?: boolean;
}

export interface StatusSpec extends OptionSpec {
  celebration?: boolean;
  /** ISO-8601 duration, e.g. "P14D". */
  targetTime?: string;
}

export interface AttributeSpec {
  slug: string;
  title: string;
  type: AttioAttributeType;
  multi?: boolean;
  system?: boolean;
  writable?: boolean;
  required?: boolean;
  unique?: boolean;
  archived?: boolean;
  description?: string;
  options?: (string | OptionSpec)[];
  statuses?: (string | StatusSpec)[];
  /** record-reference: slugs of the objects it may point to. */
  targets?: string[];
  defaultCurrency?: string;
  /** The other side of a two-way relationship: [object slug, attribute slug]. */
  relationship?: [string, string];
  defaultValue?: unknown;
}

export interface ObjectSpec {
  slug: string;
  singular: string;
  plural: string;
  attributes: AttributeSpec[];
}

export interface ListSpec {
  slug: string;
  name: string;
  parentObject: string;
  attributes: AttributeSpec[];
}

/** Attio gives every object these three system attributes, and they appear in every record's values. */
export const RECORD_SYSTEM_ATTRIBUTES: AttributeSpec[] = [
  { slug: 'record_id', title: 'Record ID', type: 'text', system: true, writable: false, unique: true },
  { slug: 'created_at', title: 'Created at', type: 'timestamp', system: true, writable: false },
  { slug: 'created_by', title: 'Created by', type: 'actor-reference', system: true, writable: false },
];

/** Lists carry these system attributes on every entry. */
export const ENTRY_SYSTEM_ATTRIBUTES: AttributeSpec[] = [
  { slug: 'entry_id', title: 'Entry ID', type: 'text', system: true, writable: false, unique: true },
  { slug: 'created_at', title: 'Created at', type: 'timestamp', system: true, writable: false },
  { slug: 'created_by', title: 'Created by', type: 'actor-reference', system: true, writable: false },
];
