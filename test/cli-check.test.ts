import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainCheck } from '../src/core/check/index.ts';
import { startDohServer, type Zone } from './helpers/doh-server.ts';
import { runCli } from './helpers/run-cli.ts';

/** A 2048-bit RSA SubjectPublicKeyInfo, as a signer publishes it in p=. */
const KEY_2048 =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAz2p8D0Y1kR2t3nQv7m1yY8w6Ck0mJr2a3Kc5n1B2d7q0bXxJ8f0WcYy5s6bF3o1m7Qp6e2H0f9qL0n3u4Zc8yA1dB5vT2kq1x7r9m3Y0pN6f2a8b4c0d1e5f7g9h2i4j6k8l0m1n3o5p7q9r2s4t6u8v0w1x3y5z7A9B2C4D6E8F0G1H3I5J7K9L2M4N6O8P0Q1R3S5T7U9V2W4X6Y8Z0a1b3c5d7e9f2g4h6i8j0k1l3m5n7o9p2q4r6s8t0u1v3w5x7y9z2A4B6C8D0E1F3G5H7I9J2K4L6M8N0O1P3Q5R7S9T2U4V6W8X0Y1Z3a5b7c9d2e4f6g8h0iQIDAQAB';

/** The zone of a small sending domain: its SPF with an include, DMARC, two DKIM keys (one
 * usable, one revoked), forward-confirmed reverse DNS and a HELO name with its own record. */
const zone: Zone = {
  'example.com': [
    {
      type: 'TXT',
      data: '"v=spf1 ip4:203.0.113.0/28 " "include:_spf.mail.example ~all"',
      ttl: 3600,
    },
    { type: 'TXT', data: '"google-site-verification=abc"', ttl: 3600 },
  ],
  '_spf.mail.example': [{ type: 'TXT', data: 'v=spf1 ip4:192.0.2.0/24 -all' }],
  '_dmarc.example.com': [
    { type: 'TXT', data: '"v=DMARC1; p=quarantine; rua=mailto:d@example.com"' },
  ],
  's2025._domainkey.example.com': [{ type: 'TXT', data: `"v=DKIM1; k=rsa; p=${KEY_2048}"` }],
  'old._domainkey.example.com': [{ type: 'TXT', data: '"v=DKIM1; k=rsa; p="' }],
  '5.113.0.203.in-addr.arpa': [{ type: 'PTR', data: 'mail.example.com.' }],
  'mail.example.com': [
    { type: 'A', data: '203.0.113.5' },
    { type: 'TXT', data: '"v=spf1 a -all"' },
  ],
  // Over the limit: eleven includes.
  'many.example': [
    {
      type: 'TXT',
      data: `"v=spf1 ${Array.from({ length: 11 }, (_, i) => `include:i${i}.many.example`).join(' ')} -all"`,
    },
  ],
  ...Object.fromEntries(
    Array.from({ length: 11 }, (_, i) => [
      `i${i}.many.example`,
      [{ type: 'TXT', data: 'v=spf1 -all' }],
    ]),
  ),
  // A name that exists but publishes no SPF record and no DMARC record.
  'bare.example': [{ type: 'TXT', data: '"some-verification=1"' }],
  // Its resolver fails for this one.
  'broken.example': 'SERVFAIL',
};

