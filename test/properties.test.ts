// Over 300 lines: each property over the same generators and fixtures.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeMessage, type Report } from '../src/core/index.ts';
import { LIMITS } from '../src/core/limits.ts';
import {
  SENDER_RECEIVED_INDEX,
  gmailParts,
  joinMessage,
  type GmailOptions,
} from './helpers/gmail-message.ts';
import { growth } from './helpers/measure.ts';
import { reportShapeErrors } from './helpers/report-shape.ts';
import {
  NAMES,
  punct,
  headerField,
  headerSet,
  ODD_CHARS,
  mutation,
  mutate,
  piece,
} from './helpers/header-generators.ts';

/**
 * Property tests ("the parser never throws and stays linear on random and mutated
 * input"). analyzeMessage must never throw, never fall back to its `internal-error` report, always
 * return a report valid against the contract, never report a pass no trusted receiver block
 * states, and cost time linear in the input. fast-check prints the seed and the shrunk
 * counterexample of a failure; rerun it with `fc.assert(..., { seed, path })`.
 *
 * Deeper local runs: FC_RUNS_FACTOR=100 multiplies every property's runs; FC_COST_RUNS=150 sets
 * the number of generated inputs of the (slower) linear-cost property.
 */

const RUNS_FACTOR = Number(process.env['FC_RUNS_FACTOR'] ?? '1') || 1;
const runs = (n: number): number => Math.ceil(n * RUNS_FACTOR);

/** Analyzes and checks the report; the property fails with the shape violations. */
function check(raw: string): Report {
  const report = analyzeMessage(raw);
  const errors = reportShapeErrors(report);
  if (errors.length > 0) throw new Error(`invalid report:\n  ${errors.slice(0, 10).join('\n  ')}`);
  if (report.warnings.some((w) => w.code === 'internal-error')) {
    throw new Error(
      `internal-error: ${report.warnings.find((w) => w.code === 'internal-error')?.text}`,
    );
  }
  return report;
}

function passes(r: Report): string[] {
  const out: string[] = [];
  if (r.spf.result === 'pass') out.push('spf');
  if (r.dkim.some((d) => d.result === 'pass')) out.push('dkim');
  if (r.dmarc.result === 'pass' || r.dmarc.result === 'bestguesspass') out.push('dmarc');
  if (r.compauth?.result === 'pass') out.push('compauth');
  return out;
}

const fixtureDir = new URL('./fixtures/', import.meta.url);
const fixtures = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.eml'))
  .sort()
  .map((name) => ({ name, raw: readFileSync(new URL(name, fixtureDir), 'utf8') }));

describe(
  'analyzeMessage never throws and always returns a valid report',
  { timeout: 60_000 * RUNS_FACTOR },
  () => {
    it('on arbitrary strings (ASCII, binary, full Unicode)', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string({ maxLength: 500 }),
            fc.string({ unit: 'binary', maxLength: 500 }),
            fc.string({ unit: 'grapheme', maxLength: 200 }),
            fc.string({ unit: fc.constantFrom(...ODD_CHARS, 'a', 'Z', '1', '-'), maxLength: 500 }),
          ),
          (raw) => {
            check(raw);
          },
        ),
        { numRuns: runs(400) },
      );
    });

    it('on arbitrary non-string input passed through an untyped caller', () => {
      const analyzeUnknown = analyzeMessage as (raw: unknown) => Report;
      fc.assert(
        fc.property(fc.anything(), (x) => {
          const r = analyzeUnknown(x);
          expect(reportShapeErrors(r)).toEqual([]);
        }),
        { numRuns: runs(100) },
      );
    });

    it(`on mutations of the ${fixtures.length} real fixtures (insert, delete, duplicate, swap lines; odd characters; folding)`, () => {
      expect(fixtures.length).toBeGreaterThan(0);
      fc.assert(
        fc.property(
          fc.constantFrom(...fixtures),
          fc.array(mutation, { minLength: 1, maxLength: 8 }),
          fc.boolean(),
          (fixture, mutations, lf) => {
            const raw = lf ? fixture.raw.replace(/\r\n/g, '\n') : fixture.raw;
            check(mutate(raw, mutations));
          },
        ),
        { numRuns: runs(600) },
      );
    });

    it('on header sets generated from header grammar pieces', () => {
      fc.assert(
        fc.property(headerSet, ({ raw, fields }) => {
          const r = check(raw);
          const received = fields.filter((f) => f.toLowerCase().startsWith('received:')).length;
          expect(r.hops.length).toBe(Math.min(received, LIMITS.receivedFields));
          // Unknown result words are dropped, never read as pass: with no "pass" in any
          // authentication field, nothing passes.
          const authText = fields
            .filter((f) => /^(authentication-results|received-spf):/i.test(f))
            .join('\n');
          if (!/pass/i.test(authText)) expect(passes(r)).toEqual([]);
        }),
        { numRuns: runs(500) },
      );
    });
  },
);

