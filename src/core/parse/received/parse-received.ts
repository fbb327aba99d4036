// Over 300 lines: one field's grammar, read from its right end; the by-, from- and comment readers
// share the token list and its bounds.
import { parseDate } from '../parse-date.ts';
import { splitWords } from '../split-words.ts';
import { countWork } from '../../work-meter.ts';
import { equalsLower, startsWithLower } from '../starts-with-lower.ts';
import { nameBeforeLiteral, readAddress } from './read-address.ts';
import { readTls } from './read-tls.ts';
import { readTokensFromRight, type Token } from './read-tokens-from-right.ts';

/** One Received field, as written (before the hop list is put in time order). */
export interface ReceivedHop {
  /** What the sending host said in HELO/EHLO (its spaces kept), or the from-domain as written. */
  helo: string | null;
  /** The reverse-DNS name the receiving server recorded, when it wrote one. */
  rdns: string | null;
  /** The connecting address the receiving server recorded (never from HELO text). */
  ip: string | null;
  by: string | null;
  with: string | null;
  id: string | null;
  for: string | null;
  tls: string | null;
  /** Milliseconds since the epoch. */
  date: number | null;
  /** The field has a from-clause: the receiving server recorded a peer it accepted the message
   * from. `Received: by host ...` alone (Gmail's internal hops, a local pickup) has none. */
  hasFrom: boolean;
  /** Every address written anywhere in the from-clause, HELO text included. The sender can add
   * addresses there but cannot remove the one the receiver recorded. */
  addresses: string[];
  /** The from-clause has a TCP-info part (a comment or an address literal after the name) where
   * the receiver records the connection, even if no address could be read from it (a pasted
   * `([x.x.x.x])` placeholder). */
  tcpInfo: boolean;
}

/**
 * RFC 5321 §4.4 Time-stamp-line / RFC 5322 §3.6.7 `received`: clauses `from`, `by`, `via`,
 * `with`, `id`, `for`, then `;` and the date. The by-clause is the last top-level `by` (read from
 * the right, see read-tokens-from-right.ts): everything before it is the from-clause, whatever
 * words the HELO name holds. The connecting address is the rightmost one the receiver wrote in
 * the from-clause, in every form seen in the wild:
 *   postfix   `from mail.example.org (mail.example.org [198.51.100.3]) (using TLSv1.3 ...)`
 *             `from vps-4471 by hoster.example (unknown [203.0.113.66])`  a HELO with spaces
 *   Gmail     `from mail.example.com (mail.example.com. [203.0.113.5])`  (trailing dot)
 *   Microsoft `from mail.example.com (203.0.113.5) by X.protection.outlook.com (10.13.182.9)`
 *   Exim      `from mail.example.org ([198.51.100.3] helo=mx.example.org)`, and without rDNS
 *             `from [198.51.100.3] (port=51234 helo=[192.168.1.20])`  the literal is the peer
 *   qmail     `from unknown (HELO mail.example.org) (198.51.100.3)`
 *   Yahoo     `from 198.51.100.3 (EHLO mail.example.org)`  the IP is the from-domain
 *   smap      `from host(198.51.100.3, HELO name)`; older MTAs `from host [198.51.100.3]`,
 *             `from unknown[198.51.100.3]`, `(<unknown.domain>[198.51.100.3])`,
 *             `ident@[198.51.100.3]`, `(198.51.100.3:23198)`, `[198.51.100.3:33672]`
 *   sendmail  `(from user@localhost)` (a local submission: no peer)
 *   SendGrid  no `;` before the date; a field that is only a date.
 * Not handled: `via` beyond keeping it out of the other values.
 *
 * Longer than most files: one field's grammar (from, by, via, with, id, for and the date, read
 * from the right), whose clauses share the token list.
 */
export function parseReceived(value: string): ReceivedHop {
  const hop: ReceivedHop = {
    helo: null,
    rdns: null,
    ip: null,
    by: null,
    with: null,
    id: null,
    for: null,
    tls: null,
    date: null,
    hasFrom: false,
    addresses: [],
    tcpInfo: false,
  };
  const separator = dateSeparator(value);
  const dateStart = separator === -1 ? bareDateStart(value) : separator + 1;
  const clausesEnd = separator !== -1 ? separator : dateStart === -1 ? value.length : dateStart;
  if (dateStart !== -1) hop.date = parseDate(value, dateStart);

  const tokens = readTokensFromRight(value, 0, clausesEnd, MAX_TOKENS);
  let byAt = -1;
  for (let i = tokens.length - 1; i >= 0; i -= 1) {
    if (isKeyword(tokens[i] as Token, 'by')) {
      byAt = i;
      break;
    }
  }
  const comments: string[][] = [];
  readFromClause(hop, byAt === -1 ? tokens : tokens.slice(0, byAt), comments);
  const extras = byAt === -1 ? [] : readByClauses(hop, tokens, byAt + 1, comments);
  hop.tls = readTls(comments, extras, hop.with);
  return hop;
}

