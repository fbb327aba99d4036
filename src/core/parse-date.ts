import { Scanner } from './scanner.ts';

/**
 * RFC 5322 §3.3 date-time, including the obsolete forms (§4.3) and the shapes seen in Received
 * fields (../shared/docs/domain.md §2):
 *   `Mon, 4 Mar 2024 03:11:08 -0800 (PST)`   comments are dropped: the numeric offset is trusted
 *   `Mon,  4 Mar 2024 ...`                   postfix pads one-digit days
 *   `4 Mar 2024 12:00:00 -0000`              no weekday (qmail)
 *   `Fri, Feb 15 2002 17:19:22 -0800`        month before day (RFC 8601 examples)
 *   `Mon, 4 Mar 24 ...`                      two-digit years: 00-49 → 20xx, 50-99 → 19xx
 *   named zones UT, GMT, Z and the North American ones of §4.3; unknown names read as UTC.
 *   `2024-03-19 14:05:06.412233771 +0000 UTC`  ISO dates (SendGrid writes Go's time format)
 *   fractional seconds are dropped.
 * Returns milliseconds since the epoch, or null when the text is not a valid date.
 */
export function parseDate(text: string): number | null {
  const words = dateWords(text);
  let month = -1;
  let time: [number, number, number] | null = null;
  let offsetMinutes: number | null = null;
  const numbers: string[] = [];
  for (const word of words) {
    const iso = isoDate(word);
    if (iso !== null && month === -1) {
      [numbers[0], month, numbers[1]] = [iso.day, iso.month, iso.year];
      continue;
    }
    const m = MONTHS.get(word.slice(0, 3).toLowerCase());
    if (m !== undefined && isAlpha(word)) {
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
  const [a, b] = numbers as [string, string];
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
  const [h, min, sec] = time;
  const ms = Date.UTC(year, month, day, h, min, Math.min(sec, 59));
  if (new Date(ms).getUTCDate() !== day) return null;
  return ms - (offsetMinutes ?? 0) * 60_000;
}

export function toIso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Words of the text with comments removed; commas separate words too. */
function dateWords(text: string): string[] {
  const s = new Scanner(text.length > 200 ? text.slice(0, 200) : text);
  const words: string[] = [];
  while (!s.done) {
    s.skipCfws();
    if (s.eat(',')) continue;
    const word = s.readToken(',(');
    if (word.length > 0) words.push(word);
    else if (!s.done && s.peek() !== '(') s.pos += 1;
  }
  return words;
}

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

function parseTime(word: string): [number, number, number] | null {
  const dot = word.indexOf('.');
  const parts = (dot === -1 ? word : word.slice(0, dot)).split(':');
  if (parts.length < 2 || parts.length > 3) return null;
  if (!parts.every((p) => p.length >= 1 && p.length <= 2 && isDigits(p))) return null;
  const [h, m, s] = parts.map(Number) as [number, number, number | undefined];
  if (h > 23 || m > 59 || (s ?? 0) > 60) return null;
  return [h, m, s ?? 0];
}

function parseOffset(word: string): number | null {
  const digits = word.slice(1).replace(':', '');
  if (digits.length !== 4 || !isDigits(digits)) return null;
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 23 || minutes > 59) return null;
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
