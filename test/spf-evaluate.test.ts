// Over 300 lines: cases over one zone format, the conformance suite's.
import { describe, expect, it } from 'vitest';
import type { DnsResult, Resolver } from '../src/core/dns/resolver.ts';
import { evaluateSpf, type SpfCheckInput, type SpfEvaluation } from '../src/core/spf/index.ts';
import { zonedataResolver } from './helpers/zonedata-resolver.ts';

/**
 * evaluateSpf beyond the conformance suite: what the report fields say (lookups including the
 * one that crossed the limit, limitTerm, problem, ttl, mechanism and matched through includes and
 * redirects), DNS failures, and hostile records and senders. Zones use the suite's format.
 */

type Zone = Record<string, unknown[]>;

async function check(
  zone: Zone,
  input: Partial<SpfCheckInput> = {},
  ttl?: number,
): Promise<SpfEvaluation & { queries: string[] }> {
  const { resolver, queries } = zonedataResolver(zone, ttl === undefined ? {} : { ttl });
  const evaluation = await evaluateSpf(
    {
      ip: '192.0.2.1',
      domain: 'example.com',
      sender: 'alice@example.com',
      helo: 'mail.example.com',
      ...input,
    },
    resolver,
  );
  return { ...evaluation, queries };
}

/** Names `host1.example.net` … each with an A record that is not the client. */
function hosts(n: number): Zone {
  return Object.fromEntries(
    Array.from({ length: n }, (_, i) => [`host${i + 1}.example.net`, [{ A: '198.51.100.1' }]]),
  );
}

const aTerms = (n: number): string =>
  Array.from({ length: n }, (_, i) => `a:host${i + 1}.example.net`).join(' ');

describe('the DNS lookup limit (§4.6.4)', () => {
  it('allows 10 DNS-querying terms', async () => {
    const e = await check({
      ...hosts(10),
      'example.com': [{ TXT: `v=spf1 ${aTerms(10)} ip4:192.0.2.1 -all` }],
    });
    expect([e.result, e.lookups, e.limitTerm, e.problem]).toEqual(['pass', 10, null, null]);
  });

  it('counts the 11th, names it, and stops before it queries', async () => {
    const e = await check({
      ...hosts(10),
      'example.com': [{ TXT: `v=spf1 ${aTerms(10)} include:x.example -all` }],
      'x.example': [{ TXT: 'v=spf1 +all' }],
    });
    expect(e.result).toBe('permerror');
    expect(e.lookups).toBe(11);
    expect(e.limitTerm).toBe('include:x.example');
    expect(e.problem).toBe('more than 10 DNS lookups (the 11th was include:x.example)');
    expect(e.queries).not.toContain('TXT x.example');
    expect(e.record).toBe(`v=spf1 ${aTerms(10)} include:x.example -all`);
  });

  it('counts across includes and redirects, naming where the crossing term is', async () => {
    const e = await check({
      ...hosts(8),
      'example.com': [{ TXT: 'v=spf1 include:_spf.example.com -all' }],
      '_spf.example.com': [{ TXT: 'v=spf1 redirect=_spf2.example.com' }],
      '_spf2.example.com': [{ TXT: `v=spf1 ${aTerms(8)} mx` }],
    });
    expect([e.result, e.lookups, e.limitTerm]).toEqual(['permerror', 11, 'mx']);
    expect(e.problem).toBe(
      'more than 10 DNS lookups (the 11th was mx in the record of _spf2.example.com)',
    );
  });

  it('does not count all, ip4, ip6 and exp=', async () => {
    const e = await check({
      'example.com': [
        { TXT: 'v=spf1 ip4:198.51.100.0/24 ip6:2001:db8::/32 -all exp=why.example.com' },
      ],
      'why.example.com': [{ TXT: 'Not from %{i}' }],
    });
    expect([e.result, e.lookups, e.explanation]).toEqual(['fail', 0, 'Not from 192.0.2.1']);
  });

  it('makes more than 10 MX names permerror, naming the mx term', async () => {
    const mx = Array.from({ length: 11 }, (_, i) => ({ MX: [i, `mx${i}.example.com`] }));
    const e = await check({ 'example.com': [{ TXT: 'v=spf1 mx -all' }, ...mx] });
    expect([e.result, e.limitTerm]).toEqual(['permerror', 'mx']);
    expect(e.problem).toBe('more than 10 MX records for example.com (mx)');
  });
});

