// Attio sends Retry-After as an HTTP date ("Tue, 23 May 2023 14:42:01 GMT"), usually the next second.
// Accept delta-seconds too, as RFC 9110 allows both.

const MAX_WAIT_MS = 60_000;

/** Milliseconds to wait, clamped to [0, 60 s]; undefined when the header is absent or unreadable. */
export function parseRetryAfter(header: string | string[] | undefined, nowMs: number = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return clamp(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return clamp(at - nowMs);
}

function clamp(ms: number): number {
  return Math.min(MAX_WAIT_MS, Math.max(0, Math.ceil(ms)));
}
