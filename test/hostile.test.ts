import { describe, expect, it } from 'vitest';
import { analyzeMessage, type Report } from '../src/core/index.ts';
import { LIMITS } from '../src/core/limits.ts';
import {
  SENDER_HOP_IP,
  SENDER_RECEIVED_INDEX,
  gmailParts,
  gmailWithSenderFields,
  joinMessage,
  type GmailOptions,
} from './helpers/gmail-message.ts';
import { growth } from './helpers/measure.ts';
import { assertReportShape } from './helpers/report-shape.ts';

/**
 * Hostile input (docs/trust-model.md; limits in src/core/limits.ts): forged authentication results, client-IP tricks, parser bombs, prototype keys,
 * markup in values, odd line breaks. Cost is counted in work units (test/helpers/measure.ts),
 * never timed: the same input shape at two sizes, and the units per character.
 */

/** Analyzes, checks the report against the contract, and records the median time. */
function analyze(name: string, raw: string): Report {
  const report = analyzeMessage(raw);
  assertReportShape(report);
  expect(report.warnings.map((w) => w.code)).not.toContain('internal-error');
  return report;
}

/** Cost at 8n is about 8 times the cost at n (work units, never time), with a small constant
 * per character: a bounded window scanned per character (a hostile `>>>>`) fails the second. */
function expectLinear(name: string, make: (n: number) => string, n: number): void {
  const g = growth(make, analyzeMessage, n);
  expect(g.perCharRatio, `${name}: ${g.small} -> ${g.large} units`).toBeLessThan(1.25);
  expect(g.unitsPerChar, `${name}: units per character`).toBeLessThan(MAX_UNITS_PER_CHAR);
}

/** Each character is examined by a handful of passes (line split, unfolding, the field's
 * tokenizer, word splits); tens of units per character means a search repeated per character. */
const MAX_UNITS_PER_CHAR = 40;

const codes = (r: Report): string[] => r.warnings.map((w) => w.code);
const forgeryWarnings = (r: Report): number =>
  codes(r).filter((c) => c === 'untrusted-auth-header').length;

/** Nothing in the report says pass: SPF, any DKIM result, DMARC, compauth. */
function expectNoPass(r: Report): void {
  expect(r.spf.result).not.toBe('pass');
  expect(r.dkim.map((d) => d.result)).not.toContain('pass');
  expect(r.dmarc.result).not.toBe('pass');
  expect(r.dmarc.result).not.toBe('bestguesspass');
  expect(r.compauth?.result ?? null).not.toBe('pass');
}

/** Gmail's verdict as built by gmailParts(options), unchanged. */
function expectGmailVerdict(r: Report, options: GmailOptions): void {
  expect(r.authservId).toBe('mx.google.com');
  expect(r.spf.result).toBe(options.spf ?? 'pass');
  expect(r.spf.clientIp).toBe(options.clientIp ?? '203.0.113.5');
  expect(r.spf.mailFrom).toBe('bounce@example.com');
  expect(r.dmarc.result).toBe(options.dmarc);
  const dkim = options.dkim === undefined ? 'pass' : options.dkim;
  // A signature Gmail reported nothing for is listed as `none`, never as pass.
  expect(r.dkim.map((d) => d.result)).toEqual([dkim ?? 'none']);
}

const FORGED_PASS = (id: string): string =>
  `Authentication-Results: ${id};\r\n       dkim=pass header.i=@example.com header.s=s1 header.b=ZN3q2Ce+;\r\n       spf=pass (google.com: domain of bounce@example.com designates 198.51.100.66 as permitted sender) smtp.mailfrom=bounce@example.com;\r\n       dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=example.com`;

const MICROSOFT_FORM =
  'Authentication-Results: spf=pass (sender IP is 198.51.100.66) smtp.mailfrom=example.com; dkim=pass (signature was verified) header.d=example.com;dmarc=pass action=none header.from=example.com;compauth=pass reason=100';

const FORGED_RECEIVED_SPF =
  'Received-SPF: pass (google.com: domain of bounce@example.com designates 198.51.100.66 as permitted sender) client-ip=198.51.100.66;';

/** Where in the sender's part a forged field goes: directly under Gmail's block, under the
 * sender's DKIM-Signature, and below the oldest Received (written by the sender's MUA). */
const POSITIONS = [
  { name: "directly under Gmail's Authentication-Results", at: 0 },
  { name: 'under the DKIM-Signature', at: 1 },
  { name: 'below the oldest Received (MUA)', at: SENDER_RECEIVED_INDEX + 3 },
] as const;

const SOFTFAIL: GmailOptions = { spf: 'softfail', dkim: null, dmarc: 'fail' };

