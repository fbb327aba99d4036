// Over 300 lines: postfix's and exim's line forms, which share the line-head, queue-id and address
// readers below.
import { domainOf } from '../psl/domain-name.ts';
import { countWork } from '../work-meter.ts';
import { readLogStamp, type LogStamp } from './read-log-stamp.ts';

/**
 * One delivery attempt from a mail log line, as postfix and exim write them:
 *
 * postfix (smtp, lmtp, local, virtual, error; any syslog_name such as `postfix-out`):
 *   `4ABC123: to=<alice@gmail.com>, [orig_to=<…>,] relay=host[ip]:25, delay=1.2,
 *    delays=0.1/0/0.5/0.6, dsn=5.7.26, status=bounced (host … said: 550-5.7.26 …)`
 *   status is `sent`, `bounced`, `deferred`, or `SOFTBOUNCE` (a bounce held back by
 *   soft_bounce=yes: the mail stays queued, so it counts as deferred); and the queue manager's
 *   `4ABC123: from=<…>, status=expired, returned to sender` for a message that gave up.
 * exim (its main log, or the same text through syslog):
 *   `1tXyzA-000123-AB ** alice@gmail.com R=dnslookup T=remote_smtp H=host [ip]: SMTP error
 *    from remote mail server after end of data: 550-5.7.26 …\n550 5.7.26 …` (bounced),
 *   `== …` (deferred), `=> …` and `-> …` (delivered). Exim writes the lines of a multi-line
 *   reply joined by the two characters `\n`.
 * Before that: a classic or RFC 3339 syslog prefix (`Mar  5 12:00:01 vps postfix/smtp[1234]: `),
 * exim's own timestamp, or nothing (`journalctl -o cat`). Fields are read with a tokenizer in
 * order, so text a sender chose (a quoted recipient local part, the remote's reply) can't pose
 * as a field. Not handled: postfix address verification probes (`status=deliverable`,
 * `undeliverable`), exim's `*>` (delivery suppressed by -N), sendmail, qmail and Exchange logs.
 *
 * Longer than most files: the two MTAs' line grammars (postfix and exim) side by side, as one
 * reader picks between them per line.
 */
export interface LogDelivery {
  mta: 'postfix' | 'exim';
  status: 'sent' | 'bounced' | 'deferred' | 'expired';
  stamp: LogStamp | null;
  /** postfix queue id or exim message id. */
  queueId: string;
  /** The recipient as logged (for `expired`: the sender). */
  recipient: string;
  /** The recipient's domain, lowercase ASCII; null for a local name (`root`). */
  domain: string | null;
  /** The enhanced status code postfix logged (`dsn=`); exim logs none (read from the reply). */
  dsn: string | null;
  /** The remote host as logged: postfix `relay=` (without `[ip]:port`), exim `H=`. */
  relay: string | null;
  /** exim's flag (`**`, `==`, `=>`, `->`); null for postfix. */
  flag: string | null;
  /** The reason: postfix's parenthesized text, exim's text after the fields; '' when none. */
  text: string;
}

/** The flags exim writes after the message id, and what each says about the delivery. */
const EXIM_FLAGS = new Map<string, LogDelivery['status']>([
  ['**', 'bounced'],
  ['==', 'deferred'],
  ['=>', 'sent'],
  ['->', 'sent'],
]);

/** A line is read from its first this many characters: fields come first, and the summary keeps
 * at most a few thousand characters of text. */
const MAX_LINE_CHARS = 32 * 1024;

export function parseLogLine(input: string): LogDelivery | null {
  const line = input.length > MAX_LINE_CHARS ? input.slice(0, MAX_LINE_CHARS) : input;
  const head = readLineHead(line);
  if (head === null) return null;
  const { id, stamp } = head;
  if (id.exim) return readExim(line, id.end, id.id, stamp);
  return readPostfix(line, id.end, id.id, stamp);
}

/** The line is exim's (any line of its main log: arrivals, deliveries, `Completed`). */
export function isEximLine(line: string): boolean {
  return readLineHead(line.length > 512 ? line.slice(0, 512) : line)?.id.exim === true;
}

