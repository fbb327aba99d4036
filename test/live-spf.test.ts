// Over 300 lines: the current-DNS SPF cases, over one zone builder.
import { describe, expect, it } from 'vitest';
import { analyzeMessage, renderMarkdown } from '../src/core/index.ts';
import { mergeRecords, splitStrings } from '../src/core/live/build-spf-fix.ts';
import {
  checkLive,
  liveQueryOf,
  parseLiveQuery,
  withDeadline,
  withLive,
  type LiveQuery,
} from '../src/core/live/check-live.ts';
import type { Resolver } from '../src/core/dns/resolver.ts';
import { zoneResolver, type Zone, type ZoneRecord } from './helpers/doh-server.ts';
import { readFileSync } from 'node:fs';

const meta = { resolver: 'Test DoH (http://doh.test)', checkedAt: '2026-11-27T12:00:00Z' };
const txt = (data: string, ttl = 3600): ZoneRecord => ({ type: 'TXT', data: `"${data}"`, ttl });
/** Ten includes, each one lookup, for limit tests. */
const tenIncludes = Array.from({ length: 10 }, (_, i) => `include:s${i}.example.net`).join(' ');

const zone: Zone = {
  'ok.example': [txt('v=spf1 ip4:203.0.113.0/24 -all', 300)],
  'google.example': [txt('v=spf1 include:_spf.google.example ~all')],
  '_spf.google.example': [txt('v=spf1 ip4:192.0.2.0/25 ~all')],
  'two.example': [
    txt('v=spf1 mx -all'),
    txt('v=spf1 include:_spf.google.example ~all'),
    { type: 'MX', data: '10 mx.two.example.' },
  ],
  'mx.two.example': [{ type: 'A', data: '198.51.100.1' }],
  'loose.example': [txt('v=spf1 ptr a +all')],
  'redirected.example': [txt('v=spf1 redirect=_spf.google.example')],
  'none.example': [{ type: 'A', data: '203.0.113.9' }],
  'busy.example': [txt(`v=spf1 ${tenIncludes} ~all`)],
  ...Object.fromEntries(
    Array.from({ length: 10 }, (_, i) => [
      `s${i}.example.net`,
      [txt(i === 0 ? 'v=spf1 include:deep.example.net ~all' : 'v=spf1 ip4:198.51.100.0/24 ~all')],
    ]),
  ),
  'deep.example.net': [txt('v=spf1 a mx ~all')],
  'long.example': [
    txt(`v=spf1 ${Array.from({ length: 26 }, (_, i) => `ip4:198.51.${i}.0/24`).join(' ')} ~all`),
  ],
  'slow.example': 'TIMEOUT',
};

const query = (domain: string, clientIp = '203.0.113.26'): LiveQuery => ({
  spf: { domain, clientIp, sender: `bounce@${domain}`, helo: 'mail.example.com' },
  fromDomain: null,
  dkimKeys: [],
  ptrIp: null,
});

async function spfLive(domain: string, clientIp?: string) {
  const live = await checkLive(query(domain, clientIp), zoneResolver(zone), meta);
  if (live.spf === null) throw new Error('no spf result');
  return live.spf;
}

