// Regex-free checks for RFC 3339 `full-date` and `date-time`, run once per date/timestamp value on the hot path.
// They accept a subset of what ajv-formats' "full" mode accepts, so a string that passes here always validates
// against `format: date` / `format: date-time`; anything else becomes null instead of an invalid record.

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const CHAR_0 = 48;
const CHAR_DASH = 45;
const CHAR_COLON = 58;
const CHAR_DOT = 46;
const CHAR_PLUS = 43;
const CHAR_SPACE = 32;
const CHAR_T_UPPER = 84;
const CHAR_T_LOWER = 116;
const CHAR_Z_UPPER = 90;
const CHAR_Z_LOWER = 122;

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

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** `YYYY-MM-DD` at the start of `s`, with a real day of a real month. */
function startsWithDate(s: string): boolean {
  const century = twoDigitsAt(s, 0);
  const yearInCentury = twoDigitsAt(s, 2);
  if (century < 0 || yearInCentury < 0) return false;
  if (s.charCodeAt(4) !== CHAR_DASH || s.charCodeAt(7) !== CHAR_DASH) return false;
  const month = twoDigitsAt(s, 5);
  const day = twoDigitsAt(s, 8);
  if (month < 1 || month > 12 || day < 1) return false;
  const year = century * 100 + yearInCentury;
  const lastDay = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month] ?? 0);
  return day <= lastDay;
}

export function isIsoDate(s: string): boolean {
  return s.length === 10 && startsWithDate(s);
}

/** `YYYY-MM-DD[T ]hh:mm:ss[.fraction](Z|±hh[[:]mm])`; the offset is required, as ajv-formats' date-time requires. */
export function isIsoDateTime(s: string): boolean {
  const length = s.length;
  if (length < 20 || !startsWithDate(s)) return false;
  const separator = s.charCodeAt(10);
  if (separator !== CHAR_T_UPPER && separator !== CHAR_T_LOWER && separator !== CHAR_SPACE) return false;
  const hour = twoDigitsAt(s, 11);
  const minute = twoDigitsAt(s, 14);
  const second = twoDigitsAt(s, 17);
  if (s.charCodeAt(13) !== CHAR_COLON || s.charCodeAt(16) !== CHAR_COLON) return false;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return false;

  let i = 19;
  if (s.charCodeAt(i) === CHAR_DOT) {
    const fractionStart = ++i;
    while (digitAt(s, i) >= 0) i++;
    if (i === fractionStart) return false;
  }

  let offsetSign = 0;
  let offsetHours = 0;
  let offsetMinutes = 0;
  const zone = s.charCodeAt(i);
  if (zone === CHAR_Z_UPPER || zone === CHAR_Z_LOWER) {
    i++;
  } else if (zone === CHAR_PLUS || zone === CHAR_DASH) {
    offsetSign = zone === CHAR_PLUS ? 1 : -1;
    offsetHours = twoDigitsAt(s, i + 1);
    if (offsetHours < 0 || offsetHours > 23) return false;
    i += 3;
    if (i < length) {
      if (s.charCodeAt(i) === CHAR_COLON) i++;
      offsetMinutes = twoDigitsAt(s, i);
      if (offsetMinutes < 0 || offsetMinutes > 59) return false;
      i += 2;
    }
  } else {
    return false;
  }
  if (i !== length) return false;
  if (second < 60) return true;

  // A leap second is only valid at 23:59:60 UTC (the rule ajv-formats applies).
  const utcMinute = minute - offsetMinutes * offsetSign;
  const utcHour = hour - offsetHours * offsetSign - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1);
}