/** The timestamp, syslog host and program, and the queue or message id a line starts with. */
function readLineHead(
  line: string,
): { stamp: LogStamp | null; id: { id: string; end: number; exim: boolean } } | null {
  countWork(1);
  let i = 0;
  let stamp: LogStamp | null = null;
  const first = readLogStamp(line, 0);
  if (first !== null) {
    stamp = first.stamp;
    i = first.end;
    if (stamp.kind !== 'exim') {
      // `host program[pid]: ` after a syslog stamp.
      const body = skipHostAndProgram(line, i);
      if (body === null) return null;
      i = body;
      // exim through syslog keeps its own stamp unless syslog_timestamp is off.
      const own = readLogStamp(line, i);
      if (own !== null && own.stamp.kind === 'exim') {
        stamp = own.stamp;
        i = own.end;
      }
    }
  }
  // Optional `[pid] ` (exim's +pid selector).
  if (line.charCodeAt(i) === 0x5b) {
    const close = line.indexOf('] ', i);
    if (close !== -1 && close - i <= 12) i = close + 2;
  }
  const id = readQueueId(line, i);
  return id === null ? null : { stamp, id };
}

/** `vps postfix/smtp[1234]: ` → the index after it, or null when it is not that shape. */
function skipHostAndProgram(line: string, start: number): number | null {
  const hostEnd = line.indexOf(' ', start);
  if (hostEnd <= start || hostEnd - start > 255) return null;
  const colon = line.indexOf(': ', hostEnd + 1);
  if (colon === -1 || colon - hostEnd > 128) return null;
  countWork(colon - start);
  return colon + 2;
}

/**
 * postfix: a short queue id (hex, `4ABC123F0`) or a long one (enable_long_queue_ids,
 * `4XtZ9C1Qv2z9sRb`), then `: `. exim: `1tXyzA-000123-AB` (4.96 and older: 6-6-2 base 62) or
 * `1tXyzA-0000000123-ABCD` (4.97 and later: 6-11-4), then a space.
 */
function readQueueId(
  line: string,
  start: number,
): { id: string; end: number; exim: boolean } | null {
  let i = start;
  while (i < line.length && i - start <= 24 && isAlnum(line.charCodeAt(i))) i += 1;
  const first = i - start;
  if (line.charCodeAt(i) === 0x3a && line.charCodeAt(i + 1) === 0x20) {
    return first >= 5 ? { id: line.slice(start, i), end: i + 2, exim: false } : null;
  }
  if (first !== 6 || line.charCodeAt(i) !== 0x2d) return null;
  let j = i + 1;
  while (j < line.length && j - i - 1 <= 11 && isAlnum(line.charCodeAt(j))) j += 1;
  const second = j - i - 1;
  if (second < 6 || second > 11 || line.charCodeAt(j) !== 0x2d) return null;
  let k = j + 1;
  while (k < line.length && k - j - 1 <= 4 && isAlnum(line.charCodeAt(k))) k += 1;
  const third = k - j - 1;
  if (third < 2 || third > 4 || line.charCodeAt(k) !== 0x20) return null;
  return { id: line.slice(start, k), end: k + 1, exim: true };
}

function readPostfix(
  line: string,
  start: number,
  queueId: string,
  stamp: LogStamp | null,
): LogDelivery | null {
  const isTo = line.startsWith('to=<', start);
  if (!isTo && !line.startsWith('from=<', start)) return null;
  const first = readAddress(line, start + (isTo ? 4 : 6));
  if (first === null) return null;
  let i = first.end;
  let dsn: string | null = null;
  let relay: string | null = null;
  // `, name=value` fields up to status=, whose value is the rest of the line.
  while (line.charCodeAt(i) === 0x2c && line.charCodeAt(i + 1) === 0x20) {
    i += 2;
    const eq = line.indexOf('=', i);
    if (eq === -1 || eq - i > 32) return null;
    const name = line.slice(i, eq);
    countWork(eq - i + 1);
    if (name === 'status')
      return postfixStatus(line, eq + 1, isTo, {
        queueId,
        stamp,
        recipient: first.address,
        dsn,
        relay,
      });
    if (line.charCodeAt(eq + 1) === 0x3c) {
      const address = readAddress(line, eq + 2);
      if (address === null) return null;
      i = address.end;
      continue;
    }
    let end = line.indexOf(', ', eq + 1);
    if (end === -1) end = line.length;
    countWork(end - eq);
    const value = line.slice(eq + 1, end);
    if (name === 'dsn') dsn = isEnhancedCode(value) ? value : null;
    else if (name === 'relay') relay = relayHost(value);
    i = end;
  }
  return null;
}

