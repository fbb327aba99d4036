import { parseDate } from './parse-date.ts';
import { parseIp } from './parse-ip.ts';
import { Scanner, stopSet } from './scanner.ts';
import { equalsLower, startsWithLower } from './starts-with-lower.ts';

/** One Received field, as written (before the hop list is put in time order). */
export interface ReceivedHop {
  /** The `from` domain as given: the HELO/EHLO name, or an address literal. */
  helo: string | null;
  /** The reverse-DNS name the receiving server recorded, when it wrote one. */
  rdns: string | null;
  /** The connecting address from the TCP-info comment (never from a HELO literal). */
  ip: string | null;
  by: string | null;
  with: string | null;
  id: string | null;
  for: string | null;
  tls: string | null;
  /** Milliseconds since the epoch. */
  date: number | null;
}

/**
 * RFC 5321 §4.4 Time-stamp-line / RFC 5322 §3.6.7 `received`: clauses `from`, `by`, `via`,
 * `with`, `id`, `for`, then `;` and the date. The TCP-info comment after the `from` domain is
 * read in every form seen in the wild:
 *   postfix   `from mail.example.org (mail.example.org [198.51.100.3])`, `(unknown [IPv6:2001:db8::25])`
 *   Gmail     `from mail.example.com (mail.example.com. [203.0.113.5])`  (trailing dot)
 *   Microsoft `from mail.example.com (203.0.113.5) by X.protection.outlook.com (10.13.182.9)`
 *   Exim      `from mail.example.org ([198.51.100.3] helo=mx.example.org)`, and without rDNS
 *             `from [198.51.100.3] (port=51234 helo=[192.168.1.20])`  the literal is the peer
 *   qmail     `from unknown (HELO mail.example.org) (198.51.100.3)`
 *   Yahoo     `from 198.51.100.3 (EHLO mail.example.org)`  the IP is the from-domain, HELO in a comment
 *   Gmail submission `from [192.168.1.10] (host.example.net. [203.0.113.9])`  the HELO literal is
 *             sender-controlled: the connection's address is the one in the comment.
 * TLS details come from the comments postfix (`using TLSv1.3 with cipher ...`), Gmail/sendmail/
 * Microsoft (`version=TLS1_3 cipher=...`) and Exim (`(TLS1.3) tls CIPHER`) write.
 * Not handled: `via` and free-form text outside comments beyond keeping it out of the values.
 */
export function parseReceived(value: string): ReceivedHop {
  // RFC 5321 puts the date after the last ";" outside comments and quoted strings. In a field
  // without quotes or backslashes the clause tokenizer sees the same semicolons as
  // lastTopLevelSemicolon, so it finds the last one itself and the field is read once.
  if (!value.includes('"') && !value.includes('\\')) {
    const hop = emptyHop();
    const semicolon = readClauses(hop, value, true);
    if (semicolon !== -1) {
      hop.date = parseDate(value, semicolon + 1);
      return hop;
    }
  }
  // SendGrid omits the ";":
  //   `by filterdrecv-7bf5c69d5-ljx2h with SMTP id x-1-65F99B93-2D 2024-03-19 14:05:06.41 +0000 UTC`
  //   `by geopod-ismtpd-7 (SG) with HTTP id 3kLmNoPqRsTuVwXyZaBcDe Tue, 19 Mar 2024 14:05:06.287 +0000`
  const semicolon = lastTopLevelSemicolon(value);
  const dateStart = semicolon === -1 ? bareDateStart(value) : semicolon + 1;
  const clauses =
    dateStart === -1 ? value : value.slice(0, semicolon === -1 ? dateStart : semicolon);
  const hop = emptyHop();
  readClauses(hop, clauses, false);
  hop.date = dateStart === -1 ? null : parseDate(value, dateStart);
  return hop;
}

function emptyHop(): ReceivedHop {
  return {
    helo: null,
    rdns: null,
    ip: null,
    by: null,
    with: null,
    id: null,
    for: null,
    tls: null,
    date: null,
  };
}