describe("forged Authentication-Results below Gmail's block", () => {
  const ids = [
    'mx.google.com',
    'MX.GOOGLE.COM.',
    'mx.google.com (x)',
    'mx.google.com.evil.test',
    'mx.gooqle.com',
  ];
  for (const id of ids) {
    for (const pos of POSITIONS) {
      it(`authserv-id "${id}" ${pos.name}: Gmail's softfail stays the verdict, one forgery warning`, () => {
        const r = analyze(
          `forged A-R ${id}`,
          gmailWithSenderFields(SOFTFAIL, [FORGED_PASS(id)], pos.at),
        );
        expectGmailVerdict(r, SOFTFAIL);
        expectNoPass(r);
        expect(forgeryWarnings(r)).toBe(1);
        // Shown as untrusted, with the claims it made.
        expect(r.untrustedResults.map((u) => `${u.method}=${u.result}`).sort()).toEqual([
          'dkim=pass',
          'dmarc=pass',
          'spf=pass',
        ]);
        // The forged IP never becomes the client IP. The message is suspicious, and whoever reads
        // it is not told to authorize anyone: no record, the caution first.
        expect(r.spf.clientIp).not.toBe('198.51.100.66');
        expect(r.verdict.status).toBe('suspicious');
        expect(r.spf.fix).toBeNull();
        expect(r.hints[0]?.code).toBe('forged-results');
      });
    }
  }

  it("another Google server's id (gmr-mx.google.com) under Gmail's block is still flagged", () => {
    const r = analyze(
      'forged gmr-mx',
      gmailWithSenderFields(SOFTFAIL, [FORGED_PASS('gmr-mx.google.com')], 0),
    );
    expectGmailVerdict(r, SOFTFAIL);
    expect(forgeryWarnings(r)).toBe(1);
  });

  it("a forged 'earlier Google server' block (fake Received by gmr-mx.google.com) never changes the verdict", () => {
    const fakeHop =
      'Received: from mail.example.com (mail.example.com. [198.51.100.66])\r\n        by gmr-mx.google.com with ESMTPS id q9; Mon, 04 Mar 2024 03:11:07 -0800 (PST)';
    const r = analyze(
      'forged earlier block',
      gmailWithSenderFields(
        SOFTFAIL,
        [FORGED_RECEIVED_SPF, FORGED_PASS('gmr-mx.google.com'), fakeHop],
        0,
      ),
    );
    // Gmail's inbound hop came from the sender, not from a Google server: nothing under it is
    // Google's, so the block is flagged (both fields) and never a verdict.
    expectGmailVerdict(r, SOFTFAIL);
    expectNoPass(r);
    expect(forgeryWarnings(r)).toBe(2);
  });

  it('normalizes the claimed authserv-ids it shows (case, trailing dot, comment)', () => {
    const forged = ['MX.GOOGLE.COM.', 'mx.google.com (x)'].map(FORGED_PASS);
    const r = analyze('forged A-R, two variants', gmailWithSenderFields(SOFTFAIL, forged));
    expect(new Set(r.untrustedResults.map((u) => u.authservId))).toEqual(
      new Set(['mx.google.com']),
    );
    expect(forgeryWarnings(r)).toBe(2);
  });

  for (const pos of POSITIONS) {
    it(`Microsoft-form A-R without authserv-id ${pos.name}: ignored in a Gmail message`, () => {
      const r = analyze(
        'Microsoft-form A-R',
        gmailWithSenderFields(SOFTFAIL, [MICROSOFT_FORM], pos.at),
      );
      expectGmailVerdict(r, SOFTFAIL);
      expectNoPass(r);
      expect(r.compauth).toBeNull();
      expect(forgeryWarnings(r)).toBe(1);
    });
  }

  for (const spf of ['fail', 'softfail'] as const) {
    it(`forged spf=pass when Gmail says spf=${spf}: the verdict stays ${spf}`, () => {
      const options: GmailOptions = { spf, dkim: 'fail', dmarc: 'fail' };
      const r = analyze(
        `forged spf=pass over ${spf}`,
        gmailWithSenderFields(options, [FORGED_PASS('mx.google.com')]),
      );
      expectGmailVerdict(r, options);
      expectNoPass(r);
      expect(forgeryWarnings(r)).toBe(1);
      expect(r.verdict.status).toBe('suspicious');
      expect(r.hints.map((h) => h.code)).toEqual(['forged-results']);
    });
  }

  it("forged dkim=pass when Gmail's results have no dkim: the signature stays unverified (none)", () => {
    const forged =
      'Authentication-Results: mx.google.com; dkim=pass header.d=example.com header.s=s1 header.b=ZN3q2Ce+';
    const options: GmailOptions = { spf: 'pass', dkim: null, dmarc: 'pass' };
    const r = analyze('forged dkim=pass', gmailWithSenderFields(options, [forged]));
    expect(r.dkim).toHaveLength(1);
    expect(r.dkim[0]?.result).toBe('none');
    expect(r.dkim[0]?.domain).toBe('example.com');
    expect(forgeryWarnings(r)).toBe(1);
  });

  for (const pos of POSITIONS) {
    it(`forged Received-SPF pass ${pos.name}: SPF and client IP stay Gmail's`, () => {
      const r = analyze(
        'forged Received-SPF',
        gmailWithSenderFields(SOFTFAIL, [FORGED_RECEIVED_SPF], pos.at),
      );
      expectGmailVerdict(r, SOFTFAIL);
      expect(r.spf.clientIpSource).toBe('received-spf');
      expect(forgeryWarnings(r)).toBe(1);
    });
  }

  it('a forged Received-SPF and Authentication-Results pair: one warning each', () => {
    const r = analyze(
      'forged pair',
      gmailWithSenderFields(SOFTFAIL, [FORGED_RECEIVED_SPF, FORGED_PASS('mx.google.com')]),
    );
    expectGmailVerdict(r, SOFTFAIL);
    expect(forgeryWarnings(r)).toBe(2);
  });

  it('auth headers written by the MUA (below the oldest Received) are flagged as written before any server', () => {
    const forged = [FORGED_RECEIVED_SPF, FORGED_PASS('mx.google.com'), MICROSOFT_FORM];
    const r = analyze(
      'MUA-written auth headers',
      gmailWithSenderFields(SOFTFAIL, forged, SENDER_RECEIVED_INDEX + 4),
    );
    expectGmailVerdict(r, SOFTFAIL);
    expect(forgeryWarnings(r)).toBe(3);
    expect(r.untrustedResults.length).toBeGreaterThanOrEqual(3);
    for (const u of r.untrustedResults) expect(u.why).toMatch(/before any mail server/);
  });

  it("a forged failure does not downgrade Gmail's pass either", () => {
    const forged =
      'Authentication-Results: mx.google.com; spf=fail smtp.mailfrom=bounce@example.com; dkim=fail; dmarc=fail';
    const options: GmailOptions = { spf: 'pass', dkim: 'pass', dmarc: 'pass' };
    const r = analyze('forged fail over pass', gmailWithSenderFields(options, [forged]));
    expectGmailVerdict(r, options);
    expect(r.spf.fix).toBeNull();
    expect(forgeryWarnings(r)).toBe(1);
  });
});