/** Tokens read from the right end of a field: a Received field has a few dozen (Microsoft's
 * longest, with TLS details and `via`, about 20); the rest of a longer one is HELO text. */
const MAX_TOKENS = 64;

/** Characters of a from-clause comment read: postfix's TLS comment, the longest, is under 200. */
const MAX_COMMENT = 1000;

/** Longest HELO name kept: RFC 5321 §4.5.3.1.2 caps a domain at 255 octets. */
const MAX_HELO = 255;

/** The `;` before the date: the last one outside comments, read from the right so that a
 * parenthesis in the HELO text can't hide it. -1 when there is none. */
function dateSeparator(value: string): number {
  let depth = 0;
  for (let i = value.length - 1; i >= 0; i -= 1) {
    const c = value.charCodeAt(i);
    if (c === 0x29) depth += 1;
    else if (c === 0x28) {
      if (depth > 0) depth -= 1;
    } else if (c === 0x3b && depth === 0) {
      countWork(value.length - i);
      return i;
    }
  }
  countWork(value.length);
  return -1;
}

/**
 * Where a date written without the `;` starts (SendGrid):
 *   `by filterdrecv-7bf5c69d5-ljx2h with SMTP id x-1-65F99B93-2D 2024-03-19 14:05:06.41 +0000 UTC`
 *   `by geopod-ismtpd-7 (SG) with HTTP id 3kLmNoPqRsTuVwXyZaBcDe Tue, 19 Mar 2024 14:05:06 +0000`
 * and a field that is only a date (`Received: Sun, 22 Apr 2018 02:54:19 +0000`).
 */
