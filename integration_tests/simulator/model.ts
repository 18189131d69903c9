// API shapes of everything the simulator serves, written from the component schemas and the inline
// response schemas of ../reference/attio-openapi.json (Attio's own OpenAPI document) and, for the
// endpoints newer than that file (files, views), from the generated types of the npm package
// attio-ts-sdk 2.3.0. The simulator never imports the connector's types: a simulator that shares the
// connector's beliefs about Attio could not catch the connector's wrong ones.

/** The 17 attribute types of the spec's `attribute.type` enum. */
export type AttioAttributeType =
  | 'text'
  | 'number'
  | 'checkbox'
  | 'currency'
  | 'date'
  | 'timestamp'
  | 'rating'
  | 'status'
  | 'select'
  | 'record-reference'
  | 'actor-reference'
  | 'location'
  | 'domain'
  | 'email-address'
  | 'phone-number'
  | 'interaction'
  | 'personal-name';

/** `created_by_actor` and the like: `{id?, type?}`; both may be null in practice. */
export interface AttioActor {
  id?: string | null;
  type?: string | null;
}

/**
 * One element of a record's `values[slug]` (the spec's `output-value`, one variant per attribute
 * type): the common fields plus the fields of its type (`value`, `option`, `status`, …).
 */
export interface AttioValue {
  active_from?: string;
  active_until?: string | null;
  created_by_actor?: AttioActor;
  attribute_type?: string;
  [field: string]: unknown;
}

export type AttioValues = Record<string, AttioValue[] | null | undefined>;

/** The spec's `object` schema. */
export interface AttioObject {
  id: { workspace_id: string; object_id: string };
  api_slug: string | null;
  singular_noun: string | null;
  plural_noun: string | null;
  created_at: string;
}

/** The spec's `list` schema. */
export interface AttioList {
  id: { workspace_id: string; list_id: string };
  api_slug: string;
  name: string;
  parent_object: string[];
  workspace_access: 'full-access' | 'read-and-write' | 'read-only' | null;
  workspace_member_access: { workspace_member_id: string; level: 'full-access' | 'read-and-write' | 'read-only' }[];
  created_by_actor: AttioActor;
  created_at: string;
}

