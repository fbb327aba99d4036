// Over 300 lines: the RFCs' examples verbatim, one test each.
import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../src/core/index.ts';
import { parseAuthenticationResults } from '../src/core/parse/parse-authentication-results.ts';
import { parseReceivedSpf } from '../src/core/parse/parse-received-spf.ts';

/**
 * The examples of RFC 8601 Appendix B and RFC 7208 §9.1, with the RFCs' own folding and CRLF line
 * ends. The RFC 8601 examples date their fields `Fri, Feb 15 2002 17:19:07 -0800`: month before
 * day.
 */

const crlf = (s: string): string => s.replace(/\n/g, '\r\n');
const codes = (xs: readonly { code: string }[]): string[] => xs.map((x) => x.code);

const TRIVIAL_TAIL = `From: sender@example.com
Date: Fri, Feb 15 2002 16:54:30 -0800
To: receiver@example.org
Message-Id: <12345.abc@example.com>
Subject: here's a sample

Hello!  Goodbye!
`;

const B1 = crlf(`Received: from mail-router.example.com
              (mail-router.example.com [192.0.2.1])
          by server.example.org (8.11.6/8.11.6)
              with ESMTP id g1G0r1kA003489;
          Fri, Feb 15 2002 17:19:07 -0800
${TRIVIAL_TAIL}`);

const B2 = crlf(`Authentication-Results: example.org 1; none
Received: from mail-router.example.com
              (mail-router.example.com [192.0.2.1])
          by server.example.org (8.11.6/8.11.6)
              with ESMTP id g1G0r1kA003489;
          Fri, Feb 15 2002 17:19:07 -0800
${TRIVIAL_TAIL}`);

const B3 = crlf(`Authentication-Results: example.com;
          spf=pass smtp.mailfrom=example.net
Received: from dialup-1-2-3-4.example.net
              (dialup-1-2-3-4.example.net [192.0.2.200])
          by mail-router.example.com (8.11.6/8.11.6)
              with ESMTP id g1G0r1kA003489;
          Fri, Feb 15 2002 17:19:07 -0800
From: sender@example.net
Date: Fri, Feb 15 2002 16:54:30 -0800
To: receiver@example.com
Message-Id: <12345.abc@example.net>
Subject: here's a sample

Hello!  Goodbye!
`);

const B4 = crlf(`Authentication-Results: example.com;
          auth=pass (cram-md5) smtp.auth=sender@example.net;
          spf=pass smtp.mailfrom=example.net
Authentication-Results: example.com; iprev=pass
          policy.iprev=192.0.2.200
Received: from dialup-1-2-3-4.example.net (8.11.6/8.11.6)
              (dialup-1-2-3-4.example.net [192.0.2.200])
          by mail-router.example.com (8.11.6/8.11.6)
              with ESMTPA id g1G0r1kA003489;
          Fri, Feb 15 2002 17:19:07 -0800
Date: Fri, Feb 15 2002 16:54:30 -0800
To: receiver@example.com
From: sender@example.net
Message-Id: <12345.abc@example.net>
Subject: here's a sample

Hello!  Goodbye!
`);

const B5 = crlf(`Authentication-Results: example.com;
          dkim=pass (good signature) header.d=example.com
Received: from mail-router.example.com
              (mail-router.example.com [192.0.2.1])
          by auth-checker.example.com (8.11.6/8.11.6)
              with ESMTP id i7PK0sH7021929;
          Fri, Feb 15 2002 17:19:22 -0800
DKIM-Signature:  v=1; a=rsa-sha256; s=gatsby; d=example.com;
          t=1188964191; c=simple/simple; h=From:Date:To:Subject:
          Message-Id:Authentication-Results;
          bh=sEuZGD/pSr7ANysbY3jtdaQ3Xv9xPQtS0m70;
          b=EToRSuvUfQVP3Bkz ... rTB0t0gYnBVCM=
Authentication-Results: example.com;
          auth=pass (cram-md5) smtp.auth=sender@example.com;
          spf=fail smtp.mailfrom=example.com
Received: from dialup-1-2-3-4.example.net
              (dialup-1-2-3-4.example.net [192.0.2.200])
          by mail-router.example.com (8.11.6/8.11.6)
              with ESMTPA id g1G0r1kA003489;
          Fri, Feb 15 2002 17:19:07 -0800
From: sender@example.com
Date: Fri, Feb 15 2002 16:54:30 -0800
To: receiver@example.com
Message-Id: <12345.abc@example.com>
Subject: here's a sample

Hello!  Goodbye!
`);

