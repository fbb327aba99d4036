import { parseIp } from './parse-ip.ts';
import { SPF_RESULTS, type SpfResult } from './auth-result-tokens.ts';
import { Scanner, stopSet } from './scanner.ts';
import { splitWords } from './split-words.ts';
import { equalsLower } from './starts-with-lower.ts';

export interface ReceivedSpf {
  /** Null when the result word is not an RFC 7208 result: never guessed. */
  result: SpfResult | null;
  rawResult: string;
  comment: string | null;
  /** Lowercase keys; first occurrence wins. */
  pairs: Map<string, string>;
  clientIp: string | null;
  /** The first IP address named in the comment (Yahoo and older forms have no client-ip=). */
  commentIp: string | null;
  /** The address or domain the comment says was checked (`domain of X`, `lookup of X`). */
  commentSubject: string | null;
  /** The name before the first colon of the comment (`google.com:`), the receiver's claim. */
  commentReceiver: string | null;
  identity: 'mailfrom' | 'helo' | null;
  envelopeFrom: string | null;
  helo: string | null;
  receiver: string | null;
}

const RESULTS = new Map<string, SpfResult>([
  ...SPF_RESULTS.map((r): [string, SpfResult] => [r, r]),
  // RFC 4408 drafts and old libspf2 builds.
  ['error', 'temperror'],
  ['unknown', 'permerror'],
]);

/**
 * RFC 7208 §9.1 Received-SPF:
 *   `result FWS [comment FWS] [key-value-list]`, keys client-ip, envelope-from, helo, problem,
 *   receiver, identity, mechanism, and any other name.
 * Provider forms (one real header set each in test/fixtures/): Gmail (`client-ip=` only), Microsoft
 * (`Pass (protection.outlook.com: ...) receiver=...; client-ip=...; helo=...; pr=C`), Yahoo (no
 * pairs: the IP is only in the comment), Fastmail/Mail::SPF, postfix policyd-spf
 * (`Pass (mailfrom) identity=mailfrom; ...`, a second field for `identity=helo`), iCloud.
 * Result words are case-insensitive. Not handled: RFC 4408's `x-` extension keys are kept but
 * not interpreted.
 */
export function parseReceivedSpf(value: string): ReceivedSpf {
  const s = new Scanner(value);
  s.skipWsp();
  const rawResult = s.readToken(RESULT_END);
  const result = RESULTS.get(rawResult.toLowerCase()) ?? null;
  const comments: string[] = [];
  s.skipCfws(comments);
  const pairs = new Map<string, string>();
  while (!s.done) {
    s.skipCfws(comments);
    if (s.eat(';')) continue;
    const key = s.readToken(KEY_END).toLowerCase();
    s.skipCfws(comments);
    if (key.length === 0 && !s.done && s.peek() !== '=') {
      s.pos += 1;
      continue;
    }
    if (!s.eat('=')) continue;
    s.skipCfws(comments);
    const val = s.readPropertyValue(VALUE_END);
    if (key.length > 0 && !pairs.has(key)) pairs.set(key, val);
  }
  const comment = comments[0] ?? null;
  const facts = comment === null ? null : readComment(comment);
  const identityRaw = pairs.get('identity')?.toLowerCase();
  let identity: 'mailfrom' | 'helo' | null = null;
  if (identityRaw === 'mailfrom' || identityRaw === 'mfrom') identity = 'mailfrom';
  else if (identityRaw === 'helo') identity = 'helo';
  else if (comment !== null && equalsLower(comment, 'mailfrom')) identity = 'mailfrom';
  else if (comment !== null && equalsLower(comment, 'helo')) identity = 'helo';
  const clientIpText = pairs.get('client-ip');
  return {
    result,
    rawResult,
    comment,
    pairs,
    clientIp: clientIpText === undefined ? null : parseIp(clientIpText),
    commentIp: facts?.ip ?? null,
    commentSubject: facts?.subject ?? null,
    commentReceiver: facts?.receiver ?? null,
    identity,
    envelopeFrom: pairs.get('envelope-from') ?? null,
    helo: pairs.get('helo') ?? null,
    receiver: pairs.get('receiver') ?? null,
  };
}

export interface CommentFacts {
  ip: string | null;
  subject: string | null;
  receiver: string | null;
}

/**
 * Reads the explanation receivers put in the SPF comment:
 *   `google.com: domain of bounce@example.com designates 203.0.113.5 as permitted sender`
 *   `google.com: domain of transitioning x@example.com does not designate 2001:db8::1 as ...`
 *   `google.com: 203.0.113.5 is neither permitted nor denied by best guess record for domain of x`
 *   `google.com: x@example.com does not designate permitted sender hosts`
 *   `google.com: permanent error in processing during lookup of x@example.com: ...`
 *   `mx.example.net: 198.51.100.3 is authorized to use 'x@example.org' in 'mfrom' identity ...`
 *   `sender IP is 192.0.2.1` (Microsoft's Authentication-Results)
 */
export function readComment(comment: string): CommentFacts {
  const words = splitWords(comment);
  let ip: string | null = null;
  let subject: string | null = null;
  let receiver: string | null = null;
  const first = words[0];
  if (first !== undefined && first.endsWith(':') && first.length > 1) {
    receiver = first.slice(0, -1).toLowerCase();
  }
  for (let i = 0; i < words.length && (ip === null || subject === null); i += 1) {
    const w = words[i] as string;
    if (ip === null) ip = parseIp(stripPunctuation(w));
    if (subject !== null) continue;
    const next = words[i + 1];
    const use = equalsLower(w, 'use');
    if ((use || equalsLower(w, 'of')) && next !== undefined) {
      const prev = i > 0 ? words[i - 1] : undefined;
      if (
        use ||
        (prev !== undefined && (equalsLower(prev, 'domain') || equalsLower(prev, 'lookup')))
      ) {
        const target = equalsLower(next, 'transitioning') ? words[i + 2] : next;
        if (target !== undefined) subject = stripPunctuation(target);
      }
    } else if (
      equalsLower(w, 'does') &&
      words[i + 2] === 'designate' &&
      words[i + 3] === 'permitted'
    ) {
      const prev = words[i - 1];
      if (prev !== undefined && i > 1) subject = stripPunctuation(prev);
    }
  }
  return { ip, subject: subject === '' ? null : subject, receiver };
}

function stripPunctuation(w: string): string {
  let start = 0;
  let end = w.length;
  while (start < end && isOpening(w.charCodeAt(start))) start += 1;
  while (end > start && isClosing(w.charCodeAt(end - 1))) end -= 1;
  return w.slice(start, end);
}

/** `'` `"` `<` `(` `[` */
function isOpening(c: number): boolean {
  return c === 0x27 || c === 0x22 || c === 0x3c || c === 0x28 || c === 0x5b;
}

/** `'` `"` `>` `)` `]` `:` `,` `;` `.` */
function isClosing(c: number): boolean {
  return (
    c === 0x27 ||
    c === 0x22 ||
    c === 0x3e ||
    c === 0x29 ||
    c === 0x5d ||
    c === 0x3a ||
    c === 0x2c ||
    c === 0x3b ||
    c === 0x2e
  );
}

/** Where the grammar's tokens end, besides whitespace. */
const RESULT_END = stopSet('(;');
const KEY_END = stopSet('=;(');
const VALUE_END = stopSet(';(');