function bareDateStart(value: string): number {
  // Seven searches for a weekday and one for an ISO date, each over the field.
  countWork(value.length * (WEEKDAYS.length + 1));
  let weekday = -1;
  for (const day of WEEKDAYS) {
    const at = value.lastIndexOf(`${day}, `);
    if (at === 0 || (at > 0 && isBlank(value.charCodeAt(at - 1)))) weekday = Math.max(weekday, at);
  }
  if (weekday !== -1) return weekday;
  const iso = isoDateStart(value);
  if (iso !== -1) return iso;
  return parseDate(value) !== null ? 0 : -1;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function isoDateStart(value: string): number {
  for (let i = value.indexOf('-'); i !== -1; i = value.indexOf('-', i + 1)) {
    const start = i - 4;
    if (start < 0 || (start > 0 && !isBlank(value.charCodeAt(start - 1)))) continue;
    const word = value.slice(start, start + 10);
    if (
      /^\d{4}-\d\d-\d\d$/.test(word) &&
      (start + 10 === value.length || isBlank(value.charCodeAt(start + 10)))
    ) {
      return start;
    }
  }
  return -1;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

type Keyword = 'from' | 'by' | 'via' | 'with' | 'id' | 'for';

function isKeyword(t: Token, word: Keyword): boolean {
  return t.kind === 'word' && equalsLower(t.text, word);
}

function keywordOf(t: Token): Keyword | null {
  if (t.kind !== 'word') return null;
  const w = t.text;
  switch (w.length) {
    case 2:
      return equalsLower(w, 'by') ? 'by' : equalsLower(w, 'id') ? 'id' : null;
    case 3:
      return equalsLower(w, 'for') ? 'for' : equalsLower(w, 'via') ? 'via' : null;
    case 4:
      return equalsLower(w, 'from') ? 'from' : equalsLower(w, 'with') ? 'with' : null;
    default:
      return null;
  }
}

/** The receiver's own part after `by`: its name, `with`, `id`, `for`, `via`. Returns the words
 * outside any clause (Exim's `tls CIPHER`). */
function readByClauses(
  hop: ReceivedHop,
  tokens: readonly Token[],
  start: number,
  comments: string[][],
): string[] {
  let keyword: Keyword | 'with-done' = 'by';
  const withWords: string[] = [];
  const extras: string[] = [];
  for (let i = start; i < tokens.length; i += 1) {
    const t = tokens[i] as Token;
    if (t.kind === 'comment') {
      comments.push(splitWords(t.text));
      if (keyword === 'with' && withWords.length > 0) keyword = 'with-done';
      continue;
    }
    const kw = keywordOf(t);
    if (kw !== null && !t.glued) {
      keyword = kw;
      continue;
    }
    switch (keyword) {
      case 'by':
        if (hop.by === null && (t.kind === 'word' || t.kind === 'literal')) {
          hop.by = trimHost(t.text);
        }
        break;
      case 'with':
        withWords.push(t.text);
        break;
      case 'id':
        hop.id ??= t.text;
        break;
      case 'for':
        hop.for ??= t.kind === 'angle' ? t.text.replace(/\s+/g, '') : t.text;
        break;
      case 'via':
        break;
      default:
        extras.push(t.text);
    }
  }
  if (withWords.length > 0) hop.with = withWords.join(' ');
  return extras;
}

/** `mx.example.com.`, `mx.example.com,` → `mx.example.com`. */
function trimHost(s: string): string {
  let end = s.length;
  while (end > 1 && '.,;:'.includes(s.charAt(end - 1))) end -= 1;
  return s.slice(0, end);
}

/** The from-clause: the peer's address and names, and every address written in it. */
function readFromClause(hop: ReceivedHop, tokens: readonly Token[], comments: string[][]): void {
  let first = 0;
  const head = tokens[0];
  let junkHelo: string | null = null;
  if (head !== undefined && isKeyword(head, 'from')) {
    hop.hasFrom = true;
    first = 1;
  } else if (head?.kind === 'junk' && startsWithLower(head.text, 'from')) {
    // The HELO left a parenthesis open: `from x ( (unknown [203.0.113.66]) by ...`.
    hop.hasFrom = true;
    junkHelo = head.text.slice(4).trim() || null;
    first = 1;
  }
  // Each token once: its words (comments), the address each word holds, and what it says.
  const parts: Part[] = [];
  let heloFromComment: string | null = null;
  let eximHelo = false;
  const addresses = new Set<string>();
  for (let i = first; i < tokens.length; i += 1) {
    const token = tokens[i] as Token;
    // Junk is the sender's text; nothing in it is the receiver's record.
    if (token.kind === 'junk') continue;
    if (token.kind !== 'comment') {
      const ip = readAddress(token.text);
      if (ip !== null) addresses.add(ip);
      parts.push({ token, words: null, ips: [ip], heloAt: -1, heloComment: false });
      continue;
    }
    const words = commentWords(token.text);
    comments.push(words);
    const ips: (string | null)[] = [];
    let heloAt = -1;
    for (let j = 0; j < words.length; j += 1) {
      const w = words[j] as string;
      const isHelo = w.length > 5 && startsWithLower(w, 'helo=');
      if (isHelo && heloAt === -1) heloAt = j;
      if (!eximHelo && (isHelo || startsWithLower(w, 'port='))) eximHelo = true;
      const ip = readAddress(isHelo ? w.slice(5) : w);
      ips.push(ip);
      if (ip !== null) addresses.add(ip);
    }
    const heloComment = isHeloComment(words);
    if (heloComment) heloFromComment ??= words[1] ?? null;
    if (heloAt !== -1) heloFromComment ??= (words[heloAt] as string).slice(5);
    // sendmail's local submission `(from user@localhost)`, or `(from host [203.0.113.5])`.
    if (!hop.hasFrom && words[0] !== undefined && equalsLower(words[0], 'from')) {
      if (ips.some((ip) => ip !== null)) hop.hasFrom = true;
    }
    parts.push({ token, words, ips, heloAt, heloComment });
  }
  if (!hop.hasFrom) return;
  hop.addresses = [...addresses];
  hop.tcpInfo = parts.some(
    (p, i) => p.token.kind === 'comment' || (p.token.kind === 'literal' && i > 0),
  );

  // The from-domain is the HELO name (postfix, Gmail, sendmail: `from [192.168.1.10] (...)` is
  // the sender's claim) except where the MTA writes the peer's address there: Yahoo's
  // `from 198.51.100.3 (EHLO name)`, Exim's `from [198.51.100.3] (port=... helo=...)`, and a
  // from-domain with nothing after it (`from 10.217.150.10 by ...`).
  const fromDomainIsPeer = parts.length === 1 || heloFromComment !== null || eximHelo;

  // The rightmost address the receiver wrote: HELO comments and `helo=` values are the sender's.
  let at = -1;
  for (let i = parts.length - 1; i >= 0 && hop.ip === null; i -= 1) {
    const part = parts[i] as Part;
    if (part.words === null) {
      if (i === 0 && !fromDomainIsPeer) continue;
      const ip = part.ips[0] ?? null;
      if (ip !== null) {
        hop.ip = ip;
        at = i;
      }
      continue;
    }
    if (part.heloComment) continue;
    const end = part.heloAt === -1 ? part.words.length : part.heloAt;
    for (let j = 0; j < end; j += 1) {
      const ip = part.ips[j] ?? null;
      if (ip === null) continue;
      hop.ip = ip;
      const w = part.words[j] as string;
      hop.rdns =
        (j > 0 ? hostname(part.words[j - 1] ?? null) : null) ?? hostname(nameBeforeLiteral(w));
      at = i;
      break;
    }
  }

  // What came before the address: the HELO name as the sender gave it (postfix, Gmail,
  // Microsoft), qmail's and Exim's rDNS name, or Yahoo's and Exim's peer address.
  const before = parts.slice(0, at === -1 ? parts.length : at).filter((p) => p.words === null);
  const fromDomain =
    before.length > 0
      ? stripDot(before.map((p) => p.token.text).join(' '))
      : at !== -1 && parts[at]?.words === null
        ? (parts[at]?.token.text ?? null)
        : null;
  if (heloFromComment !== null) {
    hop.helo = heloFromComment;
    if (
      fromDomain !== null &&
      readAddress(fromDomain) === null &&
      !equalsLower(fromDomain, 'unknown')
    ) {
      // Exim and qmail write the rDNS name as the from-domain and the HELO in the comment.
      hop.rdns ??= hostname(fromDomain);
    }
  } else {
    hop.helo = fromDomain ?? junkHelo;
  }
  if (hop.helo !== null && hop.helo.length > MAX_HELO) hop.helo = `${hop.helo.slice(0, MAX_HELO)}…`;
  if (hop.rdns !== null && equalsLower(hop.rdns, 'unknown')) hop.rdns = null;
}

interface Part {
  token: Token;
  /** A comment's words; null for any other token. */
  words: string[] | null;
  /** The address each word (or the token) holds. */
  ips: (string | null)[];
  /** Index of the first `helo=` word: what follows it is the sender's. */
  heloAt: number;
  /** A `(HELO name)` comment. */
  heloComment: boolean;
}

/** `(HELO name)` / `(EHLO name)`: qmail's and Yahoo's record of the HELO. */
function isHeloComment(words: readonly string[]): boolean {
  const first = words[0];
  return (
    first !== undefined &&
    (equalsLower(first, 'helo') || equalsLower(first, 'ehlo')) &&
    words[1] !== undefined
  );
}

/** The words of a comment with quoted strings left out: postfix writes the client
 * certificate's CN (`(Client CN "x 10.0.0.1", ...)`), which the sender chooses. */
function commentWords(text: string): string[] {
  // The receiver's comments (TCP-info, TLS details) have a few words each; a longer comment is
  // HELO text, and its first words are as much as is ever read.
  if (text.length > MAX_COMMENT) text = text.slice(0, MAX_COMMENT);
  if (!text.includes('"')) return splitWords(text);
  let out = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charAt(i);
    if (c === '\\') {
      i += 1;
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (!quoted) out += c;
  }
  return splitWords(out);
}

function stripDot(s: string): string {
  return s.endsWith('.') ? s.slice(0, -1) : s;
}

/** The word as a host name (trailing dot removed), or null when it is not one. */
function hostname(w: string | null): string | null {
  if (w === null) return null;
  const name = stripDot(w.startsWith('<') && w.endsWith('>') ? w.slice(1, -1) : w);
  if (equalsLower(name, 'unknown')) return name;
  return looksLikeHostname(name) ? name : null;
}

/** A DNS name with at least two labels of letters, digits, hyphens (and `_`, seen in rDNS). */
export function looksLikeHostname(s: string): boolean {
  if (s.length < 3 || s.length > 253 || !s.includes('.')) return false;
  let label = 0;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c === 0x2e) {
      if (label === 0) return false;
      label = 0;
    } else {
      label += 1;
      if (label > 63 || !isHostChar(c)) return false;
    }
  }
  return label > 0;
}

function isHostChar(c: number): boolean {
  const lower = c | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f;
}