const B6 = crlf(`Authentication-Results: example.com;
      dkim=pass reason="good signature"
        header.i=@mail-router.example.net;
      dkim=fail reason="bad signature"
        header.i=@newyork.example.com
Received: from mail-router.example.net
          (mail-router.example.net [192.0.2.250])
      by chicago.example.com (8.11.6/8.11.6)
          for <recipient@chicago.example.com>
          with ESMTP id i7PK0sH7021929;
      Fri, Feb 15 2002 17:19:22 -0800
DKIM-Signature: v=1; a=rsa-sha256; s=furble;
      d=mail-router.example.net; t=1188964198; c=relaxed/simple;
      h=From:Date:To:Message-Id:Subject:Authentication-Results;
      bh=ftA9J6GtX8OpwUECzHnCkRzKw1uk6FNiLfJl5Nmv49E=;
      b=oINEO8hgn/gnunsg ... 9n9ODSNFSDij3=
Authentication-Results: example.net;
      dkim=pass (good signature) header.i=@newyork.example.com
Received: from smtp.newyork.example.com
          (smtp.newyork.example.com [192.0.2.220])
      by mail-router.example.net (8.11.6/8.11.6)
          with ESMTP id g1G0r1kA003489;
      Fri, Feb 15 2002 17:19:07 -0800
DKIM-Signature: v=1; a=rsa-sha256; s=gatsby; d=newyork.example.com;
      t=1188964191; c=simple/simple;
      h=From:Date:To:Message-Id:Subject;
      bh=sEu28nfs9fuZGD/pSr7ANysbY3jtdaQ3Xv9xPQtS0m7=;
      b=EToRSuvUfQVP3Bkz ... rTB0t0gYnBVCM=
From: sender@newyork.example.com
Date: Fri, Feb 15 2002 16:54:30 -0800
To: meetings@example.net
Message-Id: <12345.abc@newyork.example.com>
Subject: here's a sample

Hello!  Goodbye!
`);

const B7_VALUE = `foo.example.net (foobar) 1 (baz);
    dkim (Because I like it) / 1 (One yay) = (wait for it) fail
      policy (A dot can go here) . (like that) expired
      (this surprised me) = (as I wasn't expecting it) 1362471462`;

