import { countWork } from '../work-meter.ts';

/**
 * The timestamp at the start of a mail-log line, in the forms syslog daemons, journald and
 * exim write:
 *   classic (RFC 3164 §4.1.2, rsyslog's default, `journalctl -o short`):  `Mar  5 12:00:01 `
 *   RFC 3339 (rsyslog's RSYSLOG_FileFormat, `journalctl -o short-iso[-precise]`):
 *     `2025-03-05T12:00:01.123456+00:00 `, `2025-03-05T12:00:01+0000 `, `…Z `
 *   exim's main log: `2025-03-05 12:00:01 ` (local time), with `.123` under +millisec and
 *     ` +0100` under log_timezone.
 * The classic form has no year and no zone: `toEpochMs` takes the year from a reference time
 * and reads the time in this runtime's zone. `journalctl -o cat` writes no timestamp at all.
 * Not handled: RFC 5424's structured `<PRI>1 ` header (rsyslog writes it only to the network),
 * `journalctl -o short-unix` and `-o short-monotonic`.
 */
export interface LogStamp {
  kind: 'classic' | 'rfc3339' | 'exim';
  /** Null in the classic form. */
  year: number | null;
  /** 0-11 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Minutes east of UTC; null when the line gives no zone (local time). */
  offsetMinutes: number | null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The stamp at `start` and where the text after it (and its space) begins, or null. */
export function readLogStamp(line: string, start: number): { stamp: LogStamp; end: number } | null {
  // A stamp is at most 36 characters; the readers look at no more.
  countWork(Math.min(40, line.length - start) + 1);
  const c = line.charCodeAt(start);
  if (isDigit(c)) return readNumericStamp(line, start);
  if (c >= 0x41 && c <= 0x5a) return readClassicStamp(line, start);
  return null;
}

/** `Mar  5 12:00:01 ` / `Mar 15 12:00:01 ` (one-digit days are padded with a space). */
function readClassicStamp(line: string, start: number): { stamp: LogStamp; end: number } | null {
  const month = MONTHS.indexOf(line.slice(start, start + 3));
  if (month === -1 || line.charCodeAt(start + 3) !== 0x20) return null;
  let i = start + 4;
  if (line.charCodeAt(i) === 0x20) i += 1;
  const day = digits(line, i, 1, 2);
  if (day === null || day.value < 1 || day.value > 31) return null;
  i = day.end;
  if (line.charCodeAt(i) !== 0x20) return null;
  const time = readTime(line, i + 1);
  if (time === null || line.charCodeAt(time.end) !== 0x20) return null;
  return {
    stamp: {
      kind: 'classic',
      year: null,
      month,
      day: day.value,
      ...time.parts,
      offsetMinutes: null,
    },
    end: time.end + 1,
  };
}

/** `2025-03-05T12:00:01.123+01:00 ` (RFC 3339) or `2025-03-05 12:00:01 ` (exim). */
function readNumericStamp(line: string, start: number): { stamp: LogStamp; end: number } | null {
  const year = digits(line, start, 4, 4);
  if (year === null || line.charCodeAt(year.end) !== 0x2d) return null;
  const month = digits(line, year.end + 1, 2, 2);
  if (month === null || month.value < 1 || month.value > 12) return null;
  if (line.charCodeAt(month.end) !== 0x2d) return null;
  const day = digits(line, month.end + 1, 2, 2);
  if (day === null || day.value < 1 || day.value > 31) return null;
  const sep = line.charCodeAt(day.end);
  if (sep !== 0x54 && sep !== 0x20) return null;
  const time = readTime(line, day.end + 1);
  if (time === null) return null;
  let i = time.end;
  let offsetMinutes: number | null = null;
  if (sep === 0x54) {
    // RFC 3339 requires a zone: Z, +HH:MM; journalctl writes +HHMM.
    const zone = readZone(line, i, true);
    if (zone === null) return null;
    offsetMinutes = zone.minutes;
    i = zone.end;
  } else if (
    line.charCodeAt(i) === 0x20 &&
    (line.charCodeAt(i + 1) === 0x2b || line.charCodeAt(i + 1) === 0x2d)
  ) {
    // exim's log_timezone: `2025-03-05 12:00:01 +0100 1tX…`
    const zone = readZone(line, i + 1, false);
    if (zone !== null) {
      offsetMinutes = zone.minutes;
      i = zone.end;
    }
  }
  if (line.charCodeAt(i) !== 0x20) return null;
  return {
    stamp: {
      kind: sep === 0x54 ? 'rfc3339' : 'exim',
      year: year.value,
      month: month.value - 1,
      day: day.value,
      ...time.parts,
      offsetMinutes,
    },
    end: i + 1,
  };
}

/** `HH:MM:SS` with an optional fraction (`.123456`, or `,123` as some locales write it). */
function readTime(
  line: string,
  start: number,
): { parts: Pick<LogStamp, 'hour' | 'minute' | 'second' | 'millisecond'>; end: number } | null {
  const hour = digits(line, start, 2, 2);
  if (hour === null || hour.value > 23 || line.charCodeAt(hour.end) !== 0x3a) return null;
  const minute = digits(line, hour.end + 1, 2, 2);
  if (minute === null || minute.value > 59 || line.charCodeAt(minute.end) !== 0x3a) return null;
  const second = digits(line, minute.end + 1, 2, 2);
  // 60: a leap second.
  if (second === null || second.value > 60) return null;
  let end = second.end;
  let millisecond = 0;
  const dot = line.charCodeAt(end);
  if (dot === 0x2e || dot === 0x2c) {
    const fraction = digits(line, end + 1, 1, 9);
    if (fraction === null) return null;
    millisecond = Math.floor(Number(`0.${line.slice(end + 1, fraction.end)}`) * 1000);
    end = fraction.end;
  }
  return {
    parts: {
      hour: hour.value,
      minute: minute.value,
      second: Math.min(59, second.value),
      millisecond,
    },
    end,
  };
}

/** `Z`, `+01:00`, `+0100` (`Z` only where `allowZ`). */
function readZone(
  line: string,
  start: number,
  allowZ: boolean,
): { minutes: number; end: number } | null {
  const c = line.charCodeAt(start);
  if (c === 0x5a && allowZ) return { minutes: 0, end: start + 1 };
  if (c !== 0x2b && c !== 0x2d) return null;
  const hours = digits(line, start + 1, 2, 2);
  if (hours === null || hours.value > 23) return null;
  let i = hours.end;
  if (line.charCodeAt(i) === 0x3a) i += 1;
  const minutes = digits(line, i, 2, 2);
  if (minutes === null || minutes.value > 59) return null;
  const total = hours.value * 60 + minutes.value;
  return { minutes: c === 0x2d ? -total : total, end: minutes.end };
}

function digits(
  line: string,
  start: number,
  min: number,
  max: number,
): { value: number; end: number } | null {
  let i = start;
  let value = 0;
  while (i - start < max && isDigit(line.charCodeAt(i))) {
    value = value * 10 + (line.charCodeAt(i) - 0x30);
    i += 1;
  }
  return i - start < min ? null : { value, end: i };
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** A day of slack before a classic timestamp counts as "in the future" of its reference: the
 * reference (a file's last write) and the log's clock can disagree by a time zone or so. */
const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;

/**
 * Milliseconds since the epoch. A stamp without a year (classic syslog) gets the year of
 * `referenceMs` — when its input was last written (a file's mtime; now for standard input) —
 * or the year before when that would put it more than a day after the reference: a line
 * can't be newer than its file, so `Dec 31` read in January belongs to last year. A stamp
 * without a zone is read in this runtime's zone (set TZ to read another server's log).
 */
export function toEpochMs(stamp: LogStamp, referenceMs: number): number {
  if (stamp.offsetMinutes !== null && stamp.year !== null) {
    return (
      Date.UTC(
        stamp.year,
        stamp.month,
        stamp.day,
        stamp.hour,
        stamp.minute,
        stamp.second,
        stamp.millisecond,
      ) -
      stamp.offsetMinutes * 60_000
    );
  }
  const local = (year: number): number =>
    localHour(year, stamp.month, stamp.day, stamp.hour) +
    stamp.minute * 60_000 +
    stamp.second * 1000 +
    stamp.millisecond;
  if (stamp.year !== null) return local(stamp.year);
  const year = new Date(referenceMs).getFullYear();
  const guess = local(year);
  return guess > referenceMs + FUTURE_SLACK_MS ? local(year - 1) : guess;
}

/** The last local hour converted: a log's lines share their hour by the thousand, and a
 * local-time Date costs far more than this comparison. Zones change their offset on the hour
 * (or the half hour, only where the hour also changes), so an hour's start fixes its minutes. */
const lastHour = { key: -1, ms: 0 };

function localHour(year: number, month: number, day: number, hour: number): number {
  const key = ((year * 12 + month) * 31 + day) * 24 + hour;
  if (key !== lastHour.key) {
    lastHour.key = key;
    lastHour.ms = new Date(year, month, day, hour).getTime();
  }
  return lastHour.ms;
}
