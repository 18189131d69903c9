// Shapes of the Attio API payloads the connector reads (Attio's OpenAPI document, vendored in integration_tests/reference/).
// Only the fields the connector relies on are typed; everything else passes through untouched.

/** The 17 attribute types of Attio's spec; others may appear and must pass through as raw JSON. */
export const ATTIO_ATTRIBUTE_TYPES = [
  'text',
  'number',
  'checkbox',
  'currency',
  'date',
  'timestamp',
  'rating',
  'status',
  'select',
  'record-reference',
  'actor-reference',
  'location',
  'domain',
  'email-address',
  'phone-number',
  'interaction',
  'personal-name',
] as const;
export type AttioAttributeType = (typeof ATTIO_ATTRIBUTE_TYPES)[number];

export interface AttioActor {
  id?: string | null;
  type?: string | null;
}

export interface AttioAttribute {
  id: { workspace_id: string; object_id: string; attribute_id: string };
  title: string;
  description: string | null;
  api_slug: string;
  /** One of AttioAttributeType, or a type newer than this connector. */
  type: string;
  is_system_attribute: boolean;
  is_writable: boolean;
  is_required: boolean;
  is_unique: boolean;
  is_multiselect: boolean;
  is_default_value_enabled: boolean;
  is_archived: boolean;
  default_value: unknown;
  relationship: unknown;
  created_at: string;
  config: unknown;
}

/** One entry of a record's `values[slug]` array; the per-type fields are in docs/attribute-types.md. */
export interface AttioValue {
  attribute_type?: string;
  active_from?: string;
  active_until?: string | null;
  created_by_actor?: AttioActor;
  [field: string]: unknown;
}

export type AttioValues = Record<string, AttioValue[] | null | undefined>;

export interface AttioObject {
  id: { workspace_id: string; object_id: string };
  api_slug: string | null;
  singular_noun: string | null;
  plural_noun: string | null;
  created_at: string;
}

export interface AttioList {
  id: { workspace_id: string; list_id: string };
  api_slug: string;
  name: string;
  parent_object: string[];
  workspace_access: string | null;
  workspace_member_access: unknown[];
  created_by_actor: AttioActor;
  created_at: string;
}

export interface AttioRecord {
  id: { workspace_id: string; object_id: string; record_id: string };
  created_at: string;
  web_url: string;
  values: AttioValues;
}

export interface AttioEntry {
  id: { workspace_id: string; list_id: string; entry_id: string };
  parent_record_id: string;
  parent_object: string;
  created_at: string;
  entry_values: AttioValues;
}

/** `GET /v2/self`: not wrapped in `{data}`; an inactive token still answers 200 with `active: false`. */
export type AttioSelf =
  | { active: false }
  | {
      active: true;
      scope: string;
      client_id?: string;
      token_type?: string;
      workspace_id: string;
      workspace_name: string;
      workspace_slug: string;
      workspace_logo_url?: string | null;
      authorized_by_workspace_member_id?: string | null;
      [field: string]: unknown;
    };

/** Attio's error body, the same on every non-2xx answer. */
export interface AttioErrorBody {
  status_code: number;
  type: string;
  code: string;
  message: string;
}
