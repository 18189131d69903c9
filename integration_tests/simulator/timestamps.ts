// Attio timestamps are fixed-width ISO-8601 UTC strings with nanosecond precision
// ("2024-03-05T10:11:12.123456789Z"), so string order equals time order.

/** A point in time as whole milliseconds plus the nanoseconds inside that millisecond (0..999999). */
export interface NanoInstant {
  ms: number;
  subMsNs: number;
}

export function formatNanoTimestamp(instant: NanoInstant): string {
  const msOfDay = ((instant.ms % 86_400_000) + 86_400_000) % 86_400_000;
  const day = (instant.ms - msOfDay) / 86_400_000;
  // Integer arithmetic instead of Date#toISOString: the large object formats one per record.
  const fraction = String((msOfDay % 1000) * 1_000_000 + instant.subMsNs).padStart(9, '0');
  const seconds = Math.floor(msOfDay / 1000);
  return `${civilDate(day)}T${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}.${fraction}Z`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

let cachedDay = Number.NaN;
let cachedDate = '';

/** YYYY-MM-DD of a day number since the epoch (cached: consecutive calls are usually the same day). */
function civilDate(day: number): string {
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDate = new Date(day * 86_400_000).toISOString().slice(0, 10);
  }
  return cachedDate;
}

export function parseNanoTimestamp(canonical: string): NanoInstant {
  const ms = Date.parse(`${canonical.slice(0, 23)}Z`);
  return { ms, subMsNs: Number(canonical.slice(23, 29)) };
}

export function addNanos(instant: NanoInstant, ns: number): NanoInstant {
  const total = instant.subMsNs + ns;
  const carryMs = Math.floor(total / 1_000_000);
  return { ms: instant.ms + carryMs, subMsNs: total - carryMs * 1_000_000 };
}

const TIMESTAMP_PATTERN = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Normalizes any ISO-8601 date-time (Attio requires date and time in timestamp filters) to the
 * canonical 9-digit UTC form, so filter bounds can be compared with stored values as strings.
 * Returns null when the input is not a date-time.
 */
export function canonicalTimestamp(input: string): string | null {
  const match = TIMESTAMP_PATTERN.exec(input);
  if (!match) return null;
  const [, date, hh, mm, ss = '00', fraction = '', zone] = match;
  const fraction9 = fraction.padEnd(9, '0');
  const wholeSeconds = Date.parse(`${date}T${hh}:${mm}:${ss}${zone === 'Z' ? 'Z' : normalizeZone(zone ?? 'Z')}`);
  if (Number.isNaN(wholeSeconds)) return null;
  const iso = new Date(wholeSeconds).toISOString();
  return `${iso.slice(0, 19)}.${fraction9}Z`;
}

function normalizeZone(zone: string): string {
  return zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
}

/** Today's date style `YYYY-MM-DD` of a canonical timestamp. */
export function datePart(timestamp: string): string {
  return timestamp.slice(0, 10);
}

/** An HTTP-date (RFC 9110 IMF-fixdate) as Attio sends in Retry-After. */
export function httpDate(epochMs: number): string {
  return new Date(epochMs).toUTCString();
}

/** The start of the next whole second after `epochMs` (Attio's Retry-After is "usually the following second"). */
export function nextWholeSecond(epochMs: number): number {
  return Math.floor(epochMs / 1000) * 1000 + 1000;
}

/** Where "now" comes from: an instant, an epoch in milliseconds, or an ISO-8601 date-time. */
export type TimeSource = () => NanoInstant | number | string;

/** The machine's clock, with the sub-millisecond digits from the high-resolution timer. */
export const wallClock: TimeSource = () => ({ ms: Date.now(), subMsNs: Number(process.hrtime.bigint() % 1_000_000n) });

/**
 * A deterministic clock for tests: the first reading is `start`, each later one `stepNs` nanoseconds
 * after the previous (default 1 ms).
 */
export function steppingClock(start: string, stepNs = 1_000_000): TimeSource {
  const canonical = canonicalTimestamp(start);
  if (canonical === null) throw new Error(`steppingClock: not an ISO-8601 date-time: ${start}`);
  let next = parseNanoTimestamp(canonical);
  return () => {
    const reading = next;
    next = addNanos(next, stepNs);
    return reading;
  };
}

function toInstant(reading: NanoInstant | number | string): NanoInstant {
  if (typeof reading === 'number') return { ms: Math.floor(reading), subMsNs: 0 };
  if (typeof reading === 'string') {
    const canonical = canonicalTimestamp(reading);
    if (canonical === null) throw new Error(`clock: not an ISO-8601 date-time: ${reading}`);
    return parseNanoTimestamp(canonical);
  }
  return reading;
}

function isAfter(a: NanoInstant, b: NanoInstant): boolean {
  return a.ms > b.ms || (a.ms === b.ms && a.subMsNs > b.subMsNs);
}

/**
 * Hands out strictly increasing nanosecond timestamps from a time source (default the wall clock),
 * so records and values the tests add "now" always sort after the seeded ones and after each other:
 * when the source does not move forward, the next timestamp is the previous one plus 1 ns.
 */
export class NanoClock {
  private last: NanoInstant = { ms: 0, subMsNs: 0 };

  constructor(private source: TimeSource = wallClock) {}

  /** Replaces the time source; timestamps stay strictly increasing across the switch. */
  use(source: TimeSource): void {
    this.source = source;
  }

  /** Makes sure later timestamps are strictly after `timestamp` (used when seeding the past). */
  observe(timestamp: string): void {
    const seen = parseNanoTimestamp(timestamp);
    if (isAfter(seen, this.last)) this.last = seen;
  }

  now(): string {
    const reading = toInstant(this.source());
    const next = isAfter(reading, this.last) ? reading : addNanos(this.last, 1);
    this.last = next;
    return formatNanoTimestamp(next);
  }
}
