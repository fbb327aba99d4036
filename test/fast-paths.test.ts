import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { parseCommonDate, parseDate, parseDateWords } from '../src/core/parse/parse-date.ts';
import { isIp, parseIp } from '../src/core/parse/parse-ip.ts';
import { parseHeaderSection } from '../src/core/read/parse-header-section.ts';

/**
 * Every fast path against the general path it stands in for, on random input: a fast path may
 * decline (and leave the input to the general one), never answer differently.
 */

const RUNS = Math.ceil(2000 * (Number(process.env['FC_RUNS_FACTOR'] ?? '1') || 1));

/** What ipaddr.js reads, in the forms parseIp promises: a strict dotted quad; IPv6 in RFC 5952
 * form, an IPv4-mapped address as IPv4. */
function reference(text: string): string | null {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  if (s.toLowerCase().startsWith('ipv6:')) s = s.slice(5);
  if (s.length > 45) return null;
  if (s.includes(':')) {
    if (!ipaddr.IPv6.isValid(s)) return null;
    // Stricter than ipaddr.js on purpose: an embedded dotted quad is held to the bare quad's rule
    // (no leading zeros, which some readers take as octal).
    const quad = s.slice(s.lastIndexOf(':') + 1).replace(/%.*$/, '');
    if (quad.includes('.') && !ipaddr.IPv4.isValidFourPartDecimal(quad)) return null;
    const v6 = ipaddr.IPv6.parse(s);
    return v6.isIPv4MappedAddress() ? v6.toIPv4Address().toString() : v6.toRFC5952String();
  }
  return ipaddr.IPv4.isValidFourPartDecimal(s) ? s : null;
}

const hexChars = fc.constantFrom(...'0123456789abcdefABCDEF:.%xg[]Iv6 '.split(''));
/** Text shaped like an address, and broken ones near it. */
const addressLike = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.ipV4Extended(),
  fc.ipV6().map((a) => `[IPv6:${a}]`),
  fc.ipV4().map((a) => `[${a}]`),
  fc.ipV4().map((a) => `::ffff:${a}`),
  fc.ipV6().map((a) => `${a}%eth0`),
  fc.string({ unit: hexChars, maxLength: 46 }),
  fc
    .tuple(
      fc.oneof(fc.ipV4(), fc.ipV6()),
      fc.nat(40),
      fc.constantFrom('', ':', '.', '0', '::', 'z'),
    )
    .map(([a, at, extra]) => a.slice(0, at) + extra + a.slice(at)),
);

describe('the hand-written IP reader reads what ipaddr.js reads', () => {
  it(`parseIp and isIp agree with ipaddr.js on ${RUNS} addresses and near-addresses`, () => {
    fc.assert(
      fc.property(addressLike, (text) => {
        const expected = reference(text);
        expect(parseIp(text)).toBe(expected);
        expect(isIp(text)).toBe(expected !== null);
      }),
      { numRuns: RUNS },
    );
  });
});

const pad2 = (n: number): string => String(n).padStart(2, '0');
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Mostly `usual` (nine times in ten), otherwise `unusual`: so that most generated dates take the
 * fast path and the rest probe its refusals, whatever the seed. */
const mostly = <T>(usual: fc.Arbitrary<T>, unusual: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: usual, weight: 9 }, { arbitrary: unusual, weight: 1 });

/** Dates in the common layout (and out-of-range values in it), with the spacing MTAs write. */
const commonDate = fc
  .record({
    weekday: fc.option(fc.constantFrom(...WEEKDAYS), { nil: undefined }),
    day: mostly(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 32 })),
    month: mostly(fc.constantFrom(...MONTHS), fc.constant('Foo')),
    year: mostly(fc.integer({ min: 1970, max: 2100 }), fc.integer({ min: 1890, max: 2100 })),
    hours: mostly(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 25 })),
    minutes: mostly(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 61 })),
    seconds: mostly(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 61 })),
    sign: fc.constantFrom('+', '-', ''),
    zone: mostly(fc.integer({ min: 0, max: 1400 }), fc.integer({ min: 0, max: 2460 })),
    comment: mostly(
      fc.constantFrom('', ' (PST)', ' (UTC)'),
      fc.constantFrom(' (a (b))', ' (', ' x'),
    ),
    space: mostly(fc.constant(' '), fc.constantFrom('  ', '\t')),
  })
  .map(
    (d) =>
      `${d.weekday === undefined ? '' : `${d.weekday},${d.space}`}${d.day}${d.space}${d.month} ${d.year} ` +
      `${pad2(d.hours)}:${pad2(d.minutes)}:${pad2(d.seconds)} ${d.sign}${String(d.zone).padStart(4, '0')}${d.comment}`,
  );

describe('the common-date fast path reads what the word-by-word reader reads', () => {
  it(`on ${RUNS} dates in the common layout, in and out of range`, () => {
    let fast = 0;
    fc.assert(
      fc.property(commonDate, (text) => {
        const common = parseCommonDate(text);
        if (common !== undefined) {
          fast += 1;
          expect(common).toBe(parseDateWords(text));
        }
        expect(parseDate(text)).toBe(common ?? parseDateWords(text));
      }),
      { numRuns: RUNS },
    );
    // The generator must exercise the fast path, not only its refusals: about a third of the
    // dates take it (the sign alone is empty in one of three), far from this bound on any seed.
    expect(fast).toBeGreaterThan(RUNS / 10);
    expect(fast).toBeLessThan(RUNS);
  });

  it('on arbitrary text, the fast path only ever agrees or declines', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const common = parseCommonDate(text);
        if (common !== undefined) expect(common).toBe(parseDateWords(text));
      }),
      { numRuns: RUNS },
    );
  });
});

/** RFC 5322 §2.2.3 unfolding as a regular expression: what the hand-written one must equal. */
function unfoldReference(value: string, repaired: boolean): string {
  return value.replace(/\r?\n/g, repaired ? ' ' : '').trim();
}

/** Lines of text with spaces, a leading U+FEFF, surrogates paired and not, other non-ASCII. */
const lineText = fc
  .array(
    fc.constantFrom(
      'a',
      'b',
      ' ',
      '\t',
      '\r',
      '\ufeff',
      '\ud83d\ude00',
      '\ud800',
      '\udc00',
      'é',
      '\u0100',
    ),
    {
      maxLength: 12,
    },
  )
  .map((cs) => cs.join(''));

describe('the long-field unfolder (one buffer, decoded at once) reads what a replace reads', () => {
  it(`on ${Math.ceil(RUNS / 20)} folded fields past the short-field path, with and without folding kept`, () => {
    fc.assert(
      fc.property(
        fc.array(lineText, { minLength: 600, maxLength: 900 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (lines, keepFolding, crlf, ascii) => {
          const eol = crlf ? '\r\n' : '\n';
          // Without any indented line the section is read as pasted text that lost its folding.
          const body = lines
            .map(
              (l) =>
                `${keepFolding ? ' ' : ''}xxxxxxxx${ascii ? l.replace(/[\u0080-\uffff]/g, '') : l}`,
            )
            .join(eol);
          // Both decoders: the native one (ASCII) and the chunked one.
          expect(body.length).toBeGreaterThan(4096);
          const value = `v${eol}${body}`;
          const fields = parseHeaderSection(`Subject: ${value}${eol}${eol}`).fields;
          expect(fields).toHaveLength(1);
          expect(fields[0]?.value).toBe(unfoldReference(value, !keepFolding));
        },
      ),
      { numRuns: Math.ceil(RUNS / 20) },
    );
  });
});
