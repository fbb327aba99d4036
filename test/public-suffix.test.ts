import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { getDomain } from 'tldts';
import { describe, expect, it } from 'vitest';
import { OrgDomainMemo, orgDomain } from '../src/core/psl/domain-name.ts';
import { ICANN_RULES, PSL_SOURCE } from '../src/core/psl/icann-rules.ts';
import { registrableDomain } from '../src/core/psl/registrable-domain.ts';

/**
 * Organizational domains from the compact ICANN section (src/core/psl/, made by
 * scripts/make-psl.ts from the list in tldts): the list's tricky rules by name, and every rule
 * of the list against tldts, which the extension used before and which stays a development
 * dependency as the reference.
 */

const tldts = (name: string): string | null => getDomain(name, { allowPrivateDomains: false });

describe('the tricky rules of the current list', () => {
  const cases: [string, string | null][] = [
    // A second-level public suffix.
    ['co.uk', null],
    ['example.co.uk', 'example.co.uk'],
    ['mail.example.co.uk', 'example.co.uk'],
    // Both `sch.uk` and `*.sch.uk` are rules: a school's name is the third label.
    ['sch.uk', null],
    ['school.sch.uk', null],
    ['www.school.sch.uk', 'www.school.sch.uk'],
    // Wildcard with an exception: `*.kawasaki.jp` and `!city.kawasaki.jp`.
    ['kawasaki.jp', null],
    ['foo.kawasaki.jp', null],
    ['a.foo.kawasaki.jp', 'a.foo.kawasaki.jp'],
    ['city.kawasaki.jp', 'city.kawasaki.jp'],
    ['www.city.kawasaki.jp', 'city.kawasaki.jp'],
    // A whole TLD under a wildcard, with an exception: `*.ck`, `!www.ck`.
    ['a.ck', null],
    ['b.a.ck', 'b.a.ck'],
    ['www.ck', 'www.ck'],
    ['mail.www.ck', 'www.ck'],
    // Private entries are not boundaries here (ICANN section only; README says why).
    ['alice.github.io', 'github.io'],
    ['alice.blogspot.com', 'blogspot.com'],
    ['mail.google.com', 'google.com'],
    ['protection.outlook.com', 'outlook.com'],
    // An internationalized TLD, in punycode as every looked-up name is (`рф`).
    ['xn--80ak6aa92e.xn--p1ai', 'xn--80ak6aa92e.xn--p1ai'],
    ['www.xn--80ak6aa92e.xn--p1ai', 'xn--80ak6aa92e.xn--p1ai'],
    // No rule: the TLD is the suffix (the default rule `*`).
    ['a.b.example-unknown-tld', 'b.example-unknown-tld'],
    // Not names with a registrable domain.
    ['com', null],
    ['localhost', null],
    ['192.0.2.1', null],
    ['-bad.example.com', null],
    ['a..example.com', null],
    // DNS allows underscores (`_dmarc`, `_domainkey`).
    ['_dmarc.example.com', 'example.com'],
  ];
  for (const [name, expected] of cases) {
    it(`${name} → ${String(expected)}`, () => {
      expect(registrableDomain(name)).toBe(expected);
      expect(tldts(name)).toBe(expected);
    });
  }

  it('orgDomain: the name itself when it has none; case and a trailing dot as tldts reads them', () => {
    expect(orgDomain('co.uk')).toBe('co.uk');
    expect(orgDomain('Mail.Example.CO.UK.')).toBe('example.co.uk');
    expect(orgDomain('192.0.2.1')).toBe('192.0.2.1');
    expect(orgDomain(null)).toBeNull();
  });

  it('relaxed alignment: across a second-level suffix only within one registrant', () => {
    const names = new OrgDomainMemo();
    expect(names.relaxedAligned('mail.example.co.uk', 'example.co.uk')).toBe(true);
    expect(names.relaxedAligned('example.co.uk', 'other.co.uk')).toBe(false);
    expect(names.relaxedAligned('a.foo.kawasaki.jp', 'b.foo.kawasaki.jp')).toBe(false);
    // github.io's operator controls the DNS of every name under it: one organizational domain.
    expect(names.relaxedAligned('alice.github.io', 'github.io')).toBe(true);
  });
});

describe('the whole list, against tldts', () => {
  it('was made from the list of the installed tldts (run scripts/make-psl.ts after updating it)', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../node_modules/tldts/package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(PSL_SOURCE).toBe(`tldts ${pkg.version}`);
  });

  it('every rule: the suffix itself, one and two labels below it, wildcards and exceptions filled in', () => {
    const names: string[] = [];
    for (const line of ICANN_RULES.split('\n')) {
      const [tld = '', rest = ''] = line.split(':');
      for (const rule of ['', ...(rest === '' ? [] : rest.split(','))]) {
        const base = rule === '' ? tld : `${rule.replace(/^!/, '').replace('*', 'w')}.${tld}`;
        names.push(base, `x.${base}`, `y.x.${base}`);
      }
    }
    expect(names.length).toBeGreaterThan(20_000);
    const differ = names.filter((n) => registrableDomain(n) !== tldts(n));
    expect(differ).toEqual([]);
  });

  it('property: random names agree with tldts', () => {
    const tlds = ICANN_RULES.split('\n').map((l) => l.split(':')[0] ?? '');
    const label = fc.oneof(
      fc.stringMatching(/^[a-z0-9_-]{1,8}$/),
      fc.constantFrom('co', 'com', 'www', 'city', 'kawasaki', 'sch', 'github', '1', '255'),
    );
    fc.assert(
      fc.property(
        fc.array(label, { minLength: 0, maxLength: 5 }),
        fc.constantFrom(...tlds),
        (ls, tld) => {
          const name = [...ls, tld].join('.');
          expect(registrableDomain(name)).toBe(tldts(name));
        },
      ),
      { numRuns: 5000 },
    );
  });
});
