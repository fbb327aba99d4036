import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../src/core/index.ts';
import { parseAddress } from '../src/core/parse/parse-address.ts';
import { parseAuthenticationResults } from '../src/core/parse/parse-authentication-results.ts';
import { parseReceivedSpf } from '../src/core/parse/parse-received-spf.ts';
import { parseReceived } from '../src/core/parse/received/parse-received.ts';
import { gmailParts, joinMessage } from './helpers/gmail-message.ts';

/**
 * Text people paste or tools print, read as what it is: headers copied from a web page, other
 * line ends, mail logs, the Received forms of older and spam MTAs, quoted local parts.
 */
const pasted = (name: string): string =>
  readFileSync(new URL(`./fixtures/pasted/${name}`, import.meta.url), 'utf8');

describe('headers copied from a web page, their folding lost', () => {
  it("the issue's example: the receiver's block, SPF pass, no forgery warning, the repair said", () => {
    const r = analyzeMessage(pasted('lost-folding.txt'));
    expect(r.authservId).toBe('mx.google.com');
    expect(r.spf).toMatchObject({
      result: 'pass',
      clientIp: '203.0.113.9',
      domain: 'shop.example',
      mailFrom: 'a@shop.example',
    });
    expect(r.hops).toMatchObject([
      { ip: '203.0.113.9', by: 'mx.google.com', for: '<me@gmail.com>', inbound: true },
    ]);
    expect(r.hops[0]?.date).toBe('2024-05-01T17:00:00Z');
    expect(r.warnings.map((w) => w.code)).toEqual(['repaired']);
    expect(r.warnings[0]?.params).toEqual({ reason: 'folding', count: '4' });
  });

  it('reads the same as the original with its folding', () => {
    const folded = pasted('lost-folding.txt').replace(/\n(?![A-Z][A-Za-z-]*:)/g, '\n  ');
    const a = analyzeMessage(pasted('lost-folding.txt'));
    const b = analyzeMessage(folded);
    expect({ ...a, warnings: [] }).toEqual({ ...b, warnings: [] });
  });

  it('a section that keeps its folding is never repaired: a stray line is skipped, not joined', () => {
    const { receiver, sender } = gmailParts({ spf: 'softfail', dkim: null, dmarc: 'fail' });
    // A line the sender's side left in its part, right under Gmail's Authentication-Results.
    const raw = joinMessage([...receiver, 'dkim=pass header.d=example.com', ...sender]);
    const r = analyzeMessage(raw);
    expect(r.spf.result).toBe('softfail');
    expect(r.dkim.every((d) => d.result !== 'pass')).toBe(true);
    expect(r.warnings.map((w) => w.code)).toContain('malformed-line');
    expect(r.warnings.map((w) => w.code)).not.toContain('repaired');
  });

  it('placeholders people leave in ([x.x.x.x], client-ip=x.x.x.x, [email protected]) are not errors', () => {
    const r = analyzeMessage(pasted('placeholders.txt'));
    // The result still counts; with no real address or domain there is nothing to fix.
    expect(r.spf).toMatchObject({ result: 'softfail', clientIp: null, domain: null, fix: null });
    expect(r.hops[0]).toMatchObject({ by: 'mx.google.com', ip: null, inbound: true });
    expect(r.authservId).toBe('mx.google.com');
    expect(r.hints.every((h) => h.record === null || !h.record.includes('x.x.x.x'))).toBe(true);
    expect(r.warnings.map((w) => w.code)).not.toContain('untrusted-auth-header');
  });
});