describe("unknown result words in the receiver's own results", () => {
  for (const word of ['ass', 'passed', 'pass2', '"pass "', 'pass\u0000']) {
    it(`${JSON.stringify(word)} is dropped with a warning, never read as pass`, () => {
      const microsoft = [
        'Received: from DM6PR02CA0045.namprd02.prod.outlook.com (2603:10b6:5:177::22) by SA1PR12MB8123.namprd12.prod.outlook.com (2603:10b6:806:33b::14) with Microsoft SMTP Server id 15.20.7386.31; Mon, 4 Mar 2024 11:11:09 +0000',
        `Authentication-Results: spf=${word} (sender IP is 203.0.113.25) smtp.mailfrom=example.com; dkim=${word} (signature was verified) header.d=example.com;dmarc=${word} action=none header.from=example.com;compauth=${word} reason=100`,
        `Received-SPF: ${word} (protection.outlook.com: domain of example.com designates 203.0.113.25 as permitted sender) receiver=protection.outlook.com; client-ip=203.0.113.25; helo=mail.example.com; pr=C`,
        'Received: from mail.example.com (203.0.113.25) by DS1PEPF00017092.mail.protection.outlook.com (10.167.18.196) with Microsoft SMTP Server id 15.20.7386.12 via Frontend Transport; Mon, 4 Mar 2024 11:11:08 +0000',
        'From: shop@example.com',
      ];
      const r = analyze(`unknown result ${word}`, joinMessage(microsoft));
      expectNoPass(r);
      expect(r.spf.result).toBeNull();
      expect(r.compauth).toBeNull();
      expect(r.dkim).toEqual([]);
      expect(r.dmarc.result).toBeNull();
      expect(codes(r)).toContain('unknown-result');
      // The receiver and client IP are still known: the block itself was trusted.
      expect(r.spf.clientIp).toBe('203.0.113.25');
    });
  }
});

