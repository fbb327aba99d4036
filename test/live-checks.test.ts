import { describe, expect, it } from 'vitest';
import { checkDkimLive, rsaModulusBits } from '../src/core/live/check-dkim-live.ts';
import { checkDmarcLive } from '../src/core/live/check-dmarc-live.ts';
import { checkPtrLive, reverseName } from '../src/core/live/check-ptr-live.ts';
import { zoneResolver, type Zone } from './helpers/doh-server.ts';

const meta = { resolver: 'test', checkedAt: '2026-11-27T12:00:00Z' };
/** A 2048-bit RSA SubjectPublicKeyInfo (generated for tests, no private key kept). */
const KEY_2048 =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmwIDAQAB';
const KEY_512 =
  'MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAL9Ix5hQkUbIrOyvWULvOhMmKmkGZpn7hDl2CTXJEzYHuNJAbUMnEIc5pwvzoj7ulaPYpAA+n2DfLP7aywHbrz0CAwEAAQ==';

const zone: Zone = {
  '_dmarc.example.com': [
    {
      type: 'TXT',
      data: '"v=DMARC1; p=quarantine; sp=reject; rua=mailto:d@example.com"',
      ttl: 1800,
    },
  ],
  '_dmarc.example.org': [{ type: 'TXT', data: '"v=DMARC1; p=reject; sp=none"' }],
  '_dmarc.two.example': [
    { type: 'TXT', data: '"v=DMARC1; p=none"' },
    { type: 'TXT', data: '"v=DMARC1; p=reject"' },
  ],
  '_dmarc.nop.example': [{ type: 'TXT', data: '"v=DMARC1; rua=mailto:x@nop.example"' }],
  '_dmarc.broken.example': 'SERVFAIL',
  's1._domainkey.example.com': [
    { type: 'TXT', data: `"v=DKIM1; k=rsa; p=${KEY_2048.slice(0, 200)}" "${KEY_2048.slice(200)}"` },
  ],
  'old._domainkey.example.com': [{ type: 'TXT', data: '"v=DKIM1; p="' }],
  'weak._domainkey.example.com': [{ type: 'TXT', data: `"v=DKIM1; p=${KEY_512}"` }],
  'ed._domainkey.example.com': [
    { type: 'TXT', data: '"v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="' },
  ],
  'site._domainkey.example.com': [{ type: 'TXT', data: '"google-site-verification=x"' }],
  '5.113.0.203.in-addr.arpa': [{ type: 'PTR', data: 'mail.example.com.' }],
  'mail.example.com': [{ type: 'A', data: '203.0.113.5' }],
  '6.113.0.203.in-addr.arpa': [{ type: 'PTR', data: 'vps-6.hosting.example.' }],
  'vps-6.hosting.example': [{ type: 'A', data: '198.51.100.99' }],
  '6.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.c.5.0.8.b.d.0.1.0.0.2.ip6.arpa': [
    { type: 'PTR', data: 'mail.example.com.' },
  ],
};

describe('DMARC against current DNS', () => {
  const resolver = zoneResolver(zone);
  it("finds the From: domain's own record and its policy", async () => {
    expect(await checkDmarcLive('example.com', resolver, meta)).toMatchObject({
      name: '_dmarc.example.com',
      foundAt: '_dmarc.example.com',
      record: 'v=DMARC1; p=quarantine; sp=reject; rua=mailto:d@example.com',
      policy: 'quarantine',
      subdomainPolicy: 'reject',
      appliedPolicy: 'quarantine',
      status: 'found',
      ttl: 1800,
      fix: null,
    });
  });

  it('falls back to the organizational domain, where sp= applies to the subdomain', async () => {
    expect(await checkDmarcLive('news.example.org', resolver, meta)).toMatchObject({
      name: '_dmarc.news.example.org',
      foundAt: '_dmarc.example.org',
      policy: 'reject',
      appliedPolicy: 'none',
      status: 'found',
    });
  });

  it('none anywhere: a starter record', async () => {
    expect(await checkDmarcLive('example.net', resolver, meta)).toMatchObject({
      status: 'none',
      record: null,
      fix: { record: 'v=DMARC1; p=none; rua=mailto:dmarc-reports@example.net' },
    });
  });

  it('two records, or no p=: invalid', async () => {
    expect(await checkDmarcLive('two.example', resolver, meta)).toMatchObject({
      status: 'invalid',
    });
    expect(await checkDmarcLive('nop.example', resolver, meta)).toMatchObject({
      status: 'invalid',
      policy: null,
    });
  });

  it('a DNS failure is reported, not taken for "no record"', async () => {
    expect(await checkDmarcLive('broken.example', resolver, meta)).toMatchObject({
      status: 'error',
      problem: expect.stringContaining('SERVFAIL'),
    });
  });
});

