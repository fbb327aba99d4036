import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDnsTerm, parseSpfRecord, selectSpfRecord, type SpfTerm } from '../src/core/spf/index.ts';
import { growth } from './helpers/measure.ts';

/** RFC 7208 §4.5, §4.6.1, §5, §6: `parseSpfRecord` and `selectSpfRecord`, without DNS. */

function terms(record: string): SpfTerm[] {
  const parsed = parseSpfRecord(record);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.terms;
}

function problem(record: string): string {
  const parsed = parseSpfRecord(record);
  if (parsed.ok) throw new Error(`${record} parsed`);
  return parsed.problem;
}

describe('parseSpfRecord: terms', () => {
  it('reads kind, qualifier, domain-spec and prefix lengths of every mechanism', () => {
    const parsed = terms(
      'v=spf1 ip4:192.0.2.0/24 -ip6:2001:db8::/32 a ?mx:mail.example.com/24//64 ~ptr ' +
        'include:_spf.google.com exists:%{i}.bl.example.org +all',
    );
    expect(
      parsed.map((t) =>
        t.type === 'mechanism'
          ? [t.qualifier, t.kind, t.domainSpec, t.network, t.cidr4, t.cidr6]
          : [t.name, t.value],
      ),
    ).toEqual([
      ['+', 'ip4', null, '192.0.2.0', 24, null],
      ['-', 'ip6', null, '2001:db8::', null, 32],
      ['+', 'a', null, null, null, null],
      ['?', 'mx', 'mail.example.com', null, 24, 64],
      ['~', 'ptr', null, null, null, null],
      ['+', 'include', '_spf.google.com', null, null, null],
      ['+', 'exists', '%{i}.bl.example.org', null, null, null],
      ['+', 'all', null, null, null, null],
    ]);
  });

  it('keeps each term as written, qualifier included', () => {
    expect(terms('v=spf1 ~include:_spf.example.com -all').map((t) => t.text)).toEqual([
      '~include:_spf.example.com',
      '-all',
    ]);
  });

  it('reads modifiers: redirect and exp once each, unknown ones kept and allowed to repeat', () => {
    const parsed = parseSpfRecord('v=spf1 redirect=_spf.example.com exp=why.%{d} foo=bar foo=%{l}');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.redirect?.value).toBe('_spf.example.com');
    expect(parsed.exp?.value).toBe('why.%{d}');
    expect(parsed.terms.filter((t) => t.type === 'modifier').map((t) => t.text)).toEqual([
      'redirect=_spf.example.com',
      'exp=why.%{d}',
      'foo=bar',
      'foo=%{l}',
    ]);
  });

  it('is case-insensitive in the version, mechanism and modifier names (§4.6.1 ABNF)', () => {
    const parsed = terms('V=SpF1 IP4:192.0.2.1 MX:Example.COM REDIRECT=x.example');
    expect(parsed.map((t) => (t.type === 'mechanism' ? t.kind : t.name))).toEqual([
      'ip4',
      'mx',
      'redirect',
    ]);
  });

  it('takes prefix lengths from the end, so a domain may contain ":" and "/"', () => {
    const [a] = terms('v=spf1 a:foo:bar/baz.example.com//96');
    expect(a).toMatchObject({ domainSpec: 'foo:bar/baz.example.com', cidr4: null, cidr6: 96 });
  });

  it('accepts runs of spaces between terms and at the end, and an empty record', () => {
    expect(terms('v=spf1   a  -all  ')).toHaveLength(2);
    expect(terms('v=spf1')).toEqual([]);
  });
});

