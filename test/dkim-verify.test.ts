// Over 300 lines: one message per case, signed in the test; the cases share the signer and the key
// zone.
import { describe, expect, it } from 'vitest';
import { analyzeMessage, type DkimCrypto } from '../src/core/index.ts';
import { withVerification } from '../src/core/dkim/with-verification.ts';
import {
  bytes,
  ed25519Key,
  rsaKey,
  signDkim,
  testMessage,
  type Canon,
  type SignOptions,
} from './helpers/dkim-signer.ts';
import { assertReportShape } from './helpers/report-shape.ts';
import { delivered, NOW, verifyWith, webCrypto, type Keys } from './helpers/verify-zone.ts';

/**
 * Messages signed in the test with node:crypto (test/helpers/dkim-signer.ts) and verified by
 * src/core/dkim against keys served over the DoH test handler.
 */
const rsa = rsaKey(2048);
const other = rsaKey(2048);
const ed = ed25519Key();
const KEY = 's1._domainkey.example.com';

/** A body and header fields where the two canonicalizations differ: folding, runs of spaces,
 * trailing whitespace, empty lines at the end. */
const MESSAGE = testMessage('Hello  there,\t \r\n\r\nyour order   has shipped. \r\n\r\n\r\n', [
  'X-Note: folded\r\n\tover   two lines ',
]);

async function one(message: string, keys: Keys = { [KEY]: rsa.record }) {
  const v = await verifyWith(bytes(message), keys);
  const first = v.signatures[0]?.verify;
  if (first === undefined) throw new Error('no signature verified');
  return first;
}

function signed(options: Partial<SignOptions> = {}, message = MESSAGE): string {
  return signDkim(message, { key: rsa, ...options });
}

describe('every canonicalization pair and algorithm', () => {
  const pairs: `${Canon}/${Canon}`[] = [
    'simple/simple',
    'simple/relaxed',
    'relaxed/simple',
    'relaxed/relaxed',
  ];
  const cases = pairs.flatMap((c) => [
    { c, algorithm: 'rsa-sha256' as const, key: rsa },
    { c, algorithm: 'ed25519-sha256' as const, key: ed },
  ]);
  it.each(cases)(
    'c=$c a=$algorithm passes, with the body hash it computed equal to bh=',
    async ({ c, algorithm, key }) => {
      const v = await one(
        signed({ c, algorithm, key, headers: ['from', 'to', 'subject', 'x-note'] }),
        { [KEY]: key.record },
      );
      expect([v.result, v.reason, v.headerSignature]).toEqual(['pass', null, 'valid']);
      expect(v.canonicalization).toBe(c);
      expect(v.bodyHash?.computed).toBe(v.bodyHash?.expected);
    },
  );

  it('relaxed/relaxed survives refolding, case and whitespace changes; simple/simple does not', async () => {
    const change = (m: string): string =>
      m
        .replace('X-Note: folded\r\n\tover   two lines ', 'x-note:   folded over two\r\n lines')
        .replace('has shipped. \r\n', 'has  shipped.\r\n');
    const relaxed = await one(
      change(signed({ c: 'relaxed/relaxed', headers: ['from', 'x-note'] })),
    );
    expect(relaxed.result).toBe('pass');
    const simple = await one(change(signed({ c: 'simple/simple', headers: ['from', 'x-note'] })));
    expect([simple.reason, simple.headerSignature]).toEqual(['body-hash-mismatch', 'invalid']);
    expect(simple.notes.map((n) => n.code)).toContain('headers-fail-too');
  });

  it('a signature folded on one line or many, b= folded in pieces, verifies the same', async () => {
    expect((await one(signed({ fold: false }))).result).toBe('pass');
    expect((await one(signed({ fold: true }))).result).toBe('pass');
  });

  it('8-bit bytes in a signed header and the body are verified as bytes', async () => {
    const message = testMessage('Caf\xe9 cr\xe8me\r\n', ['X-Latin: \xe9t\xe9']);
    expect((await one(signed({ headers: ['from', 'x-latin'] }, message))).result).toBe('pass');
  });
});

