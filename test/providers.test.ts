import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeMessage, type Hop, type Report } from '../src/core/index.ts';

/**
 * One realistic header set per provider form seen in the wild (test/fixtures/*.eml),
 * and what the report says about each. Senders use documentation addresses and names; the
 * receivers' host names are real because the trust rules key on them.
 */

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

function analyze(name: string): Report {
  return analyzeMessage(fixture(name));
}

const codes = (xs: readonly { code: string }[]): string[] => xs.map((x) => x.code);

/** The path in the fields that matter for the hop table. */
function path(r: Report): Partial<Hop>[] {
  return r.hops.map((h) => ({
    from: h.from,
    ip: h.ip,
    by: h.by,
    date: h.date,
    delaySeconds: h.delaySeconds,
    inbound: h.inbound,
  }));
}

function hint(r: Report, code: string): Report['hints'][number] {
  const h = r.hints.find((x) => x.code === code);
  if (h === undefined) throw new Error(`no ${code} hint`);
  return h;
}

describe('fixtures use the line ends they claim', () => {
  it.each([
    ['gmail-ipv6-neutral.eml', true],
    ['m365-compauth-pass.eml', true],
    ['yahoo-pass.eml', true],
    ['icloud-softfail.eml', true],
    ['gmail-softfail.eml', false],
    ['fastmail-pass.eml', false],
    ['postfix-policyd.eml', false],
  ])('%s CRLF=%s', (name, crlf) => {
    const text = fixture(name);
    expect(text.includes('\r\n')).toBe(crlf);
    if (crlf) expect(text.replace(/\r\n/g, '').includes('\n')).toBe(false);
  });
});