/**
 * Reads the clauses into `hop`. With `untilDate`, `text` is the whole field (without quotes or
 * backslashes) and reading stops at its last top-level `;`, whose index is returned; -1 when that
 * can't be told in one pass (a `;` inside a later comment, none at all, or a parenthesis or `;`
 * inside `<...>` or `[...]`, which lastTopLevelSemicolon reads as structure) and `hop` must be
 * discarded. Without `untilDate`, `text` is the clauses alone and the result is -1.
 */
function readClauses(hop: ReceivedHop, text: string, untilDate: boolean): number {
  const s = new Scanner(text);
  let keyword: Keyword | null = null;
  let fromValue: string | null = null;
  // Comments are kept as their words: nothing else of them is read.
  const fromComments: string[][] = [];
  const allComments: string[][] = [];
  const withWords: string[] = [];
  const extras: string[] = [];
  let semicolon = -1;
  while (!s.done) {
    s.skipWsp();
    const c = s.peek();
    if (c === '') break;
    if (c === '(') {
      const words = s.readCommentWords();
      allComments.push(words);
      if (keyword === 'from') fromComments.push(words);
      if (keyword === 'with' && withWords.length > 0) keyword = 'with-done';
      continue;
    }
    let word: string;
    if (c === '<' || c === '[') {
      // `<mailbox>` and `[address literal]` are read to their closing bracket, kept.
      const start = s.pos;
      s.readToken(c === '<' ? ANGLE_CLOSE : BRACKET_CLOSE);
      s.eat(c === '<' ? '>' : ']');
      word = text.slice(start, s.pos);
    } else if (c === '"') {
      word = `"${s.readQuoted()}"`;
    } else {
      word = s.readToken(WORD_END);
    }
    if (word.length === 0) {
      // A top-level ";": the last one ends the clauses.
      if (untilDate && text.indexOf(';', s.pos + 1) === -1) {
        semicolon = s.pos;
        break;
      }
      s.pos += 1;
      continue;
    }
    if (untilDate && (c === '<' || c === '[') && (word.includes('(') || word.includes(';'))) {
      return -1;
    }
    const kw = keywordOf(word);
    if (kw !== undefined) {
      keyword = kw;
      continue;
    }
    switch (keyword) {
      case 'from':
        if (fromValue === null) fromValue = word;
        break;
      case 'by':
        hop.by ??= stripDot(word);
        break;
      case 'with':
        withWords.push(word);
        break;
      case 'id':
        hop.id ??= word;
        break;
      case 'for':
        hop.for ??= word;
        break;
      default:
        extras.push(word);
    }
  }
  if (untilDate && semicolon === -1) return -1;
  if (withWords.length > 0)
    hop.with = withWords.length === 1 ? (withWords[0] ?? null) : withWords.join(' ');
  readFromClause(hop, fromValue, fromComments);
  hop.tls = readTls(allComments, extras, hop.with);
  return semicolon;
}

const ANGLE_CLOSE = stopSet('>');
const BRACKET_CLOSE = stopSet(']');
const WORD_END = stopSet('(<;');

type Keyword = 'from' | 'by' | 'via' | 'with' | 'with-done' | 'id' | 'for';

