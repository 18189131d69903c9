// API shapes of the collections the simulator serves that src/attio/types.ts does not type
// (they follow the component schemas of attio-openapi.json field for field).
import type { AttioActor } from '../../src/attio/types.js';

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
