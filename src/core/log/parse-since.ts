/**
 * `--since`: a relative age (`30m`, `24h`, `7d`, `2w`) counted back from `nowMs`, or an ISO 8601
 * date or date-time (`2025-03-05`, `2025-03-05T12:00`, `2025-03-05 12:00:00`,
 * `2025-03-05T12:00:00Z`, `…+01:00`). Without a zone it is local time, as the classic syslog
 * timestamps it is compared with; a date alone is that day's local midnight. Returns ms since the
 * epoch, or null when the text is neither.
 */
export function parseSince(text: string, nowMs: number): number | null {
  const s = text.trim();
  const relative = /^(\d{1,6})([mhdw])$/.exec(s);
  if (relative !== null) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[
      relative[2] as 'm' | 'h' | 'd' | 'w'
    ];
    return nowMs - Number(relative[1]) * unit;
  }
  const iso =
    /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.\d{1,9})?)?(Z|[+-]\d\d:?\d\d)?)?$/.exec(
      s,
    );
  if (iso === null) return null;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', zone] = iso;
  const year = Number(y);
  const month = Number(mo) - 1;
  const day = Number(d);
  if (month > 11 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) {
    return null;
  }
  if (zone === undefined) {
    const local = new Date(year, month, day, Number(h), Number(mi), Number(sec));
    return local.getDate() === day ? local.getTime() : null;
  }
  const utc = Date.UTC(year, month, day, Number(h), Number(mi), Number(sec));
  if (new Date(utc).getUTCDate() !== day) return null;
  if (zone === 'Z') return utc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return utc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}
