import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeMessage, presentReport, type Report } from '../src/core/index.ts';

/**
 * The trust model as a property (docs/trust-model.md): inserting any sender-side block — a
 * forged Authentication-Results, Received-SPF, ARC set, or a fake `Received ... by <receiver>`
 * with results under it — claiming the receiver, a mailbox provider or a look-alike, at any
 * position the sender can write, never changes the verdict and always raises
 * `untrusted-auth-header`. Run against every genuine provider fixture; where the sender's part
 * of each starts is written down here, from reading the fixture, not asked of the analyzer.
 * FC_RUNS_FACTOR multiplies the runs (CI runs the default).
 */

const RUNS = Math.ceil(400 * (Number(process.env['FC_RUNS_FACTOR'] ?? '1') || 1));

interface Genuine {
  file: string;
  /** The sender's part starts after the `nth` field (0-based) whose first line starts so. */
  after: string;
  nth?: number;
  /** The receiver's own names a forger would copy. */
  receiverIds: string[];
}

const GMAIL = ['mx.google.com', 'google.com'];
const GENUINE: Genuine[] = [
  ...[
    'gmail-dkim-body-hash',
    'gmail-dkim-no-key',
    'gmail-dmarc-reject',
    'gmail-ipv6-neutral',
    'gmail-pass',
    'gmail-permerror',
    'gmail-softfail',
    'gmail-spf-none',
    'gmail-temperror',
    'gmail-to-gmail',
    'gmail-two-dkim',
    'gmail-workspace-gateway',
  ].map((f) => ({
    file: `${f}.eml`,
    after: 'Authentication-Results: mx.google.com',
    receiverIds: GMAIL,
  })),
  {
    file: 'gmail-groups.eml',
    after: 'Received-SPF: pass (google.com: domain of carol@',
    receiverIds: [...GMAIL, 'gmr-mx.google.com'],
  },
  {
    file: 'yahoo-pass.eml',
    after: 'Authentication-Results: atlas322',
    receiverIds: ['atlas322.free.mail.bf1.yahoo.com', 'yahoo.com'],
  },
  {
    file: 'aol-softfail.eml',
    after: 'Authentication-Results: atlas-production',
    receiverIds: ['atlas-production.v2-mail-prod1-gq1.omega.yahoo.com', 'aol.com'],
  },
  {
    file: 'fastmail-pass.eml',
    after: 'Received: from mail.example.org (mail.example.org [198.51.100.3])',
    receiverIds: ['mx3.messagingengine.com', 'messagingengine.com', 'fastmail.com'],
  },
  {
    file: 'icloud-softfail.eml',
    after: 'Received: from mx.example.net (mx.example.net [192.0.2.33])',
    receiverIds: ['spf.icloud.com', 'dmarc.icloud.com', 'icloud.com'],
  },
  {
    file: 'm365-compauth-pass.eml',
    after: 'X-IncomingTopHeaderMarker:',
    receiverIds: ['protection.outlook.com', 'outlook.com', ''],
  },
  {
    file: 'm365-oreject.eml',
    after: 'X-IncomingTopHeaderMarker:',
    receiverIds: ['protection.outlook.com', 'outlook.com', ''],
  },
  {
    file: 'outlook-bestguesspass.eml',
    after: 'X-IncomingTopHeaderMarker:',
    receiverIds: ['protection.outlook.com', 'outlook.com', ''],
  },
  {
    file: 'postfix-policyd.eml',
    after: 'Received: from mx.example.org (mx.example.org [IPv6',
    receiverIds: ['mail.example.net', 'example.net'],
  },
  {
    file: 'trust/gmail-to-gmail-forward-two-genuine-blocks.eml',
    after: 'Authentication-Results: mx.google.com',
    nth: 1,
    receiverIds: GMAIL,
  },
  {
    file: 'trust/m365-forward-to-gmail-earlier-microsoft-block.eml',
    after: 'Received: from mail.example.com (203.0.113.5) by',
    receiverIds: [...GMAIL, 'outlook.com'],
  },
];

