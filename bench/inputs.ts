// Over 300 lines: every synthetic input of the bench, shared by its sections.
/**
 * Bench inputs: the Gmail fixture's header section, the same with a large body, and a generated
 * 100-hop header section. All deterministic, so runs are comparable.
 */
import { readFileSync } from 'node:fs';
import { LIMITS } from '../src/core/limits.ts';
import { prng } from '../test/helpers/prng.ts';

export const FIXTURE_URL = new URL('../test/fixtures/gmail-pass.eml', import.meta.url);

export interface HeaderSection {
  /** The header fields, each ending with a line break; no blank line, no body. */
  text: string;
  /** The line break the fields use ('\r\n' or '\n'). */
  eol: string;
}

/** The header section of a message: everything before the first empty line. */
export function headerSectionOf(raw: string): HeaderSection {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return { text: raw.slice(0, crlf + 2), eol: '\r\n' };
  if (lf !== -1) return { text: raw.slice(0, lf + 1), eol: '\n' };
  return { text: raw, eol: raw.includes('\r\n') ? '\r\n' : '\n' };
}

export function fixtureHeaderSection(): HeaderSection {
  return headerSectionOf(readFileSync(FIXTURE_URL, 'utf8'));
}

export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const WORDS = (
  'your order has shipped and will arrive within three business days please keep this ' +
  'receipt for your records the invoice is attached as a PDF if you have any questions ' +
  'reply to this message or visit our help centre thank you for shopping with us'
).split(' ');

/**
 * A message body of exactly `bytes` ASCII bytes: paragraphs of wrapped prose (≤ 72 columns)
 * alternating with blocks of 76-column base64, the shape of a long text part followed by
 * encoded attachments. Lines end with `eol`.
 */
export function generateBody(bytes: number, eol: string, seed = 1): string {
  const rand = prng(seed);
  const pick = (s: readonly string[]): string => s[Math.floor(rand() * s.length)] ?? '';
  const parts: string[] = [];
  let size = 0;
  const push = (line: string): void => {
    parts.push(line, eol);
    size += line.length + eol.length;
  };
  while (size < bytes) {
    const textLines = 5 + Math.floor(rand() * 20);
    for (let i = 0; i < textLines; i += 1) {
      let line = pick(WORDS);
      while (line.length < 60) line += ` ${pick(WORDS)}`;
      push(line);
    }
    push('');
    const base64Lines = 200 + Math.floor(rand() * 800);
    for (let i = 0; i < base64Lines; i += 1) {
      let line = '';
      for (let j = 0; j < 76; j += 1) line += BASE64.charAt(Math.floor(rand() * 64));
      push(line);
    }
    push('');
  }
  return parts.join('').slice(0, bytes);
}

/**
 * The full message: header section, blank line, body — built through a Buffer so the result is
 * one flat string, as readFileSync or a page's textContent would give, not a concatenation rope
 * that the first call would have to flatten.
 */
export function withBody(section: HeaderSection, body: string): string {
  return Buffer.from(section.text + section.eol + body, 'utf8').toString('utf8');
}

// ——— 100-hop header section ———

type Software = 'postfix' | 'exim' | 'microsoft' | 'gmail';

