// The one ISO-8601 grammar of the connector, and the forms it is read in.
//
// One scanner reads `YYYY-MM-DD[(T|t| )hh:mm[:ss[.fraction]][Z|z|±hh[[:]mm]]]` into its fields, with no regex
// and no allocation (it runs once per date or timestamp value on the hot path); what each use accepts is a
// predicate over that one scan:
// - `normalizeTimestamp`: a state's cursor, start_date, Attio's timestamps → the fixed-width UTC form
//   YYYY-MM-DDTHH:MM:SS.fffffffffZ. Cursors are compared as these strings, never as Dates, which would drop
//   Attio's nanoseconds;
// - `isIsoDate`, `isIsoDateTime`: RFC 3339 `full-date` and `date-time` as ajv-formats' "full" mode accepts them
//   (a subset of it), so a value that passes always validates against `format: date` / `format: date-time`;
// - `isStartDateForm`: the form the spec publishes for start_date (`START_DATE_PATTERN`, for the UI).

/** The fields of the last scan; valid until the next one. */
const scan = {
  dateOnly: true,
  /** The character between date and time (T, t or space). */
  separator: 0,
  hasSeconds: false,
  /** Digits after the decimal point; 0 without one. */
  fractionDigits: 0,
  /** 'none', 'Z', 'z', or an offset: 'hh', 'hhmm', 'hh:mm'. */
  zone: 'none' as 'none' | 'Z' | 'z' | 'hh' | 'hhmm' | 'hh:mm',
  year: 0,
  month: 0,
  day: 0,
  hour: 0,
  minute: 0,
  second: 0,
  offsetSign: 0,
  offsetHours: 0,
  offsetMinutes: 0,
};

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const CHAR_0 = 48;
const CHAR_DASH = 45;
const CHAR_COLON = 58;
const CHAR_DOT = 46;
const CHAR_PLUS = 43;
const CHAR_SPACE = 32;
const CHAR_T = 84;
const CHAR_t = 116;
const CHAR_Z = 90;
const CHAR_z = 122;

/** The decimal digit at `s[i]`, or -1 (also past the end, where charCodeAt gives NaN). */
function digitAt(s: string, i: number): number {
  const d = s.charCodeAt(i) - CHAR_0;
  return d >= 0 && d <= 9 ? d : -1;
}

function twoDigitsAt(s: string, i: number): number {
  const tens = digitAt(s, i);
  const units = digitAt(s, i + 1);
  return tens < 0 || units < 0 ? -1 : tens * 10 + units;
}

/** Reads the whole of `s` into `scan`; false when it is not of the grammar (fields are not range-checked here). */
function scanIso(s: string): boolean {
  const century = twoDigitsAt(s, 0);
  const yearInCentury = twoDigitsAt(s, 2);
  if (century < 0 || yearInCentury < 0 || s.charCodeAt(4) !== CHAR_DASH || s.charCodeAt(7) !== CHAR_DASH) return false;
  scan.year = century * 100 + yearInCentury;
  scan.month = twoDigitsAt(s, 5);
  scan.day = twoDigitsAt(s, 8);
  if (scan.month < 0 || scan.day < 0) return false;
  const length = s.length;
  scan.hasSeconds = false;
  scan.fractionDigits = 0;
  scan.zone = 'none';
  scan.hour = scan.minute = scan.second = 0;
  scan.offsetSign = scan.offsetHours = scan.offsetMinutes = 0;
  if (length === 10) {
    scan.dateOnly = true;
    scan.separator = 0;
    return true;
  }
  scan.dateOnly = false;
  const separator = s.charCodeAt(10);
  if (separator !== CHAR_T && separator !== CHAR_t && separator !== CHAR_SPACE) return false;
  scan.separator = separator;
  scan.hour = twoDigitsAt(s, 11);
  scan.minute = twoDigitsAt(s, 14);
  if (scan.hour < 0 || s.charCodeAt(13) !== CHAR_COLON || scan.minute < 0) return false;
  let i = 16;
  if (s.charCodeAt(i) === CHAR_COLON) {
    scan.second = twoDigitsAt(s, i + 1);
    if (scan.second < 0) return false;
    scan.hasSeconds = true;
    i += 3;
    if (s.charCodeAt(i) === CHAR_DOT) {
      const fractionStart = ++i;
      while (digitAt(s, i) >= 0) i++;
      scan.fractionDigits = i - fractionStart;
      if (scan.fractionDigits === 0) return false;
    }
  }
  if (i === length) return true;
  const zone = s.charCodeAt(i);
  if (zone === CHAR_Z || zone === CHAR_z) {
    scan.zone = zone === CHAR_Z ? 'Z' : 'z';
    return i + 1 === length;
  }
  if (zone !== CHAR_PLUS && zone !== CHAR_DASH) return false;
  scan.offsetSign = zone === CHAR_PLUS ? 1 : -1;
  scan.offsetHours = twoDigitsAt(s, i + 1);
  if (scan.offsetHours < 0) return false;
  i += 3;
  if (i === length) {
    scan.zone = 'hh';
    return true;
  }
  scan.zone = s.charCodeAt(i) === CHAR_COLON ? 'hh:mm' : 'hhmm';
  if (scan.zone === 'hh:mm') i++;
  scan.offsetMinutes = twoDigitsAt(s, i);
  return scan.offsetMinutes >= 0 && i + 2 === length;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** The scanned date is a real day of a real month. */
function realDate(): boolean {
  const { year, month, day } = scan;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month] ?? 0));
}