describe('RFC 8601 Appendix B', () => {
  it('RFC 8601 B.1 trivial case, no Authentication-Results: nothing to trust, path still read', () => {
    const r = analyzeMessage(B1);
    expect(r.authservId).toBeNull();
    expect(r.spf).toMatchObject({
      result: null,
      domain: null,
      identity: null,
      clientIp: '192.0.2.1',
      clientIpSource: 'inbound-hop',
    });
    expect(r.dkim).toEqual([]);
    expect(r.dmarc).toMatchObject({
      result: null,
      headerFrom: 'example.com',
      spfAligned: null,
      dkimAligned: null,
    });
    expect(r.hops).toHaveLength(1);
    expect(r.hops[0]).toMatchObject({
      from: 'mail-router.example.com',
      ip: '192.0.2.1',
      rdns: 'mail-router.example.com',
      by: 'server.example.org',
      with: 'ESMTP',
      id: 'g1G0r1kA003489',
      date: '2002-02-16T01:19:07Z',
      delaySeconds: null,
      inbound: true,
    });
    expect(r.message.date).toBe('2002-02-16T00:54:30Z');
    expect(r.totalSeconds).toBe(1477);
    expect(r.warnings).toEqual([]);
    // No SPF result at all is not a failure: no record is suggested.
    expect(r.spf.fix).toBeNull();
    expect(codes(r.hints)).toEqual(['no-tls', 'no-results']);
  });

  it('RFC 8601 B.2 nearly trivial case: "example.org 1; none"', () => {
    expect(parseAuthenticationResults('example.org 1; none')).toEqual({
      authservId: 'example.org',
      authservIdRaw: 'example.org',
      version: 1,
      none: true,
      results: [],
      depthExceeded: false,
      resultsTruncated: false,
    });
    const r = analyzeMessage(B2);
    expect(r.authservId).toBe('example.org');
    expect(r.spf.result).toBeNull();
    expect(r.dkim).toEqual([]);
    expect(r.dmarc.result).toBeNull();
    expect(r.hops.map((h) => h.inbound)).toEqual([true]);
    expect(r.untrustedResults).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.spf.fix).toBeNull();
    expect(codes(r.hints)).toEqual(['dkim-missing', 'no-tls']);
  });

  it('RFC 8601 B.3 service provided, SPF done: the address comes from the Received field', () => {
    const r = analyzeMessage(B3);
    expect(r.authservId).toBe('example.com');
    expect(r.spf).toMatchObject({
      result: 'pass',
      identity: 'mailfrom',
      domain: 'example.net',
      mailFrom: 'example.net',
      clientIp: '192.0.2.200',
      clientIpSource: 'inbound-hop',
      fix: null,
    });
    expect(r.dmarc).toMatchObject({ result: null, headerFrom: 'example.net', spfAligned: true });
    expect(r.hops[0]).toMatchObject({
      ip: '192.0.2.200',
      by: 'mail-router.example.com',
      inbound: true,
    });
    expect(r.warnings).toEqual([]);
    expect(codes(r.hints)).toEqual(['dkim-missing', 'no-tls']);
  });

  it('RFC 8601 B.4 several methods, single MTA: both fields trusted, iprev names the address', () => {
    const [first, second] = [
      parseAuthenticationResults(`example.com;
          auth=pass (cram-md5) smtp.auth=sender@example.net;
          spf=pass smtp.mailfrom=example.net`),
      parseAuthenticationResults(`example.com; iprev=pass
          policy.iprev=192.0.2.200`),
    ];
    expect(first.results.map((x) => [x.method, x.result, x.comments, [...x.props]])).toEqual([
      ['auth', 'pass', ['cram-md5'], [['smtp.auth', 'sender@example.net']]],
      ['spf', 'pass', [], [['smtp.mailfrom', 'example.net']]],
    ]);
    expect(second.results.map((x) => [x.method, x.result, [...x.props]])).toEqual([
      ['iprev', 'pass', [['policy.iprev', '192.0.2.200']]],
    ]);

    const r = analyzeMessage(B4);
    expect(r.authservId).toBe('example.com');
    expect(r.spf).toMatchObject({
      result: 'pass',
      domain: 'example.net',
      clientIp: '192.0.2.200',
      clientIpSource: 'authentication-results',
    });
    // `from dialup-1-2-3-4.example.net (8.11.6/8.11.6) (dialup-... [192.0.2.200])`
    expect(r.hops[0]).toMatchObject({
      helo: 'dialup-1-2-3-4.example.net',
      ip: '192.0.2.200',
      with: 'ESMTPA',
    });
    expect(r.untrustedResults).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(codes(r.hints)).toEqual(['dkim-missing']);
  });

  it('RFC 8601 B.5 different MTAs of one ADMD: the topmost block is used, the lower field only shown', () => {
    const r = analyzeMessage(B5);
    expect(r.authservId).toBe('example.com');
    expect(r.dkim).toEqual([
      {
        result: 'pass',
        domain: 'example.com',
        selector: 'gatsby',
        reason: 'good signature',
        aligned: true,
        keyName: 'gatsby._domainkey.example.com',
      },
    ]);
    expect(r.spf.result).toBeNull();
    expect(r.hops.map((h) => [h.ip, h.by, h.date, h.delaySeconds, h.inbound])).toEqual([
      ['192.0.2.200', 'mail-router.example.com', '2002-02-16T01:19:07Z', null, false],
      ['192.0.2.1', 'auth-checker.example.com', '2002-02-16T01:19:22Z', 15, true],
    ]);
    // The lower field names the same authserv-id as the trusted one but sits outside its block.
    expect(r.untrustedResults).toEqual([
      {
        authservId: 'example.com',
        method: 'auth',
        result: 'pass',
        why: "claims to be from example.com and sits outside the headers that server wrote on arrival, where the sender's side can write",
        reason: 'outside-block',
        forged: true,
        header: expect.any(Number),
      },
      {
        authservId: 'example.com',
        method: 'spf',
        result: 'fail',
        why: "claims to be from example.com and sits outside the headers that server wrote on arrival, where the sender's side can write",
        reason: 'outside-block',
        forged: true,
        header: expect.any(Number),
      },
    ]);
    expect(codes(r.warnings)).toEqual(['untrusted-auth-header']);
    expect(r.dkimSignatures[0]).toMatchObject({
      domain: 'example.com',
      selector: 'gatsby',
      canonicalization: 'simple/simple',
      signedHeaders: ['from', 'date', 'to', 'subject', 'message-id', 'authentication-results'],
      timestamp: '2007-09-05T03:49:51Z',
    });
  });

  it("RFC 8601 B.6 multi-tiered: example.com's results trusted, example.net's shown as an earlier server's", () => {
    const r = analyzeMessage(B6);
    expect(r.authservId).toBe('example.com');
    expect(r.dkim).toEqual([
      {
        result: 'pass',
        domain: 'mail-router.example.net',
        selector: 'furble',
        reason: 'good signature',
        aligned: false,
        keyName: 'furble._domainkey.mail-router.example.net',
      },
      {
        result: 'fail',
        domain: 'newyork.example.com',
        selector: 'gatsby',
        reason: 'bad signature',
        aligned: true,
        keyName: 'gatsby._domainkey.newyork.example.com',
      },
    ]);
    expect(r.dmarc).toMatchObject({
      result: null,
      headerFrom: 'newyork.example.com',
      dkimAligned: true,
    });
    expect(r.untrustedResults).toEqual([
      {
        authservId: 'example.net',
        method: 'dkim',
        result: 'pass',
        why: 'was written by an earlier server',
        reason: 'earlier-server',
        forged: false,
        header: expect.any(Number),
      },
    ]);
    expect(r.warnings).toEqual([]);
    expect(r.hops.map((h) => [h.from, h.ip, h.by, h.for, h.inbound])).toEqual([
      ['smtp.newyork.example.com', '192.0.2.220', 'mail-router.example.net', null, false],
      [
        'mail-router.example.net',
        '192.0.2.250',
        'chicago.example.com',
        '<recipient@chicago.example.com>',
        true,
      ],
    ]);
    expect(r.spf.fix).toBeNull();
    expect(codes(r.hints)).toEqual(['dkim-fail', 'dkim-not-aligned', 'no-tls']);
    expect(r.hints.find((h) => h.code === 'dkim-fail')?.params).toMatchObject({
      domain: 'newyork.example.com',
      reason: 'bad signature',
    });
  });

  it('RFC 8601 B.7 comment-heavy: comments and CFWS around "/", "=" and the property "."', () => {
    const parsed = parseAuthenticationResults(crlf(B7_VALUE));
    expect(parsed.authservId).toBe('foo.example.net');
    expect(parsed.version).toBe(1);
    expect(parsed.results).toHaveLength(1);
    const [dkim] = parsed.results;
    expect(dkim?.method).toBe('dkim');
    expect(dkim?.result).toBe('fail');
    expect([...(dkim?.props ?? [])]).toEqual([['policy.expired', '1362471462']]);
    expect(dkim?.comments).toEqual([
      'A dot can go here',
      'like that',
      'this surprised me',
      "as I wasn't expecting it",
    ]);

    // The field alone, pasted without any trace: shown as given, with a warning.
    const r = analyzeMessage(crlf(`Authentication-Results: ${B7_VALUE}\n`));
    expect(r.authservId).toBe('foo.example.net');
    expect(r.dkim).toMatchObject([{ result: 'fail', domain: null, selector: null, keyName: null }]);
    expect(codes(r.warnings)).toEqual(['no-trace']);
  });

  it('the other CFWS placements around a propspec "." read the same', () => {
    for (const value of [
      'example.com; dkim=fail policy.expired=1362471462',
      'example.com; dkim=fail policy .expired=1362471462',
      'example.com; dkim=fail policy. expired=1362471462',
      'example.com; dkim=fail policy(c).(c)expired (c) = 1362471462',
    ]) {
      const [result] = parseAuthenticationResults(value).results;
      expect([...(result?.props ?? [])]).toEqual([['policy.expired', '1362471462']]);
    }
  });
});