describe(
  "a pass comes only from the receiver's own trace block",
  { timeout: 60_000 * RUNS_FACTOR },
  () => {
    /** Auth fields a sender writes: forged passes with any authserv-id, and grammar noise. */
    const forgedField = fc.oneof(
      { weight: 3, arbitrary: headerField },
      {
        weight: 2,
        arbitrary: fc
          .tuple(
            fc.constantFrom(
              'mx.google.com',
              'MX.GOOGLE.COM.',
              'mx.google.com (x)',
              'mx.gooqle.com',
              'mx.google.com.evil.test',
              'gmr-mx.google.com',
              'google.com',
              'example.com',
              'x',
            ),
            fc.constantFrom(
              'spf=pass',
              'dkim=pass header.d=example.com header.s=s1',
              'dmarc=pass',
              'arc=pass',
              'compauth=pass reason=100',
            ),
          )
          .map(([id, r]) => `Authentication-Results: ${id}; ${r}`),
      },
      {
        weight: 1,
        arbitrary: fc.constant(
          'Authentication-Results: spf=pass (sender IP is 198.51.100.66) smtp.mailfrom=example.com;dkim=pass header.d=example.com;dmarc=pass action=none header.from=example.com;compauth=pass reason=100',
        ),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'Received-SPF: pass (google.com: domain of x@example.com designates 198.51.100.66 as permitted sender) client-ip=198.51.100.66;',
          'Received-SPF: Pass (mailfrom) identity=mailfrom; client-ip=198.51.100.66; helo=x; envelope-from=x@example.com; receiver=mx.google.com',
        ),
      },
      {
        weight: 1,
        arbitrary: fc.constant(
          'Received: from x.example.com (x.example.com [198.51.100.66]) by mx.google.com with ESMTPS id 1; Mon, 04 Mar 2024 03:11:10 -0800',
        ),
      },
    );

    const nonPassGmail: fc.Arbitrary<GmailOptions> = fc.record({
      spf: fc.constantFrom('fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror'),
      dkim: fc.constantFrom('fail', 'neutral', null),
      dmarc: fc.constantFrom('fail', 'none'),
      receivedSpf: fc.boolean(),
    }) as fc.Arbitrary<GmailOptions>;

    it("fields the sender adds anywhere below Gmail's block never change Gmail's verdict", () => {
      fc.assert(
        fc.property(
          nonPassGmail,
          fc.array(fc.tuple(fc.nat(), forgedField), { minLength: 1, maxLength: 6 }),
          (options, inserts) => {
            const { receiver, sender } = gmailParts(options);
            const original = check(joinMessage([...receiver, ...sender]));
            const fields = [...sender];
            for (const [at, field] of inserts) fields.splice(at % (fields.length + 1), 0, field);
            const r = check(joinMessage([...receiver, ...fields]));
            expect(r.authservId).toBe('mx.google.com');
            expect(r.spf.result).toBe(options.spf);
            expect(r.spf.clientIp).toBe(original.spf.clientIp);
            expect(r.dmarc.result).toBe(options.dmarc);
            expect(r.compauth).toBeNull();
            const reported = (x: Report): string[] =>
              x.dkim.map((d) => d.result).filter((d) => d !== 'none');
            expect(reported(r)).toEqual(reported(original));
            expect(passes(r)).toEqual([]);
          },
        ),
        { numRuns: runs(300) },
      );
    });

    it("Gmail wrote no results: fields added below the sender's first hop never pass", () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(), forgedField), { minLength: 1, maxLength: 6 }),
          fc.boolean(),
          (inserts, keepArc) => {
            const { receiver, sender } = gmailParts({
              receivedSpf: false,
              authenticationResults: false,
            });
            const top = keepArc ? receiver : receiver.filter((f) => !f.startsWith('ARC-'));
            const below = sender.slice(SENDER_RECEIVED_INDEX + 1);
            for (const [at, field] of inserts) below.splice(at % (below.length + 1), 0, field);
            const r = check(
              joinMessage([...top, ...sender.slice(0, SENDER_RECEIVED_INDEX + 1), ...below]),
            );
            expect(passes(r)).toEqual([]);
          },
        ),
        { numRuns: runs(300) },
      );
    });

    it("removing the receivers' results from any fixture leaves no pass, whatever the sender adds below its first hop", () => {
      const isAuthField = (line: string): boolean =>
        /^(authentication-results|received-spf)\s*:/i.test(line);
      /** Drops every Authentication-Results and Received-SPF field (with its continuation lines).
       * ARC-Authentication-Results stays: it is informational and must never become a verdict. */
      const stripResults = (raw: string): string[] => {
        const end = raw.search(/\r?\n\r?\n/);
        const lines = raw.slice(0, end).split(/\r?\n/);
        const out: string[] = [];
        let dropping = false;
        for (const line of lines) {
          if (/^[ \t]/.test(line)) {
            if (!dropping) out.push(line);
            continue;
          }
          dropping = isAuthField(line);
          if (!dropping) out.push(line);
        }
        return out;
      };
      // Where the receiver's inbound hop is also the oldest Received (Gmail to Gmail, a script
      // talking to the MX directly), the sender's first field sits where the receiver's results
      // would: no parser can tell a forgery there from the real thing, and receivers always write
      // their results. Those fixtures are left out.
      const withSenderHop = fixtures.filter((f) => {
        const hops = analyzeMessage(f.raw).hops;
        return hops.length > 0 && hops[0]?.inbound !== true;
      });
      expect(withSenderHop.length).toBeGreaterThan(0);
      fc.assert(
        fc.property(
          fc.constantFrom(...withSenderHop),
          fc.array(fc.tuple(fc.nat(), forgedField), { maxLength: 5 }),
          (fixture, inserts) => {
            const lines = stripResults(fixture.raw);
            // Below the oldest Received field (and its continuation lines): written before any
            // server handled the message.
            const lastReceived = lines.findLastIndex((l) => /^received\s*:/i.test(l));
            let tail = lastReceived + 1;
            while (tail < lines.length && /^[ \t]/.test(lines[tail] ?? '')) tail += 1;
            const head = lines.slice(0, tail);
            const rest = lines.slice(tail);
            for (const [at, field] of inserts) rest.splice(at % (rest.length + 1), 0, field);
            const r = check(`${[...head, ...rest].join('\r\n')}\r\n\r\nbody\r\n`);
            expect(passes(r), fixture.name).toEqual([]);
          },
        ),
        { numRuns: runs(300) },
      );
    });
  },
);

