// Over 300 lines: the grammar's pieces build on each other.
import fc from 'fast-check';

/**
 * Generators for the property tests (test/properties.test.ts): header-like text built from the
 * grammar's pieces (names, tokens, comments, quotes, separators, folding), whole header sets in
 * each line-end convention, and mutations of real fixtures.
 */

export const NAMES = [
  'Received',
  'Authentication-Results',
  'Received-SPF',
  'DKIM-Signature',
  'ARC-Seal',
  'ARC-Message-Signature',
  'ARC-Authentication-Results',
  'X-Original-Authentication-Results',
  'received',
  'AUTHENTICATION-RESULTS',
  'From',
  'Date',
  'Subject',
  'Content-Type',
  '__proto__',
  'constructor',
];

const TOKENS = [
  // methods, properties, keys
  'spf',
  'dkim',
  'dmarc',
  'arc',
  'iprev',
  'compauth',
  'gateway.spf',
  'auth',
  'smtp.mailfrom',
  'smtp.helo',
  'header.d',
  'header.i',
  'header.s',
  'header.b',
  'header.from',
  'policy.iprev',
  'smtp.remote-ip',
  'policy.published-domain-policy',
  'client-ip',
  'envelope-from',
  'helo',
  'receiver',
  'identity',
  'mailfrom',
  'mfrom',
  'i',
  'cv',
  'd',
  's',
  'b',
  'bh',
  'h',
  'a',
  't',
  'x',
  'p',
  'sp',
  'dis',
  'action',
  'reason',
  'v',
  // results
  'pass',
  'fail',
  'softfail',
  'neutral',
  'none',
  'temperror',
  'permerror',
  'policy',
  'bestguesspass',
  'PASS',
  'Pass',
  'SoftFail',
  'unknown',
  'error',
  'softpass',
  // Received clauses and trace words
  'from',
  'by',
  'with',
  'id',
  'for',
  'via',
  'ESMTPS',
  'ESMTPSA',
  'SMTP',
  'LMTP',
  'HTTP',
  'HELO',
  'EHLO',
  'helo=x',
  'using',
  'TLSv1.3',
  'version=TLS1_3',
  'cipher=TLS_AES_256_GCM_SHA384',
  'tls',
  // hosts, ids, addresses
  'mx.google.com',
  'MX.GOOGLE.COM.',
  'mx.gooqle.com',
  'mx.google.com.evil.test',
  'gmr-mx.google.com',
  'google.com:',
  'protection.outlook.com',
  'BN8NAM11FT011.mail.protection.outlook.com',
  'mx1.messagingengine.com',
  'atlas1.free.mail.bf1.yahoo.com',
  'example.com',
  'mail.example.com',
  'bounce@example.com',
  '<bounce@example.com>',
  '@example.com',
  'xn--bcher-kva.example',
  '[203.0.113.5]',
  '203.0.113.5',
  '2001:db8::1',
  '[IPv6:2001:db8::1]',
  '[10.0.0.1]',
  '10.0.0.1',
  '127.0.0.1',
  '::ffff:192.0.2.1',
  'fe80::1%5',
  '999.1.1.1',
  'localhost',
  // dates
  'Mon, 4 Mar 2024 03:11:08 -0800 (PST)',
  '4 Mar 2024 12:00:00 -0000',
  'Fri, Feb 15 2002 17:19:22 -0800',
  'Mon,  4 Mar 24 25:61:99 +9999',
  // comment words
  'domain',
  'of',
  'designates',
  'as',
  'permitted',
  'sender',
  'does',
  'not',
  'designate',
  'transitioning',
  'best',
  'guess',
  'record',
  'lookup',
  'sender IP is',
  // hostile and odd
  '__proto__',
  'constructor',
  'prototype',
  '=?utf-8?B?4pyT?=',
  '=?utf-8?q?a_b?=',
  '=?',
  '?=',
  '<script>',
  'i=1',
  'i=2',
  'i=50',
  'i=51',
  'i=0',
  'i=-1',
  'cv=pass',
  'cv=none',
  '5.7.26',
  '550-5.7.26',
  '550',
  'v=spf1',
];

const SEPARATORS = ['', ' ', ' ', ' ', '; ', ';', '=', ' (', ') ', '\r\n ', '\r\n\t', '\t', '  '];

