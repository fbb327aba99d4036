import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDohResolver,
  parseDohAnswer,
  readTxt,
  type DohFormat,
} from '../src/core/dns/doh-resolver.ts';
import type { Resolver } from '../src/core/dns/resolver.ts';
import { startDohServer } from './helpers/doh-server.ts';

const zone = {
  'quoted.example': [
    {
      type: 'TXT' as const,
      data: '"v=spf1 ip4:192.0.2.0/24 " "include:_spf.example.net -all"',
      ttl: 3600,
    },
  ],
  'unquoted.example': [{ type: 'TXT' as const, data: 'v=spf1 mx -all' }],
  'escaped.example': [{ type: 'TXT' as const, data: '"say \\"hi\\" \\\\ \\065\\066"' }],
  'two.example': [
    { type: 'TXT' as const, data: '"v=spf1 -all"' },
    { type: 'TXT' as const, data: '"google-site-verification=abc"' },
  ],
  'alias.example': [
    { type: 'CNAME' as const, data: 'target.example.' },
    { type: 'TXT' as const, data: '"v=spf1 a -all"', ttl: 120 },
  ],
  'mx.example': [
    { type: 'MX' as const, data: '20 backup.mx.example.' },
    { type: 'MX' as const, data: '10 Primary.MX.example.' },
  ],
  'host.example': [
    { type: 'A' as const, data: '192.0.2.10' },
    { type: 'AAAA' as const, data: '2001:DB8:0:0::10' },
  ],
  'empty.example': [{ type: 'A' as const, data: '192.0.2.1' }],
  '10.2.0.192.in-addr.arpa': [{ type: 'PTR' as const, data: 'host.example.' }],
  'servfail.example': 'SERVFAIL' as const,
  'timeout.example': 'TIMEOUT' as const,
  'tc.example': 'TC' as const,
  'badjson.example': 'BADJSON' as const,
  'http500.example': 'HTTP500' as const,
};

const formats: { label: string; format: DohFormat; method: 'GET' | 'POST'; logged: string }[] = [
  { label: 'JSON', format: 'json', method: 'GET', logged: 'json' },
  { label: 'RFC 8484 wire format, GET ?dns=', format: 'wire', method: 'GET', logged: 'wire-get' },
  { label: 'RFC 8484 wire format, POST', format: 'wire', method: 'POST', logged: 'wire-post' },
];