describe('line ends', () => {
  const { receiver, sender } = gmailParts({ spf: 'neutral', dkim: 'pass', dmarc: 'pass' });
  const crlf = joinMessage([...receiver, ...sender]);
  const withoutRepairs = (raw: string): unknown => ({ ...analyzeMessage(raw), warnings: [] });

  it('a whole message on CRLF, LF or CR reads the same', () => {
    const lf = crlf.replace(/\r\n/g, '\n');
    const cr = crlf.replace(/\r\n/g, '\r');
    expect(withoutRepairs(lf)).toEqual(withoutRepairs(crlf));
    expect(withoutRepairs(cr)).toEqual(withoutRepairs(crlf));
    expect(analyzeMessage(cr).warnings).toContainEqual({
      code: 'repaired',
      severity: 'info',
      text: expect.stringContaining('CR alone'),
      params: { reason: 'cr-line-ends' },
    });
    expect(analyzeMessage(crlf).warnings).toEqual([]);
  });

  it('a lone CR inside an LF message is text, not a line end', () => {
    const raw = crlf.replace('Subject: Your order', 'Subject: Your\rorder');
    expect(analyzeMessage(raw).message.subject).toBe('Your\rorder');
  });
});

describe('mail logs', () => {
  const expected = {
    replyCode: 550,
    enhancedCode: '5.7.26',
    host: 'gmail-smtp-in.l.google.com',
  };
  for (const name of ['syslog-classic.log', 'syslog-rfc3339.log', 'journalctl-cat.log']) {
    it(`${name}: read as a bounce, the flattened multi-line reply keeps every word`, () => {
      const r = analyzeMessage(pasted(name));
      expect(r.input).toBe('bounce');
      expect(r.bounce).toMatchObject(expected);
      expect(r.bounce?.text).toContain(
        'This message does not have authentication information or fails to pass authentication checks. To best protect our users from spam, the message has been blocked.',
      );
      expect(r.bounce?.meaning).not.toBeNull();
      expect(r.warnings).toEqual([]);
    });
  }
});

describe('Received forms from older and spam MTAs', () => {
  const d = 'Mon, 4 Mar 2024 10:00:00 +0000';
  const cases: [string, string, Partial<ReturnType<typeof parseReceived>>][] = [
    [
      'an IP with a port in a comment',
      `from mail.example.com (203.0.113.5:23198) by mx.example.net with SMTP; ${d}`,
      { ip: '203.0.113.5', helo: 'mail.example.com' },
    ],
    [
      'an IP with a port in a literal',
      `from mail.example.com ([203.0.113.5:33672]) by mx.example.net with ESMTP id 1; ${d}`,
      { ip: '203.0.113.5' },
    ],
    [
      'a literal outside a comment',
      `from mail.example.com [203.0.113.5] by mx.example.net with SMTP; ${d}`,
      { ip: '203.0.113.5', helo: 'mail.example.com' },
    ],
    [
      'a parenthesized literal',
      `from mail.example.com [(203.0.113.5)] by mx.example.net; ${d}`,
      { ip: '203.0.113.5', helo: 'mail.example.com' },
    ],
    [
      'a name glued to the literal',
      `from unknown[203.0.113.5] by mx.example.net; ${d}`,
      { ip: '203.0.113.5', helo: 'unknown' },
    ],
    [
      'a bracketed name glued to it',
      `from mail.example.com (<unknown.domain>[203.0.113.5]) by mx.example.net; ${d}`,
      { ip: '203.0.113.5' },
    ],
    ['ident@[ip]', `from ident@[203.0.113.5] by mx.example.net; ${d}`, { ip: '203.0.113.5' }],
    [
      '(from host [ip])',
      `(from host [203.0.113.5]) by mx.example.net; ${d}`,
      { ip: '203.0.113.5', hasFrom: true },
    ],
    [
      "smap's host(ip, HELO name)",
      `from host(203.0.113.5, HELO mail.example.com) by mx.example.net via smap (V2.0); ${d}`,
      { ip: '203.0.113.5', by: 'mx.example.net' },
    ],
    [
      'for < a@b > with spaces',
      `from mail.example.com (mail.example.com [203.0.113.5]) by mx.example.net (Postfix) for < bob@example.net >; ${d}`,
      { for: '<bob@example.net>' },
    ],
    [
      'a by-host with trailing punctuation',
      `from mail.example.com (mail.example.com [203.0.113.5]) by mx.example.net. with ESMTP; ${d}`,
      { by: 'mx.example.net' },
    ],
    [
      'Exim (Cipher ...)',
      `from mail.example.com ([203.0.113.5]) by mx.example.net with esmtp (Cipher TLSv1:DES-CBC3-SHA:168) (Exim 4.50) id 1; ${d}`,
      { tls: 'TLSv1 DES-CBC3-SHA' },
    ],
    [
      'Exim (TLSv1:cipher:bits)',
      `from mail.example.com ([203.0.113.5]) by mx.example.net with esmtps (TLSv1:DES-CBC3-SHA:168) (Exim 4.63) id 1; ${d}`,
      { tls: 'TLSv1 DES-CBC3-SHA' },
    ],
    [
      'Courier (TLS: ...)',
      `from mail.example.com ([203.0.113.5]) (TLS: TLSv1/SSLv3, 168bits,DES-CBC3-SHA) by mx.example.net with esmtp; ${d}`,
      { tls: 'TLSv1/SSLv3 DES-CBC3-SHA' },
    ],
    [
      'ESMTP/TLS/cipher',
      `from mail.example.com ([203.0.113.5]) by mx.example.net with ESMTP/TLS/DHE-RSA-AES256-SHA; ${d}`,
      { tls: 'TLS DHE-RSA-AES256-SHA' },
    ],
    [
      'tls_cipher',
      `from mail.example.com ([203.0.113.5] tls_cipher=TLS_AES_256_GCM_SHA384) by mx.example.net with esmtp; ${d}`,
      { tls: 'TLS_AES_256_GCM_SHA384', ip: '203.0.113.5' },
    ],
    [
      'only a date',
      'Sun, 22 Apr 2018 02:54:19 +0000',
      { date: Date.UTC(2018, 3, 22, 2, 54, 19), by: null, hasFrom: false },
    ],
  ];
  for (const [name, value, want] of cases) {
    it(name, () => expect(parseReceived(value)).toMatchObject(want));
  }
});