describe('DKIM keys against current DNS', () => {
  const resolver = zoneResolver(zone);
  it('a published 2048-bit RSA key, split over two strings', async () => {
    expect(await checkDkimLive('s1._domainkey.example.com', resolver, meta)).toMatchObject({
      status: 'key',
      keyType: 'rsa',
      keyBits: 2048,
      problem: null,
    });
  });
  it('a revoked key (empty p=)', async () => {
    expect(await checkDkimLive('old._domainkey.example.com', resolver, meta)).toMatchObject({
      status: 'revoked',
    });
  });
  it('a 512-bit key is called out', async () => {
    expect(await checkDkimLive('weak._domainkey.example.com', resolver, meta)).toMatchObject({
      status: 'key',
      keyBits: 512,
      problem: expect.stringContaining('1024'),
    });
  });
  it('an Ed25519 key', async () => {
    expect(await checkDkimLive('ed._domainkey.example.com', resolver, meta)).toMatchObject({
      status: 'key',
      keyType: 'ed25519',
      keyBits: 256,
    });
  });
  it('no record, or a TXT record that is not a key', async () => {
    expect(await checkDkimLive('nope._domainkey.example.com', resolver, meta)).toMatchObject({
      status: 'missing',
    });
    expect(await checkDkimLive('site._domainkey.example.com', resolver, meta)).toMatchObject({
      status: 'not-a-key',
    });
  });
  it('reads the modulus size of bare RSAPublicKey and SPKI forms', () => {
    expect(rsaModulusBits(KEY_2048)).toBe(2048);
    expect(rsaModulusBits('not base64 !')).toBeNull();
  });
});

describe('reverse DNS against current DNS', () => {
  const resolver = zoneResolver(zone);
  it('reverse names for IPv4 and IPv6', () => {
    expect(reverseName('203.0.113.5')).toBe('5.113.0.203.in-addr.arpa');
    expect(reverseName('2001:db8:5c1::26')).toBe(
      '6.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.c.5.0.8.b.d.0.1.0.0.2.ip6.arpa',
    );
    // The `::` at either end, and no `::` at all, expand the same way (parse-ip.ts's ipv6Groups).
    expect(reverseName('::1')).toBe(`1${'.0'.repeat(31)}.ip6.arpa`);
    expect(reverseName('2001:db8::')).toBe(`${'0.'.repeat(24)}8.b.d.0.1.0.0.2.ip6.arpa`);
    expect(reverseName('2001:db8:0:0:0:0:0:26')).toBe(reverseName('2001:db8::26'));
  });
  it('forward-confirmed', async () => {
    expect(await checkPtrLive('203.0.113.5', resolver, meta)).toMatchObject({
      names: ['mail.example.com'],
      forwardConfirmed: true,
      confirmedName: 'mail.example.com',
      status: 'ok',
    });
  });
  it('a PTR that does not resolve back', async () => {
    expect(await checkPtrLive('203.0.113.6', resolver, meta)).toMatchObject({
      forwardConfirmed: false,
      status: 'ok',
      problem: expect.stringContaining('does not resolve back'),
    });
  });
  it('no PTR at all', async () => {
    expect(await checkPtrLive('203.0.113.7', resolver, meta)).toMatchObject({
      status: 'none',
      names: [],
    });
  });
  it('IPv6: PTR found, no AAAA back', async () => {
    expect(await checkPtrLive('2001:db8:5c1::26', resolver, meta)).toMatchObject({
      names: ['mail.example.com'],
      forwardConfirmed: false,
    });
  });
});
