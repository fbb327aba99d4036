// Over 300 lines: forgeries by position and by kind of receiver.
import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../../src/core/index.ts';
import {
  SENDER_HOP_IP,
  SENDER_RECEIVED_INDEX,
  gmailParts,
  gmailWithSenderFields,
  joinMessage,
  type GmailOptions,
} from '../helpers/gmail-message.ts';
import { assertReportShape } from '../helpers/report-shape.ts';
import {
  analyze,
  codes,
  forgeryWarnings,
  expectNoPass,
  expectGmailVerdict,
  FORGED_PASS,
  MICROSOFT_FORM,
  FORGED_RECEIVED_SPF,
  POSITIONS,
  SOFTFAIL,
} from '../helpers/hostile.ts';

/**
 * Forged results: authentication fields the sender wrote, under the receiver's block, on
 * receivers that write their own results and on those that write none (docs/trust-model.md).
 */

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