describe('header-lens check', { timeout: 60_000 }, () => {
  let doh: Awaited<ReturnType<typeof startDohServer>>;
  beforeAll(async () => {
    doh = await startDohServer(zone);
  });
  afterAll(async () => doh.close());
  const check = (...args: string[]) => runCli(['check', ...args, '--doh', doh.url]);

  it('pass: the IP is authorized, the key is usable, reverse DNS confirms, exit 0', async () => {
    const r = await check(
      'example.com',
      '--ip',
      '203.0.113.5',
      '--helo',
      'mail.example.com',
      '--selector',
      's2025',
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as DomainCheck;
    expect(result.spf).toMatchObject({
      result: 'pass',
      mechanism: 'ip4:203.0.113.0/28',
      lookups: 0,
      ttl: 3600,
      record: 'v=spf1 ip4:203.0.113.0/28 include:_spf.mail.example ~all',
      fix: null,
    });
    expect(result.dmarc).toMatchObject({ status: 'found', appliedPolicy: 'quarantine' });
    expect(result.dkim).toMatchObject([
      { keyName: 's2025._domainkey.example.com', status: 'key', keyBits: 2048 },
    ]);
    expect(result.ptr).toMatchObject({ names: ['mail.example.com'], forwardConfirmed: true });
    expect(result.helo).toMatchObject({
      name: 'mail.example.com',
      spf: { result: 'pass', mechanism: 'a' },
    });
    expect(result.verdict).toEqual({ passes: true, reasons: [] });
    expect(result.resolver).toBe(`${new URL(doh.url).host} (${doh.url})`);
    // Only names were asked.
    expect(doh.log.queries).toEqual(
      expect.arrayContaining([
        'example.com TXT',
        '_dmarc.example.com TXT',
        's2025._domainkey.example.com TXT',
        '5.113.0.203.in-addr.arpa PTR',
        'mail.example.com A',
      ]),
    );
  });

  it('the readable report names the mechanism, the lookups of 10 and the verdict', async () => {
    const r = await check('example.com', '--ip', '203.0.113.5', '--selector', 's2025');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /SPF\s+✓ PASS\s+203\.0\.113\.5 may send for example\.com — ip4:203\.0\.113\.0\/28 matched/,
    );
    expect(r.stdout).toContain('lookups: 0 of 10');
    expect(r.stdout).toMatch(/DMARC\s+p=quarantine\s+_dmarc\.example\.com: v=DMARC1; p=quarantine/);
    expect(r.stdout).toMatch(/DKIM\s+✓ s2025\s+s2025\._domainkey\.example\.com: RSA 2048-bit key/);
    expect(r.stdout).toContain('203.0.113.5 → mail.example.com, resolves back (forward-confirmed)');
    expect(r.stdout).toContain('✓ Mail from 203.0.113.5 would pass SPF for example.com');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('fail: an IP the record does not list gets the merged record to publish, exit 1', async () => {
    const r = await check('example.com', '--ip', '198.51.100.7');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /SPF\s+✗ SOFTFAIL\s+198\.51\.100\.7 may not send for example\.com — ~all matched/,
    );
    expect(r.stdout).toContain('lookups: 1 of 10');
    expect(r.stdout).toContain('Record that would pass — TXT at example.com:');
    expect(r.stdout).toContain(
      'v=spf1 ip4:198.51.100.7 ip4:203.0.113.0/28 include:_spf.mail.example ~all',
    );
    expect(r.stdout).toContain('✗ SPF softfail for 198.51.100.7 at example.com');
    const json = JSON.parse(
      (await check('example.com', '--ip', '198.51.100.7', '--json')).stdout,
    ) as DomainCheck;
    expect(json.spf?.fix).toMatchObject({
      record: 'v=spf1 ip4:198.51.100.7 ip4:203.0.113.0/28 include:_spf.mail.example ~all',
      lookups: 1,
    });
    expect(json.ptr).toMatchObject({ status: 'none', forwardConfirmed: false });
    expect(json.verdict.passes).toBe(false);
  });

  it('a revoked DKIM key fails the check even when SPF passes', async () => {
    const r = await check(
      'example.com',
      '--ip',
      '203.0.113.5',
      '--selector',
      's2025',
      '--selector',
      'old',
      '--json',
    );
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as DomainCheck;
    expect(json.dkim.map((k) => k.status)).toEqual(['key', 'revoked']);
    expect(json.verdict.reasons).toEqual([
      'the key at old._domainkey.example.com is revoked (empty p=)',
    ]);
  });

  it('lookup limit: the 11th lookup is a permerror, the term that crossed it is named', async () => {
    const r = await check('many.example', '--ip', '203.0.113.5', '--json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as DomainCheck;
    expect(json.spf).toMatchObject({
      result: 'permerror',
      lookups: 11,
      limitTerm: 'include:i10.many.example',
      fix: null,
    });
    expect(json.spf?.advice).toEqual(expect.stringContaining('lookup'));
    const text = await check('many.example', '--ip', '203.0.113.5');
    expect(text.stdout).toContain(
      'lookups: 11 of 10 — the limit was crossed at include:i10.many.example',
    );
  });

  it('without --ip: the record alone, its lookups, and a permerror when over the limit', async () => {
    const ok = await check('example.com', '--json');
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as DomainCheck).spfRecord).toMatchObject({
      status: 'valid',
      lookups: 1,
      defaultResult: 'softfail',
    });
    expect((await check('example.com')).stdout).toContain(
      'no --ip: give the address you send from',
    );
    const over = await check('many.example', '--json');
    expect(over.code).toBe(1);
    expect((JSON.parse(over.stdout) as DomainCheck).spfRecord).toMatchObject({
      status: 'invalid',
      lookups: 11,
    });
  });

  it('no record: SPF none, a record to publish, and a starter DMARC record', async () => {
    const r = await check('bare.example', '--ip', '203.0.113.5');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /SPF\s+✗ NONE\s+203\.0\.113\.5 may not send for bare\.example — no SPF record/,
    );
    expect(r.stdout).toContain('record: none published');
    expect(r.stdout).toContain('v=spf1 ip4:203.0.113.5 ~all');
    expect(r.stdout).toMatch(/DMARC\s+✗ NONE\s+no record at _dmarc\.bare\.example/);
    expect(r.stdout).toContain('v=DMARC1; p=none; rua=mailto:dmarc-reports@bare.example');
  });

  it('a DNS failure is never "no record": it says current DNS could not be read', async () => {
    const r = await check('broken.example', '--ip', '203.0.113.5');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("couldn't read current DNS for broken.example");
    expect(r.stdout).toContain('SERVFAIL');
    expect(r.stdout).not.toMatch(/no SPF record|none published/);
    const json = JSON.parse(
      (await check('broken.example', '--ip', '203.0.113.5', '--json')).stdout,
    ) as DomainCheck;
    expect(json.spf).toMatchObject({ result: 'temperror', fix: null });
    expect(json.verdict.reasons[0]).toMatch(/^couldn't read current DNS for broken\.example: /);
  });

  it('resolver down: every part says so, exit 1, no crash', async () => {
    const r = await runCli([
      'check',
      'example.com',
      '--ip',
      '203.0.113.5',
      '--selector',
      's2025',
      '--doh',
      'http://127.0.0.1:9/dns-query',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    for (const name of ['example.com', '_dmarc.example.com', 's2025._domainkey.example.com']) {
      expect(r.stdout).toContain(`couldn't read current DNS for ${name}`);
    }
    expect(r.stdout).toContain('could not be reached');
    expect(r.stdout).toContain("couldn't read current DNS for the reverse name of 203.0.113.5");
    expect(r.stdout).not.toMatch(/no record|NONE|no PTR|none published/);
  });

  it('usage: a missing or malformed DOMAIN, IP, HELO or selector exits 2 before any query', async () => {
    const before = doh.log.queries.length;
    for (const args of [
      [],
      ['not a domain'],
      ['example.com', '--ip', '999.1.1.1'],
      ['example.com', '--ip'],
      ['example.com', '--helo', 'x y'],
      ['example.com', '--selector', 'a b'],
      ['example.com', '--frob'],
      ['a.example', 'b.example'],
    ]) {
      const r = await check(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^header-lens check: /);
    }
    expect(doh.log.queries.length).toBe(before);
  });

  it('--help prints the options and exits 0', async () => {
    const r = await runCli(['check', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: header-lens check DOMAIN [--ip IP]');
    expect(r.stdout).toContain('Exit status: 0');
  });
});
