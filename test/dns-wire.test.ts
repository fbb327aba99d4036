import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeDnsAnswer,
  decodeDnsQuery,
  encodeDnsQuery,
  toBase64Url,
} from '../src/core/dns/dns-wire.ts';
import { encodeWireAnswer } from './helpers/dns-wire-answer.ts';

const HEADER = (flags: number, qd: number, an: number, ns = 0) => [
  0,
  0,
  flags >> 8,
  flags & 0xff,
  0,
  qd,
  0,
  an,
  0,
  ns,
  0,
  0,
];
/** `x.example` as labels. */
const NAME = [1, 0x78, 7, ...[...'example'].map((c) => c.charCodeAt(0)), 0];
const TXT_QUESTION = [...NAME, 0, 16, 0, 1];

function txtRecord(owner: number[], ttl: number, strings: string[]): number[] {
  const rdata = strings.flatMap((s) => [s.length, ...[...s].map((c) => c.charCodeAt(0))]);
  return [...owner, 0, 16, 0, 1, 0, 0, (ttl >> 8) & 0xff, ttl & 0xff, 0, rdata.length, ...rdata];
}

describe('RFC 8484 query encoding', () => {
  it('RFC 8484 §4.1: ID 0, RD, one IN question, EDNS(0) OPT when asked', () => {
    const q = encodeDnsQuery('www.example.com', 'A', { edns: false });
    // The RFC's own example query, base64url without padding.
    expect(toBase64Url(q ?? new Uint8Array())).toBe('AAABAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB');
    const withOpt = encodeDnsQuery('Example.COM.', 'TXT') ?? new Uint8Array();
    expect(Array.from(withOpt.subarray(0, 12))).toEqual([0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
    expect(decodeDnsQuery(withOpt)).toEqual({ id: 0, name: 'example.com', type: 16 });
    expect(Array.from(withOpt.subarray(-11))).toEqual([0, 0, 41, 16, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('refuses a name that is not a DNS name', () => {
    expect(encodeDnsQuery('bad name', 'TXT')).toBeNull();
    expect(encodeDnsQuery(`${'a'.repeat(64)}.example`, 'TXT')).toBeNull();
  });
});

describe('wire answer decoding', () => {
  it('joins the character-strings of each TXT record, keeps records apart, takes the smallest TTL', () => {
    const packet = [
      ...HEADER(0x8180, 1, 2),
      ...TXT_QUESTION,
      ...txtRecord([0xc0, 12], 300, ['v=spf1 ip4:192.0.2.0/24 ', '-all']),
      ...txtRecord([0xc0, 12], 120, ['other']),
    ];
    expect(decodeDnsAnswer(Uint8Array.from(packet), 'TXT')).toEqual({
      status: 'ok',
      records: ['v=spf1 ip4:192.0.2.0/24 -all', 'other'],
      ttl: 120,
      authenticated: false,
    });
  });

  it('reads AD, and a TTL with the top bit set as 0 (RFC 2181 §8)', () => {
    const rr = txtRecord([0xc0, 12], 0, ['x']);
    rr[6] = 0x80;
    const packet = [...HEADER(0x81a0, 1, 1), ...TXT_QUESTION, ...rr];
    expect(decodeDnsAnswer(Uint8Array.from(packet), 'TXT')).toMatchObject({
      ttl: 0,
      authenticated: true,
    });
  });

  it('NXDOMAIN and SERVFAIL become the resolver’s nxdomain and error results', () => {
    const nx = encodeWireAnswer(0, 'x.example', 16, {
      Status: 3,
      Authority: [{ type: 6, TTL: 3600, data: 'ns.test. host.test. 1 7200 900 1209600 300' }],
    });
    // RFC 2308 §5: the smaller of the SOA's TTL and MINIMUM.
    expect(decodeDnsAnswer(nx, 'TXT')).toEqual({ status: 'nxdomain', ttl: 300 });
    const servfail = encodeWireAnswer(0, 'x.example', 16, { Status: 2 });
    expect(decodeDnsAnswer(servfail, 'TXT')).toEqual({
      status: 'error',
      reason: 'DNS error SERVFAIL',
    });
    const refused = encodeWireAnswer(0, 'x.example', 16, { Status: 5 });
    expect(decodeDnsAnswer(refused, 'TXT')).toMatchObject({ reason: 'DNS error REFUSED' });
  });

  it('follows compression pointers in MX and PTR names', () => {
    const mx = encodeWireAnswer(0, 'x.example', 15, {
      Status: 0,
      Answer: [
        { type: 15, TTL: 60, data: '20 b.example.' },
        { type: 15, TTL: 60, data: '10 A.example.' },
      ],
    });
    expect(decodeDnsAnswer(mx, 'MX')).toMatchObject({ records: ['a.example', 'b.example'] });
    // An MX whose exchange is a pointer to the question name.
    const packet = [
      ...HEADER(0x8180, 1, 1),
      ...NAME,
      0,
      15,
      0,
      1,
      0xc0,
      12,
      0,
      15,
      0,
      1,
      0,
      0,
      0,
      60,
      0,
      4,
      0,
      10,
      0xc0,
      12,
    ];
    expect(decodeDnsAnswer(Uint8Array.from(packet), 'MX')).toMatchObject({
      records: ['x.example'],
    });
  });

  it.each([
    ['a pointer to itself', [...HEADER(0x8180, 1, 0), 0xc0, 12, 0, 16, 0, 1]],
    [
      'two pointers pointing at each other',
      [...HEADER(0x8180, 1, 1), ...TXT_QUESTION, 0xc0, 29, 0xc0, 27, 0, 16, 0, 1, 0, 0, 0, 1, 0, 0],
    ],
    ['a pointer past the end', [...HEADER(0x8180, 1, 0), 0xff, 0xff, 0, 16, 0, 1]],
    ['a label running past the end', [...HEADER(0x8180, 1, 0), 40, 0x61, 0x62]],
    [
      'an RDLENGTH past the end',
      [...HEADER(0x8180, 1, 1), ...TXT_QUESTION, 0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 1, 0xff, 0xff, 1],
    ],
    ['an answer count larger than the packet', [...HEADER(0x8180, 1, 200), ...TXT_QUESTION]],
    ['a reserved label type', [...HEADER(0x8180, 1, 0), 0x80, 0, 16, 0, 1]],
    ['a header cut short', [0, 0, 0x81]],
  ])('rejects %s as an unreadable answer, never hangs or throws', (_, packet) => {
    expect(decodeDnsAnswer(Uint8Array.from(packet), 'TXT')).toMatchObject({
      status: 'error',
      reason: expect.stringContaining('unreadable answer') as string,
    });
  });

  it('a name longer than 255 octets is rejected', () => {
    // 60 labels of 5 octets: 301 octets.
    const labels = Array.from({ length: 60 }, () => [4, 0x61, 0x61, 0x61, 0x61]).flat();
    const packet = [...HEADER(0x8180, 1, 0), ...labels, 0, 0, 16, 0, 1];
    expect(decodeDnsAnswer(Uint8Array.from(packet), 'TXT')).toMatchObject({
      reason: expect.stringContaining('255 octets') as string,
    });
  });

  it('a query (QR clear) and a TC answer are errors', () => {
    expect(decodeDnsAnswer(Uint8Array.from([...HEADER(0x0100, 0, 0)]), 'TXT')).toMatchObject({
      reason: expect.stringContaining('not a response') as string,
    });
    expect(decodeDnsAnswer(Uint8Array.from([...HEADER(0x8380, 0, 0)]), 'TXT')).toEqual({
      status: 'error',
      reason: 'the answer was truncated (TC)',
    });
  });

  it('skips records of other types and classes; a malformed A or AAAA is dropped', () => {
    const packet = [
      ...HEADER(0x8180, 1, 3),
      ...NAME,
      0,
      1,
      0,
      1,
      ...[0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 9, 0, 2, 0xc0, 12], // CNAME
      ...[0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 9, 0, 3, 1, 2, 3], // A with 3 octets
      ...[0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 9, 0, 4, 192, 0, 2, 1],
    ];
    expect(decodeDnsAnswer(Uint8Array.from(packet), 'A')).toMatchObject({
      records: ['192.0.2.1'],
      ttl: 9,
    });
  });

  it('property: random and mutated packets never throw and always give a result', () => {
    const good = Array.from(
      encodeWireAnswer(0, 'x.example', 16, {
        Status: 0,
        Answer: [{ type: 16, TTL: 60, data: '"v=spf1 -all"' }],
        Authority: [{ type: 6, TTL: 60, data: 'a. b. 1 2 3 4 5' }],
      }),
    );
    const mutated = fc
      .array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), {
        maxLength: 8,
      })
      .map((edits) => {
        const p = [...good];
        for (const [i, v] of edits) p[i] = v;
        return Uint8Array.from(p);
      });
    const random = fc.uint8Array({ maxLength: 600 });
    fc.assert(
      fc.property(
        fc.oneof(mutated, random),
        fc.constantFrom('TXT', 'A', 'AAAA', 'MX', 'PTR' as const),
        (bytes, type) => {
          const r = decodeDnsAnswer(bytes, type);
          expect(['ok', 'nxdomain', 'error']).toContain(r.status);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