const token = fc.constantFrom(...TOKENS);
export const punct = fc.constantFrom(
  ';',
  '=',
  '(',
  ')',
  '"',
  '\\',
  '.',
  '/',
  '@',
  '<',
  '>',
  '[',
  ']',
  ':',
  ',',
  '%',
);
const printable = fc.string({ maxLength: 12 });
export const { piece } = fc.letrec<{ piece: string; comment: string }>((tie) => ({
  piece: fc.oneof(
    { weight: 8, arbitrary: token },
    { weight: 3, arbitrary: punct },
    { weight: 1, arbitrary: printable },
    { weight: 1, arbitrary: fc.nat({ max: 99999 }).map(String) },
    { weight: 1, arbitrary: printable.map((s) => `"${s.replace(/"/g, '')}"`) },
    { weight: 1, arbitrary: tie('comment') },
  ),
  comment: fc
    .tuple(fc.array(tie('piece'), { maxLength: 4 }), fc.boolean())
    .map(([inner, closed]) => `(${inner.join(' ')}${closed ? ')' : ''}`),
}));

/** A header value: pieces with separators, folding (CRLF + WSP) included. Never a bare line
 * break: every generated line break continues the field. */
const headerValue = fc
  .array(fc.tuple(piece, fc.constantFrom(...SEPARATORS)), { maxLength: 30 })
  .map((parts) => parts.map(([p, s]) => p + s).join(''));

export const headerField = fc
  .tuple(fc.constantFrom(...NAMES), headerValue)
  .map(([n, v]) => `${n}: ${v}`);

/** A whole message from grammar pieces, in one of the line-end conventions. */
export const headerSet = fc
  .record({
    fields: fc.array(headerField, { maxLength: 30 }),
    body: fc.option(fc.string({ maxLength: 200 }), { nil: null }),
    lf: fc.boolean(),
    mbox: fc.boolean(),
  })
  .map(({ fields, body, lf, mbox }) => {
    const raw = `${mbox ? 'From MAILER-DAEMON Mon Mar  4 03:11:08 2024\r\n' : ''}${fields.join('\r\n')}${body === null ? '' : `\r\n\r\n${body}`}`;
    return { raw: lf ? raw.replace(/\r\n/g, '\n') : raw, fields };
  });

// ---------------------------------------------------------------------------------------------
// Mutations of real messages.

export const ODD_CHARS = [
  '(',
  ')',
  '"',
  ';',
  '=',
  '\\',
  ':',
  ' ',
  '\t',
  '\u0000',
  '\r',
  '\n',
  '\u00a0',
  '\u2028',
  '<',
  '>',
  '[',
  ']',
  '.',
  '@',
  '\ufffd',
  '\ud800',
  'é',
  'x',
];

type Mutation =
  | { kind: 'insert'; at: number; line: string }
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'swap'; at: number; to: number }
  | { kind: 'char'; at: number; pos: number; ch: string }
  | { kind: 'delete-char'; at: number; pos: number }
  | { kind: 'fold'; at: number; pos: number; ws: string }
  | { kind: 'unfold'; at: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    line: fc.oneof(headerField, printable, fc.constant('')),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({
    kind: fc.constant('char' as const),
    at: fc.nat(),
    pos: fc.nat(),
    ch: fc.constantFrom(...ODD_CHARS),
  }),
  fc.record({ kind: fc.constant('delete-char' as const), at: fc.nat(), pos: fc.nat() }),
  fc.record({
    kind: fc.constant('fold' as const),
    at: fc.nat(),
    pos: fc.nat(),
    ws: fc.constantFrom('\r\n ', '\r\n\t', '\n ', '\r\n   '),
  }),
  fc.record({ kind: fc.constant('unfold' as const), at: fc.nat() }),
);

export function mutate(raw: string, mutations: readonly Mutation[]): string {
  const lines = raw.split('\n');
  for (const m of mutations) {
    if (lines.length === 0) lines.push('');
    const at = m.at % lines.length;
    const line = lines[at] ?? '';
    switch (m.kind) {
      case 'insert':
        lines.splice(at, 0, m.line);
        break;
      case 'delete':
        lines.splice(at, 1);
        break;
      case 'duplicate':
        lines.splice(at, 0, line);
        break;
      case 'swap': {
        const to = m.to % lines.length;
        lines[at] = lines[to] ?? '';
        lines[to] = line;
        break;
      }
      case 'char': {
        const pos = m.pos % (line.length + 1);
        lines[at] = line.slice(0, pos) + m.ch + line.slice(pos);
        break;
      }
      case 'delete-char': {
        const pos = m.pos % (line.length + 1);
        lines[at] = line.slice(0, pos) + line.slice(pos + 1);
        break;
      }
      case 'fold': {
        const pos = m.pos % (line.length + 1);
        lines[at] = line.slice(0, pos) + m.ws + line.slice(pos);
        break;
      }
      case 'unfold':
        if (at + 1 < lines.length)
          lines.splice(at, 2, `${line.replace(/\r$/, '')} ${(lines[at + 1] ?? '').trimStart()}`);
        break;
    }
  }
  return lines.join('\n');
}