describe("the receiver wrote no results: the topmost results are the sender's", () => {
  const senderHop =
    'Received: from app01.internal.example.com (app01.internal.example.com [10.0.0.12])\r\n\tby mail.example.com (Postfix) with ESMTP id 4TpQ1x2y3z; Mon,  4 Mar 2024 11:11:07 +0000';
  const tail = [
    'Date: Mon, 04 Mar 2024 11:11:05 +0000',
    'From: shop@example.com',
    'To: bob@example.net',
    'Subject: hi',
  ];
  const inbound = (
    by: string,
    from = 'mail.example.com (mail.example.com [203.0.113.5])',
  ): string =>
    `Received: from ${from}\r\n\tby ${by} with ESMTPS id 4T; Mon, 04 Mar 2024 03:11:08 -0800`;
  const internal =
    'Received: from mx.receiver.test (localhost [127.0.0.1])\r\n\tby store.receiver.test with LMTP id 5; Mon, 04 Mar 2024 03:11:09 -0800';

  const receivers = [
    'mx.receiver.test',
    'mailhost',
    '10.1.2.3',
    '[10.1.2.3]',
    'BN8NAM11FT011.mail.protection.outlook.com',
    'mta1.mail.ir2.yahoo.com',
    'mx1.messagingengine.com',
  ];
  const forgeries = [
    {
      name: 'A-R mx.google.com',
      fields: [
        'Authentication-Results: mx.google.com; spf=pass smtp.mailfrom=bounce@example.com; dkim=pass header.d=example.com; dmarc=pass header.from=example.com',
      ],
    },
    { name: 'Received-SPF google.com', fields: [FORGED_RECEIVED_SPF] },
    { name: 'Gmail pair', fields: [FORGED_RECEIVED_SPF, FORGED_PASS('mx.google.com')] },
    { name: 'Microsoft form', fields: [MICROSOFT_FORM] },
  ];
  for (const by of receivers) {
    for (const f of forgeries) {
      for (const shape of [
        'with the sender hop below',
        'direct to MX',
        'under an internal hop',
      ] as const) {
        it(`receiver "by ${by}", forged ${f.name}, ${shape}: no pass`, () => {
          const fields = [
            ...(shape === 'under an internal hop' ? [internal] : []),
            inbound(by),
            ...f.fields,
            ...(shape === 'direct to MX' ? [] : [senderHop]),
            ...tail,
          ];
          const r = analyze(`no receiver results: ${by} / ${f.name}`, joinMessage(fields));
          expectNoPass(r);
          expect(r.authservId).toBeNull();
          expect(forgeryWarnings(r)).toBeGreaterThanOrEqual(1);
          // The client IP, when shown, is the receiver's own record of the connection.
          if (r.spf.clientIp !== null) expect(r.spf.clientIp).toBe('203.0.113.5');
        });
      }
    }
  }

  it("results named after the sender's own server (mail.example.com) are not the receiver's", () => {
    for (const withSenderHop of [true, false]) {
      const forged =
        'Authentication-Results: mail.example.com; spf=pass smtp.mailfrom=bounce@example.com; dkim=pass header.d=example.com; dmarc=pass header.from=example.com';
      const fields = [
        inbound('mx.receiver.test'),
        forged,
        ...(withSenderHop ? [senderHop] : []),
        ...tail,
      ];
      const r = analyze('sender-named authserv-id', joinMessage(fields));
      expectNoPass(r);
      expect(codes(r)).toContain('no-trusted-results');
    }
  });

  // The sending host's names are the sender's to choose: a HELO (or the rDNS of its own IP)
  // naming a provider must not make the receiver's inbound hop look like that provider's
  // internal hop, which would lend the sender-written block below it the provider's trust.
  const providerBlocks = [
    {
      provider: 'Microsoft',
      helo: 'mail.protection.outlook.com',
      fields: [
        MICROSOFT_FORM,
        'Received: from app01 (app01 [10.0.0.12]) by BN8NAM11FT011.mail.protection.outlook.com (10.13.177.1) with Microsoft SMTP Server; Mon, 04 Mar 2024 11:11:07 +0000',
      ],
    },
    {
      provider: 'Fastmail',
      helo: 'mx2.messagingengine.com',
      fields: [
        'Authentication-Results: mx1.messagingengine.com; spf=pass smtp.mailfrom=example.com; dkim=pass header.d=example.com; dmarc=pass header.from=example.com',
        'Received: from app01 (app01 [10.0.0.12]) by mx1.messagingengine.com (Postfix); Mon, 04 Mar 2024 11:11:07 +0000',
      ],
    },
  ];
  for (const b of providerBlocks) {
    for (const from of [
      `${b.helo} (unknown [203.0.113.5])`,
      `mail.example.com (${b.helo} [203.0.113.5])`,
    ]) {
      it(`a HELO/rDNS claiming ${b.provider} (${from}) does not make a forged ${b.provider} block trusted`, () => {
        const r = analyze(
          `provider-named HELO: ${b.provider}`,
          joinMessage([inbound('mx.receiver.test', from), ...b.fields, ...tail]),
        );
        expectNoPass(r);
        // The sender-written hop's private address never becomes the client IP.
        expect(r.spf.clientIp).not.toBe(SENDER_HOP_IP);
        expect(r.hops.find((h) => h.inbound)?.by).toBe('mx.receiver.test');
      });
    }
  }

  it('a comment smuggled in with the HELO text does not make the inbound hop internal', () => {
    for (const helo of ['x([10.0.0.1])', 'x ([10.0.0.1])']) {
      const fields = [
        inbound('mx.receiver.test', `${helo} (mail.example.com [203.0.113.5])`),
        ...(providerBlocks[0]?.fields ?? []),
        ...tail,
      ];
      const r = analyze('HELO comment injection', joinMessage(fields));
      expectNoPass(r);
      expect(r.hops.find((h) => h.by === 'mx.receiver.test')?.ip).toBe('203.0.113.5');
    }
  });

  it("Gmail wrote no results: forged fields below the sender's first hop never pass", () => {
    const { receiver, sender } = gmailParts({ receivedSpf: false, authenticationResults: false });
    // Drop Gmail's ARC-Authentication-Results too: it is informational and must not matter.
    for (const keepArc of [true, false]) {
      const top = keepArc ? receiver : receiver.filter((f) => !f.startsWith('ARC-'));
      for (let at = SENDER_RECEIVED_INDEX + 1; at <= sender.length; at += 1) {
        const forged = [FORGED_RECEIVED_SPF, FORGED_PASS('mx.google.com'), MICROSOFT_FORM];
        const r = analyzeMessage(
          joinMessage([...top, ...sender.slice(0, at), ...forged, ...sender.slice(at)]),
        );
        assertReportShape(r);
        expectNoPass(r);
        expect(forgeryWarnings(r)).toBe(3);
      }
    }
  });
});

describe('client IP', () => {
  const heloLiteral = '[198.51.100.77] (host.example.net. [203.0.113.9])';

  it('HELO IP literal: the client IP is the TCP-info address, never the HELO literal', () => {
    const options: GmailOptions = {
      spf: 'softfail',
      dkim: null,
      dmarc: 'fail',
      clientIp: '203.0.113.9',
      inboundFrom: heloLiteral,
    };
    const r = analyze('HELO literal', joinMessage(Object.values(gmailParts(options)).flat()));
    expect(r.spf.clientIp).toBe('203.0.113.9');
    const hop = r.hops.find((h) => h.inbound);
    expect(hop?.ip).toBe('203.0.113.9');
    expect(hop?.helo).toBe('[198.51.100.77]');
    expect(hop?.rdns).toBe('host.example.net');
    expect(JSON.stringify(r.spf)).not.toContain('198.51.100.77');
  });

  it("HELO IP literal and no address in the trusted results: the inbound hop's TCP-info address", () => {
    // spf=none's comment names no IP and there is no Received-SPF: the hop is the only source.
    const options: GmailOptions = {
      spf: 'none',
      dkim: null,
      dmarc: 'fail',
      receivedSpf: false,
      inboundFrom: heloLiteral,
    };
    const r = analyze(
      'HELO literal, hop only',
      joinMessage(Object.values(gmailParts(options)).flat()),
    );
    expect(r.spf.clientIp).toBe('203.0.113.9');
    expect(r.spf.clientIpSource).toBe('inbound-hop');
  });

  for (const from of [
    'x([198.51.100.77]) (host.example.net. [203.0.113.9])',
    'x ([198.51.100.77]) (host.example.net. [203.0.113.9])',
    '[IPv6:2001:db8::77] (host.example.net. [203.0.113.9])',
    'unknown (HELO [198.51.100.77]) (203.0.113.9)',
    'host.example.net ([203.0.113.9] helo=[198.51.100.77])',
    // HELO text imitating Exim's comment, in front of the receiver's own TCP-info.
    '[198.51.100.77] (port=25 helo=x) (host.example.net. [203.0.113.9])',
  ]) {
    it(`HELO text in other forms: ${from}`, () => {
      const options: GmailOptions = {
        spf: 'none',
        dkim: null,
        dmarc: 'fail',
        receivedSpf: false,
        inboundFrom: from,
      };
      const r = analyze('HELO forms', joinMessage(Object.values(gmailParts(options)).flat()));
      expect(r.spf.clientIp).toBe('203.0.113.9');
    });
  }

  it("an inbound hop without an address: the client IP is unknown, never a lower hop's", () => {
    const options: GmailOptions = {
      spf: 'none',
      dkim: null,
      dmarc: 'fail',
      receivedSpf: false,
      inboundFrom: '[198.51.100.77] (host.example.net.)',
    };
    const { receiver, sender } = gmailParts(options);
    const lower =
      'Received: from relay.example.com (relay.example.com [198.51.100.200])\r\n\tby mail.example.com with ESMTPS id 9; Mon, 04 Mar 2024 11:11:06 +0000';
    const r = analyze(
      'inbound hop without address',
      joinMessage([...receiver, ...sender.slice(0, 2), lower, ...sender.slice(2)]),
    );
    expect(r.spf.clientIp).toBeNull();
    expect(r.spf.clientIpSource).toBeNull();
    expect(r.spf.fix).toBeNull();
    expect(r.hops.map((h) => h.ip)).toEqual(
      expect.arrayContaining(['198.51.100.200', SENDER_HOP_IP]),
    );
  });

  it('a forged Received-SPF client-ip below the block never becomes the client IP', () => {
    const options: GmailOptions = {
      spf: 'none',
      dkim: null,
      dmarc: 'fail',
      receivedSpf: false,
      inboundFrom: '[198.51.100.77] (host.example.net.)',
    };
    const { receiver, sender } = gmailParts(options);
    const r = analyze(
      'forged client-ip',
      joinMessage([...receiver, FORGED_RECEIVED_SPF, ...sender]),
    );
    expect(r.spf.clientIp).toBeNull();
    expect(r.spf.result).toBe('none');
  });
});