describe('Gmail', () => {
  it("pass: SPF, DKIM and DMARC pass; results read from below Gmail's inbound Received", () => {
    const r = analyze('gmail-pass.eml');
    expect(r.authservId).toBe('mx.google.com');
    expect(r.spf).toMatchObject({
      result: 'pass',
      clientIp: '203.0.113.5',
      clientIpSource: 'received-spf',
      domain: 'example.com',
      identity: 'mailfrom',
      mailFrom: 'bounce@example.com',
      fix: null,
    });
    expect(r.dkim).toEqual([
      {
        result: 'pass',
        domain: 'example.com',
        selector: 's1',
        reason: null,
        aligned: true,
        keyName: 's1._domainkey.example.com',
      },
    ]);
    expect(r.dmarc).toEqual({
      result: 'pass',
      policy: 'none',
      subdomainPolicy: 'none',
      disposition: 'none',
      headerFrom: 'example.com',
      spfAligned: true,
      dkimAligned: true,
    });
    expect(r.arc).toEqual({ result: null, instance: 1, structureValid: true });
    expect(r.hops.map((h) => [h.ip, h.by, h.date, h.delaySeconds, h.inbound])).toEqual([
      ['10.0.0.12', 'mail.example.com', '2024-03-04T11:11:07Z', null, false],
      ['203.0.113.5', 'mx.google.com', '2024-03-04T11:11:08Z', 1, true],
      [null, '2002:a05:6022:1234:b0:5a1:2345:6789', '2024-03-04T11:11:09Z', 1, false],
    ]);
    expect(r.message.subject).toBe('Your order ✓');
    expect(r.totalSeconds).toBe(4);
    expect(r.warnings).toEqual([]);
    expect(r.hints).toEqual([]);
  });

  it('softfail: "domain of transitioning", no DKIM, DMARC fail with p=NONE; postfix two-space days', () => {
    const r = analyze('gmail-softfail.eml');
    expect(r.authservId).toBe('mx.google.com');
    expect(r.spf).toMatchObject({
      result: 'softfail',
      clientIp: '198.51.100.23',
      clientIpSource: 'received-spf',
      domain: 'example.net',
      identity: 'mailfrom',
      mailFrom: 'billing@example.net',
      helo: null,
      gateway: null,
    });
    // A record is published: the one mechanism to add, never a record that would replace it.
    expect(r.spf.fix).toMatchObject({ record: null, add: 'ip4:198.51.100.23' });
    expect(hint(r, 'spf-fix-add').record).toBeNull();
    expect(r.verdict).toMatchObject({ status: 'unauthenticated', code: 'gmail-reject' });
    expect(r.dkim).toEqual([]);
    expect(r.dmarc).toEqual({
      result: 'fail',
      policy: 'none',
      subdomainPolicy: 'none',
      disposition: 'none',
      headerFrom: 'example.net',
      spfAligned: true,
      dkimAligned: null,
    });
    expect(r.arc).toEqual({ result: null, instance: 1, structureValid: true });
    expect(path(r)).toEqual([
      {
        from: null,
        ip: null,
        by: 'billing01.example.net',
        date: '2024-03-05T14:42:16Z',
        delaySeconds: null,
        inbound: false,
      },
      {
        from: 'billing01.example.net',
        ip: '10.20.0.14',
        by: 'mail.example.net',
        date: '2024-03-05T14:42:17Z',
        delaySeconds: 1,
        inbound: false,
      },
      {
        from: 'mail.example.net',
        ip: '198.51.100.23',
        by: 'mx.google.com',
        date: '2024-03-05T14:42:18Z',
        delaySeconds: 1,
        inbound: true,
      },
      {
        from: null,
        ip: null,
        by: '2002:a05:7010:5c8a:b0:3f1:9e2:4c1d',
        date: '2024-03-05T14:42:19Z',
        delaySeconds: 1,
        inbound: false,
      },
    ]);
    expect(r.totalSeconds).toBe(3);
    expect(r.warnings).toEqual([]);
    // Errors first, then warnings, each in table order.
    expect(codes(r.hints)).toEqual([
      'spf-fix-add',
      'dmarc-fail',
      'gmail-unauthenticated',
      'spf-softfail',
      'dkim-missing',
      'gmail-bulk-requirements',
    ]);
    expect(hint(r, 'spf-softfail').params).toEqual({ domain: 'example.net', ip: '198.51.100.23' });
    expect(hint(r, 'dmarc-fail').params).toMatchObject({ domain: 'example.net', policy: 'none' });
  });

  it('IPv6 client, neutral from a best guess record: the fix is an ip6: mechanism', () => {
    const r = analyze('gmail-ipv6-neutral.eml');
    expect(r.spf).toMatchObject({
      result: 'neutral',
      clientIp: '2001:db8:42::25',
      clientIpSource: 'received-spf',
      domain: 'example.org',
      identity: 'mailfrom',
      comment:
        'google.com: 2001:db8:42::25 is neither permitted nor denied by best guess record for domain of alice@example.org',
    });
    expect(r.spf.fix).toMatchObject({ record: null, add: 'ip6:2001:db8:42::25' });
    expect(r.dkim).toEqual([
      {
        result: 'pass',
        domain: 'example.org',
        selector: 'mail',
        reason: null,
        aligned: true,
        keyName: 'mail._domainkey.example.org',
      },
    ]);
    expect(r.dmarc).toMatchObject({
      result: 'pass',
      policy: 'none',
      headerFrom: 'example.org',
      spfAligned: true,
      dkimAligned: true,
    });
    // Gmail writes the IPv6 literal bare with a trailing-dot rDNS; postfix writes [IPv6:...].
    expect(path(r)).toEqual([
      {
        from: '[IPv6:2001:db8:42:1::100]',
        ip: '2001:db8:42:1::100',
        by: 'mail.example.org',
        date: '2024-03-06T08:03:27Z',
        delaySeconds: null,
        inbound: false,
      },
      {
        from: 'mail.example.org',
        ip: '2001:db8:42::25',
        by: 'mx.google.com',
        date: '2024-03-06T08:03:28Z',
        delaySeconds: 1,
        inbound: true,
      },
      {
        from: null,
        ip: null,
        by: '2002:a05:6a10:7f8b:b0:5a6:1c2:9e4d',
        date: '2024-03-06T08:03:29Z',
        delaySeconds: 1,
        inbound: false,
      },
    ]);
    expect(r.hops[1]?.rdns).toBe('mail.example.org');
    expect(r.warnings).toEqual([]);
    expect(codes(r.hints)).toEqual([
      'spf-fix-add',
      'spf-ipv6-client',
      'spf-neutral',
      'gmail-bulk-requirements',
    ]);
    expect(hint(r, 'spf-ipv6-client').params).toEqual({ ip: '2001:db8:42::25', receiver: 'Gmail' });
  });

  it('none: no SPF record, no DKIM, no DMARC clause; sendmail path without TLS', () => {
    const r = analyze('gmail-spf-none.eml');
    expect(r.spf).toMatchObject({
      result: 'none',
      clientIp: '203.0.113.60',
      domain: 'host.example.net',
      identity: 'mailfrom',
      mailFrom: 'www@host.example.net',
    });
    // No record at all: a whole one is safe to publish.
    expect(r.spf.fix).toMatchObject({ record: 'v=spf1 ip4:203.0.113.60 ~all', add: null });
    expect(hint(r, 'spf-fix-new').recordName).toBe('host.example.net');
    expect(r.dkim).toEqual([]);
    // Gmail writes no dmarc= when the From: domain publishes no DMARC record.
    expect(r.dmarc).toEqual({
      result: null,
      policy: null,
      subdomainPolicy: null,
      disposition: null,
      headerFrom: 'example.net',
      spfAligned: true,
      dkimAligned: null,
    });
    expect(path(r)).toEqual([
      {
        from: null,
        ip: null,
        by: 'host.example.net',
        date: '2024-03-07T10:15:02Z',
        delaySeconds: null,
        inbound: false,
      },
      {
        from: 'host.example.net',
        ip: '127.0.0.1',
        by: 'host.example.net',
        date: '2024-03-07T10:15:02Z',
        delaySeconds: 0,
        inbound: false,
      },
      {
        from: 'host.example.net',
        ip: '203.0.113.60',
        by: 'mx.google.com',
        date: '2024-03-07T10:15:03Z',
        delaySeconds: 1,
        inbound: true,
      },
      {
        from: null,
        ip: null,
        by: '2002:a05:6f02:8a9:b0:64:2e1b:8c0f',
        date: '2024-03-07T10:15:04Z',
        delaySeconds: 1,
        inbound: false,
      },
    ]);
    expect(r.hops[2]).toMatchObject({ with: 'ESMTP', tls: null });
    // spf-none's advice is in spf-fix-new, which has the record.
    expect(codes(r.hints)).toEqual([
      'spf-fix-new',
      'gmail-unauthenticated',
      'dkim-missing',
      'no-tls',
      'gmail-bulk-requirements',
    ]);
    expect(hint(r, 'no-tls').params).toEqual({ receiver: 'Gmail', protocol: 'ESMTP' });
  });

  it('permerror "too many DNS lookups": the lookup-limit hint, not the syntax one', () => {
    const r = analyze('gmail-permerror.eml');
    expect(r.spf).toMatchObject({
      result: 'permerror',
      clientIp: '203.0.113.88',
      domain: 'example.com',
      comment:
        'google.com: permanent error in processing during lookup of news@example.com: too many DNS lookups',
    });
    // Adding the IP cannot repair a record over the lookup limit: no fix, the limit is the step.
    expect(r.spf.fix).toBeNull();
    expect(r.dkim).toMatchObject([
      { result: 'pass', domain: 'example.com', selector: 'news2024', aligned: true },
    ]);
    expect(r.dmarc).toMatchObject({
      result: 'pass',
      policy: 'quarantine',
      subdomainPolicy: 'quarantine',
      disposition: 'none',
    });
    expect(r.hops.map((h) => h.delaySeconds)).toEqual([null, 1, 2]);
    expect(codes(r.hints)).toEqual(['spf-permerror-lookups', 'gmail-bulk-requirements']);
    expect(hint(r, 'spf-permerror-lookups').params).toEqual({ domain: 'example.com' });
  });

  it('permerror for a broken record: Gmail says "during lookup of" there too, yet it is the syntax hint', () => {
    const r = analyzeMessage(
      fixture('gmail-permerror.eml').replaceAll('too many DNS lookups', 'invalid mechanism found'),
    );
    expect(r.spf.result).toBe('permerror');
    expect(codes(r.hints)).toEqual(['spf-permerror-syntax', 'gmail-bulk-requirements']);
  });

  it('temperror: DNS error while looking up the SPF record', () => {
    const r = analyze('gmail-temperror.eml');
    expect(r.spf).toMatchObject({
      result: 'temperror',
      clientIp: '192.0.2.45',
      clientIpSource: 'received-spf',
      domain: 'example.org',
      mailFrom: 'alerts@example.org',
    });
    // A DNS error at delivery says nothing about the record: no fix is built from it.
    expect(r.spf.fix).toBeNull();
    expect(r.dmarc).toMatchObject({ result: 'pass', policy: 'none', headerFrom: 'example.org' });
    // No ARC headers in this copy.
    expect(r.arc).toEqual({ result: null, instance: null, structureValid: null });
    expect(path(r)).toEqual([
      {
        from: 'monitor.example.org',
        ip: '192.0.2.46',
        by: 'out1.example.org',
        date: '2024-03-11T12:00:05Z',
        delaySeconds: null,
        inbound: false,
      },
      {
        from: 'out1.example.org',
        ip: '192.0.2.45',
        by: 'mx.google.com',
        date: '2024-03-11T12:00:07Z',
        delaySeconds: 2,
        inbound: true,
      },
      {
        from: null,
        ip: null,
        by: '2002:a05:6022:618b:b0:6e:c3f1:70d2',
        date: '2024-03-11T12:00:08Z',
        delaySeconds: 1,
        inbound: false,
      },
    ]);
    expect(r.hops[1]?.tls).toBe('TLS1_2 ECDHE-ECDSA-AES128-GCM-SHA256');
    expect(codes(r.hints)).toEqual(['spf-temperror', 'gmail-bulk-requirements']);
  });

  it('dkim=neutral (body hash did not verify): a footer added after signing; DMARC passes on SPF', () => {
    const r = analyze('gmail-dkim-body-hash.eml');
    expect(r.spf).toMatchObject({
      result: 'pass',
      clientIp: '203.0.113.17',
      domain: 'example.com',
      fix: null,
    });
    expect(r.dkim).toEqual([
      {
        result: 'neutral',
        domain: 'example.com',
        selector: 's2048',
        reason: 'body hash did not verify',
        aligned: true,
        keyName: 's2048._domainkey.example.com',
      },
    ]);
    expect(r.dmarc).toMatchObject({
      result: 'pass',
      policy: 'reject',
      spfAligned: true,
      dkimAligned: true,
    });
    // postfix → amavisd-new → postfix → Gmail.
    expect(r.hops.map((h) => [h.ip, h.by])).toEqual([
      ['203.0.113.201', 'mail.example.com'],
      ['127.0.0.1', 'localhost'],
      ['127.0.0.1', 'mail.example.com'],
      ['203.0.113.17', 'mx.google.com'],
      [null, '2002:a05:7300:7a0e:b0:10f:3c4:9b61'],
    ]);
    expect(r.hops[0]).toMatchObject({ helo: '[192.168.10.23]', tls: 'TLS', with: 'ESMTPSA' });
    expect(codes(r.hints)).toEqual(['dkim-fail', 'gmail-bulk-requirements']);
    expect(hint(r, 'dkim-fail').params).toEqual({
      domain: 'example.com',
      selector: 's2048',
      keyName: 's2048._domainkey.example.com',
      reason: 'body hash did not verify',
    });
  });

  it('dkim=neutral (no key for signature): the key-record hint names the selector record', () => {
    const r = analyze('gmail-dkim-no-key.eml');
    expect(r.dkim).toEqual([
      {
        result: 'neutral',
        domain: 'example.org',
        selector: 'mail2024',
        reason: 'no key for signature',
        aligned: true,
        keyName: 'mail2024._domainkey.example.org',
      },
    ]);
    expect(r.spf).toMatchObject({ result: 'pass', clientIp: '198.51.100.71', fix: null });
    expect(codes(r.hints)).toEqual(['dkim-no-key', 'gmail-bulk-requirements']);
    const noKey = hint(r, 'dkim-no-key');
    // Where the key goes, in words; no placeholder record that could be pasted into DNS as is.
    expect(noKey.params['keyName']).toBe('mail2024._domainkey.example.org');
    expect(noKey.text).toContain('mail2024._domainkey.example.org');
    expect(noKey.record).toBeNull();
    expect(r.dkimSignatures).toEqual([
      {
        domain: 'example.org',
        selector: 'mail2024',
        algorithm: 'rsa-sha256',
        identity: null,
        canonicalization: 'relaxed/relaxed',
        signedHeaders: [
          'date',
          'from',
          'to',
          'subject',
          'message-id',
          'mime-version',
          'content-type',
        ],
        timestamp: '2024-03-13T19:45:19Z',
        expires: null,
      },
    ]);
  });

  it('dmarc=fail with p=REJECT (dis=QUARANTINE): SPF passes for an unaligned domain, no DKIM', () => {
    const r = analyze('gmail-dmarc-reject.eml');
    expect(r.spf).toMatchObject({
      result: 'pass',
      clientIp: '198.51.100.66',
      domain: 'mailer.example.net',
      fix: null,
    });
    expect(r.dkim).toEqual([]);
    expect(r.dmarc).toEqual({
      result: 'fail',
      policy: 'reject',
      subdomainPolicy: 'reject',
      disposition: 'quarantine',
      headerFrom: 'example.com',
      spfAligned: false,
      dkimAligned: null,
    });
    expect(codes(r.hints)).toEqual([
      'dmarc-fail',
      'dkim-missing',
      'from-not-aligned',
      'gmail-bulk-requirements',
    ]);
    expect(hint(r, 'dmarc-fail').params).toEqual({
      domain: 'example.com',
      policy: 'reject',
    });
    expect(hint(r, 'from-not-aligned').params).toEqual({
      spfDomain: 'mailer.example.net',
      domain: 'example.com',
    });
    // `from localhost (mailer.example.net [127.0.0.1])`: HELO localhost, rDNS in the comment.
    expect(r.hops[0]).toMatchObject({
      helo: 'localhost',
      rdns: 'mailer.example.net',
      ip: '127.0.0.1',
    });
  });

  it('Google Workspace behind an inbound gateway: gateway.spf is shown apart, not the verdict', () => {
    const r = analyze('gmail-workspace-gateway.eml');
    expect(r.spf).toMatchObject({
      result: 'pass',
      gateway: 'softfail',
      clientIp: '203.0.113.77',
      clientIpSource: 'received-spf',
      domain: 'example.org',
      fix: null,
    });
    expect(r.dmarc).toMatchObject({
      result: 'pass',
      policy: 'quarantine',
      spfAligned: true,
      dkimAligned: true,
    });
    // Gmail checked the address the gateway received the message from, not the gateway's own.
    expect(r.hops.find((h) => h.inbound)).toMatchObject({
      ip: '198.51.100.25',
      by: 'mx.google.com',
      from: 'gw1.filter.example.net',
    });
    expect(r.hops[0]).toMatchObject({
      ip: '203.0.113.77',
      by: 'gw1.filter.example.net',
      tls: 'TLSv1.3 TLS_AES_256_GCM_SHA384',
    });
    expect(codes(r.warnings)).toEqual(['client-ip-mismatch']);
    expect(r.warnings[0]?.text).toContain('203.0.113.77');
    expect(r.warnings[0]?.text).toContain('198.51.100.25');
    expect(r.hints).toEqual([]);
  });

  it("Google Groups relay: Gmail block trusted, ARC i=2 pass, the group copy's results only shown", () => {
    const r = analyze('gmail-groups.eml');
    expect(r.authservId).toBe('mx.google.com');
    expect(r.spf).toMatchObject({
      result: 'pass',
      clientIp: '2001:db8:4864:20::b3c',
      domain: 'googlegroups.com',
      mailFrom: 'friends+bncBAABBQ4C3KXQMGQE4ZJ7VDY@googlegroups.com',
    });
    expect(r.dkim).toEqual([
      {
        result: 'neutral',
        domain: 'example.org',
        selector: 's1',
        reason: 'body hash did not verify',
        aligned: true,
        keyName: 's1._domainkey.example.org',
      },
      {
        result: 'pass',
        domain: 'googlegroups.com',
        selector: '20230601',
        reason: null,
        aligned: false,
        keyName: '20230601._domainkey.googlegroups.com',
      },
    ]);
    expect(r.dmarc).toEqual({
      result: 'fail',
      policy: 'none',
      subdomainPolicy: 'none',
      disposition: 'none',
      headerFrom: 'example.org',
      spfAligned: false,
      dkimAligned: true,
    });
    expect(r.arc).toEqual({ result: 'pass', instance: 2, structureValid: true });
    expect(path(r)).toEqual([
      {
        from: '[192.168.1.34]',
        ip: '203.0.113.150',
        by: 'mail.example.org',
        date: '2024-03-18T17:10:30Z',
        delaySeconds: null,
        inbound: false,
      },
      {
        from: 'mail.example.org',
        ip: '203.0.113.9',
        by: 'gmr-mx.google.com',
        date: '2024-03-18T17:10:31Z',
        delaySeconds: 1,
        inbound: false,
      },
      {
        from: null,
        ip: null,
        by: '2002:a25:d3c9:0:b0:dcd:5e5d:4d49',
        date: '2024-03-18T17:10:32Z',
        delaySeconds: 1,
        inbound: false,
      },
      {
        from: 'mail-yb1-xb3c.google.com',
        ip: '2001:db8:4864:20::b3c',
        by: 'mx.google.com',
        date: '2024-03-18T17:10:33Z',
        delaySeconds: 1,
        inbound: true,
      },
      {
        from: null,
        ip: null,
        by: '2002:a05:7300:c31c:b0:10a:7e2:4b90',
        date: '2024-03-18T17:10:34Z',
        delaySeconds: 1,
        inbound: false,
      },
    ]);
    // X-Original-Authentication-Results and ARC-Authentication-Results are never read as results.
    // The relay's own Received-SPF sits below Gmail's block, in gmr-mx.google.com's own trace
    // block: listed, not a verdict, and not a forgery warning (it names the server it sits under).
    expect(r.untrustedResults).toEqual([
      {
        authservId: 'google.com',
        method: 'spf',
        result: 'pass',
        why: 'was written by an earlier server',
        reason: 'earlier-server',
        forged: false,
        header: expect.any(Number),
      },
    ]);
    expect(codes(r.warnings)).toEqual([]);
    // Forwarded and accepted on ARC: the list broke the signature, the sender has nothing to fix.
    expect(r.verdict).toMatchObject({ status: 'forwarded', code: 'arc-list' });
    expect(codes(r.hints)).toEqual(['forwarded-arc']);
  });

  it("two DKIM signatures, the sender's and the ESP's (d=sendgrid.net, not aligned)", () => {
    const r = analyze('gmail-two-dkim.eml');
    expect(r.dkim).toEqual([
      {
        result: 'pass',
        domain: 'example.com',
        selector: 's1',
        reason: null,
        aligned: true,
        keyName: 's1._domainkey.example.com',
      },
      {
        result: 'pass',
        domain: 'sendgrid.net',
        selector: 'smtpapi',
        reason: null,
        aligned: false,
        keyName: 'smtpapi._domainkey.sendgrid.net',
      },
    ]);
    expect(r.dkimSignatures.map((s) => [s.domain, s.selector, s.signedHeaders.length])).toEqual([
      ['example.com', 's1', 12],
      ['sendgrid.net', 'smtpapi', 12],
    ]);
    // smtp.mailfrom is a quoted-string because the VERP local part holds "=".
    expect(r.spf).toMatchObject({
      result: 'pass',
      clientIp: '198.51.100.40',
      domain: 'em1234.example.com',
      mailFrom: 'bounces+2145378-9a1c-alice=gmail.com@em1234.example.com',
    });
    expect(r.dmarc).toMatchObject({
      result: 'pass',
      policy: 'quarantine',
      spfAligned: true,
      dkimAligned: true,
    });
    // SendGrid's own Received fields have no ";" before the date (one is in Go's ISO-like
    // format, with fractions): both dates are still read.
    expect(path(r)).toEqual([
      {
        from: 'MjE0NTM3OA',
        ip: null,
        by: 'geopod-ismtpd-7',
        date: '2024-03-19T14:05:06Z',
        delaySeconds: null,
        inbound: false,
      },
      {
        from: null,
        ip: null,
        by: 'filterdrecv-7bf5c69d5-ljx2h',
        date: '2024-03-19T14:05:06Z',
        delaySeconds: 0,
        inbound: false,
      },
      {
        from: 'o1.ptr2625.em1234.example.com',
        ip: '198.51.100.40',
        by: 'mx.google.com',
        date: '2024-03-19T14:05:07Z',
        delaySeconds: 1,
        inbound: true,
      },
      {
        from: null,
        ip: null,
        by: '2002:a05:7108:6a0c:b0:35c:89e:1f47',
        date: '2024-03-19T14:05:08Z',
        delaySeconds: 1,
        inbound: false,
      },
    ]);
    expect(r.message.date).toBe('2024-03-19T14:05:06Z');
    expect(r.totalSeconds).toBe(2);
    expect(r.hints).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it("Gmail to Gmail: the inbound hop is Google's own mail-sor host", () => {
    const r = analyze('gmail-to-gmail.eml');
    expect(r.spf).toMatchObject({
      result: 'pass',
      clientIp: '192.0.2.141',
      domain: 'gmail.com',
      fix: null,
    });
    expect(r.dkim).toMatchObject([
      { result: 'pass', domain: 'gmail.com', selector: '20230601', aligned: true },
    ]);
    expect(r.dmarc).toMatchObject({
      result: 'pass',
      policy: 'none',
      subdomainPolicy: 'quarantine',
      headerFrom: 'gmail.com',
    });
    // X-Google-DKIM-Signature (d=1e100.net) is not a DKIM-Signature.
    expect(r.dkimSignatures.map((s) => s.domain)).toEqual(['gmail.com']);
    expect(path(r)).toEqual([
      {
        from: 'mail-sor-f41.google.com',
        ip: '192.0.2.141',
        by: 'mx.google.com',
        date: '2024-03-20T11:20:34Z',
        delaySeconds: null,
        inbound: true,
      },
      {
        from: null,
        ip: null,
        by: '2002:a05:7108:1a87:b0:35c:4e0:d5a3',
        date: '2024-03-20T11:20:35Z',
        delaySeconds: 1,
        inbound: false,
      },
    ]);
    expect(r.hops[0]).toMatchObject({ with: 'SMTPS', tls: 'TLS' });
    expect(r.totalSeconds).toBe(13);
    expect(r.hints).toEqual([]);
    expect(r.warnings).toEqual([]);
  });
});

describe('Microsoft 365 / Outlook.com', () => {
  it('A-R without authserv-id, compauth=pass reason=100, Received-SPF with client-ip; Exchange folds dates', () => {
    const r = analyze('m365-compauth-pass.eml');
    expect(r.authservId).toBeNull();
    expect(r.compauth).toEqual({ result: 'pass', reason: '100' });
    expect(r.spf).toMatchObject({
      result: 'pass',
      clientIp: '203.0.113.25',
      clientIpSource: 'received-spf',
      domain: 'example.com',
      mailFrom: 'example.com',
      comment: 'sender IP is 203.0.113.25',
      fix: null,
    });
    // header.s is not reported: the selector comes from the matching DKIM-Signature.
    expect(r.dkim).toEqual([
      {
        result: 'pass',
        domain: 'example.com',
        selector: 'x2024',
        reason: 'signature was verified',
        aligned: true,
        keyName: 'x2024._domainkey.example.com',
      },
    ]);
    expect(r.dmarc).toEqual({
      result: 'pass',
      policy: null,
      subdomainPolicy: null,
      disposition: 'none',
      headerFrom: 'example.com',
      spfAligned: true,
      dkimAligned: true,
    });
    expect(r.arc).toEqual({ result: null, instance: null, structureValid: null });
    expect(path(r)).toEqual([
      {
        from: 'app1',
        ip: '10.1.2.3',
        by: 'mail.example.com',
        date: '2024-03-21T09:31:12Z',
        delaySeconds: null,
        inbound: false,
      },
      {
        from: 'mail.example.com',
        ip: '203.0.113.25',
        by: 'DS1PEPF00017092.mail.protection.outlook.com',
        date: '2024-03-21T09:31:13Z',
        delaySeconds: 1,
        inbound: true,
      },
      {
        from: 'DS1PEPF00017092.namprd03.prod.outlook.com',
        ip: '2603:10b6:5:177:cafe::2f',
        by: 'DM6PR02CA0045.outlook.office365.com',
        date: '2024-03-21T09:31:14Z',
        delaySeconds: 1,
        inbound: false,
      },
      {
        from: 'DM6PR02CA0045.namprd02.prod.outlook.com',
        ip: '2603:10b6:5:177::22',
        by: 'SA1PR12MB8123.namprd12.prod.outlook.com',
        date: '2024-03-21T09:31:14Z',
        delaySeconds: 0,
        inbound: false,
      },
      {
        from: 'SA1PR12MB8123.namprd12.prod.outlook.com',
        ip: '2603:10b6:806:33b::14',
        by: 'BY5PR12MB4291.namprd12.prod.outlook.com',
        date: '2024-03-21T09:31:15Z',
        delaySeconds: 1,
        inbound: false,
      },
    ]);
    expect(r.hops[1]).toMatchObject({
      with: 'Microsoft SMTP Server',
      tls: 'TLS1_3 TLS_AES_256_GCM_SHA384',
      id: '15.20.7386.12',
      rdns: null,
    });
    expect(r.hops[4]).toMatchObject({ with: 'HTTPS' });
    // Exim: `from app1.example.com ([10.1.2.3] helo=app1)`.
    expect(r.hops[0]).toMatchObject({
      helo: 'app1',
      rdns: 'app1.example.com',
      with: 'esmtp',
      id: '1rnF3C-0004Xy-1Q',
    });
    expect(r.untrustedResults).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.hints).toEqual([]);
  });

  it('Outlook.com: dmarc=bestguesspass, dkim=none header.d=none, Received-SPF without client-ip; qmail sender', () => {
    const r = analyze('outlook-bestguesspass.eml');
    expect(r.authservId).toBeNull();
    expect(r.compauth).toEqual({ result: 'pass', reason: '109' });
    expect(r.spf).toMatchObject({
      result: 'pass',
      clientIp: '198.51.100.14',
      clientIpSource: 'received-spf-comment',
      domain: 'example.net',
      identity: 'mailfrom',
    });
    // `dkim=none (message not signed) header.d=none` on an unsigned message is no verdict at all.
    expect(r.dkim).toEqual([]);
    expect(r.dmarc).toMatchObject({
      result: 'bestguesspass',
      policy: null,
      disposition: 'none',
      headerFrom: 'example.net',
    });
    expect(path(r)).toEqual([
      {
        from: 'laptop.example.net',
        ip: '192.0.2.130',
        by: 'smtp.example.net',
        date: '2024-03-22T16:02:42Z',
        delaySeconds: null,
        inbound: false,
      },
      {
        from: null,
        ip: null,
        by: null,
        date: '2024-03-22T16:02:42Z',
        delaySeconds: 0,
        inbound: false,
      },
      {
        from: 'smtp.example.net',
        ip: '198.51.100.14',
        by: 'BN2PEPF000044A7.mail.protection.outlook.com',
        date: '2024-03-22T16:02:43Z',
        delaySeconds: 1,
        inbound: true,
      },
      {
        from: 'BN2PEPF000044A7.namprd04.prod.outlook.com',
        ip: '2603:10b6:408:ef:cafe::4e',
        by: 'BN9PR03CA0712.outlook.office365.com',
        date: '2024-03-22T16:02:44Z',
        delaySeconds: 1,
        inbound: false,
      },
      {
        from: 'BN9PR03CA0712.namprd03.prod.outlook.com',
        ip: '2603:10b6:408:ef::27',
        by: 'PH7PR19MB5678.namprd19.prod.outlook.com',
        date: '2024-03-22T16:02:44Z',
        delaySeconds: 0,
        inbound: false,
      },
      {
        from: 'PH7PR19MB5678.namprd19.prod.outlook.com',
        ip: '2603:10b6:510:1f5::9',
        by: 'SN7PR19MB4321.namprd19.prod.outlook.com',
        date: '2024-03-22T16:02:45Z',
        delaySeconds: 1,
        inbound: false,
      },
    ]);
    // qmail: `from unknown (HELO laptop.example.net) (192.0.2.130)`, dates without a weekday.
    expect(r.hops[0]).toMatchObject({ helo: 'laptop.example.net', rdns: null, with: 'ESMTPA' });
    expect(codes(r.hints)).toEqual(['dkim-missing', 'dmarc-missing']);
    const dmarc = hint(r, 'dmarc-missing');
    expect(dmarc.record).toBe('v=DMARC1; p=none; rua=mailto:dmarc-reports@example.net');
    expect(dmarc.recordName).toBe('_dmarc.example.net');
    expect(r.warnings).toEqual([]);
  });

  it('spoofed From: spf=fail, dmarc=fail action=oreject, compauth=fail reason=000; HELO is an IP literal', () => {
    const r = analyze('m365-oreject.eml');
    expect(r.compauth).toEqual({ result: 'fail', reason: '000' });
    expect(r.spf).toMatchObject({
      result: 'fail',
      clientIp: '192.0.2.66',
      clientIpSource: 'received-spf',
      domain: 'example.com',
      identity: 'mailfrom',
    });
    expect(r.spf.fix).toMatchObject({ record: null, add: 'ip4:192.0.2.66' });
    expect(r.dkim).toEqual([]);
    // Microsoft names the action, not the policy: oreject = "policy reject, overridden to junk".
    expect(r.dmarc).toEqual({
      result: 'fail',
      policy: 'reject',
      subdomainPolicy: null,
      disposition: 'oreject',
      headerFrom: 'example.com',
      spfAligned: true,
      dkimAligned: null,
    });
    expect(r.hops.find((h) => h.inbound)).toMatchObject({
      from: '[192.0.2.66]',
      helo: '[192.0.2.66]',
      ip: '192.0.2.66',
      by: 'BN2PEPF000044A9.mail.protection.outlook.com',
      with: 'Microsoft SMTP Server',
      tls: null,
      date: '2024-03-25T08:14:07Z',
    });
    expect(r.hops).toHaveLength(4);
    expect(r.hops.map((h) => h.delaySeconds)).toEqual([null, 1, 0, 1]);
    expect(codes(r.hints)).toEqual(['spf-fix-add', 'spf-fail', 'dmarc-fail', 'dkim-missing']);
    expect(r.warnings).toEqual([]);
  });
});

describe('Yahoo / AOL', () => {
  it('dmarc=pass(p=NONE,sp=QUARANTINE) glued comment; Received-SPF with the IP only in its comment', () => {
    const r = analyze('yahoo-pass.eml');
    expect(r.authservId).toBe('atlas322.free.mail.bf1.yahoo.com');
    expect(r.spf).toMatchObject({
      result: 'pass',
      clientIp: '198.51.100.3',
      clientIpSource: 'received-spf-comment',
      domain: 'example.org',
      mailFrom: 'example.org',
      fix: null,
    });
    expect(r.dkim).toEqual([
      {
        result: 'pass',
        domain: 'example.org',
        selector: 's2048',
        reason: null,
        aligned: true,
        keyName: 's2048._domainkey.example.org',
      },
    ]);
    expect(r.dmarc).toEqual({
      result: 'pass',
      policy: 'none',
      subdomainPolicy: 'quarantine',
      disposition: null,
      headerFrom: 'example.org',
      spfAligned: true,
      dkimAligned: true,
    });
    // `from 198.51.100.3 (EHLO mail.example.org) by 10.217.151.74 with SMTPs`.
    expect(path(r)).toEqual([
      {
        from: 'web02.example.org',
        ip: '198.51.100.9',
        by: 'mail.example.org',
        date: '2024-03-26T15:40:11Z',
        delaySeconds: null,
        inbound: false,
      },
      {
        from: 'mail.example.org',
        ip: '198.51.100.3',
        by: '10.217.151.74',
        date: '2024-03-26T15:40:12Z',
        delaySeconds: 1,
        inbound: true,
      },
      {
        from: '10.217.151.74',
        ip: '10.217.151.74',
        by: 'atlas322.free.mail.bf1.yahoo.com',
        date: '2024-03-26T15:40:13Z',
        delaySeconds: 1,
        inbound: false,
      },
    ]);
    expect(r.hops[1]).toMatchObject({
      helo: 'mail.example.org',
      with: 'SMTPs',
      tls: 'TLS1_3 TLS_AES_128_GCM_SHA256',
    });
    expect(r.warnings).toEqual([]);
    expect(r.hints).toEqual([]);
  });

  it('AOL softfail: dkim=unknown and dmarc=unknown are dropped with a warning; Exim sender without rDNS', () => {
    const r = analyze('aol-softfail.eml');
    expect(r.authservId).toBe('atlas-production.v2-mail-prod1-gq1.omega.yahoo.com');
    expect(r.spf).toMatchObject({
      result: 'softfail',
      clientIp: '192.0.2.15',
      clientIpSource: 'received-spf-comment',
      domain: 'example.net',
      comment:
        'domain of transitioning example.net does not designate 192.0.2.15 as permitted sender',
    });
    expect(r.spf.fix).toMatchObject({ record: null, add: 'ip4:192.0.2.15' });
    expect(r.dkim).toEqual([]);
    expect(r.dmarc).toMatchObject({ result: null, policy: null, headerFrom: 'example.net' });
    expect(codes(r.warnings)).toEqual(['unknown-result', 'unknown-result']);
    expect(
      r.warnings.map((w) => w.text.includes('dkim=unknown') || w.text.includes('dmarc=unknown')),
    ).toEqual([true, true]);
    // Exim: `from [192.0.2.130] (port=40122 helo=[10.0.0.23])`: the bracketed from-domain is the
    // address Exim saw, the HELO literal is the client's claim.
    expect(r.hops[0]).toMatchObject({
      from: '[10.0.0.23]',
      helo: '[10.0.0.23]',
      ip: '192.0.2.130',
      rdns: null,
      by: 'mx.example.net',
      with: 'esmtpsa',
      tls: 'TLS1.3 TLS_AES_256_GCM_SHA384',
      id: '1rpUjw-0007Dm-2b',
      for: 'yvonne@aol.com',
      date: '2024-03-27T12:44:09Z',
    });
    expect(r.hops.find((h) => h.inbound)).toMatchObject({
      ip: '192.0.2.15',
      by: '10.248.117.2',
      delaySeconds: 2,
    });
    expect(codes(r.hints)).toEqual(['spf-fix-add', 'spf-softfail', 'dkim-missing']);
  });
});

describe('Fastmail', () => {
  it('several A-R fields, iprev, Mail::SPF Received-SPF, dmarc policy.published-domain-policy', () => {
    const r = analyze('fastmail-pass.eml');
    expect(r.authservId).toBe('mx3.messagingengine.com');
    expect(r.spf).toMatchObject({
      result: 'pass',
      clientIp: '198.51.100.3',
      clientIpSource: 'received-spf',
      domain: 'example.org',
      identity: 'mailfrom',
      mailFrom: 'bounce@example.org',
      comment:
        "example.org: 198.51.100.3 is authorized to use 'bounce@example.org' in 'mfrom' identity (mechanism 'ip4:198.51.100.0/24' matched)",
      helo: null,
      fix: null,
    });
    expect(r.dkim).toEqual([
      {
        result: 'pass',
        domain: 'example.org',
        selector: 'mail2',
        reason: '2048-bit rsa key sha256',
        aligned: true,
        keyName: 'mail2._domainkey.example.org',
      },
    ]);
    expect(r.dmarc).toEqual({
      result: 'pass',
      policy: 'reject',
      subdomainPolicy: null,
      disposition: 'none',
      headerFrom: 'example.org',
      spfAligned: true,
      dkimAligned: true,
    });
    expect(r.arc).toEqual({ result: 'none', instance: 1, structureValid: true });
    expect(path(r)).toEqual([
      {
        from: null,
        ip: null,
        by: 'mail.example.org',
        date: '2024-03-28T10:11:09Z',
        delaySeconds: null,
        inbound: false,
      },
      {
        from: 'mail.example.org',
        ip: '198.51.100.3',
        by: 'mx3.messagingengine.com',
        date: '2024-03-28T10:11:10Z',
        delaySeconds: 1,
        inbound: true,
      },
      {
        from: 'mx3.messagingengine.com',
        ip: '127.0.0.1',
        by: 'mx3.messagingengine.com',
        date: '2024-03-28T10:11:11Z',
        delaySeconds: 1,
        inbound: false,
      },
      {
        from: 'mx3.messagingengine.com',
        ip: '127.0.0.1',
        by: 'mailmx.nyi.internal',
        date: '2024-03-28T10:11:11Z',
        delaySeconds: 0,
        inbound: false,
      },
      {
        from: 'mx3',
        ip: '10.202.2.202',
        by: 'compute5.internal',
        date: '2024-03-28T10:11:12Z',
        delaySeconds: 1,
        inbound: false,
      },
      {
        from: 'compute5.internal',
        ip: '10.202.2.45',
        by: 'sloti42n12',
        date: '2024-03-28T10:11:12Z',
        delaySeconds: 0,
        inbound: false,
      },
    ]);
    expect(r.hops[1]?.tls).toBe('TLSv1.3 TLS_AES_256_GCM_SHA384');
    expect(r.hops[5]?.with).toBe('LMTPA');
    expect(r.untrustedResults).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.hints).toEqual([]);
  });
});

