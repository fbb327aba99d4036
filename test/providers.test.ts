// Over 300 lines: one test per provider fixture.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeMessage, type Report } from '../src/core/index.ts';

/**
 * One realistic header set per provider form seen in the wild (test/fixtures/*.eml), and why the
 * report says what it does about each. Senders use documentation addresses and names; the
 * receivers' host names are real because the trust rules key on them.
 *
 * What each report concludes (verdict, SPF/DKIM/DMARC/ARC/compauth results and the facts they
 * rest on, the envelope sender, the path with its dates and delays, hint and warning codes, the
 * results not trusted) is pinned in the fixture's `.expect.json` (fixture-expectations.test.ts);
 * the tests here check only what that summary leaves out: the comments and hop details a receiver
 * writes, hint parameters and texts, DKIM-Signature fields, the message's own fields, and the
 * variants built from a fixture's text.
 */

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

function analyze(name: string): Report {
  return analyzeMessage(fixture(name));
}

const codes = (xs: readonly { code: string }[]): string[] => xs.map((x) => x.code);

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
    // The Subject is an RFC 2047 encoded word; the time on the way runs from the Date: field.
    expect(r.message.subject).toBe('Your order ✓');
    expect(r.totalSeconds).toBe(4);
  });

  it('softfail: "domain of transitioning", no DKIM, DMARC fail with p=NONE; postfix two-space days', () => {
    const r = analyze('gmail-softfail.eml');
    // A record is published: the one mechanism to add (spf.fix.add), never a record that would
    // replace it.
    expect(hint(r, 'spf-fix-add').record).toBeNull();
    expect(r.totalSeconds).toBe(3);
    // Errors first, then warnings, each in table order.
    expect(r.hints.map((h) => h.severity)).toEqual([
      'error',
      'error',
      'error',
      'warning',
      'warning',
      'info',
    ]);
    expect(hint(r, 'spf-softfail').params).toEqual({ domain: 'example.net', ip: '198.51.100.23' });
    expect(hint(r, 'dmarc-fail').params).toMatchObject({ domain: 'example.net', policy: 'none' });
  });

  it('IPv6 client, neutral from a best guess record: the fix is an ip6: mechanism', () => {
    const r = analyze('gmail-ipv6-neutral.eml');
    expect(r.spf.comment).toBe(
      'google.com: 2001:db8:42::25 is neither permitted nor denied by best guess record for domain of alice@example.org',
    );
    // Gmail writes the IPv6 literal bare with a trailing-dot rDNS; postfix writes [IPv6:...].
    expect(r.hops[1]?.rdns).toBe('mail.example.org');
    expect(hint(r, 'spf-ipv6-client').params).toEqual({ ip: '2001:db8:42::25', receiver: 'Gmail' });
  });

  it('none: no SPF record, no DKIM, no DMARC clause; sendmail path without TLS', () => {
    const r = analyze('gmail-spf-none.eml');
    // No record at all: a whole one is safe to publish (spf.fix.record), at the MAIL FROM domain.
    // Gmail writes no dmarc= when the From: domain publishes no DMARC record: dmarc is all null.
    expect(hint(r, 'spf-fix-new').recordName).toBe('host.example.net');
    // spf-none's advice is in spf-fix-new, which has the record.
    expect(codes(r.hints)).not.toContain('spf-none');
    expect(r.hops[2]).toMatchObject({ with: 'ESMTP', tls: null });
    expect(hint(r, 'no-tls').params).toEqual({ receiver: 'Gmail', protocol: 'ESMTP' });
  });

  it('permerror "too many DNS lookups": the lookup-limit hint, not the syntax one', () => {
    const r = analyze('gmail-permerror.eml');
    expect(r.spf.comment).toBe(
      'google.com: permanent error in processing during lookup of news@example.com: too many DNS lookups',
    );
    // Adding the IP cannot repair a record over the lookup limit: no spf.fix, the limit is the step.
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
    // A DNS error at delivery says nothing about the record: no spf.fix is built from it. No ARC
    // headers in this copy: arc is all null.
    expect(r.hops[1]?.tls).toBe('TLS1_2 ECDHE-ECDSA-AES128-GCM-SHA256');
  });

  it('dkim=neutral (body hash did not verify): a footer added after signing; DMARC passes on SPF', () => {
    const r = analyze('gmail-dkim-body-hash.eml');
    // postfix → amavisd-new → postfix → Gmail; the first hop is the sender's submission.
    expect(r.hops[0]).toMatchObject({ helo: '[192.168.10.23]', tls: 'TLS', with: 'ESMTPSA' });
    expect(hint(r, 'dkim-fail').params).toEqual({
      domain: 'example.com',
      selector: 's2048',
      keyName: 's2048._domainkey.example.com',
      reason: 'body hash did not verify',
    });
  });

  it('dkim=neutral (no key for signature): the key-record hint names the selector record', () => {
    const r = analyze('gmail-dkim-no-key.eml');
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
    expect(hint(r, 'dmarc-fail').params).toEqual({ domain: 'example.com', policy: 'reject' });
    expect(hint(r, 'from-not-aligned').params).toEqual({
      spfDomain: 'mailer.example.net',
      domain: 'example.com',
    });
    // `from localhost (mailer.example.net [127.0.0.1])`: HELO localhost, rDNS in the comment.
    expect(r.hops[0]).toMatchObject({ helo: 'localhost', rdns: 'mailer.example.net' });
  });

  it('Google Workspace behind an inbound gateway: gateway.spf is shown apart, not the verdict', () => {
    const r = analyze('gmail-workspace-gateway.eml');
    // Gmail checked the address the gateway received the message from (the inbound hop's
    // 198.51.100.25), not the gateway's own (203.0.113.77, spf.clientIp): the warning names both.
    expect(r.hops[0]?.tls).toBe('TLSv1.3 TLS_AES_256_GCM_SHA384');
    expect(r.warnings[0]?.text).toContain('203.0.113.77');
    expect(r.warnings[0]?.text).toContain('198.51.100.25');
  });

  it("Google Groups relay: Gmail block trusted, ARC i=2 pass, the group copy's results only shown", () => {
    const r = analyze('gmail-groups.eml');
    // X-Original-Authentication-Results and ARC-Authentication-Results are never read as results.
    // The relay's own Received-SPF sits below Gmail's block, in gmr-mx.google.com's own trace
    // block: listed, not a verdict, and not a forgery warning (it names the server it sits under).
    // Forwarded and accepted on ARC (verdict arc-list): the list broke the signature, the sender
    // has nothing to fix.
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
  });

  it("two DKIM signatures, the sender's and the ESP's (d=sendgrid.net, not aligned)", () => {
    const r = analyze('gmail-two-dkim.eml');
    expect(r.dkimSignatures.map((s) => [s.domain, s.selector, s.signedHeaders.length])).toEqual([
      ['example.com', 's1', 12],
      ['sendgrid.net', 'smtpapi', 12],
    ]);
    // smtp.mailfrom is a quoted-string because the VERP local part holds "=" (spf.mailFrom is
    // read without the quotes). SendGrid's own Received fields have no ";" before the date (one
    // is in Go's ISO-like format, with fractions): both dates are still read (hops[0..1].date).
    expect(r.message.date).toBe('2024-03-19T14:05:06Z');
    expect(r.totalSeconds).toBe(2);
  });

  it("Gmail to Gmail: the inbound hop is Google's own mail-sor host", () => {
    const r = analyze('gmail-to-gmail.eml');
    // X-Google-DKIM-Signature (d=1e100.net) is not a DKIM-Signature.
    expect(r.dkimSignatures.map((s) => s.domain)).toEqual(['gmail.com']);
    expect(r.hops[0]).toMatchObject({ with: 'SMTPS', tls: 'TLS' });
    // Date: is in +0100; the time on the way runs from it, 12 s before the first Received.
    expect(r.totalSeconds).toBe(13);
  });
});