describe('quoted local parts: the domain is after the last unquoted @', () => {
  it('in smtp.mailfrom, envelope-from and From:', () => {
    const ar = parseAuthenticationResults(
      'mx.example.net; spf=pass smtp.mailfrom="a>b@c"@example.com; dkim=pass header.i="x y"@example.org',
    );
    expect(ar.results.map((r) => [...r.props.values()][0])).toEqual([
      '"a>b@c"@example.com',
      '"x y"@example.org',
    ]);
    expect(
      parseReceivedSpf('pass envelope-from="john doe"@example.com; client-ip=192.0.2.1')
        .envelopeFrom,
    ).toBe('"john doe"@example.com');
    expect(parseAddress('"Doe, <J>" <"a@b c"@example.com>')).toBe('"a@b c"@example.com');
    expect(parseAddress('"x@evil.example"@example.com')).toBe('"x@evil.example"@example.com');
  });

  it('the report names the right domains', () => {
    const { receiver, sender } = gmailParts({ spf: 'softfail', dkim: null, dmarc: 'fail' });
    const raw = joinMessage(
      receiver
        .map((f) =>
          f.replaceAll('smtp.mailfrom=bounce@example.com', 'smtp.mailfrom="b>o@u nce"@example.com'),
        )
        .concat(
          sender.map((f) =>
            f.startsWith('From:') ? 'From: "a@evil.example" <"shop@x"@example.com>' : f,
          ),
        ),
    );
    const r = analyzeMessage(raw);
    expect(r.spf.domain).toBe('example.com');
    expect(r.dmarc.headerFrom).toBe('example.com');
  });
});

describe('authserv-id', () => {
  it('an empty one is null, as the type says', () => {
    expect(
      parseAuthenticationResults('; spf=pass smtp.mailfrom=example.com').authservId,
    ).toBeNull();
    expect(parseAuthenticationResults('  ; spf=pass').authservIdRaw).toBeNull();
  });
});