/** The clause keyword a word is, case-insensitively. */
function keywordOf(word: string): Keyword | undefined {
  switch (word.length) {
    case 2:
      return equalsLower(word, 'by') ? 'by' : equalsLower(word, 'id') ? 'id' : undefined;
    case 3:
      return equalsLower(word, 'for') ? 'for' : equalsLower(word, 'via') ? 'via' : undefined;
    case 4:
      return equalsLower(word, 'from') ? 'from' : equalsLower(word, 'with') ? 'with' : undefined;
    default:
      return undefined;
  }
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

function readFromClause(hop: ReceivedHop, fromValue: string | null, comments: string[][]): void {
  let heloFromComment: string | null = null;
  // Exim's `helo=` and `port=` pairs mark the from-domain as Exim's own record of the peer.
  let exim = false;
  for (const words of comments) {
    if (isHeloComment(words)) {
      heloFromComment ??= words[1] ?? null;
      continue;
    }
    const helo = words.find((w) => startsWithLower(w, 'helo='));
    if (helo !== undefined) heloFromComment ??= helo.slice(5);
    if (helo !== undefined || words.some((w) => startsWithLower(w, 'port='))) exim = true;
  }
  // The receiver writes the TCP-info comment after the from-domain, so the connection's address
  // is in the last comment that holds one. Earlier comments came with the HELO text, which
  // postfix records as sent, spaces and parentheses included:
  // `from x ([10.0.0.1]) (mail.example.com [203.0.113.5])` was a connection from 203.0.113.5.
  for (let i = comments.length - 1; i >= 0 && hop.ip === null; i -= 1) {
    const words = comments[i] as string[];
    if (isHeloComment(words)) continue;
    let rdns: string | null = null;
    for (const w of words) {
      if (startsWithLower(w, 'helo=')) continue;
      const ip = parseIp(trimPunctuation(withoutPort(w)));
      if (ip !== null) {
        hop.ip = ip;
        hop.rdns = rdns;
        break;
      }
      if (rdns === null) {
        const name = stripDot(w);
        if (looksLikeHostname(name)) rdns = name;
      }
    }
  }
  if (fromValue !== null) {
    const bareIp = fromValue.startsWith('[') ? null : parseIp(fromValue);
    if (bareIp !== null && heloFromComment !== null) {
      // Yahoo: `from 198.51.100.3 (EHLO mail.example.org)`: the from-domain is the peer address.
      hop.ip ??= bareIp;
      hop.helo = heloFromComment;
    } else if (bareIp !== null && comments.length === 0) {
      // Yahoo's internal hops: `from 10.217.150.10 by atlas-production.v2.mail.bf1.yahoo.com`.
      hop.ip = bareIp;
      hop.helo = fromValue;
    } else if (exim && fromValue.startsWith('[')) {
      // Exim without an rDNS name writes the peer's address as the from-domain:
      // `from [198.51.100.77] (port=51234 helo=[192.168.1.20]) by mx.example.org with esmtpsa`
      hop.ip ??= parseIp(fromValue);
      hop.helo = heloFromComment ?? fromValue;
    } else {
      hop.helo = stripDot(fromValue);
      if (heloFromComment !== null && !equalsLower(hop.helo, 'unknown')) {
        // Exim writes the rDNS name as the from-domain and the HELO in the comment.
        hop.rdns ??= hop.helo;
        hop.helo = heloFromComment;
      } else if (heloFromComment !== null) {
        hop.helo = heloFromComment;
      }
    }
  } else if (heloFromComment !== null) {
    hop.helo = heloFromComment;
  }
  if (hop.rdns !== null && equalsLower(hop.rdns, 'unknown')) hop.rdns = null;
}

/** TLS version and cipher from the forms postfix, Gmail, sendmail, Microsoft and Exim write. */
function readTls(comments: string[][], extras: string[], protocol: string | null): string | null {
  let version: string | null = null;
  let cipher: string | null = null;
  for (const comment of comments) {
    if (version !== null && cipher !== null) break;
    const words = splitCommas(comment);
    for (let i = 0; i < words.length; i += 1) {
      const w = words[i] ?? '';
      // Every form below starts with v, c, u or t (no other character lowercases to them).
      const first = w.charCodeAt(0) | 0x20;
      if (first !== 0x76 && first !== 0x63 && first !== 0x75 && first !== 0x74) continue;
      const next = words[i + 1] ?? null;
      if (version === null && startsWithLower(w, 'version=')) version = w.slice(8);
      else if (cipher === null && startsWithLower(w, 'cipher=')) cipher = w.slice(7);
      else if (equalsLower(w, 'using') && next?.toUpperCase().startsWith('TLS')) version ??= next;
      else if (equalsLower(w, 'cipher') && i > 0 && equalsLower(words[i - 1] ?? '', 'with'))
        cipher ??= next;
      else if (words.length === 1 && startsWithLower(w, 'tls')) version ??= w;
    }
  }
  // Exim: `with esmtps (TLS1.3) tls TLS_AES_256_GCM_SHA384`
  const tlsIndex = extras.findIndex((w) => equalsLower(w, 'tls'));
  if (tlsIndex !== -1) cipher ??= extras[tlsIndex + 1] ?? null;
  if (version !== null || cipher !== null) return joinPresent(version, cipher);
  // RFC 3848 protocol names that say the session used TLS, without details.
  if (protocol === null) return null;
  const space = protocol.indexOf(' ');
  const proto = space === -1 ? protocol : protocol.slice(0, space);
  return TLS_PROTOCOLS.has(proto.toUpperCase()) ? 'TLS' : null;
}

/** `[a, b].filter(Boolean).join(' ')` without the array. */
function joinPresent(a: string | null, b: string | null): string {
  if (a && b) return `${a} ${b}`;
  return a || b || '';
}

/** A comment's words split at commas too: `(version=TLS1_2, cipher=...)`. */
function splitCommas(words: string[]): string[] {
  if (!words.some((w) => w.includes(','))) return words;
  const parts: string[] = [];
  for (const w of words) for (const part of w.split(',')) if (part.length > 0) parts.push(part);
  return parts;
}

const TLS_PROTOCOLS = new Set([
  'ESMTPS',
  'ESMTPSA',
  'LMTPS',
  'LMTPSA',
  'UTF8SMTPS',
  'UTF8SMTPSA',
  'SMTPS',
]);

function lastTopLevelSemicolon(value: string): number {
  let depth = 0;
  let quoted = false;
  let last = -1;
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c === 0x5c) {
      i += 1;
    } else if (quoted) {
      if (c === 0x22) quoted = false;
    } else if (c === 0x22 && depth === 0) {
      quoted = true;
    } else if (c === 0x28) {
      depth += 1;
    } else if (c === 0x29) {
      if (depth > 0) depth -= 1;
    } else if (c === 0x3b && depth === 0) {
      last = i;
    }
  }
  return last;
}

