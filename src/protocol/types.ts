// The subset of the Airbyte protocol v0 (reference/airbyte_protocol.yaml) this source writes and reads.
// Field names follow the protocol exactly, including its one camelCase outlier, connectionStatus.

import type { FailureType } from '../errors.js';

export type JsonSchema = Record<string, unknown>;
export type SyncMode = 'full_refresh' | 'incremental';
export type StreamStatus = 'STARTED' | 'RUNNING' | 'COMPLETE' | 'INCOMPLETE';
export type LogLevel = 'FATAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE';

export interface StreamDescriptor {
  name: string;
  namespace?: string;
}

export interface AirbyteStream {
  name: string;
  json_schema: JsonSchema;
  supported_sync_modes: SyncMode[];
  source_defined_cursor?: boolean;
  default_cursor_field?: string[];
  source_defined_primary_key?: string[][];
  namespace?: string;
  is_resumable?: boolean;
  is_file_based?: boolean;
}

/** As parsed by catalog.ts: a field sent as `null` is absent here. */
export interface ConfiguredAirbyteStream {
  stream: AirbyteStream;
  sync_mode: SyncMode;
  destination_sync_mode?: string;
  cursor_field?: string[];
  primary_key?: string[][];
  destination_object_name?: string;
  generation_id?: number;
  minimum_generation_id?: number;
  sync_id?: number;
  include_files?: boolean;
}

export interface ConfiguredAirbyteCatalog {
  streams: ConfiguredAirbyteStream[];
}

export type StreamState = Record<string, unknown>;

export interface AirbyteStateMessage {
  type: 'STREAM';
  stream: { stream_descriptor: StreamDescriptor; stream_state: StreamState };
  sourceStats: { recordCount: number };
}

export interface ErrorTrace {
  message: string;
  internal_message?: string;
  stack_trace?: string;
  failure_type: FailureType;
  stream_descriptor?: StreamDescriptor;
}

export type AirbyteMessage =
  | { type: 'SPEC'; spec: Record<string, unknown> }
  | { type: 'CONNECTION_STATUS'; connectionStatus: { status: 'SUCCEEDED' | 'FAILED'; message?: string } }
  | { type: 'CATALOG'; catalog: { streams: AirbyteStream[] } }
  | { type: 'RECORD'; record: { stream: string; data: Record<string, unknown>; emitted_at: number } }
  | { type: 'STATE'; state: AirbyteStateMessage }
  | { type: 'LOG'; log: { level: LogLevel; message: string; stack_trace?: string } }
  | {
      type: 'TRACE';
      trace:
        | { type: 'ERROR'; emitted_at: number; error: ErrorTrace }
        | {
            type: 'STREAM_STATUS';
            emitted_at: number;
            stream_status: {
              stream_descriptor: StreamDescriptor;
              status: StreamStatus;
              reasons?: { type: 'RATE_LIMITED'; rate_limited?: { quota_reset?: number } }[];
            };
          };
    };