describe('attached message/rfc822', () => {
  const attached = [
    'Received: from x.example.org (x.example.org [198.51.100.1]) by mx.google.com with ESMTPS id 1; Mon, 04 Mar 2024 03:11:08 -0800',
    'Received-SPF: pass (google.com: domain of a@example.org designates 198.51.100.1 as permitted sender) client-ip=198.51.100.1;',
    'Authentication-Results: mx.google.com; spf=pass smtp.mailfrom=a@example.org; dkim=pass header.d=example.org; dmarc=pass header.from=example.org',
    'DKIM-Signature: v=1; a=rsa-sha256; d=example.org; s=inner; h=from; bh=x; b=abc',
    'From: inner@example.org',
    'Subject: inner',
  ].join('\r\n');
  const body = `--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n${attached}\r\n\r\ninner body\r\n--b--\r\n`;

  it("headers after the first empty line are ignored: Gmail's softfail stays, no trace of the inner message", () => {
    const { receiver, sender } = gmailParts(SOFTFAIL);
    const outer = [
      ...receiver,
      ...sender.filter((f) => !f.startsWith('Content-Type')),
      'Content-Type: multipart/mixed; boundary="b"',
    ];
    const r = analyze('attached message/rfc822', joinMessage(outer, body));
    expectGmailVerdict(r, SOFTFAIL);
    expect(r.hops).toHaveLength(3);
    expect(r.dkimSignatures.map((s) => s.selector)).toEqual(['s1']);
    expect(r.untrustedResults).toEqual([]);
    expect(forgeryWarnings(r)).toBe(0);
    expect(r.message.subject).toBe('Your order');
  });

  it('a message whose only auth headers are in an attachment has no verdict', () => {
    const outer = [
      'Received: from mail.example.com (mail.example.com [203.0.113.5]) by mx.receiver.test with ESMTPS id 1; Mon, 04 Mar 2024 03:11:08 -0800',
      'From: shop@example.com',
      'Content-Type: multipart/mixed; boundary="b"',
    ];
    const r = analyze('attachment only', joinMessage(outer, body));
    expectNoPass(r);
    expect(r.spf.result).toBeNull();
    expect(r.untrustedResults).toEqual([]);
    expect(r.hops).toHaveLength(1);
  });
});