describe('iCloud', () => {
  it('softfail Received-SPF with receiver=, one A-R per check from different icloud.com ids', () => {
    const r = analyze('icloud-softfail.eml');
    expect(r.authservId).toBe('bimi.icloud.com');
    expect(r.spf).toMatchObject({
      result: 'softfail',
      clientIp: '192.0.2.33',
      clientIpSource: 'received-spf',
      domain: 'example.net',
      mailFrom: 'bounce@example.net',
    });
    expect(r.spf.fix).toMatchObject({ record: null, add: 'ip4:192.0.2.33' });
    expect(r.dkim).toEqual([
      {
        result: 'pass',
        domain: 'example.net',
        selector: '2024a',
        reason: '2048-bit key',
        aligned: true,
        keyName: '2024a._domainkey.example.net',
      },
    ]);
    expect(r.dmarc).toMatchObject({
      result: 'pass',
      policy: null,
      headerFrom: 'example.net',
      dkimAligned: true,
    });
    expect(r.arc).toEqual({ result: 'none', instance: null, structureValid: null });
    expect(path(r)).toEqual([
      {
        from: '[192.168.178.20]',
        ip: '192.0.2.150',
        by: 'mx.example.net',
        date: '2024-03-29T14:22:07Z',
        delaySeconds: null,
        inbound: false,
      },
      {
        from: 'mx.example.net',
        ip: '192.0.2.33',
        by: 'mx6.mail.icloud.com',
        date: '2024-03-29T14:22:08Z',
        delaySeconds: 1,
        inbound: true,
      },
      {
        from: 'mx6.mail.icloud.com',
        ip: null,
        by: 'p73-mailgateway-smtp-6b45f7c8d-x2vqk',
        date: '2024-03-29T14:22:09Z',
        delaySeconds: 1,
        inbound: false,
      },
    ]);
    expect(r.untrustedResults).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(codes(r.hints)).toEqual(['spf-fix-add', 'spf-softfail']);
  });
});