describe('h= and l=', () => {
  it('a name listed once takes the bottom field of that name: a field added above is not signed', async () => {
    const message = testMessage('Hi.\r\n', ['X-Tag: first', 'X-Tag: second']);
    const sig = signed({ headers: ['from', 'x-tag'] }, message);
    expect((await one(sig.replace('X-Tag: first', 'X-Tag: changed'))).result).toBe('pass');
    expect((await one(sig.replace('X-Tag: second', 'X-Tag: changed'))).reason).toBe(
      'signature-mismatch',
    );
  });

  it('repeated names take the fields bottom-up, each once', async () => {
    const message = testMessage('Hi.\r\n', ['X-Tag: first', 'X-Tag: second']);
    const sig = signed({ headers: ['from', 'x-tag', 'x-tag'] }, message);
    expect((await one(sig)).result).toBe('pass');
    expect((await one(sig.replace('X-Tag: first', 'X-Tag: changed'))).reason).toBe(
      'signature-mismatch',
    );
    // Reordering two signed fields of the same name changes what is signed.
    expect(
      (await one(sig.replace('X-Tag: first\r\nX-Tag: second', 'X-Tag: second\r\nX-Tag: first')))
        .reason,
    ).toBe('signature-mismatch');
  });

  it('over-signing (From listed twice for one field) makes an added From fail; without it, it passes', async () => {
    const add = (m: string): string => `From: Mallory <m@evil.example>\r\n${m}`;
    expect((await one(add(signed({ headers: ['from', 'from', 'subject'] })))).reason).toBe(
      'signature-mismatch',
    );
    expect((await one(add(signed({ headers: ['from', 'subject'] })))).result).toBe('pass');
  });

  it('l= covering the body passes; text appended past it still passes, flagged as unsigned', async () => {
    const sig = signed({ bodyLength: 'all', c: 'simple/simple' });
    const clean = await one(sig);
    expect([clean.result, clean.notes.map((n) => n.code)]).toEqual(['pass', []]);
    const appended = await one(`${sig}Click here: https://evil.example/\r\n`);
    expect(appended.result).toBe('pass');
    expect(appended.bodyHash).toMatchObject({ limit: clean.bodyHash?.length, matches: true });
    const note = appended.notes.find((n) => n.code === 'body-length-limit');
    // The two empty lines that ended the signed body are now inside it, before the new line.
    expect(note?.params['unsigned']).toBe(
      String(4 + 'Click here: https://evil.example/\r\n'.length),
    );
  });

  it('l= longer than the canonical body fails: the body was cut after signing', async () => {
    const v = await one(signed({ bodyLength: 5000 }));
    expect([v.result, v.reason]).toEqual(['fail', 'body-too-short']);
  });
});

describe('what changed after signing', () => {
  it('a modified body: body hash mismatch with both hashes and the length, header fields intact', async () => {
    const sig = signed();
    const v = await one(sig.replace('has shipped', 'was lost'));
    expect([v.result, v.reason, v.headerSignature]).toEqual([
      'fail',
      'body-hash-mismatch',
      'valid',
    ]);
    expect(v.bodyHash?.matches).toBe(false);
    expect(v.bodyHash?.computed).not.toBe(v.bodyHash?.expected);
    expect(v.text).toContain(v.bodyHash?.computed ?? '?');
    expect(v.notes.map((n) => n.code)).toEqual(['headers-intact']);
  });

  it('a modified signed header: signature mismatch with the body hash matching', async () => {
    const v = await one(signed().replace('Subject: Your order', 'Subject: Your refund'));
    expect([v.result, v.reason, v.bodyHash?.matches]).toEqual(['fail', 'signature-mismatch', true]);
  });

  it('a rotated key: the key in DNS is not the one that signed', async () => {
    const v = await one(signed(), { [KEY]: other.record });
    expect([v.reason, v.bodyHash?.matches, v.key?.bits]).toEqual([
      'signature-mismatch',
      true,
      2048,
    ]);
  });
});