describe('Microsoft 365 / Outlook.com', () => {
  it('A-R without authserv-id, compauth=pass reason=100, Received-SPF with client-ip; Exchange folds dates', () => {
    const r = analyze('m365-compauth-pass.eml');
    expect(r.spf.comment).toBe('sender IP is 203.0.113.25');
    // header.s is not reported: dkim[0].selector comes from the matching DKIM-Signature.
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
  });

  it('Outlook.com: dmarc=bestguesspass, dkim=none header.d=none, Received-SPF without client-ip; qmail sender', () => {
    const r = analyze('outlook-bestguesspass.eml');
    // `dkim=none (message not signed) header.d=none` on an unsigned message is no verdict at all:
    // dkim is empty. qmail: `from unknown (HELO laptop.example.net) (192.0.2.130)`, dates
    // without a weekday.
    expect(r.hops[0]).toMatchObject({ helo: 'laptop.example.net', rdns: null, with: 'ESMTPA' });
    const dmarc = hint(r, 'dmarc-missing');
    expect(dmarc.record).toBe('v=DMARC1; p=none; rua=mailto:dmarc-reports@example.net');
    expect(dmarc.recordName).toBe('_dmarc.example.net');
  });

  it('spoofed From: spf=fail, dmarc=fail action=oreject, compauth=fail reason=000; HELO is an IP literal', () => {
    const r = analyze('m365-oreject.eml');
    // Microsoft names the action, not the policy: oreject = "policy reject, overridden to junk".
    expect(r.hops.find((h) => h.inbound)).toMatchObject({
      helo: '[192.0.2.66]',
      with: 'Microsoft SMTP Server',
      tls: null,
    });
  });
});

