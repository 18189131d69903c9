// Attio timestamps carry nanoseconds ("2024-03-05T10:11:12.123456789Z"). Cursors are compared as strings,
// so every timestamp the connector compares is first brought to that one fixed-width UTC form.
// Going through Date would drop everything below the millisecond.

const ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The fixed-width form: YYYY-MM-DDTHH:MM:SS.fffffffffZ; undefined when the text is not an ISO-8601 timestamp. */
export function normalizeTimestamp(text: string): string | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, date = '', hh = '00', mm = '00', ss = '00', fraction = '', zone = 'Z'] = m;
  // Date.parse accepts 2023-02-29 and hour 24 by rolling them over: check the fields survive a round trip.
  const wallClock = `${date}T${hh}:${mm}:${ss}`;
  const roundTrip = new Date(`${wallClock}Z`);
  if (Number.isNaN(roundTrip.getTime()) || roundTrip.toISOString().slice(0, 19) !== wallClock) return undefined;
  const nanos = fraction.padEnd(9, '0');
  if (zone === 'Z' || zone === '+00:00' || zone === '+0000' || zone === '-00:00') {
    const out = `${date}T${hh}:${mm}:${ss}.${nanos}Z`;
    return Number.isNaN(Date.parse(out)) ? undefined : out;
  }
  // An offset other than UTC: let Date shift the whole seconds, then put the exact fraction back.
  const shifted = new Date(`${date}T${hh}:${mm}:${ss}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
  if (Number.isNaN(shifted.getTime())) return undefined;
  return `${shifted.toISOString().slice(0, 19)}.${nanos}Z`;
}

/**
 * normalizeTimestamp with a fast path for text already in the fixed-width form (what Attio sends), for the
 * per-record path: undefined when the text is not an ISO-8601 timestamp.
 */
export function fixedWidthTimestamp(text: string): string | undefined {
  // YYYY-MM-DDTHH:MM:SS.fffffffffZ: 30 characters, with its separators where they belong.
  if (
    text.length === 30 &&
    text.charCodeAt(29) === 90 /* Z */ &&
    text.charCodeAt(19) === 46 /* . */ &&
    text.charCodeAt(10) === 84 /* T */ &&
    text.charCodeAt(4) === 45 /* - */
  ) {
    return text;
  }
  return normalizeTimestamp(text);
}

/** Like fixedWidthTimestamp, for values from Attio that should already be well formed; keeps odd input as is. */
export function cursorValue(text: string): string {
  return fixedWidthTimestamp(text) ?? text;
}