/** The spec's `attribute` schema (`default_value`, `relationship` and `config` kept loose). */
export interface AttioAttribute {
  id: { workspace_id: string; object_id: string; attribute_id: string };
  title: string;
  description: string | null;
  api_slug: string;
  type: AttioAttributeType;
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

/** A record as `POST …/records/query` and `GET …/records/{record_id}` answer it. */
export interface AttioRecord {
  id: { workspace_id: string; object_id: string; record_id: string };
  created_at: string;
  web_url: string;
  values: AttioValues;
}

/** A list entry as `POST …/entries/query` and `GET …/entries/{entry_id}` answer it. */
export interface AttioEntry {
  id: { workspace_id: string; list_id: string; entry_id: string };
  parent_record_id: string;
  parent_object: string;
  created_at: string;
  entry_values: AttioValues;
}

/** The body of every non-2xx answer. */
export interface AttioErrorBody {
  status_code: number;
  type: string;
  code: string;
  message: string;
}

export type ActorType = 'api-token' | 'workspace-member' | 'system' | 'app';

export interface SelectOption {
  id: { workspace_id: string; object_id: string; attribute_id: string; option_id: string };
  title: string;
  is_archived: boolean;
}

export interface AttioStatus {
  id: { workspace_id: string; object_id: string; attribute_id: string; status_id: string };
  title: string;
  is_archived: boolean;
  celebration_enabled: boolean;
  target_time_in_status: string | null;
}

export interface WorkspaceMember {
  id: { workspace_id: string; workspace_member_id: string };
  first_name: string;
  last_name: string;
  avatar_url: string | null;
  email_address: string;
  created_at: string;
  access_level: 'admin' | 'member' | 'suspended';
}

export type NoteTag = { type: 'workspace-member'; workspace_member_id: string } | { type: 'record'; object: string; record_id: string };

export interface Note {
  id: { workspace_id: string; note_id: string };
  parent_object: string;
  parent_record_id: string;
  title: string;
  meeting_id: string | null;
  content_plaintext: string;
  content_markdown: string;
  tags: NoteTag[];
  created_by_actor: AttioActor;
  created_at: string;
}

export interface Task {
  id: { workspace_id: string; task_id: string };
  content_plaintext: string;
  deadline_at: string | null;
  is_completed: boolean;
  completed_at: string | null;
  linked_records: { target_object_id: string; target_record_id: string }[];
  assignees: { referenced_actor_type: ActorType; referenced_actor_id: string }[];
  created_by_actor: AttioActor;
  created_at: string;
}

export interface Comment {
  id: { workspace_id: string; comment_id: string };
  thread_id: string;
  content_plaintext: string;
  entry: { entry_id: string; list_id: string } | null;
  record: { record_id: string; object_id: string };
  resolved_at: string | null;
  resolved_by: AttioActor;
  created_at: string;
  author: AttioActor;
}

export interface Thread {
  id: { workspace_id: string; thread_id: string };
  comments: Comment[];
  created_at: string;
}

export type MeetingTime = { datetime: string; timezone: string | null } | { date: string };

export interface Meeting {
  id: { workspace_id: string; meeting_id: string };
  title: string;
  description: string;
  is_all_day: boolean;
  start: MeetingTime;
  end: MeetingTime;
  participants: {
    status: 'accepted' | 'tentative' | 'declined' | 'pending';
    is_organizer: boolean;
    email_address: string | null;
    name: string | null;
  }[];
  linked_records: { object_slug: string; object_id: string; record_id: string }[];
  created_at: string;
  created_by_actor: AttioActor;
}

export interface CallRecording {
  id: { workspace_id: string; meeting_id: string; call_recording_id: string };
  status: 'processing' | 'completed' | 'failed';
  web_url: string;
  created_by_actor: AttioActor;
  created_at: string;
}

export interface TranscriptSegment {
  speech: string;
  start_time: number;
  end_time: number;
  speaker: { name: string };
}

export interface WebhookFilterCondition {
  field: string;
  operator: string;
  value: string;
}

export interface Webhook {
  id: { workspace_id: string; webhook_id: string };
  target_url: string;
  subscriptions: {
    event_type: string;
    filter: { $or: WebhookFilterCondition[] } | { $and: WebhookFilterCondition[] } | null;
  }[];
  status: 'active' | 'degraded' | 'inactive';
  created_at: string;
}

// ----- newer than attio-openapi.json: shapes from the generated types of attio-ts-sdk 2.3.0 -----------

export type FileStorageProvider = 'attio' | 'dropbox' | 'box' | 'google-drive' | 'microsoft-onedrive';

/** The fields every file entry shares (attio-ts-sdk `File`, `Folder`, `ConnectedFile`, `ConnectedFolder`). */
interface FileEntryBase {
  id: { workspace_id: string; file_id: string };
  object_id: string;
  object_slug: string;
  record_id: string;
  storage_provider: FileStorageProvider;
  created_by_actor: AttioActor;
  created_at: string;
}

/** A file in Attio's own storage. */
export interface AttioFile extends FileEntryBase {
  file_type: 'file';
  name: string;
  content_type: string | null;
  content_size: number | null;
  parent_folder_id: string | null;
}

/** A folder in Attio's own storage (GET /v2/files/{id} adds `has_children`). */
export interface AttioFolder extends FileEntryBase {
  file_type: 'folder';
  name: string;
  parent_folder_id: string | null;
}

/** A file in an external storage provider, linked to a record. */
export interface ConnectedFile extends FileEntryBase {
  file_type: 'connected-file';
  external_provider_file_id: string;
  microsoft_drive_id: string | null;
}

export interface ConnectedFolder extends FileEntryBase {
  file_type: 'connected-folder';
  external_provider_file_id: string;
  microsoft_drive_id: string | null;
}

export type FileEntry = AttioFile | AttioFolder | ConnectedFile | ConnectedFolder;

/** attio-ts-sdk `ObjectView`: a saved view of an object. */
export interface ObjectView {
  id: { workspace_id: string; object_id: string; view_id: string };
  title: string;
  created_at: string;
}

/** attio-ts-sdk `ListView`: a saved view of a list. */
export interface ListView {
  id: { workspace_id: string; list_id: string; view_id: string };
  title: string;
  created_at: string;
}
