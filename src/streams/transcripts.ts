// Transcripts of call recordings (GET /v2/meetings/{meeting}/call_recordings/{recording}/transcript, beta,
// cursor paged): one row per recording, with every segment (speaker, start and end time in seconds, speech) and
// Attio's raw transcript. Incremental with the recordings, on their created_at: a sync asks for the transcripts of
// the recordings it has not delivered yet, never again for the others. Only completed recordings have a final
// transcript: a recording still processing is skipped and holds the cursor back, so the next sync asks again (for
// a week: a recording processing for longer is taken as stuck, and skipped like a failed one, which never gets a
// transcript).

import { say } from '../messages.js';
import type { Item } from '../attio/client.js';
import { ENDPOINTS } from '../attio/endpoints.js';
import type { ItemSource } from './declarations.js';
import type { Row } from './stream.js';

/** How long a recording may stay in processing and still hold the cursor back. */
export const PROCESSING_HOLD_MS = 7 * 24 * 60 * 60 * 1000;

const idsOf = (item: Item): Record<string, unknown> => (item.id ?? {}) as Record<string, unknown>;

interface Segment {
  speech?: unknown;
  start_time?: unknown;
  end_time?: unknown;
  speaker?: { name?: unknown } | null;
}

/** The recording and its transcript's pages as one row. */
export function transcriptRow(recording: Item, pages: readonly Item[]): Row {
  const ids = idsOf(recording);
  const first = pages[0] ?? {};
  const segments = pages.flatMap((page) => (Array.isArray(page.transcript) ? (page.transcript as Segment[]) : []));
  return {
    call_recording_id: ids.call_recording_id,
    meeting_id: ids.meeting_id ?? null,
    workspace_id: ids.workspace_id ?? null,
    created_at: recording.created_at,
    segments: segments.map((segment) => ({
      speaker: typeof segment.speaker?.name === 'string' ? segment.speaker.name : null,
      start_time: typeof segment.start_time === 'number' ? segment.start_time : null,
      end_time: typeof segment.end_time === 'number' ? segment.end_time : null,
      speech: typeof segment.speech === 'string' ? segment.speech : null,
    })),
    segment_count: segments.length,
    raw_transcript: typeof first.raw_transcript === 'string' ? first.raw_transcript : null,
    web_url: typeof first.web_url === 'string' ? first.web_url : null,
  };
}

export async function* transcriptItems(source: ItemSource): AsyncIterable<Item[]> {
  const { ctx, pages, isDelivered, holdBack } = source;
  let missing = 0;
  // Every page of the transcript, joined by the shared cursor pager; none when Attio does not have it (deleted, or
  // never made: the endpoint's absence rule), also when a page of it goes missing midway.
  const transcriptOf = async (meeting: string, recording: string): Promise<Item[] | undefined> => {
    for await (const parts of pages(ENDPOINTS.callRecordingTranscript, { params: { meeting, recording } })) return parts;
    return undefined;
  };
  for await (const meetings of pages(ENDPOINTS.meetings, { idKey: 'meeting_id' })) {
    const perMeeting = await Promise.all(
      meetings.map(async (meeting) => {
        const meetingId = String(idsOf(meeting).meeting_id ?? '');
        const rows: Item[] = [];
        for await (const recordings of pages(ENDPOINTS.callRecordings, { params: { meeting: meetingId }, idKey: 'call_recording_id' })) {
          for (const recording of recordings) {
            const id = String(idsOf(recording).call_recording_id ?? '');
            const createdAt = String(recording.created_at ?? '');
            if (isDelivered(createdAt, id)) continue;
            if (recording.status === 'processing') {
              if (Date.now() - Date.parse(createdAt) < PROCESSING_HOLD_MS) holdBack(createdAt);
              continue;
            }
            if (recording.status !== 'completed') continue;
            const transcript = await transcriptOf(meetingId, id);
            if (transcript === undefined) missing += 1;
            else rows.push(transcriptRow(recording, transcript));
          }
        }
        return rows;
      }),
    );
    yield perMeeting.flat();
  }
  if (missing > 0) {
    ctx.logger.warn(say('transcriptsMissing', { count: missing }));
  }
}

/**
 * Whether Attio offers call recordings to this workspace and key: the first meeting's recordings (rejects with
 * EndpointAbsent where the endpoints' absence rule says so).
 */
export async function probeCallRecordings({ client }: { client: ItemSource['client'] }): Promise<void> {
  const meetings = await client.cursorPage(ENDPOINTS.meetings, {}, { limit: 1 }, { probe: true });
  const first = meetings.items[0];
  if (first !== undefined) {
    const meeting = String(idsOf(first).meeting_id ?? '');
    await client.cursorPage(ENDPOINTS.callRecordings, { meeting }, { limit: 1 }, { probe: true });
  }
}