describe('postfix + policyd-spf + OpenDKIM + OpenDMARC, delivered by Dovecot LMTP', () => {
  it('MAIL FROM result is the verdict, HELO result shown apart; milter results above the Received', () => {
    const r = analyze('postfix-policyd.eml');
    expect(r.authservId).toBe('mail.example.net');
    expect(r.spf).toMatchObject({
      result: 'pass',
      identity: 'mailfrom',
      clientIp: '2001:db8:42::25',
      clientIpSource: 'received-spf',
      domain: 'example.org',
      mailFrom: 'bounce@example.org',
      helo: { result: 'none', domain: 'mx.example.org' },
      fix: null,
    });
    expect(r.dkim).toEqual([
      {
        result: 'pass',
        domain: 'example.org',
        selector: 'mail',
        reason: '2048-bit key; unprotected',
        aligned: true,
        keyName: 'mail._domainkey.example.org',
      },
    ]);
    expect(r.dmarc).toEqual({
      result: 'pass',
      policy: 'none',
      subdomainPolicy: null,
      disposition: 'none',
      headerFrom: 'example.org',
      spfAligned: true,
      dkimAligned: true,
    });
    expect(path(r)).toEqual([
      {
        from: '[192.168.1.20]',
        ip: '198.51.100.77',
        by: 'mx.example.org',
        date: '2024-04-01T08:12:46Z',
        delaySeconds: null,
        inbound: false,
      },
      {
        from: 'mx.example.org',
        ip: '2001:db8:42::25',
        by: 'mail.example.net',
        date: '2024-04-01T08:12:48Z',
        delaySeconds: 2,
        inbound: true,
      },
      {
        from: 'mail.example.net',
        ip: null,
        by: 'mail.example.net',
        date: '2024-04-01T08:12:49Z',
        delaySeconds: 1,
        inbound: false,
      },
    ]);
    expect(r.hops[1]).toMatchObject({
      rdns: 'mx.example.org',
      with: 'ESMTPS',
      tls: 'TLSv1.3 TLS_AES_256_GCM_SHA384',
      id: '4V7Lmq0Qy2z4xKc',
    });
    expect(r.hops[2]).toMatchObject({
      with: 'LMTP',
      id: 'kEo3K9FzCmbDfgAAs2Ef8g',
      for: '<bob@example.net>',
    });
    expect(r.untrustedResults).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.hints).toEqual([]);
  });

  it('a null reverse-path makes the HELO result the verdict (RFC 7208 §2.4)', () => {
    const text = fixture('postfix-policyd.eml')
      .replace(
        'Received-SPF: None (no SPF record) identity=helo',
        'Received-SPF: Pass (helo) identity=helo',
      )
      .replace(/Received-SPF: Pass \(mailfrom\) identity=mailfrom;[^\n]*\n/, '')
      .replaceAll('envelope-from=bounce@example.org', 'envelope-from=<>');
    const r = analyzeMessage(text);
    expect(r.spf).toMatchObject({
      result: 'pass',
      identity: 'helo',
      domain: 'mx.example.org',
      helo: null,
    });
  });
});