describe('SPF against current DNS: would it pass now?', () => {
  it('the record published now authorizes the client IP: pass, the mechanism, the TTL, no fix', async () => {
    expect(await spfLive('ok.example')).toEqual({
      ...meta,
      domain: 'ok.example',
      clientIp: '203.0.113.26',
      record: 'v=spf1 ip4:203.0.113.0/24 -all',
      lookupError: null,
      result: 'pass',
      authorizesClientIp: true,
      mechanism: 'ip4:203.0.113.0/24',
      lookups: 0,
      limitTerm: null,
      problem: null,
      ttl: 300,
      dnssec: false,
      fix: null,
      advice: null,
      adviceCode: null,
      adviceParams: {},
    });
  });

  it("softfail: a fix built from today's record keeps the include and adds ip4: first", async () => {
    const spf = await spfLive('google.example');
    expect(spf).toMatchObject({
      result: 'softfail',
      authorizesClientIp: false,
      mechanism: '~all',
      lookups: 1,
    });
    expect(spf.fix).toMatchObject({
      record: 'v=spf1 ip4:203.0.113.26 include:_spf.google.example ~all',
      strings: ['v=spf1 ip4:203.0.113.26 include:_spf.google.example ~all'],
      lookups: 1,
    });
    expect(spf.fix?.text).toContain('needs 1 of 10 DNS lookups and passes for 203.0.113.26');
  });

  it('two records (permerror) are merged into one', async () => {
    const spf = await spfLive('two.example');
    expect(spf).toMatchObject({
      result: 'permerror',
      record: 'v=spf1 mx -all | v=spf1 include:_spf.google.example ~all',
    });
    expect(spf.fix?.record).toBe('v=spf1 ip4:203.0.113.26 mx include:_spf.google.example -all');
    expect(spf.fix?.text).toContain('merges the 2 records into one');
    expect(spf.fix).toMatchObject({
      added: 'ip4:203.0.113.26',
      mergedRecords: 2,
      droppedPtr: false,
      replacedPlusAll: false,
    });
  });

  it('+all becomes ~all and ptr is dropped; never +all', async () => {
    // +all passes everyone, so ask about a record that fails first: none of this domain's.
    const fix = mergeRecords(['v=spf1 ptr a +all'], 'ip4:203.0.113.26');
    expect(fix).toMatchObject({
      record: 'v=spf1 ip4:203.0.113.26 a ~all',
      droppedPtr: true,
      replacedPlusAll: true,
    });
  });

  it('a redirect without all stays last', async () => {
    expect((await spfLive('redirected.example')).fix?.record).toBe(
      'v=spf1 ip4:203.0.113.26 redirect=_spf.google.example',
    );
  });

  it('no record at all: none, and the minimal record', async () => {
    const spf = await spfLive('none.example');
    expect(spf).toMatchObject({ result: 'none', record: null });
    expect(spf.fix?.record).toBe('v=spf1 ip4:203.0.113.26 ~all');
  });

  it('an IPv6 client gets ip6:', async () => {
    expect((await spfLive('google.example', '2001:db8:5c1::26')).fix?.record).toBe(
      'v=spf1 ip6:2001:db8:5c1::26 include:_spf.google.example ~all',
    );
  });

  it('over the 10-lookup limit: no record offered, the includes and their cost instead', async () => {
    const spf = await spfLive('busy.example');
    expect(spf).toMatchObject({
      result: 'permerror',
      lookups: 11,
      limitTerm: 'include:s7.example.net',
    });
    expect(spf.fix).toBeNull();
    expect(spf.advice).toContain('the 11th was include:s7.example.net');
    expect(spf.adviceCode).toBe('lookup-limit');
    expect(spf.adviceParams['includes']).toContain('include:s0.example.net (4)');
    expect(spf.advice).toContain('include:s0.example.net (4)');
  });

  it('over 450 octets once the IP is added: no record, how to split it instead', async () => {
    const spf = await spfLive('long.example');
    expect(spf.fix).toBeNull();
    expect(spf.advice).toContain('_spf.long.example');
  });

  it('a DNS timeout is temperror with the reason, and no fix is guessed', async () => {
    const spf = await spfLive('slow.example');
    expect(spf).toMatchObject({ result: 'temperror', fix: null });
    expect(spf.problem).toContain('no answer');
  });

  it('splits long records into ≤ 255-octet strings at spaces', () => {
    const record = `v=spf1 ${Array.from({ length: 20 }, (_, i) => `ip4:198.51.100.${i}`).join(' ')} ~all`;
    const strings = splitStrings(record);
    expect(strings.join('')).toBe(record);
    expect(strings.every((s) => s.length <= 255)).toBe(true);
    expect(strings.length).toBe(2);
  });
});