/** Where a date written without the ";" starts: a ` YYYY-MM-DD ` word or a `Day, ` one. */
function bareDateStart(value: string): number {
  let weekday = -1;
  for (const day of WEEKDAYS) {
    const at = value.lastIndexOf(`${day}, `);
    if (at > 0 && (value.charCodeAt(at - 1) === 0x20 || value.charCodeAt(at - 1) === 0x09)) {
      weekday = Math.max(weekday, at);
    }
  }
  return weekday === -1 ? isoDateStart(value) : weekday;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function isoDateStart(value: string): number {
  for (let i = value.indexOf('-'); i !== -1; i = value.indexOf('-', i + 1)) {
    const start = i - 4;
    const before = value.charCodeAt(start - 1);
    if (start < 1 || (before !== 0x20 && before !== 0x09)) continue;
    const word = value.slice(start, start + 10);
    if (
      /^\d{4}-\d\d-\d\d$/.test(word) &&
      (' \t'.includes(value.charAt(start + 10)) || start + 10 === value.length)
    ) {
      return start;
    }
  }
  return -1;
}

function stripDot(s: string): string {
  return s.endsWith('.') ? s.slice(0, -1) : s;
}

/** Exim with port logging: `from mail.example.org ([198.51.100.77]:51234 helo=mail.example.org)`. */
function withoutPort(w: string): string {
  const close = w.startsWith('[') ? w.indexOf(']:') : -1;
  return close === -1 ? w : w.slice(0, close + 1);
}

function trimPunctuation(w: string): string {
  let start = 0;
  let end = w.length;
  while (start < end && '(<'.includes(w.charAt(start))) start += 1;
  while (end > start && ')>,;'.includes(w.charAt(end - 1))) end -= 1;
  return w.slice(start, end);
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
