import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSignedData } from '../src/core/dkim/build-signed-data.ts';
import { canonicalizeBody } from '../src/core/dkim/canonicalize-body.ts';
import { canonicalizeHeader } from '../src/core/dkim/canonicalize-header.ts';
import { parseSignatureTags } from '../src/core/dkim/parse-signature-tags.ts';
import { splitMessage } from '../src/core/dkim/split-message.ts';
import { latin1 } from '../src/core/dkim/latin1.ts';
import { verifyWith } from './helpers/verify-zone.ts';

/**
 * RFC 8463 Appendix A: a message signed by football.example.com with Ed25519 (selector
 * brisbane) and with RSA (selector test), and the two key records of A.2. The signatures were
 * made by the RFC's authors, so they check canonicalization, h= selection and both algorithms
 * independently of the signer in test/helpers.
 */
const RFC8463 = new Uint8Array(
  readFileSync(new URL('./fixtures/rfc8463-signed.eml', import.meta.url)),
);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/** A.2, with the RSA record's strings as published (joined by the resolver). */
const RFC8463_KEYS = {
  'brisbane._domainkey.football.example.com':
    'v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=',
  'test._domainkey.football.example.com': [
    'v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWR',
    'iGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutAC',
    'DfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3',
    'Ip3G+2kryOTIKT+l/K4w3QIDAQAB',
  ].join(''),
};

function edit(from: string, to: string): Uint8Array {
  const s = latin1(RFC8463);
  expect(s).toContain(from);
  return new Uint8Array(Buffer.from(s.replace(from, to), 'latin1'));
}

describe('RFC 8463 Appendix A', () => {
  it('A.3: the Ed25519 and the RSA signature both verify with the A.2 keys', async () => {
    const v = await verifyWith(RFC8463, RFC8463_KEYS);
    expect(v.signatures.map((s) => [s.selector, s.verify.result, s.verify.reason])).toEqual([
      ['brisbane', 'pass', null],
      ['test', 'pass', null],
    ]);
    const [ed, rsa] = v.signatures.map((s) => s.verify);
    expect(ed?.bodyHash).toEqual({
      expected: '2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=',
      computed: '2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=',
      length: 54,
      bodyLength: 54,
      limit: null,
      matches: true,
    });
    expect(ed?.key).toMatchObject({ algorithm: 'ed25519', bits: 256, format: 'raw' });
    expect(rsa?.key).toMatchObject({ algorithm: 'rsa', bits: 1024, format: 'spki' });
    // RFC 8301 still accepts 1024 bits; the answer says 2048 is better.
    expect(rsa?.notes.map((n) => n.code)).toEqual(['key-under-2048']);
    expect(v.queries.sort()).toEqual([
      'brisbane._domainkey.football.example.com TXT',
      'test._domainkey.football.example.com TXT',
    ]);
  });

  it('A.3: the signed data is the relaxed fields h= names, bottom-up, then the signature with b= emptied', () => {
    const message = splitMessage(RFC8463);
    const own = 0;
    const field = message.fields[own];
    if (field === undefined) throw new Error('no signature');
    const tags = parseSignatureTags(latin1(RFC8463, field.colon + 1, field.end), 'dkim');
    if ('problem' in tags) throw new Error(tags.problem);
    // h= names From, Subject and Date twice: the second time there is no field left to take.
    expect(tags.signedHeaders).toEqual([
      'from',
      'to',
      'subject',
      'date',
      'message-id',
      'from',
      'subject',
      'date',
    ]);
    expect(text(buildSignedData(message, own, tags.signedHeaders, 'relaxed'))).toBe(
      [
        'from:Joe SixPack <joe@football.example.com>',
        'to:Suzie Q <suzie@shopping.example.net>',
        'subject:Is dinner ready?',
        'date:Fri, 11 Jul 2003 21:00:37 -0700 (PDT)',
        'message-id:<20030712040037.46341.5F8J@football.example.com>',
        'dkim-signature:v=1; a=ed25519-sha256; c=relaxed/relaxed; d=football.example.com; i=@football.example.com; q=dns/txt; s=brisbane; t=1528637909; h=from : to : subject : date : message-id : from : subject : date; bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=; b=',
      ].join('\r\n'),
    );
  });

  it('A.3 changed after signing: a body word fails the body hash, a signed field or an added From the signature', async () => {
    const body = await verifyWith(edit('hungry', 'angry'), RFC8463_KEYS);
    expect(body.signatures.map((s) => [s.verify.reason, s.verify.headerSignature])).toEqual([
      ['body-hash-mismatch', 'valid'],
      ['body-hash-mismatch', 'valid'],
    ]);
    const subject = await verifyWith(edit('dinner', 'lunch'), RFC8463_KEYS);
    expect(subject.signatures.map((s) => [s.verify.reason, s.verify.bodyHash?.matches])).toEqual([
      ['signature-mismatch', true],
      ['signature-mismatch', true],
    ]);
    // From is over-signed (listed twice for one field), so a second From can't be slipped in.
    const from = await verifyWith(
      edit('From: Joe', 'From: Mallory <m@evil.example>\r\nFrom: Joe'),
      RFC8463_KEYS,
    );
    expect(from.signatures.map((s) => s.verify.reason)).toEqual([
      'signature-mismatch',
      'signature-mismatch',
    ]);
    // A field no signature names may be added.
    const added = await verifyWith(
      edit('Message-ID:', 'X-Mailer: any\r\nMessage-ID:'),
      RFC8463_KEYS,
    );
    expect(added.signatures.map((s) => s.verify.result)).toEqual(['pass', 'pass']);
  });
});

describe('RFC 6376 §3.4.5 canonicalization examples', () => {
  const header = new TextEncoder().encode(
    'A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n C \r\nD \t E\r\n\r\n\r\n',
  );
  const message = splitMessage(header);
  const body = header.subarray(message.bodyStart ?? 0);

  it('relaxed header: "a:X" and "b:Y Z"; simple keeps the fields as they are', () => {
    const canon = (c: 'simple' | 'relaxed'): string =>
      message.fields.map((f) => text(canonicalizeHeader(header, f, c))).join('');
    expect(canon('relaxed')).toBe('a:X\r\nb:Y Z\r\n');
    expect(canon('simple')).toBe('A: X\r\nB : Y\t\r\n\tZ  \r\n');
  });

  it('relaxed body " C" / "D E"; simple body keeps the whitespace; both drop the trailing empty lines', () => {
    expect(text(canonicalizeBody(body, 'relaxed'))).toBe(' C\r\nD E\r\n');
    expect(text(canonicalizeBody(body, 'simple'))).toBe(' C \r\nD \t E\r\n');
  });

  it('§3.4.3/§3.4.4: an empty body is CRLF under simple and nothing under relaxed', () => {
    expect(text(canonicalizeBody(new Uint8Array(0), 'simple'))).toBe('\r\n');
    expect(text(canonicalizeBody(new Uint8Array(0), 'relaxed'))).toBe('');
    expect(text(canonicalizeBody(new TextEncoder().encode('\r\n\r\n'), 'simple'))).toBe('\r\n');
    expect(text(canonicalizeBody(new TextEncoder().encode(' \r\n\t\r\n'), 'relaxed'))).toBe('');
    expect(text(canonicalizeBody(new TextEncoder().encode('no line end'), 'relaxed'))).toBe(
      'no line end\r\n',
    );
  });
});
