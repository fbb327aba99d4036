// Over 300 lines: the fast path for the common date form and the general RFC 5322 path side by
// side, so each is read against the other (test/fast-paths.test.ts compares them on random input).
import { isWsp, Scanner, stopSet } from './scanner.ts';
import { countWork } from '../work-meter.ts';

/**
 * RFC 5322 §3.3 date-time, including the obsolete forms (§4.3) and the shapes seen in Received
 * fields (test/fixtures/ and test/received.test.ts):
 *   `Mon, 4 Mar 2024 03:11:08 -0800 (PST)`   comments are dropped: the numeric offset is trusted
 *   `Mon,  4 Mar 2024 ...`                   postfix pads one-digit days
 *   `4 Mar 2024 12:00:00 -0000`              no weekday (qmail)
 *   `Fri, Feb 15 2002 17:19:22 -0800`        month before day (RFC 8601 examples)
 *   `Mon, 4 Mar 24 ...`                      two-digit years: 00-49 → 20xx, 50-99 → 19xx
 *   named zones UT, GMT, Z and the North American ones of §4.3; unknown names read as UTC.
 *   `2024-03-19 14:05:06.412233771 +0000 UTC`  ISO dates (SendGrid writes Go's time format)
 *   fractional seconds are dropped.
 * Returns milliseconds since the epoch, or null when the text is not a valid date. The date is
 * `text` from `start` on (parsers pass the field and where its date starts, sparing a copy).
 *
 * Longer than most files: one grammar (RFC 5322 §3.3 and §4.3) with its common-form fast path,
 * which test/fast-paths.test.ts compares with the general path.
 */
export function parseDate(text: string, start = 0): number | null {
  countWork(Math.min(200, text.length - start) + 1);
  const common = parseCommonDate(text, start);
  if (common !== undefined) return common;
  return parseDateWords(text, start);
}

/**
 * The general reader: word by word, every form parseDate accepts. parseCommonDate is its fast
 * path for one layout and must agree with it (test/fast-paths.test.ts compares them).
 */
export function parseDateWords(text: string, start = 0): number | null {
  // The words of the text with comments removed; commas separate words too. Only the first 200
  // characters are read: a date is shorter, and the rest can be a hostile megabyte.
  const s = new Scanner(text.slice(start, start + 200));
  let month = -1;
  let time: number | null = null;
  let offsetMinutes: number | null = null;
  const numbers: string[] = [];
  while (!s.done) {
    s.skipCfws();
    if (s.eat(',')) continue;
    const word = s.readToken(WORD_END);
    if (word.length === 0) {
      if (!s.done && s.peek() !== '(') s.pos += 1;
      continue;
    }
    const iso = isoDate(word);
    if (iso !== null && month === -1) {
      numbers[0] = iso.day;
      numbers[1] = iso.year;
      month = iso.month;
      continue;
    }
    const m = isAlpha(word) ? MONTHS.get(word.slice(0, 3).toLowerCase()) : undefined;
    if (m !== undefined) {
      if (month === -1) month = m;
      continue;
    }
    if (word.includes(':') && time === null) {
      time = parseTime(word);
      if (time === null) return null;
      continue;
    }
    if ((word.startsWith('+') || word.startsWith('-')) && time !== null) {
      offsetMinutes = parseOffset(word);
      continue;
    }
    if (isDigits(word)) {
      numbers.push(word);
      continue;
    }
    if (time !== null && offsetMinutes === null && isAlpha(word)) {
      offsetMinutes = ZONES.get(word.toUpperCase()) ?? 0;
    }
  }
  if (month === -1 || time === null || numbers.length < 2) return null;
  const a = numbers[0] as string;
  const b = numbers[1] as string;
  // The day is the first 1-2 digit number that fits; the other is the year.
  let dayText = a;
  let yearText = b;
  if (a.length > 2 || Number(a) > 31) {
    dayText = b;
    yearText = a;
  }
  const day = Number(dayText);
  let year = Number(yearText);
  if (yearText.length === 2) year += year < 50 ? 2000 : 1900;
  else if (yearText.length === 3) year += 1900;
  if (day < 1 || day > 31 || year < 1900 || year > 9999) return null;
  if (day > daysInMonth(year, month)) return null;
  return Date.UTC(year, month, day) + time * 1000 - (offsetMinutes ?? 0) * 60_000;
}