describe('keys in current DNS', () => {
  it('a revoked key (empty p=)', async () => {
    const v = await one(signed(), { [KEY]: 'v=DKIM1; k=rsa; p=' });
    expect([v.result, v.reason, v.key?.revoked]).toEqual(['permerror', 'key-revoked', true]);
    // The body hash is still computed: without a key, the body can still be checked.
    expect(v.bodyHash?.matches).toBe(true);
  });

  it('a 512-bit key is refused (RFC 8301 §3.2) and its size reported', async () => {
    const weak = rsaKey(512);
    const v = await one(signDkim(MESSAGE, { key: weak }), { [KEY]: weak.record });
    expect([v.result, v.reason, v.key?.bits, v.headerSignature]).toEqual([
      'policy',
      'key-too-weak',
      512,
      null,
    ]);
  });

  it('a 1024-bit key passes with a note that 2048 is recommended', async () => {
    const short = rsaKey(1024);
    const v = await one(signDkim(MESSAGE, { key: short }), { [KEY]: short.record });
    expect([v.result, v.key?.bits, v.notes.map((n) => n.code)]).toEqual([
      'pass',
      1024,
      ['key-under-2048'],
    ]);
  });

  it('a PKCS#1 RSAPublicKey is accepted, wrapped into SPKI, and reported', async () => {
    const pkcs1 = rsaKey(2048, 'pkcs1');
    expect(pkcs1.record).toMatch(/p=MIIBCgKCAQEA/);
    const v = await one(signDkim(MESSAGE, { key: pkcs1 }), { [KEY]: pkcs1.record });
    expect([v.result, v.key?.format, v.key?.bits]).toEqual(['pass', 'pkcs1', 2048]);
    expect(v.notes.map((n) => n.code)).toEqual(['pkcs1-key']);
  });

  it('no key: NXDOMAIN, or TXT records that are not key records', async () => {
    const missing = await one(signed(), {});
    expect([missing.result, missing.reason, missing.key]).toEqual([
      'permerror',
      'key-missing',
      null,
    ]);
    expect(missing.text).toContain('NXDOMAIN');
    const site = await one(signed(), { [KEY]: 'google-site-verification=abc' });
    expect(site.reason).toBe('key-missing');
  });

  it('a DNS failure is a temperror, not a missing key', async () => {
    const v = await one(signed(), { [KEY]: 'SERVFAIL' });
    expect([v.result, v.reason]).toEqual(['temperror', 'dns-error']);
  });

  it('a key that is not valid SPKI or base64, or another version, is malformed', async () => {
    const notDer = await one(signed(), { [KEY]: 'v=DKIM1; p=AAAAAAAA' });
    expect([notDer.reason, notDer.key?.format]).toEqual(['key-malformed', null]);
    const notBase64 = await one(signed(), { [KEY]: 'v=DKIM1; p=not*base64' });
    expect(notBase64.reason).toBe('key-malformed');
    const v2 = await one(signed(), { [KEY]: rsa.record.replace('v=DKIM1', 'v=DKIM2') });
    expect(v2.reason).toBe('key-malformed');
  });

  it("the key record's k=, h=, s= and t=s restrict what it verifies", async () => {
    expect((await one(signed(), { [KEY]: ed.record })).reason).toBe('key-type-mismatch');
    expect((await one(signed(), { [KEY]: `${rsa.record}; h=sha1` })).reason).toBe(
      'key-hash-not-allowed',
    );
    expect((await one(signed(), { [KEY]: `${rsa.record}; s=tlsrpt` })).reason).toBe(
      'key-not-for-email',
    );
    expect((await one(signed(), { [KEY]: `${rsa.record}; s=email:tlsrpt; h=sha256` })).result).toBe(
      'pass',
    );
    const strict = `${rsa.record}; t=s`;
    expect((await one(signed({ i: '@news.example.com' }), { [KEY]: strict })).reason).toBe(
      'key-strict-identity',
    );
    expect((await one(signed({ i: 'shop@example.com' }), { [KEY]: strict })).result).toBe('pass');
  });

  it('t=y: a testing key passes and says so', async () => {
    const v = await one(signed(), { [KEY]: `${rsa.record}; t=y` });
    expect([v.result, v.key?.testing, v.notes.map((n) => n.code)]).toEqual([
      'pass',
      true,
      ['testing-key'],
    ]);
  });

  it('two key records: the first is used and the count reported', async () => {
    const v = await one(signed(), { [KEY]: [rsa.record, other.record] });
    expect([v.result, v.notes.map((n) => n.code)]).toEqual(['pass', ['multiple-keys']]);
  });

  it('one query per key name, shared by the signatures that use it', async () => {
    const twice = signDkim(signed(), { key: rsa, headers: ['from', 'subject'] });
    const v = await verifyWith(bytes(twice), { [KEY]: rsa.record });
    expect(v.signatures.map((s) => s.verify.result)).toEqual(['pass', 'pass']);
    expect(v.queries).toEqual([`${KEY} TXT`]);
  });
});

