import { toAsciiDomain } from '../psl/domain-name.ts';
import { GMAIL_CODES } from '../findings/gmail-codes.ts';
import { parseIp } from './parse-ip.ts';
import { LIMITS } from '../limits.ts';
import type { Bounce } from '../report.ts';
import { countWork } from '../work-meter.ts';

/**
 * An SMTP reply as it appears in a bounce, a log line or a pasted error (RFC 5321 §4.2 reply
 * lines, RFC 3463 enhanced codes):
 *   `550-5.7.26 This mail has been blocked ...` / `550 5.7.26 ... - gsmtp` (multi-line reply)
 *   postfix: `status=bounced (host gmail-smtp-in.l.google.com[142.250.102.27] said: 550-5.7.26 ...)`
 *   DSN:     `Remote-MTA: dns; gmail-smtp-in.l.google.com`, `Diagnostic-Code: smtp; 550-5.7.26 ...`
 * The first reply line with a 4xx/5xx code wins; continuation lines of the same reply are joined.
 * Returns null when the text holds no reply code.
 */
export function parseBounce(text: string): Bounce | null {
  const input = text.length > LIMITS.bounceBodyChars ? text.slice(0, LIMITS.bounceBodyChars) : text;
  const lines = input.split('\n');
  let replyCode: number | null = null;
  let enhancedCode: string | null = null;
  const parts: string[] = [];
  let host: string | null = null;
  for (const rawLine of lines) {
    const line = rawLine.trim();
    host ??= hostOf(line);
    const found = findReply(line);
    if (found === null) continue;
    if (replyCode === null) {
      replyCode = found.reply;
      enhancedCode = found.enhanced;
    } else if (found.reply !== replyCode) {
      continue;
    }
    parts.push(found.rest);
    if (found.last && parts.length > 0) break;
  }
  if (replyCode === null && enhancedCode === null) return null;
  const info = enhancedCode === null ? undefined : GMAIL_CODES.get(enhancedCode);
  const prefixes =
    enhancedCode === null ? [] : [`${replyCode}-${enhancedCode}`, `${replyCode} ${enhancedCode}`];
  const joined = prefixes
    .reduce((t, p) => t.split(p).join(' '), parts.join(' '))
    .replace(/\s+/g, ' ')
    .trim();
  return {
    replyCode,
    enhancedCode,
    host,
    text:
      joined.length > LIMITS.bounceTextChars
        ? `${joined.slice(0, LIMITS.bounceTextChars)}…`
        : joined,
    meaning: info?.meaning ?? null,
    fix: info?.fix ?? null,
    ...spfFacts(joined),
  };
}

/** Gmail's 5.7.26 text names what it checked: `SPF [example.com] with ip: [203.0.113.5] = did not pass`. */
function spfFacts(text: string): { spfDomain: string | null; clientIp: string | null } {
  const at = text.indexOf('SPF [');
  if (at === -1) return { spfDomain: null, clientIp: null };
  const domainEnd = text.indexOf(']', at + 5);
  const ipStart = text.indexOf('with ip: [', at);
  const ipEnd = ipStart === -1 ? -1 : text.indexOf(']', ipStart + 10);
  return {
    spfDomain: domainEnd === -1 ? null : toAsciiDomain(text.slice(at + 5, domainEnd)),
    clientIp: ipEnd === -1 ? null : parseIp(text.slice(ipStart + 10, ipEnd)),
  };
}

interface ReplyLine {
  reply: number;
  enhanced: string | null;
  rest: string;
  /** `550 ` (space) ends a multi-line reply; `550-` continues it. */
  last: boolean;
}

/** Finds `ddd[ -]x.y.z` anywhere in the line (after `said:`, `Diagnostic-Code: smtp;`...). */
function findReply(line: string): ReplyLine | null {
  countWork(line.length + 1);
  for (let i = 0; i + 3 <= line.length; i += 1) {
    const c = line.charCodeAt(i);
    if (c !== 0x34 && c !== 0x35) continue;
    if (i > 0 && isAlnum(line.charCodeAt(i - 1))) continue;
    if (!isDigit(line.charCodeAt(i + 1)) || !isDigit(line.charCodeAt(i + 2))) continue;
    const sep = line.charAt(i + 3);
    if (sep !== ' ' && sep !== '-' && sep !== '') continue;
    const reply = Number(line.slice(i, i + 3));
    const after = line.slice(i + 4);
    const enhanced = enhancedAt(after);
    if (enhanced === null && sep === '-') continue;
    if (enhanced !== null && enhanced.charAt(0) !== line.charAt(i)) continue;
    const rest = enhanced === null ? after : after.slice(enhanced.length);
    return { reply, enhanced, rest: stripTrailer(rest.trim()), last: sep !== '-' };
  }
  return null;
}

/** RFC 3463: class "." subject "." detail, 1-3 digits each. */
function enhancedAt(s: string): string | null {
  let i = 0;
  const num = (max: number): boolean => {
    const start = i;
    while (i < s.length && i - start < max && isDigit(s.charCodeAt(i))) i += 1;
    return i > start;
  };
  if (!num(1) || s.charAt(i) !== '.') return null;
  i += 1;
  if (!num(3) || s.charAt(i) !== '.') return null;
  i += 1;
  if (!num(3)) return null;
  if (i < s.length && !/[\s),;]/.test(s.charAt(i))) return null;
  return s.slice(0, i);
}

/** postfix appends `(in reply to end of DATA command))` to the quoted reply. */
function stripTrailer(s: string): string {
  const idx = s.indexOf('(in reply to');
  return idx === -1 ? s : s.slice(0, idx).trim();
}

function hostOf(line: string): string | null {
  const lower = line.toLowerCase();
  if (lower.startsWith('remote-mta:')) {
    const v = line.slice(11).trim();
    const semi = v.indexOf(';');
    return (semi === -1 ? v : v.slice(semi + 1)).trim() || null;
  }
  const said = lower.indexOf(' said:');
  const at = lower.lastIndexOf('host ', said === -1 ? lower.length : said);
  if (said !== -1 && at !== -1) {
    const h = line.slice(at + 5, said).trim();
    const bracket = h.indexOf('[');
    return (bracket === -1 ? h : h.slice(0, bracket)) || null;
  }
  const relay = lower.indexOf('relay=');
  if (relay !== -1) {
    const h = line.slice(relay + 6).split(/[[,\s]/)[0] ?? '';
    return h.length > 0 && h !== 'none' ? h : null;
  }
  return null;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAlnum(c: number): boolean {
  return isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c === 0x2e || c === 0x2d;
}