/**
 * The layout nearly every Received and Date field has, read by position instead of word by word:
 * `[Mon, ]4 Mar 2024 03:11:08 -0800 [(PST)]` — a one- or two-digit day, a four-digit year, a
 * two-digit time, a numeric zone and at most one plain comment at the end. Anything else, or any
 * value out of range, gives undefined and is read by parseDate's word loop, which reads the dates
 * accepted here to the same time.
 */
export function parseCommonDate(text: string, start = 0): number | undefined {
  // Longer texts go to the word loop, which reads only their first 200 characters.
  if (text.length - start > 200) return undefined;
  let i = skipWsp(text, start);
  if (WEEKDAYS.includes(text.slice(i, i + 3)) && text.charCodeAt(i + 3) === COMMA) {
    i = skipWsp(text, i + 4);
  }
  const dayDigits = digitsAt(text, i + 1, 1) === -1 ? 1 : 2;
  const day = digitsAt(text, i, dayDigits);
  const m = skipWsp(text, i + dayDigits);
  const month = MONTH_NAMES.indexOf(text.slice(m, m + 3));
  const y = skipWsp(text, m + 3);
  const year = digitsAt(text, y, 4);
  const t = skipWsp(text, y + 4);
  const hours = digitsAt(text, t, 2);
  const minutes = digitsAt(text, t + 3, 2);
  const seconds = digitsAt(text, t + 6, 2);
  const z = skipWsp(text, t + 8);
  const sign = text.charCodeAt(z);
  const zone = digitsAt(text, z + 1, 4);
  if (
    day < 1 ||
    m === i + dayDigits ||
    month === -1 ||
    y === m + 3 ||
    year < 1900 ||
    t === y + 4 ||
    day > daysInMonth(year, month) ||
    hours < 0 ||
    hours > 23 ||
    text.charCodeAt(t + 2) !== COLON ||
    minutes < 0 ||
    minutes > 59 ||
    text.charCodeAt(t + 5) !== COLON ||
    seconds < 0 ||
    seconds > 60 ||
    z === t + 8 ||
    (sign !== PLUS && sign !== MINUS) ||
    zone < 0 ||
    Math.floor(zone / 100) > 23 ||
    zone % 100 > 59
  ) {
    return undefined;
  }
  let end = skipWsp(text, z + 5);
  if (text.charCodeAt(end) === OPEN) {
    const close = text.indexOf(')', end);
    if (close === -1 || !isPlainComment(text, end + 1, close)) return undefined;
    end = skipWsp(text, close + 1);
  }
  if (end !== text.length) return undefined;
  const offset = Math.floor(zone / 100) * 60 + (zone % 100);
  const time = (hours * 60 + minutes) * 60 + Math.min(seconds, 59);
  return Date.UTC(year, month, day) + time * 1000 - (sign === MINUS ? -offset : offset) * 60_000;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];
const COMMA = 0x2c;
const PLUS = 0x2b;
const MINUS = 0x2d;
const OPEN = 0x28;

function skipWsp(text: string, i: number): number {
  while (i < text.length && isWsp(text.charCodeAt(i))) i += 1;
  return i;
}

/** The number written with exactly `count` digits at `i`, or -1. */
function digitsAt(text: string, i: number, count: number): number {
  let value = 0;
  for (let k = i; k < i + count; k += 1) {
    const c = text.charCodeAt(k);
    if (!(c >= 0x30 && c <= 0x39)) return -1;
    value = value * 10 + (c - 0x30);
  }
  return value;
}

/** No nested comment or quoted-pair in `text[start, end)`. */
function isPlainComment(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k += 1) {
    const c = text.charCodeAt(k);
    if (c === OPEN || c === BACKSLASH) return false;
  }
  return true;
}

const BACKSLASH = 0x5c;

