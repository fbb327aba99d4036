import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeMessage, type Report } from '../src/core/index.ts';

/**
 * One fixture per trust rule (docs/trust-model.md), named after the behaviour: `<name>.eml`
 * and beside it `<name>.expect.json` with what the report must say. Adding a case is adding
 * those two files. Expectations are partial: only the keys written are compared.
 *   why               the rule, in words
 *   spf, dmarc, arc, compauth, authservId   matched against the report (toMatchObject)
 *   dkim              the DKIM results, in order
 *   inboundHop        matched against the hop marked inbound
 *   warnings          every warning code, sorted
 *   untrustedReasons  why each header outside the receiver's block was not used, in order
 *   warningReasons    the `reason` of each untrusted-auth-header warning, in order
 */
const dir = new URL('./fixtures/trust/', import.meta.url);
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.eml'))
  .map((f) => f.slice(0, -4))
  .sort();

interface Expectation {
  why: string;
  spf?: Partial<Report['spf']>;
  dmarc?: Partial<Report['dmarc']>;
  arc?: Partial<Report['arc']>;
  compauth?: Report['compauth'] | Partial<NonNullable<Report['compauth']>>;
  authservId?: string | null;
  dkim?: Partial<Report['dkim'][number]>[];
  inboundHop?: Partial<Report['hops'][number]>;
  warnings?: string[];
  untrustedReasons?: string[];
  warningReasons?: string[];
}

describe('trust rules, one fixture each', () => {
  it('has fixtures', () => expect(names.length).toBeGreaterThan(20));
  for (const name of names) {
    const raw = readFileSync(new URL(`${name}.eml`, dir), 'utf8');
    const expected = JSON.parse(
      readFileSync(new URL(`${name}.expect.json`, dir), 'utf8'),
    ) as Expectation;
    it(`${name}: ${expected.why}`, () => {
      const r = analyzeMessage(raw);
      if (expected.spf !== undefined) expect(r.spf).toMatchObject(expected.spf);
      if (expected.dmarc !== undefined) expect(r.dmarc).toMatchObject(expected.dmarc);
      if (expected.arc !== undefined) expect(r.arc).toMatchObject(expected.arc);
      if (expected.compauth !== undefined) {
        if (expected.compauth === null) expect(r.compauth).toBeNull();
        else expect(r.compauth).toMatchObject(expected.compauth);
      }
      if (expected.authservId !== undefined) expect(r.authservId).toBe(expected.authservId);
      if (expected.dkim !== undefined) {
        expect(r.dkim).toHaveLength(expected.dkim.length);
        expected.dkim.forEach((d, i) => expect(r.dkim[i]).toMatchObject(d));
      }
      if (expected.inboundHop !== undefined) {
        expect(r.hops.find((h) => h.inbound)).toMatchObject(expected.inboundHop);
      }
      if (expected.warnings !== undefined) {
        expect(r.warnings.map((w) => w.code).sort()).toEqual([...expected.warnings].sort());
      }
      if (expected.untrustedReasons !== undefined) {
        expect(reasonsOf(r)).toEqual(expected.untrustedReasons);
      }
      if (expected.warningReasons !== undefined) {
        expect(
          r.warnings
            .filter((w) => w.code === 'untrusted-auth-header')
            .map((w) => w.params?.['reason']),
        ).toEqual(expected.warningReasons);
      }
    });
  }
});

/** One reason per untrusted header: the report's summaries repeat it for each method. */
function reasonsOf(r: Report): string[] {
  return r.untrustedResults
    .filter((u, i, all) => i === 0 || u.header !== all[i - 1]?.header)
    .map((u) => u.reason);
}
