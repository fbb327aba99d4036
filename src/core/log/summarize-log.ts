// Over 300 lines: the log summarizer is one streaming loop over bytes whose state lives in one
// closure, so the hot path (npm run bench -- log) makes no calls across modules.
import { domainOf } from '../psl/domain-name.ts';
import { parseBounce } from '../parse/parse-bounce.ts';
import { countWork } from '../work-meter.ts';
import { explainStatus } from './explain-status.ts';
import { LOG_LIMITS } from './log-limits.ts';
import { isEximLine, parseLogLine, type LogDelivery } from './parse-log-line.ts';
import { readLogStamp, toEpochMs, type LogStamp } from './read-log-stamp.ts';

/**
 * A mail log summarized as it streams past: bounced and deferred deliveries grouped by recipient
 * domain and enhanced status code, with counts, first and last time, the remote's latest text,
 * and what the code means and how to fix it; sent deliveries counted per domain beside them.
 *
 * Cost: the bytes are never all in memory and never decoded as a whole. Each chunk is searched
 * for the few markers a delivery line must hold (`status=` for postfix; exim's `**`, `==`, `=>`,
 * `->`), and only the lines holding one are decoded and parsed (parse-log-line.ts), each at most
 * once per marker — so the work is linear in the input, and most of it is the platform's byte
 * search (`find`, Buffer#indexOf in Node; a plain loop by default). Memory is bounded by
 * LOG_LIMITS: one partial line, the groups and the sent-per-domain counts.
 * Lines are ended by LF; a CR before it is dropped. Not handled: UTF-16 logs.
 *
 * Longer than most files (about 600 lines): the summarizer is one streaming state machine (byte
 * scan, line marker sniffing, grouping, bounded memory) whose parts share its state; split, they
 * would pass that state around.
 */
export interface LogSummaryOptions {
  /** Deliveries before this time (ms since the epoch) are skipped; those without a time are kept
   * (and counted in `untimed`). */
  since?: number | null;
  /** Finds `needle` in `haystack` from `from`; -1 when absent. */
  find?: ByteFind;
}

export type ByteFind = (haystack: Uint8Array, needle: Uint8Array, from: number) => number;

export interface LogSource {
  /** How the input is named in the summary (`/var/log/mail.log.2.gz`, `standard input`). */
  name: string;
  /** When the input was last written (a file's mtime; now for a stream): the year of classic
   * syslog timestamps, which have none (read-log-stamp.ts `toEpochMs`). */
  referenceMs: number;
}

export interface LogGroup {
  status: 'bounced' | 'deferred';
  /** The recipient domain; null for local names (`root`). */
  domain: string | null;
  /** The enhanced status code (postfix's dsn=, else the one in the reply); null when none. */
  code: string | null;
  /** The SMTP reply code of the latest reply that had one. */
  replyCode: number | null;
  /** Delivery attempts (a message deferred ten times counts ten). */
  count: number;
  /** Distinct recipients, counted up to LOG_LIMITS.recipientsPerGroup (`recipientsCapped`). */
  recipients: number;
  recipientsCapped: boolean;
  /** One recipient, the first seen, to look it up in the log. */
  example: string;
  /** Milliseconds since the epoch; null when no line of the group had a time. */
  first: number | null;
  last: number | null;
  /** The remote host of the latest attempt. */
  host: string | null;
  /** The latest remote reply (or the local reason), as logged: hostile text, shown safely. */
  text: string;
  meaning: string | null;
  fix: string | null;
  /** Where `meaning` comes from: Gmail's own codes, or the registry of RFC 3463 and successors. */
  source: 'gmail' | 'rfc3463' | null;
  /** The domain and IP Gmail names in a 5.7.26 / 5.7.27 reply (`SPF [d] with ip: [ip]`). */
  spfDomain: string | null;
  clientIp: string | null;
  /** Deliveries to the same domain that were sent, in the same time window. */
  sentToDomain: number;
}