function postfixStatus(
  line: string,
  start: number,
  isTo: boolean,
  fields: {
    queueId: string;
    stamp: LogStamp | null;
    recipient: string;
    dsn: string | null;
    relay: string | null;
  },
): LogDelivery | null {
  let end = start;
  while (end < line.length && end - start < 16 && isAlnum(line.charCodeAt(end))) end += 1;
  const word = line.slice(start, end);
  countWork(end - start);
  const status =
    !isTo && word === 'expired'
      ? 'expired'
      : !isTo
        ? null
        : word === 'sent'
          ? 'sent'
          : word === 'bounced'
            ? 'bounced'
            : word === 'deferred' || word === 'SOFTBOUNCE'
              ? 'deferred'
              : null;
  if (status === null) return null;
  // The text is in parentheses and may hold parentheses itself:
  // `(host x said: 550 … (in reply to end of DATA command))`.
  let text = '';
  if (line.charCodeAt(end) === 0x20 && line.charCodeAt(end + 1) === 0x28) {
    const close = line.lastIndexOf(')');
    text = close > end + 1 ? line.slice(end + 2, close) : line.slice(end + 2);
    countWork(text.length);
  } else if (status === 'expired') {
    text = line.slice(end).replace(/^,\s*/, '');
  }
  return {
    mta: 'postfix',
    status,
    flag: null,
    stamp: fields.stamp,
    queueId: fields.queueId,
    recipient: fields.recipient,
    domain: domainOf(fields.recipient),
    dsn: fields.dsn,
    relay: fields.relay,
    text,
  };
}

/** `<address>` from after the `<`: a quoted local part may hold `>` and `, `. */
function readAddress(line: string, start: number): { address: string; end: number } | null {
  let i = start;
  if (line.charCodeAt(i) === 0x22) {
    i += 1;
    while (i < line.length && line.charCodeAt(i) !== 0x22) i += line.charCodeAt(i) === 0x5c ? 2 : 1;
    i += 1;
  }
  const close = line.indexOf('>', i);
  if (close === -1) return null;
  countWork(close - start + 1);
  return { address: line.slice(start, close), end: close + 1 };
}

/** `gmail-smtp-in.l.google.com[142.250.102.27]:25` → the host; `none`, `local` → null. */
function relayHost(value: string): string | null {
  const bracket = value.indexOf('[');
  const host = bracket === -1 ? value : value.slice(0, bracket);
  return host.length === 0 || host === 'none' || host === 'local' ? null : host;
}

function readExim(
  line: string,
  start: number,
  queueId: string,
  stamp: LogStamp | null,
): LogDelivery | null {
  const status = EXIM_FLAGS.get(line.slice(start, start + 2));
  if (status === undefined || line.charCodeAt(start + 2) !== 0x20) return null;
  let i = start + 3;
  // The address, ended by a space or by `:` (`** bob@example.org: Unrouteable address`).
  let end = i;
  while (end < line.length && line.charCodeAt(end) !== 0x20) end += 1;
  let address = line.slice(i, end);
  if (address.endsWith(':')) {
    address = address.slice(0, -1);
    end -= 1;
  }
  if (address.length === 0) return null;
  countWork(end - i);
  i = end;
  // Fields up to the first `: ` outside double quotes (`DN="…"`), then the text.
  let relay: string | null = null;
  let quoted = false;
  let textStart = -1;
  for (let j = i; j < line.length; j += 1) {
    const c = line.charCodeAt(j);
    if (c === 0x22) quoted = !quoted;
    else if (!quoted && c === 0x3a && (line.charCodeAt(j + 1) === 0x20 || j + 1 === line.length)) {
      textStart = j + 2;
      countWork(j - i);
      break;
    } else if (!quoted && c === 0x20 && line.startsWith('H=', j + 1) && relay === null) {
      let h = j + 3;
      while (h < line.length && line.charCodeAt(h) !== 0x20 && line.charCodeAt(h) !== 0x3a) h += 1;
      relay = line.slice(j + 3, h) || null;
    }
  }
  if (textStart === -1) countWork(line.length - i);
  const text =
    textStart === -1 || status === 'sent' ? '' : line.slice(textStart).split('\\n').join(' ');
  return {
    mta: 'exim',
    status,
    flag: line.slice(start, start + 2),
    stamp,
    queueId,
    recipient: address,
    domain: domainOf(address),
    dsn: null,
    relay,
    text,
  };
}

/** RFC 3463: class "." subject "." detail, 1-3 digits each, class 2, 4 or 5. */
export function isEnhancedCode(s: string): boolean {
  const klass = s.charCodeAt(0);
  if ((klass !== 0x32 && klass !== 0x34 && klass !== 0x35) || s.charCodeAt(1) !== 0x2e)
    return false;
  let parts = 1;
  let run = 0;
  for (let i = 2; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c === 0x2e) {
      if (run === 0 || parts === 2) return false;
      parts += 1;
      run = 0;
    } else if (c >= 0x30 && c <= 0x39 && run < 3) run += 1;
    else return false;
  }
  return parts === 2 && run > 0;
}

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
}
