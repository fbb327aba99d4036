import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSignedData } from '../src/core/dkim/build-signed-data.ts';
import { canonicalizeBody, type WorkMeter } from '../src/core/dkim/canonicalize-body.ts';
import { canonicalizeHeader } from '../src/core/dkim/canonicalize-header.ts';
import { findTagValue } from '../src/core/dkim/find-tag-value.ts';
import { latin1 } from '../src/core/dkim/latin1.ts';
import { splitMessage } from '../src/core/dkim/split-message.ts';
import {
  bytes,
  relaxedBody,
  relaxedHeader,
  rsaKey,
  signDkim,
  simpleBody,
  testMessage,
} from './helpers/dkim-signer.ts';
import { growth } from './helpers/measure.ts';
import { verifyWith } from './helpers/verify-zone.ts';

/**
 * Property tests of local verification (never throws, stays linear). Canonicalization
 * is checked against the independent string implementation in test/helpers/dkim-signer.ts on
 * random input, and its cost is counted (bytes visited, WorkMeter), never timed. The h= and
 * tag-list scans are checked the house way: cost at N and 8N, as a ratio.
 */
const RUNS_FACTOR = Number(process.env['FC_RUNS_FACTOR'] ?? '1') || 1;
const runs = (n: number): number => Math.ceil(n * RUNS_FACTOR);

/** Bytes where canonicalization has decisions to make: line ends, whitespace, 8-bit, separators. */
const BYTE = fc.constantFrom(
  0x0d,
  0x0a,
  0x20,
  0x09,
  0x41,
  0x62,
  0x3b,
  0x3d,
  0x3a,
  0x00,
  0x80,
  0xa0,
  0xe9,
  0xff,
);
const PIECE = fc.constantFrom(
  '\r\n',
  '\r\n\r\n',
  ' ',
  '\t',
  '  \t ',
  'a',
  'Bc',
  '\r',
  '\n',
  '\xe9',
  '\xa0',
  ';',
  'x=y',
);
const text = (max: number) => fc.array(PIECE, { maxLength: max }).map((p) => p.join(''));

describe('canonicalization on random input', () => {
  it('the body never throws, never grows by more than a CRLF, and visits each byte at most twice', () => {
    fc.assert(
      fc.property(
        fc.array(BYTE, { maxLength: 3000 }),
        fc.constantFrom('simple', 'relaxed'),
        (list, canon) => {
          const body = new Uint8Array(list);
          const meter: WorkMeter = { steps: 0 };
          const out = canonicalizeBody(body, canon as 'simple' | 'relaxed', meter);
          expect(out.length).toBeLessThanOrEqual(body.length + 2);
          expect(meter.steps).toBeLessThanOrEqual(2 * body.length + 4);
        },
      ),
      { numRuns: runs(300) },
    );
  });

  it('the body agrees with the independent implementation, and canonicalizing twice changes nothing', () => {
    fc.assert(
      fc.property(text(400), (body) => {
        const b = bytes(body);
        const relaxed = canonicalizeBody(b, 'relaxed');
        const simple = canonicalizeBody(b, 'simple');
        expect(latin1(relaxed)).toBe(relaxedBody(body));
        expect(latin1(simple)).toBe(simpleBody(body));
        expect(latin1(canonicalizeBody(relaxed, 'relaxed'))).toBe(latin1(relaxed));
        expect(latin1(canonicalizeBody(simple, 'simple'))).toBe(latin1(simple));
      }),
      { numRuns: runs(400) },
    );
  });

  const NAME = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/);
  /** A header field as written: folds are CRLF followed by whitespace; a lone CR is a byte. */
  const FIELD = fc
    .tuple(
      NAME,
      fc.constantFrom('', ' ', '\t '),
      fc.array(fc.constantFrom(' ', '\t', 'v', 'W', '\xe9', ';', '=', '\r\n ', '\r\n\t', '\r'), {
        maxLength: 300,
      }),
    )
    .map(([name, gap, value]) => `${name}${gap}:${value.join('')}`);

  it('a header field never throws, agrees with the independent implementation, and is linear', () => {
    fc.assert(
      fc.property(FIELD, fc.constantFrom('simple', 'relaxed'), (field, canon) => {
        const b = bytes(field);
        const meter: WorkMeter = { steps: 0 };
        const span = { start: 0, colon: field.indexOf(':'), end: b.length };
        const out = latin1(canonicalizeHeader(b, span, canon as 'simple' | 'relaxed', null, meter));
        expect(out).toBe(canon === 'simple' ? `${field}\r\n` : relaxedHeader(field));
        expect(meter.steps).toBeLessThanOrEqual(2 * b.length + 4);
      }),
      { numRuns: runs(400) },
    );
  });
});

describe('verification on mutated signed messages', () => {
  const key = rsaKey(2048);
  const keys = { 's1._domainkey.example.com': key.record };
  const base = signDkim(testMessage('Order 42 shipped.\r\n\r\nThanks.\r\n'), {
    key,
    c: 'relaxed/simple',
  });
  const MUTATION = fc.tuple(
    fc.nat(base.length),
    fc.nat(8),
    fc.constantFrom('', '\r\n', '\n', ' ', ';', '=', 'b=', 'x', '\xff', '\r\n\r\n'),
  );

  it('never rejects, answers every signature in RFC 8601 words, a pass always with both hashes matching', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(MUTATION, { maxLength: 4 }), async (mutations) => {
        let m = base;
        for (const [at, cut, insert] of mutations) m = m.slice(0, at) + insert + m.slice(at + cut);
        const v = await verifyWith(bytes(m), keys);
        for (const s of v.signatures) {
          expect(['pass', 'fail', 'neutral', 'policy', 'temperror', 'permerror']).toContain(
            s.verify.result,
          );
          expect(typeof s.verify.text).toBe('string');
          if (s.verify.result === 'pass') {
            expect(s.verify.headerSignature).toBe('valid');
            expect(s.verify.bodyHash?.matches).toBe(true);
          }
        }
        if (m === base) expect(v.signatures.map((s) => s.verify.result)).toEqual(['pass']);
      }),
      { numRuns: runs(60) },
    );
  });
});

describe('linear cost of the h= and tag-list scans (N against 8N)', () => {
  it('h= naming one field name N times over N fields of that name', () => {
    const make = (n: number): string => {
      const fields = Array.from({ length: n }, (_, i) => `X-Tag: ${i}`).join('\r\n');
      return `DKIM-Signature: v=1; h=${'x-tag:'.repeat(n)}from; b=AAAA\r\n${fields}\r\nFrom: a@example.com\r\n\r\nbody\r\n`;
    };
    const run = (raw: string): unknown => {
      const message = splitMessage(bytes(raw));
      return buildSignedData(
        message,
        0,
        Array.from({ length: message.fields.length }, () => 'x-tag'),
        'relaxed',
      );
    };
    const g = growth(make, run, 500);
    expect(g.perCharRatio).toBeLessThan(3);
  });

  it('a tag list of N semicolons before the b= tag', () => {
    const make = (n: number): string => `v=1;${';'.repeat(n)} b=${'A'.repeat(n)}`;
    const g = growth(make, (v) => findTagValue(v, 'b'), 20_000);
    expect(g.perCharRatio).toBeLessThan(3);
  });
});