describe.each(formats)('DNS over HTTPS ($label) resolver against a local endpoint', (f) => {
  let server: Awaited<ReturnType<typeof startDohServer>>;
  let resolve: Resolver;
  beforeAll(async () => {
    server = await startDohServer(zone);
    resolve = createDohResolver({
      endpoint: server.url,
      format: f.format,
      method: f.method,
      fetch: (url, init) => fetch(url, init),
      // Generous: a busy machine can take a second to answer; only the timeout case waits it out.
      timeoutMs: 30_000,
    });
  });

  it('asks in the chosen format', async () => {
    // Its own resolver with a generous timeout: the format is asserted, not the speed.
    const patient = createDohResolver({
      endpoint: server.url,
      format: f.format,
      method: f.method,
      fetch: (url, init) => fetch(url, init),
      timeoutMs: 20_000,
    });
    await patient('quoted.example', 'TXT');
    expect(server.log.formats?.at(-1)).toBe(f.logged);
  });
  afterAll(async () => server.close());

  it('joins the quoted 255-byte chunks of a TXT record without separators, with its TTL', async () => {
    expect(await resolve('quoted.example', 'TXT')).toEqual({
      status: 'ok',
      records: ['v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all'],
      ttl: 3600,
      authenticated: false,
    });
  });

  it("takes an unquoted TXT record (Google's form) as is", async () => {
    expect(await resolve('unquoted.example', 'TXT')).toMatchObject({
      status: 'ok',
      records: ['v=spf1 mx -all'],
    });
  });

  it('decodes \\", \\\\ and \\DDD escapes', async () => {
    expect(await resolve('escaped.example', 'TXT')).toMatchObject({ records: ['say "hi" \\ AB'] });
  });

  it('keeps every TXT record (the SPF layer decides about two v=spf1 records)', async () => {
    expect(await resolve('two.example', 'TXT')).toMatchObject({
      records: ['v=spf1 -all', 'google-site-verification=abc'],
    });
  });

  it('skips the CNAME in front of the answer', async () => {
    expect(await resolve('alias.example', 'TXT')).toMatchObject({
      status: 'ok',
      records: ['v=spf1 a -all'],
      ttl: 120,
    });
  });

  it('orders MX by preference and returns lowercase names without the dot', async () => {
    expect(await resolve('mx.example', 'MX')).toMatchObject({
      records: ['primary.mx.example', 'backup.mx.example'],
    });
  });

  it('reads A, AAAA (normalized) and PTR answers', async () => {
    expect(await resolve('host.example', 'A')).toMatchObject({ records: ['192.0.2.10'] });
    expect(await resolve('host.example', 'AAAA')).toMatchObject({ records: ['2001:db8::10'] });
    expect(await resolve('10.2.0.192.in-addr.arpa', 'PTR')).toMatchObject({
      records: ['host.example'],
    });
  });

  it('NOERROR without an answer of the asked type is an empty (void) answer', async () => {
    expect(await resolve('empty.example', 'TXT')).toMatchObject({ status: 'ok', records: [] });
  });

  it('NXDOMAIN, with the SOA TTL from the authority section', async () => {
    expect(await resolve('missing.example', 'TXT')).toEqual({ status: 'nxdomain', ttl: 900 });
  });

  it.each([
    ['servfail.example', 'DNS error SERVFAIL'],
    ['tc.example', 'the answer was truncated (TC)'],
    ['badjson.example', 'the resolver sent an unreadable answer'],
    ['http500.example', 'the resolver answered HTTP 500'],
  ])('%s → error: %s', async (name, reason) => {
    expect(await resolve(name, 'TXT')).toEqual({
      status: 'error',
      reason: expect.stringContaining(reason) as string,
    });
  });

  it('a resolver that never answers → error: no answer within the timeout', async () => {
    // The server holds this answer forever, so the short timeout is the only way out.
    const short = createDohResolver({
      endpoint: server.url,
      fetch: (url, init) => fetch(url, init),
      timeoutMs: 300,
    });
    expect(await short('timeout.example', 'TXT')).toEqual({
      status: 'error',
      reason: 'no answer within 0.3 s',
    });
  });

  it('never sends an invalid name', async () => {
    const before = server.log.queries.length;
    const result = await resolve('bad name..example', 'TXT');
    expect(result).toMatchObject({ status: 'error' });
    expect(await resolve(`${'a'.repeat(64)}.example`, 'TXT')).toMatchObject({ status: 'error' });
    expect(server.log.queries.length).toBe(before);
  });

  it('caches answers for their TTL and errors not at all', async () => {
    let clock = 1_000_000;
    const counted = await startDohServer(zone);
    try {
      const r = createDohResolver({
        endpoint: counted.url,
        format: f.format,
        method: f.method,
        fetch: (url, init) => fetch(url, init),
        now: () => clock,
        timeoutMs: 30_000,
      });
      await r('alias.example', 'TXT');
      await r('alias.example', 'TXT');
      expect(counted.log.queries).toEqual(['alias.example TXT']);
      clock += 121_000;
      await r('alias.example', 'TXT');
      await r('servfail.example', 'TXT');
      await r('servfail.example', 'TXT');
      expect(counted.log.queries).toEqual([
        'alias.example TXT',
        'alias.example TXT',
        'servfail.example TXT',
        'servfail.example TXT',
      ]);
    } finally {
      await counted.close();
    }
  });

  it('a resolver that cannot be reached is an error, not a throw', async () => {
    const r = createDohResolver({
      endpoint: 'http://127.0.0.1:9/dns-query',
      fetch: (url, init) => fetch(url, init),
      timeoutMs: 500,
    });
    expect(await r('quoted.example', 'TXT')).toMatchObject({ status: 'error' });
  });
});

describe('DoH answer parsing', () => {
  it('ignores unknown fields and answers of other types', () => {
    const body = JSON.stringify({
      Status: 0,
      Answer: [
        { name: 'x.', type: 5, TTL: 10, data: 'y.' },
        { name: 'y.', type: 16, TTL: 20, data: '"v=spf1 -all"', extra: true },
      ],
      edns_client_subnet: '0.0.0.0/0',
    });
    expect(parseDohAnswer(body, 'TXT')).toEqual({
      status: 'ok',
      records: ['v=spf1 -all'],
      ttl: 20,
      authenticated: false,
    });
  });

  it('reports AD (DNSSEC) without using it for anything else', () => {
    expect(parseDohAnswer('{"Status":0,"AD":true,"Answer":[]}', 'TXT')).toMatchObject({
      authenticated: true,
    });
  });

  it('readTxt keeps non-ASCII text', () => {
    expect(readTxt('"caf\\195\\169 ✓"')).toBe('café ✓');
  });
});