describe('algorithms and tags', () => {
  it('rsa-sha1 is refused (RFC 8301 §3.1) without a key lookup', async () => {
    const v = await verifyWith(bytes(signed({ algorithm: 'rsa-sha1' })), { [KEY]: rsa.record });
    expect(v.signatures.map((s) => [s.verify.result, s.verify.reason])).toEqual([
      ['policy', 'algorithm-refused'],
    ]);
    expect(v.queries).toEqual([]);
  });

  it('an unknown a= or c= is unsupported', async () => {
    const a = await one(signed().replace('a=rsa-sha256', 'a=rsa-sha512'));
    expect([a.result, a.reason]).toEqual(['neutral', 'unsupported-algorithm']);
    const c = await one(signed().replace('c=relaxed/relaxed', 'c=nowsp/relaxed'));
    expect(c.reason).toBe('unsupported-algorithm');
  });

  it('Ed25519 where the runtime has none: "not supported here", body hash and key still read', async () => {
    const noEd: DkimCrypto = {
      ...webCrypto,
      supports: (alg) => Promise.resolve(alg !== 'ed25519'),
    };
    const v = await verifyWith(
      bytes(signed({ algorithm: 'ed25519-sha256', key: ed })),
      { [KEY]: ed.record },
      { crypto: noEd },
    );
    const r = v.signatures[0]?.verify;
    expect([r?.result, r?.reason, r?.bodyHash?.matches, r?.key?.algorithm]).toEqual([
      'neutral',
      'not-supported-here',
      true,
      'ed25519',
    ]);
    expect(r?.text).toContain('Chrome 137');
  });

  it('x= in the past: expired, though the signature itself still verifies', async () => {
    const v = await one(signed({ t: 1700000000, x: 1700086400 }));
    expect([v.result, v.reason, v.headerSignature]).toEqual(['fail', 'expired', 'valid']);
    expect(v.params['expires']).toBe('2023-11-15T22:13:20Z');
    const later = await one(signed({ t: 1700000000, x: Math.floor(NOW / 1000) + 86400 }));
    expect(later.result).toBe('pass');
  });

  it('bh= without its base64 padding is the same hash', async () => {
    const unpadded = signed({ unpaddedBh: true });
    expect(unpadded).toMatch(/bh=[A-Za-z0-9+/]{43};/);
    const v = await one(unpadded);
    expect([v.result, v.reason, v.bodyHash?.matches]).toEqual(['pass', null, true]);
  });

  it('t= later than now is noted', async () => {
    const v = await one(signed({ t: Math.floor(NOW / 1000) + 3600 }));
    expect([v.result, v.notes.map((n) => n.code)]).toEqual(['pass', ['future-timestamp']]);
  });

  it.each([
    [
      'h= without From',
      (m: string) => m.replace('h=from:to:subject:date:message-id', 'h=to:subject'),
      'From',
    ],
    ['a repeated tag', (m: string) => m.replace('s=s1;', 's=s1; s=s1;'), 'twice'],
    ['i= outside d=', (m: string) => m.replace('s=s1;', 's=s1; i=@example.net;'), 'within d='],
    ['v=2', (m: string) => m.replace('v=1;', 'v=2;'), 'v=2'],
    ['no bh=', (m: string) => m.replace(/bh=[^;]+;/, ''), 'bh='],
    ['x= before t=', (m: string) => m.replace('s=s1;', 's=s1; t=200; x=100;'), 'x='],
  ])('a malformed signature (%s) is a permerror saying why', async (_, change, why) => {
    const v = await one(change(signed({ fold: false })));
    expect([v.result, v.reason]).toEqual(['permerror', 'malformed-signature']);
    expect(v.text).toContain(why);
  });

  it('64 signatures naming 64 selectors: 16 verified, 16 key queries', async () => {
    const fields = Array.from(
      { length: 64 },
      (_, i) =>
        `DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sel${i}; h=from; bh=AAAA; b=AAAA`,
    );
    const v = await verifyWith(bytes(`${fields.join('\r\n')}\r\n${MESSAGE}`), {});
    expect(v.signatures).toHaveLength(64);
    expect(v.queries).toHaveLength(16);
    expect(v.signatures.filter((s) => s.verify.reason === 'not-checked')).toHaveLength(48);
  });

  it(`only the topmost signatures are verified; the others are "not checked"`, async () => {
    let message = MESSAGE;
    for (let i = 0; i < 17; i += 1)
      message = signDkim(message, { key: ed, algorithm: 'ed25519-sha256', headers: ['from'] });
    const v = await verifyWith(bytes(message), { [KEY]: ed.record });
    expect(v.signatures.map((s) => s.verify.result)).toEqual([
      ...Array<string>(16).fill('pass'),
      'neutral',
    ]);
    expect(v.signatures[16]?.verify.reason).toBe('not-checked');
  });
});