// Growth checks measure inputs up to 8 MB several times; a loaded CI machine needs time for it.
describe('size, nesting and folding bombs', { timeout: 60_000 }, () => {
  const base = (): { receiver: string[]; sender: string[] } => gmailParts(SOFTFAIL);

  it('a 1 MiB single-line header: truncated, flagged, no throw; cost linear', () => {
    const make = (n: number): string => {
      const { receiver, sender } = base();
      return joinMessage([`X-Long: ${'a'.repeat(n)}`, ...receiver, ...sender]);
    };
    const r = analyze('1 MiB single-line header', make(LIMITS.headerSectionChars));
    expect(codes(r)).toEqual(expect.arrayContaining(['truncated', 'long-line']));
    expect(r.input).toBe('message');
    expectLinear('single-line header', make, 1 << 17);
  });

  it("a 900 KB single-line forged Authentication-Results under Gmail's: Gmail's verdict, linear", () => {
    const make = (n: number): string =>
      gmailWithSenderFields(SOFTFAIL, [
        `Authentication-Results: mx.google.com; spf=pass ${'x.y=z '.repeat(n / 6)}`,
      ]);
    const r = analyze('900 KB forged A-R line', make(900_000));
    expectGmailVerdict(r, SOFTFAIL);
    expect(codes(r)).toContain('long-line');
    expectLinear('long A-R line', make, 110_000);
  });

  it('comment-heavy Received and Authentication-Results fields: linear', () => {
    const received = (n: number): string =>
      gmailWithSenderFields(
        SOFTFAIL,
        [
          `Received: from x ${'(a.example [192.0.2.1]) '.repeat(n / 24)}by y; Mon, 04 Mar 2024 11:11:07 +0000`,
        ],
        2,
      );
    const ar = (n: number): string =>
      gmailWithSenderFields(SOFTFAIL, [
        `Authentication-Results: mx.google.com; spf=pass ${'(c) '.repeat(n / 4)}`,
      ]);
    const spf = (n: number): string =>
      gmailWithSenderFields(SOFTFAIL, [
        `Received-SPF: pass ${'(2001:db8::1 example.com) '.repeat(n / 26)}`,
      ]);
    expectGmailVerdict(analyze('comment-heavy Received', received(900_000)), SOFTFAIL);
    expectGmailVerdict(analyze('comment-heavy A-R', ar(900_000)), SOFTFAIL);
    expectGmailVerdict(analyze('comment-heavy Received-SPF', spf(900_000)), SOFTFAIL);
    expectLinear('comment-heavy Received', received, 110_000);
    expectLinear('comment-heavy A-R', ar, 110_000);
    expectLinear('comment-heavy Received-SPF', spf, 110_000);
  });

  it('words of host names and addresses in a Received comment: linear', () => {
    // Every word of a TCP-info comment is tried as an address.
    const make = (n: number): string =>
      gmailWithSenderFields(
        SOFTFAIL,
        [
          `Received: from x (${'mail.example.com 2001:db8::1 '.repeat(n / 29)}) by y; Mon, 04 Mar 2024 11:11:07 +0000`,
        ],
        2,
      );
    expectGmailVerdict(analyze('host-name words in a Received comment', make(900_000)), SOFTFAIL);
    expectLinear('host-name words', make, 110_000);
  });

  it("10^4 nested comments in Gmail's own Authentication-Results: read as text, verdict kept, truncated", () => {
    const { receiver, sender } = base();
    const nest = (depth: number): string => `${'('.repeat(depth)}x${')'.repeat(depth)}`;
    const make = (depth: number): string => {
      const ar = `Authentication-Results: mx.google.com;\r\n       spf=softfail ${nest(depth)} smtp.mailfrom=bounce@example.com;\r\n       dmarc=fail ${nest(depth)} header.from=example.com`;
      return joinMessage([...receiver.slice(0, -1), ar, ...sender]);
    };
    const r = analyze('10^4 nested comments', make(10_000));
    expect(r.spf.result).toBe('softfail');
    expect(r.spf.mailFrom).toBe('bounce@example.com');
    expect(r.dmarc.result).toBe('fail');
    expect(codes(r)).toContain('truncated');
    expectLinear('nested comments', make, 12_000);
  });

  it('10^4 unclosed comments and quotes run to the end of the value without harm', () => {
    const forged = [
      `Authentication-Results: mx.google.com; spf=pass ${'('.repeat(10_000)}`,
      `Received-SPF: pass ${'('.repeat(10_000)} client-ip=198.51.100.66`,
      `Authentication-Results: mx.google.com; spf=pass smtp.mailfrom="${'\\"'.repeat(10_000)}`,
      `Received: from x ${'('.repeat(10_000)} by y; Mon, 04 Mar 2024 11:11:07 +0000`,
    ];
    const r = analyze('unclosed comments and quotes', gmailWithSenderFields(SOFTFAIL, forged));
    expectGmailVerdict(r, SOFTFAIL);
  });

  it('10^5 folded lines in one field, and in a forged Authentication-Results: linear', () => {
    // 10^5 continuation lines of 4 characters each: 400 KB, inside the header-section limit.
    const folded = (n: number): string =>
      gmailWithSenderFields(SOFTFAIL, [`X-Folded: a${'\r\n b'.repeat(n / 4)}`]);
    const foldedAr = (n: number): string =>
      gmailWithSenderFields(SOFTFAIL, [
        `Authentication-Results: mx.google.com;${'\r\n ;'.repeat(n / 4)}\r\n spf=pass`,
      ]);
    expectGmailVerdict(analyze('10^5 folded lines', folded(400_000)), SOFTFAIL);
    const r = analyze('10^5 folded A-R lines', foldedAr(400_000));
    expectGmailVerdict(r, SOFTFAIL);
    expect(forgeryWarnings(r)).toBe(1);
    expectLinear('folded lines', folded, 100_000);
    expectLinear('folded A-R', foldedAr, 100_000);
  });

  it("10^5 folded lines beyond the header-section limit: truncated, Gmail's block (on top) intact", () => {
    const raw = gmailWithSenderFields(SOFTFAIL, [
      `Authentication-Results: mx.google.com;${'\r\n\tspf=pass'.repeat(100_000)}`,
    ]);
    const r = analyze('10^5 folded A-R lines past the limit', raw);
    expect(codes(r)).toContain('truncated');
    expect(r.spf.result).toBe('softfail');
    expect(r.dmarc.result).toBe('fail');
    expectNoPass(r);
  });

  for (const count of [1000, 3000]) {
    it(`${count} each of Received, Authentication-Results, DKIM-Signature and ARC-Seal fields: limits apply`, () => {
      // 4 x 3000 fields also passes the header-field limit: what lies beyond it is not read.
      const many = (line: string): string[] => Array.from({ length: count }, () => line);
      const forged = [
        ...many('Received: from a (a [192.0.2.1]) by b; Mon, 04 Mar 2024 11:11:07 +0000'),
        ...many('Authentication-Results: mx.google.com; spf=pass; dkim=pass header.d=example.com'),
        ...many('DKIM-Signature: v=1; d=example.com; s=s1; b=x'),
        ...many('ARC-Seal: i=1; cv=pass'),
      ];
      const r = analyze(`field floods x${count}`, gmailWithSenderFields(SOFTFAIL, forged));
      expect(r.spf.result).toBe('softfail');
      expect(r.spf.clientIp).toBe('203.0.113.5');
      expect(r.dmarc.result).toBe('fail');
      expectNoPass(r);
      expect(r.hops.length).toBe(LIMITS.receivedFields);
      expect(r.hops.filter((h) => h.inbound).map((h) => h.by)).toEqual(['mx.google.com']);
      expect(r.dkimSignatures.length).toBeLessThanOrEqual(LIMITS.authResultsFields);
      expect(r.untrustedResults.length).toBeLessThanOrEqual(2 * LIMITS.authResultsFields);
      expect(codes(r)).toContain('truncated');
    });
  }

  it('an 8 MB body after a normal header section is never read', () => {
    const { receiver, sender } = base();
    const make = (n: number): string =>
      joinMessage([...receiver, ...sender], `${'body line\r\n'.repeat(n / 11)}`);
    const short = analyzeMessage(make(11));
    const r = analyze('8 MB body', make(8_000_000));
    expect(r).toEqual(short);
    // Constant cost: the body is never read, so 8x the body costs the same work.
    expect(growth(make, analyzeMessage, 1_000_000).ratio).toBeLessThan(1.01);
  });

  it('a delivery-status notification with an 8 MB body reads a bounded prefix', () => {
    const head = [
      'From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
      'Subject: Delivery Status Notification (Failure)',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
    ];
    const make = (n: number): string =>
      joinMessage(
        head,
        `--b\r\n\r\n${'x'.repeat(n)}\r\n550-5.7.26 Unauthenticated email is not accepted\r\n`,
      );
    analyze('8 MB bounce body', make(8_000_000));
    // Only a bounded prefix of the body is read: 8x the body costs the same work.
    expect(growth(make, analyzeMessage, 1_000_000).ratio).toBeLessThan(1.01);
  });
});