/** The scanned time and offset are in range; `leapSecond` allows second 60 (RFC 3339 does, at 23:59:60 UTC). */
function realTime(leapSecond: boolean): boolean {
  const { hour, minute, second, offsetHours, offsetMinutes } = scan;
  if (hour > 23 || minute > 59 || second > (leapSecond ? 60 : 59) || offsetHours > 23 || offsetMinutes > 59) return false;
  if (second < 60) return true;
  // A leap second is only valid at 23:59:60 UTC (the rule ajv-formats applies).
  const utcMinute = minute - offsetMinutes * scan.offsetSign;
  const utcHour = hour - offsetHours * scan.offsetSign - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1);
}

/** RFC 3339 `full-date`: `YYYY-MM-DD`, a real day of a real month. */
export function isIsoDate(s: string): boolean {
  return s.length === 10 && scanIso(s) && realDate();
}

/** RFC 3339 `date-time`: `YYYY-MM-DD[Tt ]hh:mm:ss[.fraction](Z|z|±hh[[:]mm])`; the offset is required, as ajv-formats requires. */
export function isIsoDateTime(s: string): boolean {
  return s.length >= 20 && scanIso(s) && !scan.dateOnly && scan.hasSeconds && scan.zone !== 'none' && realDate() && realTime(true);
}

/**
 * The form the spec publishes for start_date: a date, or a date and time (`T`, seconds and up to nine fraction digits
 * optional) with `Z` or `±hh:mm` or no zone (UTC). Whether the date is real is `normalizeTimestamp`'s to say.
 */
export function isStartDateForm(s: string): boolean {
  if (!scanIso(s)) return false;
  if (scan.dateOnly) return true;
  return scan.separator === CHAR_T && scan.fractionDigits <= 9 && (scan.zone === 'none' || scan.zone === 'Z' || scan.zone === 'hh:mm');
}

/** `isStartDateForm` as a JSON Schema pattern, for the spec (the UI checks it; the tests keep the two in step). */
export const START_DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})?)?$';

/** The fixed-width form: YYYY-MM-DDTHH:MM:SS.fffffffffZ; undefined when the text is not an ISO-8601 timestamp. */
export function normalizeTimestamp(raw: string): string | undefined {
  const text = raw.trim();
  if (!scanIso(text)) return undefined;
  if (scan.separator === CHAR_t || scan.zone === 'z' || scan.zone === 'hh' || scan.fractionDigits > 9) return undefined;
  if (!realDate() || !realTime(false)) return undefined;
  const date = text.slice(0, 10);
  if (scan.dateOnly) return `${date}T00:00:00.000000000Z`;
  const wallClock = `${text.slice(11, 16)}:${scan.hasSeconds ? text.slice(17, 19) : '00'}`;
  const nanos = scan.fractionDigits === 0 ? '000000000' : text.slice(20, 20 + scan.fractionDigits).padEnd(9, '0');
  if (scan.zone === 'none' || scan.zone === 'Z' || (scan.offsetHours === 0 && scan.offsetMinutes === 0)) {
    return `${date}T${wallClock}.${nanos}Z`;
  }
  // An offset other than UTC: let Date shift the whole seconds, then put the exact fraction back.
  const sign = scan.offsetSign > 0 ? '+' : '-';
  const offset = `${sign}${String(scan.offsetHours).padStart(2, '0')}:${String(scan.offsetMinutes).padStart(2, '0')}`;
  const shifted = new Date(`${date}T${wallClock}${offset}`);
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

/** An instant in milliseconds (this machine's clock) in the fixed-width form. */
export function instantValue(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000000Z`;
}