/** Field boundaries of a message: line indexes where a field starts, up to the empty line. */
function split(raw: string): { lines: string[]; starts: number[]; end: number } {
  const lines = raw.split(/\r?\n/);
  const end = lines.findIndex((l) => l === '');
  const starts: number[] = [];
  for (let i = 0; i < end; i += 1) if (!/^[ \t]/.test(lines[i] ?? '')) starts.push(i);
  return { lines, starts, end };
}

/** Line indexes where a sender-side field may be inserted: every field boundary after the
 * receiver's part, down to the empty line. */
function senderPositions(g: Genuine, raw: string): number[] {
  const { lines, starts, end } = split(raw);
  const matches = starts.filter((i) => (lines[i] ?? '').startsWith(g.after));
  const at = matches[g.nth ?? 0];
  if (at === undefined) throw new Error(`${g.file}: no field starting with ${g.after}`);
  const next = starts.filter((i) => i > at);
  return [...next, end];
}

const PROVIDER_IDS = [
  'mx.google.com',
  'google.com',
  'gmail.com',
  'outlook.com',
  'protection.outlook.com',
  'yahoo.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'messagingengine.com',
  'fastmail.com',
];

/** A name a forger would use instead of `id`: the name itself or a look-alike. */
function lookAlikes(id: string): fc.Arbitrary<string> {
  const variants = [
    id,
    id.toUpperCase(),
    `${id}.`,
    `${id}.evil.example`,
    id.replace('o', '\u043e'), // Cyrillic о
    id.replace('a', '\u0430'), // Cyrillic а
    id.replace('e', '\u0435'), // Cyrillic е
    id.replace('.', '\u200b.'), // a zero-width space
    id.replace('l', '1'),
  ];
  return fc.constantFrom(...variants.filter((v) => v.length > 0));
}

const METHODS = ['spf', 'dkim', 'dmarc', 'arc', 'compauth'] as const;
const RESULT_WORDS = ['pass', 'fail', 'softfail', 'none', 'neutral'] as const;
const IP = fc.constantFrom('198.51.100.66', '203.0.113.5', '10.0.0.1', '2001:db8::66');

const resultList = fc
  .uniqueArray(fc.constantFrom(...METHODS), { minLength: 1, maxLength: 5 })
  .chain((methods) =>
    fc.tuple(...methods.map((m) => fc.constantFrom(...RESULT_WORDS).map((r) => ({ m, r })))),
  )
  .map((rs) =>
    rs
      .map(({ m, r }) => {
        if (m === 'spf') return `spf=${r} smtp.mailfrom=bounce@example.com`;
        if (m === 'dkim') return `dkim=${r} header.d=example.com header.i=@example.com`;
        if (m === 'dmarc') return `dmarc=${r} (p=REJECT) header.from=example.com`;
        return `${m}=${r}`;
      })
      .join(';\r\n\t'),
  );