describe('beside the receiver’s verdict', () => {
  /** The receiver's result for the topmost signature, naming it by its first 8 b= characters. */
  const atDelivery = (message: string, result: string): string =>
    `dkim=${result} header.i=@example.com header.s=s1 header.b=${/\bb=([^;]{8})/.exec(message.replace(/\s/g, ''))?.[1] ?? ''}`;

  /** The message as delivered with dkim=pass for the top signature of `passed` (default: its own). */
  async function report(message: string, keys: Keys, passed = message) {
    const raw = delivered(message, atDelivery(passed, 'pass'));
    const v = await verifyWith(bytes(raw), keys);
    return withVerification(analyzeMessage(raw), v);
  }

  it('the receiver passed it and the key in DNS no longer verifies it: the key changed since delivery', async () => {
    const r = await report(signed(), { [KEY]: other.record });
    expect(r.dkim[0]?.result).toBe('pass');
    expect(r.dkim[0]?.verify?.reason).toBe('signature-mismatch');
    expect(r.dkim[0]?.verify?.text).toContain(
      'the key at s1._domainkey.example.com changed since delivery',
    );
    expect(r.warnings.map((w) => w.code)).not.toContain('dkim-verify-disagrees');
  });

  it('the receiver passed it and the body hash fails on our copy: a warning that the copy differs', async () => {
    const r = await report(signed().replace('has shipped', 'was lost'), { [KEY]: rsa.record });
    const w = r.warnings.find((x) => x.code === 'dkim-verify-disagrees');
    expect(w?.params).toMatchObject({
      domain: 'example.com',
      selector: 's1',
      receiver: 'pass',
      verifyReason: 'body-hash-mismatch',
      reason: 'changed-copy',
      approximate: 'false',
    });
  });

  it('the receiver failed it and it verifies now: noted', async () => {
    const raw = delivered(
      signed(),
      'dkim=neutral (body hash did not verify) header.i=@example.com header.s=s1 header.b=AAAAAAAA',
    );
    const r = withVerification(
      analyzeMessage(raw),
      await verifyWith(bytes(raw), { [KEY]: rsa.record }),
    );
    expect(r.dkim[0]?.result).toBe('neutral');
    expect(r.dkim[0]?.verify?.notes.map((n) => n.code)).toEqual(['receiver-disagrees']);
  });

  it('each report.dkim entry gets the signature with its d= and s=, in order; verifyInput says what was verified', async () => {
    const first = signed();
    const two = signDkim(first, {
      key: ed,
      algorithm: 'ed25519-sha256',
      selector: 'ed',
      domain: 'esp.example',
    });
    const r = await report(
      two,
      { [KEY]: rsa.record, 'ed._domainkey.esp.example': ed.record },
      first,
    );
    expect(r.dkim.map((d) => [d.domain, d.selector, d.result, d.verify?.result])).toEqual([
      ['example.com', 's1', 'pass', 'pass'],
      ['esp.example', 'ed', 'none', 'pass'],
    ]);
    expect(r.verifyInput).toMatchObject({ source: 'eml', approximate: false, truncated: false });
    assertReportShape(r);
    expect(r.arc.verify?.result).toBe('none');
  });
});
