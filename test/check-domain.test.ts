import { describe, expect, it } from 'vitest';
import { checkDomain, MAX_SELECTORS, parseDomainQuery } from '../src/core/check/index.ts';
import { checkPtrLive } from '../src/core/live/check-ptr-live.ts';
import { zoneResolver, type Zone } from './helpers/doh-server.ts';

const meta = { resolver: 'test', checkedAt: '2025-03-05T12:00:00Z' };
const zone: Zone = {
  'example.com': [{ type: 'TXT', data: 'v=spf1 ip4:203.0.113.0/28 -all' }],
  'mail.example.com': [
    { type: 'TXT', data: 'v=spf1 a -all' },
    { type: 'A', data: '203.0.113.5' },
  ],
  '5.113.0.203.in-addr.arpa': [{ type: 'PTR', data: 'mail.example.com.' }],
  '6.113.0.203.in-addr.arpa': [{ type: 'PTR', data: 'slow.example.com.' }],
  'slow.example.com': 'TIMEOUT',
};

describe('the arguments of check', () => {
  it('names in punycode, addresses canonical, selectors lowercased once each', () => {
    expect(
      parseDomainQuery({
        domain: 'Bücher.Example',
        ip: '2001:DB8::0:1',
        helo: 'MAIL.example.com.',
        selectors: ['S1', 's1', 'b'],
      }),
    ).toEqual({
      domain: 'xn--bcher-kva.example',
      ip: '2001:db8::1',
      helo: 'mail.example.com',
      selectors: ['s1', 'b'],
    });
  });
  it('refuses what is no name, no address or no selector', () => {
    for (const input of [
      { domain: 'localhost', ip: null, helo: null, selectors: [] },
      { domain: 'example.com', ip: '203.0.113', helo: null, selectors: [] },
      { domain: 'example.com', ip: null, helo: 'x', selectors: [] },
      { domain: 'example.com', ip: null, helo: null, selectors: ['s1._domainkey'] },
      {
        domain: 'example.com',
        ip: null,
        helo: null,
        selectors: Array.from({ length: MAX_SELECTORS + 1 }, (_, i) => `s${i}`),
      },
    ]) {
      expect(parseDomainQuery(input), JSON.stringify(input)).toHaveProperty('problem');
    }
  });
});

describe('checkDomain', () => {
  it("without --ip, the HELO name's record is read alone too", async () => {
    const query = parseDomainQuery({
      domain: 'example.com',
      ip: null,
      helo: 'mail.example.com',
      selectors: [],
    });
    if ('problem' in query) throw new Error(query.problem);
    const result = await checkDomain(query, zoneResolver(zone), meta);
    expect(result.spf).toBeNull();
    expect(result.ptr).toBeNull();
    expect(result.spfRecord).toMatchObject({
      status: 'valid',
      record: 'v=spf1 ip4:203.0.113.0/28 -all',
      lookups: 0,
      defaultResult: 'fail',
    });
    expect(result.helo).toMatchObject({
      name: 'mail.example.com',
      spf: null,
      record: { status: 'valid', lookups: 1 },
    });
    expect(result.verdict).toEqual({ passes: true, reasons: [] });
  });
});

describe('reverse DNS when the forward lookup fails', () => {
  it('says current DNS could not be read, not that the name does not resolve back', async () => {
    const ptr = await checkPtrLive('203.0.113.6', zoneResolver(zone), meta);
    expect(ptr).toMatchObject({
      status: 'error',
      forwardConfirmed: false,
      names: ['slow.example.com'],
    });
    expect(ptr.problem).toBe(
      "couldn't read current DNS for slow.example.com A: no answer within 4 s",
    );
  });
});