describe('void lookups (§4.6.4)', () => {
  it('allows two and makes the third permerror, counting it', async () => {
    const e = await check({
      'example.com': [{ TXT: 'v=spf1 a:n1.example.com mx:n2.example.com exists:n3.example.com' }],
    });
    expect([e.result, e.voidLookups, e.lookups, e.limitTerm]).toEqual([
      'permerror',
      3,
      3,
      'exists:n3.example.com',
    ]);
    expect(e.problem).toBe('more than 2 void lookups (the 3rd was exists:n3.example.com)');
  });

  it('counts the term, not the address lookups of MX hosts or PTR names', async () => {
    const e = await check({
      'example.com': [
        { TXT: 'v=spf1 mx ptr ?all' },
        { MX: [10, 'gone1.example.com'] },
        { MX: [20, 'gone2.example.com'] },
        { MX: [30, 'gone3.example.com'] },
      ],
      '1.2.0.192.in-addr.arpa': [
        { PTR: 'p1.example.com' },
        { PTR: 'p2.example.com' },
        { PTR: 'p3.example.com' },
      ],
    });
    expect([e.result, e.voidLookups]).toEqual(['neutral', 0]);
  });
});

describe('what the report says', () => {
  const zone: Zone = {
    'example.com': [{ TXT: 'v=spf1 ip4:203.0.113.0/24 include:_spf.example.net ~all' }],
    '_spf.example.net': [{ TXT: 'v=spf1 ip4:192.0.2.0/28 ip6:2001:db8::/32 -all' }],
  };

  it('reports the top-level mechanism that matched', async () => {
    const e = await check(zone, { ip: '203.0.113.7' });
    expect([e.result, e.mechanism, e.matched]).toEqual([
      'pass',
      'ip4:203.0.113.0/24',
      { term: 'ip4:203.0.113.0/24', domain: 'example.com' },
    ]);
  });

  it('reports the include for a match inside it, and the inner term in matched', async () => {
    const e = await check(zone, { ip: '192.0.2.1' });
    expect([e.result, e.mechanism, e.matched, e.lookups]).toEqual([
      'pass',
      'include:_spf.example.net',
      { term: 'ip4:192.0.2.0/28', domain: '_spf.example.net' },
      1,
    ]);
  });

  it('reports the top-level all when the include does not match', async () => {
    const e = await check(zone, { ip: '198.51.100.1' });
    expect([e.result, e.mechanism, e.matched?.domain]).toEqual(['softfail', '~all', 'example.com']);
  });

  it('reports redirect= when the redirect target matched, and null when nothing did', async () => {
    const redirect: Zone = {
      'example.com': [{ TXT: 'v=spf1 redirect=_spf.example.com' }],
      '_spf.example.com': [{ TXT: 'v=spf1 ip4:192.0.2.1' }],
    };
    const matched = await check(redirect);
    expect([matched.result, matched.mechanism, matched.matched]).toEqual([
      'pass',
      'redirect=_spf.example.com',
      { term: 'ip4:192.0.2.1', domain: '_spf.example.com' },
    ]);
    const unmatched = await check(redirect, { ip: '192.0.2.2' });
    expect([unmatched.result, unmatched.mechanism, unmatched.matched]).toEqual([
      'neutral',
      null,
      null,
    ]);
    expect(unmatched.record).toBe('v=spf1 redirect=_spf.example.com');
  });

  it("gives the TTL of the top-level record's TXT answer", async () => {
    const { resolver } = zonedataResolver({
      'example.com': [{ TXT: 'v=spf1 include:_spf.example.net -all' }],
      '_spf.example.net': [{ TXT: 'v=spf1 ip4:192.0.2.1' }],
    });
    const ttls: Resolver = async (name, type) => {
      const answer = await resolver(name, type);
      return answer.status === 'ok'
        ? { ...answer, ttl: name === 'example.com' ? 300 : 60 }
        : answer;
    };
    const e = await evaluateSpf(
      { ip: '192.0.2.1', domain: 'example.com', sender: '', helo: 'x.example.com' },
      ttls,
    );
    expect([e.result, e.ttl]).toEqual(['pass', 300]);
  });

  it('explains a fail with c, r and t expanded, and nothing else', async () => {
    const exp: Zone = {
      'example.com': [{ TXT: 'v=spf1 ip4:192.0.2.9 -all exp=why.%{d}' }],
      'why.example.com': [{ TXT: '%{c} is not allowed to send as %{s} (checked by %{r} at %{t})' }],
    };
    const e = await check(exp, {
      ip: '::ffff:192.0.2.1',
      now: 1_700_000_000_999,
      receiver: 'mx.example.org',
    });
    expect(e.explanation).toBe(
      '192.0.2.1 is not allowed to send as alice@example.com (checked by mx.example.org at 1700000000)',
    );
    const pass = await check(exp, { ip: '192.0.2.9' });
    expect([pass.result, pass.explanation]).toEqual(['pass', null]);
  });

  it('uses postmaster@<domain> for the null sender (the HELO identity)', async () => {
    const e = await check(
      {
        'mail.example.com': [{ TXT: 'v=spf1 -all exp=why.example.com' }],
        'why.example.com': [{ TXT: '%{s} / %{l} / %{o} / %{h}' }],
      },
      { domain: 'mail.example.com', sender: '', helo: 'mail.example.com' },
    );
    expect(e.explanation).toBe(
      'postmaster@mail.example.com / postmaster / mail.example.com / mail.example.com',
    );
  });

  it('describes a syntax error and two records', async () => {
    const syntax = await check({ 'example.com': [{ TXT: 'v=spf1 ip4:1.2.3 -all' }] });
    expect([syntax.result, syntax.problem, syntax.record]).toEqual([
      'permerror',
      "syntax error at 'ip4:1.2.3': '1.2.3' is not an IPv4 address",
      'v=spf1 ip4:1.2.3 -all',
    ]);
    const two = await check({
      'example.com': [{ TXT: 'v=spf1 -all' }, { TXT: 'v=spf1 ~all' }, { TXT: 'other' }],
    });
    expect([two.result, two.problem, two.record]).toEqual(['permerror', '2 SPF records', null]);
  });

  it('says which include had a syntax error or no record', async () => {
    const bad = await check({
      'example.com': [{ TXT: 'v=spf1 include:bad.example.net include:none.example.net -all' }],
      'bad.example.net': [{ TXT: 'v=spf1 ip4:192.0.2.300' }],
    });
    expect(bad.problem).toBe(
      "syntax error at 'ip4:192.0.2.300' in the record of bad.example.net: '192.0.2.300' is not an IPv4 address",
    );
    const none = await check({
      'example.com': [{ TXT: 'v=spf1 include:none.example.net -all' }],
      'none.example.net': [{ TXT: 'hello' }],
    });
    expect(none.problem).toBe('include:none.example.net finds no SPF record at none.example.net');
  });

  it('is none with a reason for an address or domain it cannot check', async () => {
    const ip = await check({}, { ip: '192.0.2.256' });
    expect([ip.result, ip.problem]).toEqual(['none', "'192.0.2.256' is not an IP address"]);
    const domain = await check({}, { domain: 'localhost' });
    expect([domain.result, domain.problem]).toEqual([
      'none',
      "'localhost' is not a fully qualified domain name",
    ]);
  });
});