describe('parseSpfRecord: syntax errors (§4.6: anywhere in the record → permerror)', () => {
  it.each([
    ['v=spf1 ip4:1.2.3', "syntax error at 'ip4:1.2.3': '1.2.3' is not an IPv4 address"],
    ['v=spf1 ip4:192.0.2.1/032', "syntax error at 'ip4:192.0.2.1/032'"],
    ['v=spf1 ip4:192.0.2.1/33', "syntax error at 'ip4:192.0.2.1/33'"],
    ['v=spf1 ip4:192.0.2.01', "syntax error at 'ip4:192.0.2.01'"],
    ['v=spf1 ip6:2001:db8::/129', "syntax error at 'ip6:2001:db8::/129'"],
    ['v=spf1 ip6:192.0.2.1', "syntax error at 'ip6:192.0.2.1'"],
    ['v=spf1 ip6:fe80::1%eth0', "syntax error at 'ip6:fe80::1%eth0'"],
    ['v=spf1 a/24/64', "syntax error at 'a/24/64'"],
    ['v=spf1 include:example.com/24', "syntax error at 'include:example.com/24'"],
    ['v=spf1 -all.', "syntax error at '-all.': 'all.' is not a mechanism"],
    ['v=spf1 +redirect=x.example', "syntax error at '+redirect=x.example'"],
    ['v=spf1 1up=foo', "syntax error at '1up=foo'"],
    ['v=spf1 a:%{c}.example.com', "syntax error at 'a:%{c}.example.com'"],
    ['v=spf1 exp=%{t}.example.com', "syntax error at 'exp=%{t}.example.com'"],
    ['v=spf1 exists:%{d0}.example.com', "syntax error at 'exists:%{d0}.example.com'"],
    ['v=spf1 redirect=a.example redirect=b.example', 'redirect= appears more than once'],
    ['v=spf1 a:museum', "syntax error at 'a:museum'"],
  ])('%s', (record, expected) => {
    expect(problem(record).startsWith(expected), problem(record)).toBe(true);
  });

  it('names the offending term and what is wrong with it', () => {
    const parsed = parseSpfRecord('v=spf1 a ip4:1.2.3 -all');
    expect(parsed).toEqual({
      ok: false,
      problem: "syntax error at 'ip4:1.2.3': '1.2.3' is not an IPv4 address",
      term: 'ip4:1.2.3',
      reason: "'1.2.3' is not an IPv4 address",
    });
  });

  it('shows control and non-ASCII characters as U+XXXX and cuts long terms', () => {
    expect(problem('v=spf1 a:x.example.com\r<script>')).toBe(
      "syntax error at 'a:x.example.comU+000D<script>': U+000D is not allowed",
    );
    const long = problem(`v=spf1 ${'x'.repeat(5000)}`);
    expect(long.length).toBeLessThan(300);
  });

  it('is not an SPF record without "v=spf1" followed by a space or the end', () => {
    for (const text of ['v=spf10', 'v=spf1mx', 'spf1 -all', ' v=spf1 -all', '']) {
      expect(parseSpfRecord(text).ok, text).toBe(false);
    }
  });
});

describe('isDnsTerm (§4.6.4: the terms counted against the limit of 10)', () => {
  it('counts include, a, mx, ptr, exists and redirect; not all, ip4, ip6, exp or others', () => {
    const counted = terms(
      'v=spf1 include:a.example a mx ptr exists:x.example ip4:192.0.2.1 ip6:2001:db8::1 ' +
        'all redirect=r.example exp=e.example foo=bar',
    ).map((t) => [t.text, isDnsTerm(t)]);
    expect(counted.filter(([, c]) => c).map(([t]) => t)).toEqual([
      'include:a.example',
      'a',
      'mx',
      'ptr',
      'exists:x.example',
      'redirect=r.example',
    ]);
  });
});

describe('selectSpfRecord (§4.5)', () => {
  it('keeps only records starting with v=spf1 and a space or the end', () => {
    expect(
      selectSpfRecord(['google-site-verification=abc', 'v=spf10 -all', 'V=SPF1 -all']),
    ).toEqual({ record: 'V=SPF1 -all', count: 1 });
  });

  it('has no record for 0 or more than 1 SPF records', () => {
    expect(selectSpfRecord([])).toEqual({ record: null, count: 0 });
    expect(selectSpfRecord(['v=spf1 -all', 'v=spf1 -all'])).toEqual({ record: null, count: 2 });
  });
});

describe('hostile records', () => {
  it('never throws on random text, with or without a version', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.boolean(), (text, versioned) => {
        const parsed = parseSpfRecord(versioned ? `v=spf1 ${text}` : text);
        expect(typeof parsed.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on records built from SPF tokens', () => {
    const token = fc.constantFrom(
      'a',
      'mx',
      'ptr',
      'ip4:',
      'ip6:',
      'include:',
      'exists:',
      'all',
      'redirect=',
      'exp=',
      ':',
      '/',
      '//',
      '=',
      '%',
      '%{',
      '}',
      '%{d2r-}',
      '%%',
      '.',
      '-',
      '~',
      '?',
      '+',
      '192.0.2.1',
      '2001:db8::',
      '24',
      '128',
      'example.com',
      ' ',
      '\t',
      '\u00e9',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) => {
        const parsed = parseSpfRecord(`v=spf1 ${tokens.join('')}`);
        expect(typeof parsed.ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['many prefix lengths', (n: number) => `v=spf1 a:x.example${'/1'.repeat(n)}`],
    ['an unclosed macro', (n: number) => `v=spf1 exists:${'%{d'.repeat(n)}`],
    ['many macros', (n: number) => `v=spf1 exists:${'%{d2r-}'.repeat(n)}.example`],
    ['many terms', (n: number) => `v=spf1 ${'ip4:192.0.2.1 '.repeat(n)}-all`],
  ])('stays linear on %s', (_name, make) => {
    const g = growth(make, parseSpfRecord, 4000);
    expect(g.perCharRatio, `${g.small} -> ${g.large} units`).toBeLessThan(1.25);
  });
});