/** The days in `month` (0-11) of `year`, in the proleptic Gregorian calendar Date.UTC uses. */
function daysInMonth(year: number, month: number): number {
  if (month !== 1) return DAYS_IN_MONTH[month] ?? 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * ISO 8601 UTC without milliseconds when there are none: `2024-03-04T11:11:08Z`. Written out
 * from the date's fields for years 0-9999 (Date#toISOString is several times slower, and every
 * hop has a date); other years take toISOString's extended form (`+010000-01-01T00:00:00Z`).
 */
export function toIso(ms: number | null): string | null {
  if (ms === null) return null;
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (!(year >= 0 && year <= 9999) || d.getUTCMilliseconds() !== 0) {
    return d.toISOString().replace('.000Z', 'Z');
  }
  return (
    `${String(year).padStart(4, '0')}-${TWO_DIGITS[d.getUTCMonth() + 1]}-${TWO_DIGITS[d.getUTCDate()]}` +
    `T${TWO_DIGITS[d.getUTCHours()]}:${TWO_DIGITS[d.getUTCMinutes()]}:${TWO_DIGITS[d.getUTCSeconds()]}Z`
  );
}

/** `00` to `99`. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));

const WORD_END = stopSet(',(');

/** `2024-03-19` → day, month (0-11), year as the RFC path reads them. */
function isoDate(word: string): { day: string; month: number; year: string } | null {
  if (word.length !== 10 || word.charAt(4) !== '-' || word.charAt(7) !== '-') return null;
  const year = word.slice(0, 4);
  const month = word.slice(5, 7);
  const day = word.slice(8);
  if (!isDigits(year) || !isDigits(month) || !isDigits(day)) return null;
  const m = Number(month) - 1;
  return m < 0 || m > 11 ? null : { day, month: m, year };
}

/** `hh:mm[:ss][.fraction]`, one or two digits each, as seconds since midnight; the fraction is
 * not read and a leap second (`:60`) reads as `:59`. */
function parseTime(word: string): number | null {
  const dot = word.indexOf('.');
  const end = dot === -1 ? word.length : dot;
  let hours = 0;
  let minutes = 0;
  let seconds = 0;
  let count = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= end; i += 1) {
    const c = i === end ? COLON : word.charCodeAt(i);
    if (c === COLON) {
      if (digits === 0 || digits > 2 || count === 3) return null;
      if (count === 0) hours = value;
      else if (count === 1) minutes = value;
      else seconds = value;
      count += 1;
      digits = 0;
      value = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      value = value * 10 + (c - 0x30);
      digits += 1;
    } else {
      return null;
    }
  }
  if (count < 2 || hours > 23 || minutes > 59 || seconds > 60) return null;
  return (hours * 60 + minutes) * 60 + Math.min(seconds, 59);
}

const COLON = 0x3a;

/** `+hhmm` / `-hh:mm` (one colon anywhere after the sign) in minutes east of UTC. */
function parseOffset(word: string): number | null {
  let value = 0;
  let digits = 0;
  let colon = false;
  for (let i = 1; i < word.length; i += 1) {
    const c = word.charCodeAt(i);
    if (c === COLON && !colon) {
      colon = true;
    } else if (c >= 0x30 && c <= 0x39) {
      value = value * 10 + (c - 0x30);
      digits += 1;
    } else {
      return null;
    }
  }
  const hours = Math.floor(value / 100);
  const minutes = value % 100;
  if (digits !== 4 || hours > 23 || minutes > 59) return null;
  const total = hours * 60 + minutes;
  return word.startsWith('-') ? -total : total;
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function isAlpha(s: string): boolean {
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i) | 0x20;
    if (c < 0x61 || c > 0x7a) return false;
  }
  return s.length > 0;
}

const MONTHS = new Map(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map(
    (m, i) => [m, i] as const,
  ),
);

/** RFC 5322 §4.3 obs-zone, in minutes east of UTC. Military letters are unreliable (§4.3) and
 * unknown names fall back to 0 as well. */
const ZONES = new Map<string, number>([
  ['UT', 0],
  ['UTC', 0],
  ['GMT', 0],
  ['Z', 0],
  ['EST', -300],
  ['EDT', -240],
  ['CST', -360],
  ['CDT', -300],
  ['MST', -420],
  ['MDT', -360],
  ['PST', -480],
  ['PDT', -420],
]);