describe('DNS failures', () => {
  const failing =
    (failName: string, reason: string, base: Resolver): Resolver =>
    (name, type) =>
      name === failName ? Promise.resolve({ status: 'error', reason }) : base(name, type);

  it('is temperror with the reason when the record lookup fails', async () => {
    const { resolver } = zonedataResolver({});
    const e = await evaluateSpf(
      { ip: '192.0.2.1', domain: 'example.com', sender: '', helo: '' },
      failing('example.com', 'SERVFAIL', resolver),
    );
    expect([e.result, e.problem]).toEqual(['temperror', 'DNS error for TXT example.com: SERVFAIL']);
  });

  it('is temperror when an MX host lookup fails, but a failing ptr only does not match', async () => {
    const { resolver } = zonedataResolver({
      'example.com': [{ TXT: 'v=spf1 ptr mx -all' }, { MX: [10, 'mx.example.com'] }],
    });
    const broken = failing(
      '1.2.0.192.in-addr.arpa',
      'timeout',
      failing('mx.example.com', 'timeout', resolver),
    );
    const e = await evaluateSpf(
      { ip: '192.0.2.1', domain: 'example.com', sender: '', helo: '' },
      broken,
    );
    expect([e.result, e.problem]).toEqual(['temperror', 'DNS error for A mx.example.com: timeout']);
  });

  it('treats a resolver that rejects as a DNS error', async () => {
    const e = await evaluateSpf(
      { ip: '192.0.2.1', domain: 'example.com', sender: '', helo: '' },
      () => Promise.reject(new Error('network down')),
    );
    expect([e.result, e.problem]).toEqual([
      'temperror',
      'DNS error for TXT example.com: network down',
    ]);
  });

  it('asks each name and type once per evaluation', async () => {
    const e = await check({
      'example.com': [{ TXT: 'v=spf1 include:_spf.example.net include:_spf.example.net a a -all' }],
      '_spf.example.net': [{ TXT: 'v=spf1 a:example.com' }],
    });
    expect(e.lookups).toBe(5);
    expect(e.queries).toEqual(['TXT example.com', 'TXT _spf.example.net', 'A example.com']);
  });
});

