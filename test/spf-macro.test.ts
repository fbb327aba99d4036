import { describe, expect, it } from 'vitest';
import { expandSpfMacro, type SpfMacroValues } from '../src/core/spf/expand-spf-macro.ts';
import { parseClientIp } from '../src/core/spf/parse-client-ip.ts';
import { parseSpfMacro, type SpfMacroContext } from '../src/core/spf/parse-spf-macro.ts';
import { toTargetName } from '../src/core/spf/to-target-name.ts';

/** RFC 7208 §7: macro syntax, expansion and target names. */

function expand(text: string, values: SpfMacroValues, context: SpfMacroContext = 'domain-spec') {
  const parsed = parseSpfMacro(text, context);
  if (!parsed.ok) throw new Error(parsed.reason);
  return expandSpfMacro(parsed.tokens, values);
}

function values(ip: string, overrides: Partial<SpfMacroValues> = {}): SpfMacroValues {
  const client = parseClientIp(ip);
  if (client === null) throw new Error(ip);
  return {
    s: 'strong-bad@email.example.com',
    l: 'strong-bad',
    o: 'email.example.com',
    d: 'email.example.com',
    i: client.dotted,
    c: client.readable,
    v: client.v,
    p: 'mx.example.org',
    h: 'mx.example.org',
    r: 'unknown',
    t: '1700000000',
    ...overrides,
  };
}

describe('RFC 7208 §7.4 examples', () => {
  const v4 = values('192.0.2.3');
  it.each([
    ['%{s}', 'strong-bad@email.example.com'],
    ['%{o}', 'email.example.com'],
    ['%{d}', 'email.example.com'],
    ['%{d4}', 'email.example.com'],
    ['%{d3}', 'email.example.com'],
    ['%{d2}', 'example.com'],
    ['%{d1}', 'com'],
    ['%{dr}', 'com.example.email'],
    ['%{d2r}', 'example.email'],
    ['%{l}', 'strong-bad'],
    ['%{l-}', 'strong.bad'],
    ['%{lr}', 'strong-bad'],
    ['%{lr-}', 'bad.strong'],
    ['%{l1r-}', 'strong'],
    ['%{ir}.%{v}._spf.%{d2}', '3.2.0.192.in-addr._spf.example.com'],
    ['%{lr-}.lp._spf.%{d2}', 'bad.strong.lp._spf.example.com'],
    ['%{lr-}.lp.%{ir}.%{v}._spf.%{d2}', 'bad.strong.lp.3.2.0.192.in-addr._spf.example.com'],
    ['%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}', '3.2.0.192.in-addr.strong.lp._spf.example.com'],
    ['%{d2}.trusted-domains.example.net', 'example.com.trusted-domains.example.net'],
  ])('%s → %s', (macro, expected) => {
    expect(expand(macro, v4)).toBe(expected);
  });

  it('%{ir}.%{v}._spf.%{d2} for 2001:db8::cb01', () => {
    expect(expand('%{ir}.%{v}._spf.%{d2}', values('2001:db8::cb01'))).toBe(
      '1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com',
    );
  });
});

describe('expansion', () => {
  it('expands %%, %_ and %- to %, a space and %20', () => {
    expect(expand('a%%b%_c%-d.example.com', values('192.0.2.3'))).toBe('a%b c%20d.example.com');
  });

  it('URL-escapes uppercase macros: everything but RFC 3986 unreserved, as UTF-8', () => {
    const v = values('192.0.2.3', { l: "~a&b=c!d'(e)*f g\u00e9" });
    expect(expand('%{L}.example.com', v)).toBe(
      '~a%26b%3Dc%21d%27%28e%29%2Af%20g%C3%A9.example.com',
    );
  });

  it('splits on several delimiters and joins with dots (§7.3)', () => {
    const v = values('192.0.2.3', { l: 'foo-bar+zip+quux' });
    expect(expand('%{l2r+-}.example.com', v)).toBe('bar.foo.example.com');
    expect(expand('%{l+-}.example.com', v)).toBe('foo.bar.zip.quux.example.com');
  });

  it('expands c, r and t in explanation text, with spaces', () => {
    const v = values('2001:db8::cb01', { r: 'mx.receiver.example' });
    expect(expand('%{c} refused by %{r} at %{t}', v, 'explain-string')).toBe(
      '2001:db8::cb01 refused by mx.receiver.example at 1700000000',
    );
  });

  it('gives null instead of an expansion over 8192 characters', () => {
    const huge = values('192.0.2.3', { s: 'x'.repeat(1_000_000) });
    expect(expand('%{s}.example.com', huge)).toBeNull();
    expect(expand(`${'%{d}'.repeat(1000)}.example.com`, values('192.0.2.3'))).toBeNull();
  });
});

describe('syntax (§7.1)', () => {
  it.each([
    ['%(ir).example.com', 'domain-spec'],
    ['foo%.example.com', 'domain-spec'],
    ['%{d.example.com', 'domain-spec'],
    ['%{}.example.com', 'domain-spec'],
    ['%{x}.example.com', 'domain-spec'],
    ['%{d0}.example.com', 'domain-spec'],
    ['%{d2x}.example.com', 'domain-spec'],
    ['%{c}.example.com', 'domain-spec'],
    ['%{r}.example.com', 'domain-spec'],
    ['%{t}.example.com', 'domain-spec'],
    ['a b.example.com', 'domain-spec'],
    ['a%{s', 'explain-string'],
  ] as const)('rejects %s as a %s', (text, context) => {
    expect(parseSpfMacro(text, context).ok).toBe(false);
  });

  it('rejects a domain-spec that does not end in a dot and a top label, or a macro', () => {
    for (const bad of ['museum', 'museum.', 'example.123', 'example.-com', 'example.com-', '']) {
      expect(parseSpfMacro(bad, 'domain-spec').ok, bad).toBe(false);
    }
    for (const good of ['example.com', 'example.com.', 'x.xn--zckzah', '%{d}', 'x.%{d2}', 'x%%']) {
      expect(parseSpfMacro(good, 'domain-spec').ok, good).toBe(true);
    }
  });

  it('allows spaces and c, r, t only in explanation text; non-ASCII nowhere', () => {
    expect(parseSpfMacro('From %{c} at %{t}.', 'explain-string').ok).toBe(true);
    expect(parseSpfMacro('\u00e9t\u00e9', 'explain-string').ok).toBe(false);
    expect(parseSpfMacro('tab\there', 'explain-string').ok).toBe(false);
    expect(parseSpfMacro('%{c}', 'macro-string').ok).toBe(true);
  });
});

describe('toTargetName (§7.3: trailing dot, 253 characters)', () => {
  it('drops one trailing dot and lowercases', () => {
    expect(toTargetName('Mail.Example.COM.')).toBe('mail.example.com');
  });

  it('removes labels from the left until the name fits 253 characters', () => {
    const long = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.example.com`;
    expect(long.length).toBeGreaterThan(253);
    expect(toTargetName(long)).toBe(
      `${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.example.com`,
    );
  });

  it('names nothing with an empty label, a label over 63 characters or non-ASCII', () => {
    expect(toTargetName('mail.example...com')).toBeNull();
    expect(toTargetName(`${'a'.repeat(64)}.example.com`)).toBeNull();
    expect(toTargetName('\u00e9.example.com')).toBeNull();
    expect(toTargetName('')).toBeNull();
  });

  it('keeps printable characters a macro may produce (spaces, %, :, /)', () => {
    expect(toTargetName('macro%percent  space%20url.example.com')).toBe(
      'macro%percent  space%20url.example.com',
    );
  });
});