describe('Yahoo / AOL', () => {
  it('dmarc=pass(p=NONE,sp=QUARANTINE) glued comment; Received-SPF with the IP only in its comment', () => {
    const r = analyze('yahoo-pass.eml');
    // `from 198.51.100.3 (EHLO mail.example.org) by 10.217.151.74 with SMTPs`.
    expect(r.hops[1]).toMatchObject({
      helo: 'mail.example.org',
      with: 'SMTPs',
      tls: 'TLS1_3 TLS_AES_128_GCM_SHA256',
    });
  });

  it('AOL softfail: dkim=unknown and dmarc=unknown are dropped with a warning; Exim sender without rDNS', () => {
    const r = analyze('aol-softfail.eml');
    expect(r.spf.comment).toBe(
      'domain of transitioning example.net does not designate 192.0.2.15 as permitted sender',
    );
    expect(
      r.warnings.map((w) => w.text.includes('dkim=unknown') || w.text.includes('dmarc=unknown')),
    ).toEqual([true, true]);
    // Exim: `from [192.0.2.130] (port=40122 helo=[10.0.0.23])`: the bracketed from-domain is the
    // address Exim saw, the HELO literal is the client's claim.
    expect(r.hops[0]).toMatchObject({
      helo: '[10.0.0.23]',
      rdns: null,
      with: 'esmtpsa',
      tls: 'TLS1.3 TLS_AES_256_GCM_SHA384',
      id: '1rpUjw-0007Dm-2b',
      for: 'yvonne@aol.com',
    });
  });
});

describe('Fastmail', () => {
  it('several A-R fields, iprev, Mail::SPF Received-SPF, dmarc policy.published-domain-policy', () => {
    const r = analyze('fastmail-pass.eml');
    expect(r.spf.comment).toBe(
      "example.org: 198.51.100.3 is authorized to use 'bounce@example.org' in 'mfrom' identity (mechanism 'ip4:198.51.100.0/24' matched)",
    );
    expect(r.hops[1]?.tls).toBe('TLSv1.3 TLS_AES_256_GCM_SHA384');
    expect(r.hops[5]?.with).toBe('LMTPA');
  });
});

describe('iCloud', () => {
  it('softfail Received-SPF with receiver=, one A-R per check from different icloud.com ids', () => {
    const r = analyze('icloud-softfail.eml');
    // authservId is the first A-R's (bimi.icloud.com); the SPF result and its comment are the ones
    // spf.icloud.com wrote, and every icloud.com id is trusted (untrusted is empty).
    expect(r.spf.comment).toBe(
      'spf.icloud.com: domain of transitioning bounce@example.net does not designate 192.0.2.33 as permitted sender',
    );
  });
});

describe('postfix + policyd-spf + OpenDKIM + OpenDMARC, delivered by Dovecot LMTP', () => {
  it('MAIL FROM result is the verdict, HELO result shown apart; milter results above the Received', () => {
    const r = analyze('postfix-policyd.eml');
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