interface Node {
  host: string;
  ip: string;
  software: Software;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 date-time in the given zone; `padDay` writes postfix's `Mon,  4 Mar`. */
function rfc5322Date(ms: number, offsetMinutes: number, zone: string, padDay = false): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const two = (n: number): string => String(n).padStart(2, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const day = padDay ? String(d.getUTCDate()).padStart(2, ' ') : String(d.getUTCDate());
  const date =
    `${DAYS[d.getUTCDay()] ?? ''}, ${day} ${MONTHS[d.getUTCMonth()] ?? ''} ${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ` +
    `${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`;
  return zone === '' ? date : `${date} (${zone})`;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

const SOFTWARE: readonly Software[] = ['postfix', 'exim', 'microsoft', 'gmail'];

function relayNode(k: number): Node {
  const software = SOFTWARE[k % SOFTWARE.length] ?? 'postfix';
  const octet = 1 + (k % 250);
  switch (software) {
    case 'postfix':
      return { host: `mx${k}.relay.example.org`, ip: `198.51.100.${octet}`, software };
    case 'exim':
      return { host: `mail${k}.lists.example.net`, ip: `192.0.2.${octet}`, software };
    case 'microsoft':
      return {
        host: `AM6PR04MB${4000 + k}.eurprd04.prod.outlook.com`,
        ip: `2603:10a6:20b:${hex(0xc0 + k, 2)}::15`,
        software,
      };
    case 'gmail':
      return { host: `smtp${k}.forward.example.com`, ip: `203.0.113.${octet}`, software };
  }
}

/** The Received field `to` writes for a message arriving from `from`. */
function receivedField(from: Node, to: Node, ms: number, k: number, eol: string): string {
  const L = (...lines: string[]): string => `Received: ${lines.join(eol)}${eol}`;
  switch (to.software) {
    case 'postfix':
      return L(
        `from ${from.host} (${from.host} [${from.ip}])`,
        '\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)',
        '\t key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)',
        '\t(No client certificate requested)',
        `\tby ${to.host} (Postfix) with ESMTPS id 4TpQ${hex(0x1a2b3 + k * 977, 6).toUpperCase()}`,
        `\tfor <alice@gmail.com>; ${rfc5322Date(ms, 0, 'UTC', true)}`,
      );
    case 'exim':
      return L(
        `from ${from.host} ([${from.ip}] helo=${from.host})`,
        `\tby ${to.host} with esmtps  (TLS1.3) tls TLS_AES_256_GCM_SHA384`,
        '\t(Exim 4.96)',
        '\t(envelope-from <bounce@example.com>)',
        `\tid 1rh7Xy-000${hex(k * 31, 3).toUpperCase()}-2C`,
        '\tfor alice@gmail.com;',
        `\t${rfc5322Date(ms, 60, '')}`,
      );
    case 'microsoft':
      return k % 2 === 0
        ? L(
            `from ${from.host} (${from.ip}) by`,
            ` ${to.host} (${to.ip}) with Microsoft SMTP`,
            ' Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id',
            ` 15.20.7339.${k}; ${rfc5322Date(ms, 0, '')}`,
          )
        : L(
            `from ${from.host} (${from.ip}) by`,
            ` ${to.host} (${to.ip}) with Microsoft SMTP`,
            ' Server (version=TLS1_3, cipher=TLS_AES_256_GCM_SHA384) id 15.20.7362.11 via',
            ` Frontend Transport; ${rfc5322Date(ms, 0, '')}`,
          );
    case 'gmail':
      return L(
        `from ${from.host} (${from.host}. [${from.ip}])`,
        `        by ${to.host} with ESMTPS id a1-20020a05600c0001${hex(k, 4)}b0041234567sor${1234567 + k}wmq.12.2024.03.04`,
        '        for <alice@gmail.com>',
        '        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);',
        `        ${rfc5322Date(ms, -480, 'PST')}`,
      );
  }
}

/**
 * A header section with `hops` Received fields, as Gmail shows a message that went through a long
 * chain of relays (mailing lists, forwarders, Microsoft tenants, postfix gateways): Gmail's own
 * trace block and auth headers on top, the relays below it in every form the parser knows, a few
 * relays' own Authentication-Results along the way, then the originator's fields.
 */
export function generateManyHops(hops: number, eol: string): string {
  const relays = hops - 2; // Gmail writes two: its inbound MX hop and its internal one.
  const start = Date.UTC(2024, 2, 4, 10, 0, 0);
  const nodes: Node[] = [
    { host: 'app01.internal.example.com', ip: '10.0.0.12', software: 'postfix' },
  ];
  for (let k = 1; k < relays; k += 1) nodes.push(relayNode(k));
  nodes.push({ host: 'mail.example.com', ip: '203.0.113.5', software: 'postfix' });

  // Oldest first while generating; a header section lists the newest first.
  const trace: string[] = [];
  for (let k = 0; k + 1 < nodes.length; k += 1) {
    const from = nodes[k];
    const to = nodes[k + 1];
    if (from === undefined || to === undefined) continue;
    let block = receivedField(from, to, start + (k + 1) * 7_000, k + 1, eol);
    if (to.software === 'postfix' && k % 8 === 3) {
      // OpenDKIM / OpenDMARC on a postfix relay prepend their results above its Received.
      block =
        `Authentication-Results: ${to.host};${eol}` +
        `\tdkim=pass (2048-bit key; unprotected) header.d=example.com header.i=@example.com header.a=rsa-sha256 header.s=s1 header.b=ZN3q2Ce+;${eol}` +
        `\tdkim-atps=neutral${eol}` +
        block;
    }
    trace.push(block);
  }
  trace.reverse();

  const last = nodes[nodes.length - 1] ?? { host: 'mail.example.com', ip: '203.0.113.5' };
  const deliveredMs = start + nodes.length * 7_000;
  const pst = (ms: number): string => rfc5322Date(ms, -480, 'PST');
  const dmarc = 'dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=example.com';
  const spfComment = `(google.com: domain of bounce@example.com designates ${last.ip} as permitted sender)`;
  const results = [
    `dkim=pass header.i=@example.com header.s=s1 header.b=ZN3q2Ce+;`,
    `spf=pass ${spfComment} smtp.mailfrom=bounce@example.com;`,
    dmarc,
  ];
  const fields = [
    'Delivered-To: alice@gmail.com',
    'Received: by 2002:a05:6022:1234:b0:5a1:2345:6789 with SMTP id ab12csp123456lac;',
    `        ${pst(deliveredMs + 1000)}`,
    'X-Received: by 2002:a17:906:1234:b0:a44:1234:5678 with SMTP id z20-20020a170906123400b00a44123456789ejb.12.1709550669123;',
    `        ${pst(deliveredMs + 1000)}`,
    'ARC-Seal: i=1; a=rsa-sha256; t=1709550669; cv=none;',
    '        d=google.com; s=arc-20160816;',
    '        b=Zm9vYmFyZm9vYmFy',
    'ARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed; d=google.com; s=arc-20160816;',
    '        h=to:subject:message-id:date:from:mime-version:dkim-signature;',
    '        bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;',
    '        fh=abc; b=Zm9vYmFy',
    'ARC-Authentication-Results: i=1; mx.google.com;',
    ...results.map((r) => `       ${r}`),
    'Return-Path: <bounce@example.com>',
    `Received: from ${last.host} (${last.host}. [${last.ip}])`,
    '        by mx.google.com with ESMTPS id a1-20020a05600c000100b0041234567sor1234567wmq.12.2024.03.04.03.11.08',
    '        for <alice@gmail.com>',
    '        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);',
    `        ${pst(deliveredMs)}`,
    `Received-SPF: pass ${spfComment} client-ip=${last.ip};`,
    'Authentication-Results: mx.google.com;',
    ...results.map((r) => `       ${r}`),
    'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s1;',
    `        t=1709550667; h=from:to:subject:date:message-id;`,
    '        bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;',
    '        b=ZN3q2Ce+abcdefghijklmnop',
  ];
  const message = [
    `Date: ${rfc5322Date(start, 0, '')}`,
    'From: Example Shop <shop@example.com>',
    'To: alice@gmail.com',
    'Subject: =?UTF-8?Q?Your_order_=E2=9C=93?=',
    'Message-ID: <20240304100000.abc@example.com>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
  ];
  return fields.join(eol) + eol + trace.join('') + message.join(eol) + eol;
}

// ——— worst inputs within the 1 MiB cap ———

/** A header section of `unit` repeated up to the cap, inside the given field. */
function filled(prefix: string, unit: string, suffix: string): string {
  const room = LIMITS.headerSectionChars - prefix.length - suffix.length - 4;
  return `${prefix}${unit.repeat(Math.floor(room / unit.length))}${suffix}\r\n\r\n`;
}

const DATE = ' by mx.example.net; Mon, 4 Mar 2024 10:00:00 +0000';

/**
 * Hostile header sections that fill the 1 MiB cap, each built from one unit repeated: the shapes
 * that used to cost most (one result or comment object per unit, a window search per character).
 * Shared by the worst-case bench section and the report snapshot test.
 */
export const WORST_INPUTS: readonly { id: string; label: string; raw: string }[] = [
  {
    id: 'results',
    label: 'A-R of `spf=pass;` repeated',
    raw: filled('Authentication-Results: mx.google.com; ', 'spf=pass;', ''),
  },
  {
    id: 'comments',
    label: 'A-R of `(a)` comments',
    raw: filled('Authentication-Results: mx.google.com; spf=pass ', '(a)', ''),
  },
  { id: 'encoded', label: 'Subject of `=?` runs', raw: filled('Subject: ', '=?', '') },
  {
    id: 'received-comments',
    label: 'Received of `(a)` comments',
    raw: filled('Received: from x ', '(a)', DATE),
  },
  {
    id: 'received-angles',
    label: 'Received of unmatched `>`',
    raw: filled('Received: from x ', '>', DATE),
  },
  {
    id: 'received-words',
    label: 'Received comment of names and addresses',
    raw: filled('Received: from x (', 'a.b 1.2.3.4 ', `)${DATE}`),
  },
  {
    id: 'pasted',
    label: 'a field of short lines without folding',
    raw: filled('Subject: x\n', 'a b\n', ''),
  },
];