const SPF_PASS_EXAMPLE = `pass (mybox.example.org: domain of
 myname@example.com designates 192.0.2.1 as permitted sender)
    receiver=mybox.example.org; client-ip=192.0.2.1;
    envelope-from="myname@example.com"; helo=foo.example.com;`;

const SPF_FAIL_EXAMPLE = `fail (mybox.example.org: domain of
                  myname@example.com does not designate
                  192.0.2.1 as permitted sender)
                  identity=mailfrom; client-ip=192.0.2.1;
                  envelope-from="myname@example.com";`;

function messageWith(receivedSpf: string): string {
  return crlf(`Received-SPF: ${receivedSpf}
Received: from foo.example.com (foo.example.com [192.0.2.1])
	by mybox.example.org (Postfix) with ESMTP id 4V8Abc1De2z1Fgh
	for <you@example.org>; Mon,  1 Apr 2024 09:00:01 +0000 (UTC)
From: Me <myname@example.com>
To: you@example.org
Subject: hi
Date: Mon, 1 Apr 2024 09:00:00 +0000

hi
`);
}

describe('RFC 7208 §9.1 Received-SPF examples', () => {
  it('RFC 7208 9.1 pass example: receiver, client-ip, quoted envelope-from, helo', () => {
    const p = parseReceivedSpf(crlf(SPF_PASS_EXAMPLE));
    expect(p).toMatchObject({
      result: 'pass',
      rawResult: 'pass',
      clientIp: '192.0.2.1',
      commentIp: '192.0.2.1',
      commentSubject: 'myname@example.com',
      commentReceiver: 'mybox.example.org',
      identity: null,
      envelopeFrom: 'myname@example.com',
      helo: 'foo.example.com',
      receiver: 'mybox.example.org',
    });

    const r = analyzeMessage(messageWith(SPF_PASS_EXAMPLE));
    expect(r.spf).toMatchObject({
      result: 'pass',
      identity: 'mailfrom',
      domain: 'example.com',
      mailFrom: 'myname@example.com',
      clientIp: '192.0.2.1',
      clientIpSource: 'received-spf',
      fix: null,
    });
    expect(r.hops).toMatchObject([
      { ip: '192.0.2.1', by: 'mybox.example.org', date: '2024-04-01T09:00:01Z', inbound: true },
    ]);
    expect(r.warnings).toEqual([]);
    expect(codes(r.hints)).toEqual(['dkim-missing', 'no-tls']);
  });

  it('RFC 7208 9.1 fail example: identity=mailfrom, no receiver pair', () => {
    const p = parseReceivedSpf(crlf(SPF_FAIL_EXAMPLE));
    expect(p).toMatchObject({
      result: 'fail',
      clientIp: '192.0.2.1',
      identity: 'mailfrom',
      envelopeFrom: 'myname@example.com',
      helo: null,
      receiver: null,
      commentReceiver: 'mybox.example.org',
      commentSubject: 'myname@example.com',
    });

    const r = analyzeMessage(messageWith(SPF_FAIL_EXAMPLE));
    expect(r.spf).toMatchObject({
      result: 'fail',
      identity: 'mailfrom',
      domain: 'example.com',
      clientIp: '192.0.2.1',
    });
    expect(r.spf.fix).toMatchObject({ record: null, add: 'ip4:192.0.2.1' });
    expect(codes(r.hints)).toEqual(['spf-fix-add', 'spf-fail', 'dkim-missing', 'no-tls']);
  });

  it('RFC 7208 9.1 result names are case-insensitive (policyd-spf and Microsoft capitalize them)', () => {
    for (const [word, result] of [
      ['Pass', 'pass'],
      ['SoftFail', 'softfail'],
      ['TempError', 'temperror'],
      ['PermError', 'permerror'],
      ['None', 'none'],
      ['Neutral', 'neutral'],
      ['Fail', 'fail'],
    ] as const) {
      expect(
        parseReceivedSpf(`${word} (mybox.example.org: test) client-ip=192.0.2.1;`).result,
      ).toBe(result);
    }
    expect(
      parseReceivedSpf('bogus (mybox.example.org: test) client-ip=192.0.2.1;').result,
    ).toBeNull();
  });
});