/** Every own key of every object in `value`, recursively. */
function allKeys(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(allKeys);
  return Object.keys(value).flatMap((k) => [k, ...allKeys((value as Record<string, unknown>)[k])]);
}

describe('prototype keys', () => {
  const keys = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'];

  it('as A-R methods and properties, DKIM/ARC tags, Received-SPF keys and header names', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const props = keys.map((k) => `${k}=x ${k}.polluted=yes`).join(' ');
    const { receiver, sender } = gmailParts(SOFTFAIL);
    const gmailAr = `Authentication-Results: mx.google.com;\r\n       spf=softfail ${props} smtp.mailfrom=bounce@example.com;\r\n       ${keys.map((k) => `${k}=pass ${k}.${k}=pass`).join(';\r\n       ')};\r\n       dmarc=fail header.from=example.com ${props}`;
    const gmailSpf = `Received-SPF: softfail (google.com: x) ${keys.map((k) => `${k}=1;`).join(' ')} client-ip=203.0.113.5;`;
    const forged = [
      ...keys.map((k) => `${k}: ${k}`),
      ...keys.map((k) => `Authentication-Results: ${k}; spf=pass ${k}.${k}=1; ${k}=pass`),
      `DKIM-Signature: ${keys.map((k) => `${k}=x`).join('; ')}; v=1; d=example.com; s=s1; b=abc`,
      `ARC-Seal: ${keys.map((k) => `${k}=1`).join('; ')}; i=1; cv=none`,
      `ARC-Authentication-Results: i=1; ${keys[0]}; spf=pass`,
      `Received-SPF: pass ${keys.map((k) => `${k}=polluted;`).join(' ')}`,
      `Received: from ${keys[0]} (${keys[1]} [192.0.2.1]) by ${keys[2]} with ${keys[3]} id ${keys[4]} for ${keys[5]}; Mon, 04 Mar 2024 11:11:07 +0000`,
    ];
    const raw = joinMessage([...receiver.slice(0, -2), gmailSpf, gmailAr, ...forged, ...sender]);
    const r = analyze('prototype keys', raw);

    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
    expect(typeof Object.prototype.toString).toBe('function');
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    // The trusted results are still read correctly around the hostile keys.
    expect(r.spf.result).toBe('softfail');
    expect(r.spf.mailFrom).toBe('bounce@example.com');
    expect(r.spf.clientIp).toBe('203.0.113.5');
    expect(r.dmarc.result).toBe('fail');
    expect(r.dkimSignatures.map((s) => s.domain)).toContain('example.com');
    // No report object picked up a key from the input (they appear as values only).
    const found = allKeys(r).filter((k) => keys.includes(k) || k === 'polluted' || k === 'x');
    expect(found).toEqual([]);
  });
});