export interface LogSummary {
  /** Each input, its bytes (decompressed) and the timestamp form of its first delivery line
   * (`none`: no timestamps, as `journalctl -o cat` writes; null: no delivery line). */
  sources: { name: string; bytes: number; stamp: LogStamp['kind'] | 'none' | null }[];
  bytes: number;
  /** Delivery lines read, by status (`expired`: messages the queue gave up on). */
  counts: { sent: number; bounced: number; deferred: number; expired: number };
  /** The time range the deliveries cover: from each input's first delivery line to the last
   * one (logs are written in order), widened by every failed delivery's own time. */
  first: number | null;
  last: number | null;
  /** Bounced groups first, then deferred; most attempts first. */
  groups: LogGroup[];
  /** Failed deliveries beyond LOG_LIMITS.groups, counted but in no group. */
  ungrouped: number;
  /** Failed deliveries without a timestamp (`journalctl -o cat`), and with `since` every
   * delivery without one: kept, since they can't be placed before it. */
  untimed: number;
  /** Deliveries before `since`, skipped. */
  beforeSince: number;
  /** Lines longer than LOG_LIMITS.lineBytes, read up to that. */
  overlongLines: number;
  /** postfix or exim deliveries seen. */
  mtas: { postfix: number; exim: number };
  /** The `since` used, ms since the epoch. */
  since: number | null;
}

export interface LogSummarizer {
  begin(source: LogSource): void;
  push(chunk: Uint8Array): void;
  /** Ends the current input: a last line without a newline counts too. */
  end(): void;
  summary(): LogSummary;
}

const LF = 0x0a;
/** Bytes of a line's start that hold its timestamp: the longest form, RFC 3339 with
 * nanoseconds and a zone, is 36 characters. */
const STAMP_BYTES = 48;

function isAlnumByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
}
const bytesOf = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const POSTFIX_MARKER = bytesOf('status=');
const EXIM_MARKERS = ['**', '==', '=>', '->'].map(bytesOf);
/** Flags whose first byte is rare in any log: always searched. */
const RARE_EXIM_MARKERS = ['**', '->'].map(bytesOf);
/** `==` and `=>` start with `=`, which postfix writes several times a line: searched only in an
 * input whose first bytes hold an exim line (`endSniff`): searching every postfix log for them
 * would take as long as its search for `status=`. */
const COMMON_EXIM_MARKERS = ['==', '=>'].map(bytesOf);
/** An input's first bytes, held back and checked line by line for exim's shape before any line
 * is counted, so the answer doesn't depend on how the input is cut into chunks. An exim main log
 * starts with exim lines; a syslog file that turns to exim later still has its bounces (`**`)
 * and extra deliveries (`->`) counted, not its `==` and `=>` lines. */
const SNIFF_BYTES = 64 * 1024;

/** A byte search without Buffer: the first byte by the typed array's own indexOf, then the rest. */
export const findBytes: ByteFind = (haystack, needle, from) => {
  const head = needle[0] ?? 0;
  let i = haystack.indexOf(head, from);
  while (i !== -1) {
    let k = 1;
    while (k < needle.length && haystack[i + k] === needle[k]) k += 1;
    if (k === needle.length) return i;
    i = haystack.indexOf(head, i + 1);
  }
  return -1;
};

/** A group while the log streams: the latest raw reply, explained once at the end. */
interface GroupState {
  status: LogGroup['status'];
  domain: string | null;
  code: string | null;
  count: number;
  recipientsCapped: boolean;
  example: string;
  first: number | null;
  last: number | null;
  relay: string | null;
  text: string;
  seen: Set<string>;
}

/** Raw reply characters kept per group until it is explained (the explained text is capped
 * at LOG_LIMITS.textChars; a multi-line reply repeats its code on every line). */
const RAW_TEXT_CHARS = 4 * LOG_LIMITS.textChars;