describe('IPv4 and IPv6 clients (§5)', () => {
  const zone: Zone = {
    'example.com': [{ TXT: 'v=spf1 a mx/24//64 exists:%{ir}.%{v}.bl.example.com -all' }],
    'mx.example.com': [{ A: '192.0.2.200' }, { AAAA: '2001:db8:0:1::25' }],
  };

  it('compares A records for an IPv4-mapped client and AAAA for IPv6', async () => {
    const v4 = await check(
      { ...zone, 'example.com': [...(zone['example.com'] ?? []), { MX: [10, 'mx.example.com'] }] },
      { ip: '::ffff:192.0.2.7' },
    );
    expect([v4.result, v4.mechanism]).toEqual(['pass', 'mx/24//64']);
    expect(v4.queries).toContain('A mx.example.com');
    const v6 = await check(
      { ...zone, 'example.com': [...(zone['example.com'] ?? []), { MX: [10, 'mx.example.com'] }] },
      { ip: '2001:db8:0:1::99' },
    );
    expect([v6.result, v6.mechanism]).toEqual(['pass', 'mx/24//64']);
    expect(v6.queries).toEqual([
      'TXT example.com',
      'AAAA example.com',
      'MX example.com',
      'AAAA mx.example.com',
    ]);
  });

  it('queries exists with A and the dot-format address for IPv6', async () => {
    const e = await check(
      {
        ...zone,
        '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.bl.example.com': [
          { A: '127.0.0.2' },
        ],
      },
      { ip: '2001:db8::1' },
    );
    expect([e.result, e.mechanism]).toEqual(['pass', 'exists:%{ir}.%{v}.bl.example.com']);
  });
});

describe('hostile input', () => {
  it('does not build huge names from a huge sender and a record full of macros', async () => {
    const record = `v=spf1 exists:${'%{s}'.repeat(5000)}.example.com ?all`;
    const start = performance.now();
    const e = await check(
      { 'example.com': [{ TXT: record }] },
      { sender: `${'x'.repeat(1_000_000)}@example.com` },
    );
    expect([e.result, e.lookups]).toEqual(['neutral', 1]);
    expect(e.queries).toEqual(['TXT example.com']);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('ends include and redirect loops at the lookup limit', async () => {
    const e = await check({
      'example.com': [{ TXT: 'v=spf1 include:example.com redirect=example.com' }],
    });
    expect([e.result, e.lookups]).toEqual(['permerror', 11]);
  });

  it('never throws on a resolver answering garbage', async () => {
    const garbage: Resolver = (_name, type) =>
      Promise.resolve<DnsResult>({
        status: 'ok',
        records:
          type === 'TXT'
            ? ['v=spf1 a mx ptr exists:%{p}.x.example -all exp=%{p}.example']
            : ['not an address', '', '...', '\u0000', 'ffff::x'],
        ttl: null,
        authenticated: false,
      });
    const e = await evaluateSpf(
      { ip: '192.0.2.1', domain: 'example.com', sender: 'a@example.com', helo: '' },
      garbage,
    );
    // a, mx and ptr find no usable address and %{p} is `unknown`; exists only needs an answer.
    expect([e.result, e.mechanism]).toEqual(['pass', 'exists:%{p}.x.example']);
  });
});