describe('markup in header values', () => {
  const script = '<script>alert(1)</script>';
  const img = '<img src=x onerror=alert(document.cookie)>';
  // Parentheses are comments in structured fields: this one survives tokenizing whole.
  const tag = '<script>evil</script>';

  it('is carried as plain text, unchanged, in every field that shows header text', () => {
    const { receiver, sender } = gmailParts(SOFTFAIL);
    const gmailAr = `Authentication-Results: mx.google.com;\r\n       spf=softfail (google.com: ${script} ${img}) smtp.mailfrom=bounce@example.com;\r\n       dkim=fail reason="${script}" header.i=@example.com header.s=s1;\r\n       dmarc=fail header.from=example.com`;
    const hostileSender = [
      `Received: from ${img} (${script} [192.0.2.1]) by mail.example.com with ${script} id ${img}; Mon, 04 Mar 2024 11:11:06 +0000`,
      `Authentication-Results: ${tag}; spf=pass`,
      `From: ${script} ${img} <shop@example.com>`,
      `To: ${img} <alice@gmail.com>`,
      `Subject: ${script}${img}&amp;&lt;`,
      `Message-ID: <${script}@example.com>`,
      `Date: ${script}`,
      `X-Anything: ${script}`,
    ];
    const senderRest = sender.filter((f) => !/^(From|To|Subject|Message-ID|Date):/.test(f));
    const raw = joinMessage([...receiver.slice(0, -1), gmailAr, ...hostileSender, ...senderRest]);
    const r = analyze('markup in values', raw);

    expect(r.message.from).toBe(`${script} ${img} <shop@example.com>`);
    expect(r.message.to).toBe(`${img} <alice@gmail.com>`);
    expect(r.message.subject).toBe(`${script}${img}&amp;&lt;`);
    expect(r.message.messageId).toBe(`<${script}@example.com>`);
    expect(r.message.date).toBeNull();
    expect(r.spf.comment).toBe(`google.com: ${script} ${img}`);
    expect(r.dkim[0]?.reason).toBe(script);
    expect(r.untrustedResults.some((u) => u.authservId === tag)).toBe(true);
    // Verdicts are unaffected and nothing was escaped or stripped: escaping is the UI's job.
    expect(r.spf.result).toBe('softfail');
    const json = JSON.stringify(r);
    expect(json.split('&lt;').length).toBe(2); // only the one in the Subject as written
    expect(json).not.toContain('&gt;');
    expect(json).not.toContain('&#');
  });
});

describe('line-break tricks', () => {
  it('NUL bytes in names and values do not throw and are carried as text', () => {
    const forged = [
      'X-\u0000Name: a',
      'Authentication-Results: mx.google.com\u0000; spf=pass\u0000',
      'Subject\u0000: x',
    ];
    const { receiver, sender } = gmailParts(SOFTFAIL);
    const withNulSubject = sender.map((f) => (f.startsWith('Subject:') ? 'Subject: a\u0000b' : f));
    const r = analyze('NUL bytes', joinMessage([...receiver, ...forged, ...withNulSubject]));
    expectGmailVerdict(r, SOFTFAIL);
    expect(r.message.subject).toBe('a\u0000b');
  });

  it('a lone CR does not end a line: the field after it is part of the value', () => {
    const { receiver, sender } = gmailParts(SOFTFAIL);
    const lone = sender.map((f) =>
      f.startsWith('Subject:')
        ? 'Subject: hello\rAuthentication-Results: mx.google.com; dkim=pass header.d=example.com'
        : f,
    );
    const r = analyze('lone CR', joinMessage([...receiver, ...lone]));
    expectGmailVerdict(r, SOFTFAIL);
    expect(r.message.subject).toBe(
      'hello\rAuthentication-Results: mx.google.com; dkim=pass header.d=example.com',
    );
    expect(forgeryWarnings(r)).toBe(0);
  });

  it('a message with only CR line ends reads as CRLF would, with a repair warning', () => {
    const options: GmailOptions = { spf: 'softfail', dkim: null, dmarc: 'fail' };
    const fields = Object.values(gmailParts(options)).flat();
    const crlf = analyze('CRLF line ends', `${fields.join('\r\n')}\r\n\r\nbody`);
    const r = analyze('CR-only line ends', `${fields.join('\r').replace(/\r\n/g, '\r')}\r\rbody`);
    expectGmailVerdict(r, options);
    expect({ ...r, warnings: [] }).toEqual({ ...crlf, warnings: [] });
    expect(r.warnings).toContainEqual(
      expect.objectContaining({ code: 'repaired', params: { reason: 'cr-line-ends' } }),
    );
  });

  const notContinuation = [
    ['NBSP', '\u00a0'],
    ['VT', '\u000b'],
    ['FF', '\u000c'],
    ['lone CR', '\r'],
    ['U+2028', '\u2028'],
    ['U+2029', '\u2029'],
    ['NEL', '\u0085'],
    ['ideographic space', '\u3000'],
  ] as const;
  for (const [name, ch] of notContinuation) {
    it(`${name} at a line start does not continue Gmail's Authentication-Results`, () => {
      // If it did, the sender's first line would append dkim=pass to Gmail's own (trusted) field.
      const line = `${ch}dkim=pass header.d=example.com header.s=s1; spf=pass`;
      const r = analyze(`${name} at line start`, gmailWithSenderFields(SOFTFAIL, [line]));
      expectGmailVerdict(r, SOFTFAIL);
      expectNoPass(r);
      expect(codes(r)).toContain('malformed-line');
    });

    it(`${name} at a line start does not continue the Subject`, () => {
      const { receiver, sender } = gmailParts(SOFTFAIL);
      const fields = sender.map((f) =>
        f.startsWith('Subject:') ? `Subject: first\n${ch}second` : f,
      );
      const r = analyze(`${name} after Subject`, joinMessage([...receiver, ...fields]));
      expect(r.message.subject).toBe('first');
    });
  }

  it('U+2028 inside a line is text, not a line break', () => {
    const { receiver, sender } = gmailParts(SOFTFAIL);
    const fields = sender.map((f) =>
      f.startsWith('Subject:')
        ? 'Subject: a\u2028Authentication-Results: mx.google.com; dkim=pass'
        : f,
    );
    const r = analyze('U+2028 mid-line', joinMessage([...receiver, ...fields]));
    expectGmailVerdict(r, SOFTFAIL);
    expect(r.message.subject).toBe('a\u2028Authentication-Results: mx.google.com; dkim=pass');
  });

  it('LF-only and mixed line ends read the same as CRLF', () => {
    const fields = Object.values(gmailParts(SOFTFAIL)).flat();
    const crlf = analyzeMessage(joinMessage(fields));
    const lf = analyze('LF line ends', joinMessage(fields).replace(/\r\n/g, '\n'));
    expect(lf).toEqual(crlf);
  });
});