describe('the whole live check', () => {
  it('runs SPF, DMARC, DKIM and PTR for a report and puts each result beside its verdict', async () => {
    const report = analyzeMessage(
      readFileSync(new URL('../src/cli/sample.eml', import.meta.url), 'utf8'),
    );
    const q = liveQueryOf(report);
    expect(q).toEqual({
      spf: {
        domain: 'example.com',
        clientIp: '2001:db8:5c1::26',
        sender: 'bounce@example.com',
        helo: 'mail.example.com',
      },
      fromDomain: 'example.com',
      dkimKeys: [],
      ptrIp: '2001:db8:5c1::26',
    });
    const resolver = zoneResolver({
      'example.com': [txt('v=spf1 ip4:203.0.113.26 ip6:2001:db8:5c1::/64 -all')],
      '_dmarc.example.com': [txt('v=DMARC1; p=none; rua=mailto:d@example.com')],
    });
    const live = await checkLive(q, resolver, meta);
    const merged = withLive(report, live);
    expect(merged.spf.live).toMatchObject({
      result: 'pass',
      authorizesClientIp: true,
      mechanism: 'ip6:2001:db8:5c1::/64',
    });
    expect(merged.dmarc.live).toMatchObject({ status: 'found', policy: 'none' });
    expect(merged.ptr?.live).toMatchObject({ status: 'none' });
    // The delivery-time verdict is untouched.
    expect(merged.spf.result).toBe('softfail');
  });

  it('stops querying once the whole check runs over its deadline', async () => {
    let clock = 0;
    const slow = withDeadline(
      async () => {
        clock += 6000;
        return { status: 'ok', records: [], ttl: 60, authenticated: false };
      },
      10_000,
      () => clock,
    );
    expect(await slow('a.example', 'TXT')).toMatchObject({ status: 'ok' });
    expect(await slow('b.example', 'TXT')).toMatchObject({ status: 'ok' });
    expect(await slow('c.example', 'TXT')).toEqual({
      status: 'error',
      reason: 'the check took longer than 10 s',
    });
  });

  it('accepts a live query from another context only when every name and address is valid', () => {
    const good = query('example.com');
    expect(parseLiveQuery(JSON.parse(JSON.stringify(good)))).toEqual(good);
    expect(parseLiveQuery({ ...good, spf: { ...good.spf, domain: 'bad name' } })).toBeNull();
    expect(parseLiveQuery({ ...good, spf: { ...good.spf, clientIp: '999.1.1.1' } })).toBeNull();
    // A DKIM key name comes from the sender's signature: kept, and checked as not a DNS name.
    expect(
      parseLiveQuery({ ...good, dkimKeys: ['s1._domainkey.example.com', 'x y'] })?.dkimKeys,
    ).toEqual(['s1._domainkey.example.com', 'x y']);
    expect(parseLiveQuery({ ...good, dkimKeys: ['s1._domainkey.example.com', 42] })).toBeNull();
    expect(parseLiveQuery({ ...good, dkimKeys: Array(9).fill('a.example') })).toBeNull();
    expect(parseLiveQuery('nope')).toBeNull();
    expect(parseLiveQuery({ ...good, ['__proto__']: { polluted: true } })).toEqual(good);
  });
});

describe('DKIM key names that are not DNS names', () => {
  it('`s=a b`, `s=sel/2025` and an over-long name say so; the other checks still run', async () => {
    const asked: string[] = [];
    const zone = zoneResolver({
      'example.com': [txt('v=spf1 ip4:203.0.113.0/24 ~all')],
      's1._domainkey.example.com': [txt('v=DKIM1; k=rsa; p=')],
    });
    const resolver: Resolver = (name, type) => {
      asked.push(name);
      return zone(name, type);
    };
    const bad = [
      'a b._domainkey.example.com',
      'sel/2025._domainkey.example.com',
      `${'x'.repeat(250)}._domainkey.example.com`,
    ];
    const live = await checkLive(
      { ...query('example.com'), dkimKeys: ['s1._domainkey.example.com', ...bad] },
      resolver,
      meta,
    );
    expect(live.dkim.map((k) => k.status)).toEqual([
      'revoked',
      'invalid-name',
      'invalid-name',
      'invalid-name',
    ]);
    expect(live.dkim[1]?.problem).toContain('is not a DNS name');
    expect(asked.filter((n) => bad.includes(n))).toEqual([]);
    expect(live.spf?.result).toBe('pass');
  });
});

describe('Markdown report with current DNS', () => {
  it('adds the live section apart from the verdict', async () => {
    const report = analyzeMessage(
      readFileSync(new URL('../src/cli/sample.eml', import.meta.url), 'utf8'),
    );
    const live = await checkLive(
      liveQueryOf(report),
      zoneResolver({ 'example.com': [txt('v=spf1 ip4:203.0.113.0/24 ~all')] }),
      meta,
    );
    const md = renderMarkdown(withLive(report, live));
    expect(md).toContain(
      '**Current DNS** (as of 2026-11-27T12:00:00Z via Test DoH (http://doh.test)):',
    );
    expect(md).toContain(
      "- **SPF** `example.com`: today's record gives softfail for 2001:db8:5c1::26 (0/10 DNS lookups, TTL 3600 s) — `v=spf1 ip4:203.0.113.0/24 ~all`",
    );
    expect(md).toContain('- **DMARC** `_dmarc.example.com`: no DMARC record\n');
    // The next step is the record built from today's, in full, and it keeps what is published.
    expect(md).toContain(
      '**Next step: Publish this SPF record at example.com**\n\nReplace the TXT record at example.com with this one: it keeps every existing mechanism and include and adds ip6:2001:db8:5c1::26 first.',
    );
    expect(md).toContain('```\nv=spf1 ip6:2001:db8:5c1::26 ip4:203.0.113.0/24 ~all\n```');
    // The verdict stays the delivery-time one, above the current DNS.
    expect(md.indexOf('Gmail would reject mail like this')).toBeLessThan(
      md.indexOf('**Current DNS**'),
    );
  });
});