/** A group as reported: the latest reply parsed (parse-bounce.ts), its code explained. */
function describeGroup(g: GroupState, sentToDomain: number): LogGroup {
  const reply = g.text.length === 0 ? null : parseBounce(g.text);
  const replied = reply !== null && reply.replyCode !== null;
  const said = replied ? reply.text : g.text;
  const host = reply?.host ?? g.relay;
  const explained = explainStatus(g.code, { relay: host, text: g.text });
  return {
    status: g.status,
    domain: g.domain,
    code: g.code,
    replyCode: replied ? reply.replyCode : null,
    count: g.count,
    recipients: g.seen.size,
    recipientsCapped: g.recipientsCapped,
    example: g.example,
    first: g.first,
    last: g.last,
    host,
    text: said.length > LOG_LIMITS.textChars ? `${said.slice(0, LOG_LIMITS.textChars)}…` : said,
    meaning: explained?.meaning ?? null,
    fix: explained?.fix ?? null,
    source: explained?.source ?? null,
    spfDomain: reply?.spfDomain ?? null,
    clientIp: reply?.clientIp ?? null,
    sentToDomain,
  };
}

export function createLogSummarizer(options: LogSummaryOptions = {}): LogSummarizer {
  const find = options.find ?? findBytes;
  const since = options.since ?? null;
  const decoder = new TextDecoder('utf-8');
  const groups = new Map<string, GroupState>();
  const sentByDomain = new Map<string, number>();
  const summary: Omit<LogSummary, 'groups'> = {
    sources: [],
    bytes: 0,
    counts: { sent: 0, bounced: 0, deferred: 0, expired: 0 },
    first: null,
    last: null,
    ungrouped: 0,
    untimed: 0,
    beforeSince: 0,
    overlongLines: 0,
    mtas: { postfix: 0, exim: 0 },
    since,
  };
  let reference = 0;
  let current: LogSummary['sources'][number] | null = null;
  /** The line begun in an earlier chunk, up to LOG_LIMITS.lineBytes. */
  let carry: Uint8Array[] = [];
  let carryBytes = 0;
  let carryOverlong = false;

  const text = (bytes: Uint8Array, start: number, end: number): string => {
    let e = end;
    if (e > start && bytes[e - 1] === 0x0d) e -= 1;
    return decoder.decode(bytes.subarray(start, e));
  };

  const record = (entry: LogDelivery, kind: 'postfix' | 'exim'): void => {
    if (entry.mta !== kind) return;
    const stamp = entry.stamp;
    const time = stamp === null ? null : toEpochMs(stamp, reference);
    if (time === null) {
      if (since !== null || entry.status !== 'sent') summary.untimed += 1;
    } else if (since !== null && time < since) {
      summary.beforeSince += 1;
      return;
    }
    if (current !== null && current.stamp === null)
      current.stamp = stamp === null ? 'none' : stamp.kind;
    summary.mtas[entry.mta] += 1;
    summary.counts[entry.status] += 1;
    widen(time);
    if (entry.status === 'sent') {
      countSent(entry.domain);
      return;
    }
    if (entry.status === 'expired') return;
    addToGroup(entry, entry.status, time);
  };

  const widen = (time: number | null): void => {
    if (time === null) return;
    if (summary.first === null || time < summary.first) summary.first = time;
    if (summary.last === null || time > summary.last) summary.last = time;
  };

  const countSent = (domain: string | null): void => {
    if (domain === null) return;
    const n = sentByDomain.get(domain);
    if (n !== undefined) sentByDomain.set(domain, n + 1);
    else if (sentByDomain.size < LOG_LIMITS.sentDomains) sentByDomain.set(domain, 1);
  };

  /** Raw recipient domains as logged → their lowercase ASCII form (domainOf), remembered: a
   * server sends to the same few domains all day. */
  const domains = new Map<string, string | null>();
  const normalDomain = (raw: string): string | null => {
    let d = domains.get(raw);
    if (d === undefined) {
      d = domainOf(raw);
      if (domains.size < LOG_LIMITS.sentDomains) domains.set(raw, d);
    }
    return d;
  };

  /** The time of the line at `start`, read from its first bytes; null without a timestamp. */
  const timeAt = (
    bytes: Uint8Array,
    start: number,
    end: number,
  ): { time: number | null; kind: LogStamp['kind'] | 'none' } => {
    const head = text(bytes, start, Math.min(end, start + STAMP_BYTES));
    const read = readLogStamp(head, 0);
    return read === null
      ? { time: null, kind: 'none' }
      : { time: toEpochMs(read.stamp, reference), kind: read.stamp.kind };
  };

  /**
   * The common case, a postfix `status=sent` line, read from its bytes without decoding the
   * line: `…QUEUEID: to=<local@domain>, …, status=sent …`. Returns false when the line is not
   * plainly that shape (a quoted local part, 8-bit bytes, no queue id), and the full parser
   * reads it instead — so both give the same answer (test/log-summary.test.ts).
   */
  const fastSent = (bytes: Uint8Array, start: number, hit: number, lineEnd: number): boolean => {
    // `status=sent` followed by a space or the line's end.
    const after = bytes[hit + 11];
    if (
      bytes[hit + 7] !== 0x73 ||
      bytes[hit + 8] !== 0x65 ||
      bytes[hit + 9] !== 0x6e ||
      bytes[hit + 10] !== 0x74 ||
      (hit + 11 < lineEnd && after !== 0x20 && after !== 0x0d)
    ) {
      return false;
    }
    if (bytes[hit - 1] !== 0x20 || bytes[hit - 2] !== 0x2c) return false;
    // The recipient's `<`: the last one before status= (`orig_to=<…>` comes after `to=<…>`:
    // then the one before it), checked to be `: to=<` after a queue id.
    let lt = hit - 1;
    while (lt > start && bytes[lt] !== 0x3c) lt -= 1;
    if (bytes[lt - 4] === 0x5f) {
      lt -= 1;
      while (lt > start && bytes[lt] !== 0x3c) lt -= 1;
    }
    countWork(hit - lt);
    const to = lt - 5;
    if (
      to < start + 5 ||
      bytes[to] !== 0x3a ||
      bytes[to + 1] !== 0x20 ||
      bytes[to + 2] !== 0x74 ||
      bytes[to + 3] !== 0x6f ||
      bytes[to + 4] !== 0x3d
    ) {
      return false;
    }
    for (let k = to - 5; k < to; k += 1) if (!isAlnumByte(bytes[k] ?? 0)) return false;
    let at = -1;
    let close = -1;
    for (let i = to + 6; i < hit; i += 1) {
      const c = bytes[i] ?? 0;
      if (c === 0x3e) {
        close = i;
        break;
      }
      if (c === 0x22 || c >= 0x80 || c < 0x20) return false;
      if (c === 0x40) at = i;
    }
    countWork(close - to);
    if (close === -1 || bytes[close + 1] !== 0x2c) return false;
    if (since !== null || current?.stamp === null) {
      const read = timeAt(bytes, start, lineEnd);
      const time = read.time;
      if (current !== null && current.stamp === null) current.stamp = read.kind;
      if (since !== null) {
        if (time === null) summary.untimed += 1;
        else if (time < since) {
          summary.beforeSince += 1;
          return true;
        }
      }
      widen(time);
    }
    summary.mtas.postfix += 1;
    summary.counts.sent += 1;
    let raw = '';
    for (let i = at + 1; i < close; i += 1) raw += String.fromCharCode(bytes[i] ?? 0);
    countSent(at === -1 ? null : normalDomain(raw));
    lastSent = start;
    return true;
  };
  /** The start of the last fast-path line of the current region: its time closes the range. */
  let lastSent = -1;

  const addToGroup = (
    entry: LogDelivery,
    status: 'bounced' | 'deferred',
    time: number | null,
  ): void => {
    // postfix logs the code (dsn=); exim's is read from the reply.
    const code =
      entry.dsn ??
      (entry.text.length === 0 ? null : (parseBounce(entry.text)?.enhancedCode ?? null));
    const key = `${status} ${entry.domain ?? ''} ${code ?? ''}`;
    let group = groups.get(key);
    if (group === undefined) {
      if (groups.size >= LOG_LIMITS.groups) {
        summary.ungrouped += 1;
        return;
      }
      group = {
        status,
        domain: entry.domain,
        code,
        count: 0,
        recipientsCapped: false,
        example: entry.recipient,
        first: null,
        last: null,
        relay: null,
        text: '',
        seen: new Set(),
      };
      groups.set(key, group);
    }
    group.count += 1;
    const recipient = entry.recipient.toLowerCase();
    if (!group.seen.has(recipient)) {
      if (group.seen.size < LOG_LIMITS.recipientsPerGroup) group.seen.add(recipient);
      else group.recipientsCapped = true;
    }
    if (time !== null) {
      if (group.first === null || time < group.first) group.first = time;
      const latest = group.last === null || time >= group.last;
      if (latest) group.last = time;
      if (!latest) return;
    }
    // The latest attempt's reply describes the group (read once, in summary()): later replies
    // reflect the latest DNS and configuration.
    group.relay = entry.relay;
    group.text =
      entry.text.length > RAW_TEXT_CHARS ? entry.text.slice(0, RAW_TEXT_CHARS) : entry.text;
  };

  /** A line given as its own bytes (a line that crossed chunks): read as `region` would. */
  const lineAlone = (bytes: Uint8Array): void => {
    countWork(bytes.length * (1 + EXIM_MARKERS.length));
    const markers = [
      POSTFIX_MARKER,
      ...RARE_EXIM_MARKERS,
      ...(eximKnown ? COMMON_EXIM_MARKERS : []),
    ];
    if (!markers.some((m) => find(bytes, m, 0) !== -1)) return;
    const entry = parseLogLine(text(bytes, 0, bytes.length));
    if (entry === null) return;
    if (entry.mta === 'exim' && !markers.some((m) => flagMatches(entry, m))) return;
    record(entry, entry.mta);
  };

  /** Starts of the over-long lines of the current region, so each is counted once whatever
   * number of markers it holds. */
  const overlongSeen = new Set<number>();
  /** The current input's first SNIFF_BYTES hold an exim line: search all of exim's flags. */
  let eximKnown = false;
  /** The current input's first bytes, held until SNIFF_BYTES have come (or the input ends). */
  let sniff: Uint8Array[] | null = null;
  let sniffBytes = 0;

  /** Decides `eximKnown` from the held bytes, then reads them. */
  const endSniff = (): void => {
    const held = sniff ?? [];
    sniff = null;
    const bytes = concat(held, sniffBytes);
    let start = 0;
    while (start < bytes.length && start < SNIFF_BYTES && !eximKnown) {
      let lineEnd = bytes.indexOf(LF, start);
      if (lineEnd === -1) lineEnd = bytes.length;
      countWork(Math.min(lineEnd, start + 512) - start);
      eximKnown = isEximLine(text(bytes, start, Math.min(lineEnd, start + 512)));
      start = lineEnd + 1;
    }
    if (bytes.length > 0) read(bytes);
  };

  /** The complete lines of `bytes[0, end)` (`end` is just past an LF). */
  const region = (bytes: Uint8Array, end: number): void => {
    overlongSeen.clear();
    lastSent = -1;
    scan(bytes, end, POSTFIX_MARKER, 'postfix');
    if (lastSent !== -1 && since === null) {
      let lineEnd = bytes.indexOf(LF, lastSent);
      if (lineEnd === -1 || lineEnd > end) lineEnd = end;
      widen(timeAt(bytes, lastSent, lineEnd).time);
    }
    for (const marker of RARE_EXIM_MARKERS) scan(bytes, end, marker, 'exim');
    if (eximKnown) for (const marker of COMMON_EXIM_MARKERS) scan(bytes, end, marker, 'exim');
  };

  /** A chunk of the current input after the sniff: whole lines in place, the rest kept. */
  const read = (chunk: Uint8Array): void => {
    let offset = 0;
    if (carryBytes > 0 || carryOverlong) {
      const nl = chunk.indexOf(LF);
      countWork(nl === -1 ? chunk.length : nl);
      const head = nl === -1 ? chunk : chunk.subarray(0, nl);
      keep(head);
      if (nl === -1) return;
      flushCarry();
      offset = nl + 1;
    }
    const last = chunk.lastIndexOf(LF);
    countWork(chunk.length - Math.max(last, offset));
    if (last >= offset) {
      region(offset === 0 ? chunk : chunk.subarray(offset), last + 1 - offset);
      offset = last + 1;
    }
    if (offset < chunk.length) keep(chunk.subarray(offset));
  };

  const scan = (
    bytes: Uint8Array,
    end: number,
    marker: Uint8Array,
    kind: 'postfix' | 'exim',
  ): void => {
    let from = 0;
    while (from < end) {
      const hit = find(bytes, marker, from);
      if (hit === -1 || hit >= end) {
        countWork(end - from);
        return;
      }
      const start = hit === 0 ? 0 : bytes.lastIndexOf(LF, hit - 1) + 1;
      let lineEnd = bytes.indexOf(LF, hit);
      if (lineEnd === -1 || lineEnd > end) lineEnd = end;
      countWork(lineEnd - from);
      if (start >= from) {
        const long = lineEnd - start > LOG_LIMITS.lineBytes;
        if (long && !overlongSeen.has(start)) {
          overlongSeen.add(start);
          summary.overlongLines += 1;
        }
        if (kind === 'postfix' && !long && fastSent(bytes, start, hit, lineEnd)) {
          from = lineEnd + 1;
          continue;
        }
        const entry = parseLogLine(
          text(bytes, start, long ? start + LOG_LIMITS.lineBytes : lineEnd),
        );
        if (entry !== null && (kind === 'postfix' || flagMatches(entry, marker))) {
          record(entry, kind);
        }
      }
      from = lineEnd + 1;
    }
  };

  return {
    begin(source) {
      // An input not ended yet ends here, read with its own reference time.
      if (sniff !== null || carryBytes > 0 || carryOverlong) this.end();
      reference = source.referenceMs;
      eximKnown = false;
      sniff = [];
      sniffBytes = 0;
      current = { name: source.name, bytes: 0, stamp: null };
      summary.sources.push(current);
    },
    push(chunk) {
      if (current === null) this.begin({ name: 'input', referenceMs: Date.now() });
      summary.bytes += chunk.length;
      if (current !== null) current.bytes += chunk.length;
      if (sniff === null) {
        read(chunk);
        return;
      }
      // A copy: the caller may reuse the chunk's memory.
      sniff.push(chunk.slice());
      sniffBytes += chunk.length;
      if (sniffBytes >= SNIFF_BYTES) endSniff();
    },
    end() {
      if (sniff !== null) endSniff();
      if (carryBytes > 0 || carryOverlong) flushCarry();
      current = null;
    },
    summary() {
      const sorted = [...groups.values()]
        .map((g) => describeGroup(g, g.domain === null ? 0 : (sentByDomain.get(g.domain) ?? 0)))
        .sort(
          (a, b) =>
            (a.status === b.status ? 0 : a.status === 'bounced' ? -1 : 1) ||
            b.count - a.count ||
            (a.domain === null ? 1 : 0) - (b.domain === null ? 1 : 0) ||
            (a.domain ?? '').localeCompare(b.domain ?? '') ||
            (a.code ?? '').localeCompare(b.code ?? ''),
        );
      return {
        ...summary,
        sources: summary.sources.map((s) => ({ ...s })),
        counts: { ...summary.counts },
        mtas: { ...summary.mtas },
        groups: sorted,
      };
    },
  };

  /** Keeps part of a line that continues in the next chunk, up to the line limit. A copy: the
   * caller may reuse the chunk's memory. */
  function keep(part: Uint8Array): void {
    const room = LOG_LIMITS.lineBytes - carryBytes;
    if (part.length > room) carryOverlong = true;
    const kept = part.length > room ? part.subarray(0, Math.max(0, room)) : part;
    if (kept.length > 0) {
      carry.push(kept.slice());
      carryBytes += kept.length;
    }
  }

  function flushCarry(): void {
    const line = concat(carry, carryBytes);
    if (carryOverlong) summary.overlongLines += 1;
    carry = [];
    carryBytes = 0;
    carryOverlong = false;
    lineAlone(line);
  }
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let o = 0;
  for (const part of parts) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}

/** An exim line counts under the marker of its own flag only, so a `==` in the text of a `**`
 * line doesn't count it twice. */
function flagMatches(entry: LogDelivery, marker: Uint8Array): boolean {
  return entry.flag === String.fromCharCode(marker[0] ?? 0, marker[1] ?? 0);
}