/** One forged block: the fields, all claiming `claim`. */
function forgedBlock(claim: string, receiverHost: string): fc.Arbitrary<string[]> {
  const org = claim.split('.').slice(-2).join('.');
  const ar = resultList.map((results) =>
    claim === ''
      ? `Authentication-Results: ${results}`
      : `Authentication-Results: ${claim};\r\n\t${results}`,
  );
  const spf = fc
    .tuple(fc.constantFrom(...RESULT_WORDS), IP)
    .map(
      ([r, ip]) =>
        `Received-SPF: ${r} (${claim || 'protection.outlook.com'}: domain of bounce@example.com designates ${ip} as permitted sender) receiver=${claim || 'protection.outlook.com'}; client-ip=${ip};`,
    );
  const arc = fc
    .tuple(fc.integer({ min: 1, max: 3 }), resultList)
    .map(([i, results]) => [
      `ARC-Seal: i=${i}; a=rsa-sha256; t=1709550669; cv=pass;\r\n\td=${org || 'google.com'}; s=arc-20160816; b=Zm9vYmFy`,
      `ARC-Message-Signature: i=${i}; a=rsa-sha256; c=relaxed/relaxed; d=${org || 'google.com'}; s=arc-20160816;\r\n\th=from:to:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=Zm9vYmFy`,
      `ARC-Authentication-Results: i=${i}; ${claim || 'mx.microsoft.com'};\r\n\t${results}`,
    ]);
  const hop = IP.map(
    (ip) =>
      `Received: from mail.example.com (mail.example.com. [${ip}])\r\n\tby ${receiverHost} with ESMTPS id a1si1;\r\n\tMon, 04 Mar 2024 03:11:07 -0800 (PST)`,
  );
  return fc.oneof(
    ar.map((f) => [f]),
    spf.map((f) => [f]),
    arc,
    fc
      .tuple(hop, fc.oneof(ar, spf), fc.option(ar, { nil: undefined }))
      .map(([h, a, b]) => (b === undefined ? [h, a] : [h, a, b])),
  );
}

/** What the verdict is made of: none of it may move. */
function verdictOf(r: Report): unknown {
  return {
    spf: [
      r.spf.result,
      r.spf.clientIp,
      r.spf.domain,
      r.spf.identity,
      r.spf.mailFrom,
      r.spf.helo,
      r.spf.gateway,
    ],
    dkim: r.dkim.map((d) => [d.result, d.domain, d.selector, d.aligned]),
    dmarc: [r.dmarc.result, r.dmarc.policy, r.dmarc.headerFrom],
    arc: r.arc.result,
    compauth: r.compauth,
    authservId: r.authservId,
  };
}

const forgeries = (r: Report): number =>
  r.warnings.filter((w) => w.code === 'untrusted-auth-header').length;

describe('no sender-side block moves the verdict, and every one is flagged', () => {
  for (const g of GENUINE) {
    const raw = readFileSync(new URL(`./fixtures/${g.file}`, import.meta.url), 'utf8');
    const base = analyzeMessage(raw);
    const positions = senderPositions(g, raw);
    const receiverHost = base.hops.find((h) => h.inbound)?.by ?? 'mx.example.net';
    it(`${g.file}: the baseline has no forgery warning and a verdict`, () => {
      expect(forgeries(base)).toBe(0);
      expect(base.authservId !== null || base.spf.result !== null).toBe(true);
    });
    it(`${g.file}: ${RUNS} insertions at ${positions.length} positions`, () => {
      const claim = fc.oneof(
        fc
          .constantFrom(...g.receiverIds)
          .chain((id) => (id === '' ? fc.constant('') : lookAlikes(id))),
        fc.constantFrom(...PROVIDER_IDS).chain(lookAlikes),
      );
      fc.assert(
        fc.property(
          claim.chain((c) => fc.tuple(fc.constant(c), forgedBlock(c, receiverHost))),
          fc.constantFrom(...positions),
          ([, block], at) => {
            const { lines } = split(raw);
            const forged = [
              ...lines.slice(0, at),
              ...block.flatMap((f) => f.split('\r\n')),
              ...lines.slice(at),
            ].join('\r\n');
            const r = analyzeMessage(forged);
            expect(verdictOf(r)).toEqual(verdictOf(base));
            expect(forgeries(r)).toBeGreaterThan(0);
            // What the reader is told: suspicious, and a caution — never a record to publish
            // or a mechanism to add, which would authorize whoever forged the results.
            expect(r.verdict.status).toBe('suspicious');
            expect(r.spf.fix).toBeNull();
            expect(r.hints.filter((h) => h.record !== null)).toEqual([]);
            const action = presentReport(r).action;
            expect(action).toMatchObject({ kind: 'caution', record: null, add: null });
          },
        ),
        { numRuns: RUNS },
      );
    });
  }
});