describe('hops', { timeout: 60_000 * RUNS_FACTOR }, () => {
  it('are listed oldest first, with delays measured from the previous (older) hop', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3600 }), { minLength: 1, maxLength: 40 }),
        fc.array(
          fc.tuple(
            fc.nat(),
            headerField.filter((f) => !/^received:/i.test(f)),
          ),
          { maxLength: 5 },
        ),
        (gaps, noise) => {
          // Trace fields are prepended: the newest is on top. Build oldest first, then reverse.
          let t = Date.UTC(2024, 2, 4, 11, 0, 0);
          const chain = gaps.map((gap, i) => {
            t += gap * 1000;
            const date = new Date(t).toUTCString().replace('GMT', '+0000');
            return `Received: from h${i}.example.net (h${i}.example.net [192.0.2.${(i % 250) + 1}]) by h${i + 1}.example.net with ESMTP id q${i}; ${date}`;
          });
          const fields = [...chain].reverse();
          for (const [at, field] of noise) fields.splice(at % (fields.length + 1), 0, field);
          const r = check(joinMessage(fields));
          const hops = r.hops;
          const n = Math.min(gaps.length, LIMITS.receivedFields);
          expect(hops.map((h) => h.by)).toEqual(
            Array.from({ length: n }, (_, k) => `h${gaps.length - n + k + 1}.example.net`),
          );
          expect(hops.slice(1).map((h) => h.delaySeconds)).toEqual(gaps.slice(gaps.length - n + 1));
          expect(hops.some((h) => h.clockSkew)).toBe(false);
        },
      ),
      { numRuns: runs(200) },
    );
  });
});

describe('cost is linear in the input size', () => {
  /** A unit of adversarial text repeated to size, in one of the shapes a header can take. */
  const adversarial = fc.record({
    unit: fc
      .array(
        fc.oneof(
          piece,
          punct,
          fc.constantFrom(
            '(',
            '((',
            ')',
            '"',
            '\\',
            '=?',
            '[',
            ' ',
            'a.b',
            '1.2.3.4',
            '2001:db8::1',
          ),
        ),
        { minLength: 1, maxLength: 12 },
      )
      .map((p) => p.join('')),
    name: fc.constantFrom(...NAMES),
    shape: fc.constantFrom('one line', 'folded', 'many fields', 'in a comment'),
  });

  function build(unit: string, name: string, shape: string, n: number): string {
    const u = unit.length === 0 ? 'x' : unit.replace(/\r?\n(?![ \t])/g, '\r\n ');
    const count = Math.max(1, Math.floor(n / (u.length + 3)));
    const { receiver, sender } = gmailParts({ spf: 'softfail', dkim: null, dmarc: 'fail' });
    let forged: string[];
    switch (shape) {
      case 'folded':
        forged = [`${name}: ${Array.from({ length: count }, () => u).join('\r\n ')}`];
        break;
      case 'many fields':
        forged = Array.from({ length: count }, () => `${name}: ${u}`);
        break;
      case 'in a comment':
        forged = [`${name}: x (${u.repeat(count)}) y`];
        break;
      default:
        forged = [`${name}: ${u.repeat(count)}`];
    }
    return joinMessage([...receiver, ...forged, ...sender]);
  }

  it('work per character at 8x the size stays the same, and small (generated adversarial units)', () => {
    const n = 20_000;
    fc.assert(
      fc.property(adversarial, ({ unit, name, shape }) => {
        const g = growth((size) => build(unit, name, shape, size), analyzeMessage, n);
        const label = `${shape} ${name}: ${JSON.stringify(unit)} ${g.small} -> ${g.large} units`;
        expect(g.perCharRatio, label).toBeLessThan(1.25);
        expect(g.unitsPerChar, label).toBeLessThan(40);
      }),
      { numRuns: runs(Number(process.env['FC_COST_RUNS'] ?? '60')) },
    );
  }, 120_000);
});
