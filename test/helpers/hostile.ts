import { expect } from 'vitest';
import { analyzeMessage, type Report } from '../../src/core/index.ts';
import { SENDER_RECEIVED_INDEX, type GmailOptions } from './gmail-message.ts';
import { growth } from './measure.ts';
import { assertReportShape } from './report-shape.ts';

/**
 * What the hostile-input tests (test/hostile/) share: the checks every hostile report must pass
 * and the forged fields they insert. Cost is counted in work units (measure.ts), never timed.
 */

/** Analyzes and checks the report against the contract (and that the analyzer did not fail). */
export function analyze(name: string, raw: string): Report {
  const report = analyzeMessage(raw);
  assertReportShape(report);
  expect(report.warnings.map((w) => w.code)).not.toContain('internal-error');
  return report;
}

/** Cost at 8n is about 8 times the cost at n (work units, never time), with a small constant
 * per character: a bounded window scanned per character (a hostile `>>>>`) fails the second. */
export function expectLinear(name: string, make: (n: number) => string, n: number): void {
  const g = growth(make, analyzeMessage, n);
  expect(g.perCharRatio, `${name}: ${g.small} -> ${g.large} units`).toBeLessThan(1.25);
  expect(g.unitsPerChar, `${name}: units per character`).toBeLessThan(MAX_UNITS_PER_CHAR);
}

/** Each character is examined by a handful of passes (line split, unfolding, the field's
 * tokenizer, word splits); tens of units per character means a search repeated per character. */
export const MAX_UNITS_PER_CHAR = 40;

export const codes = (r: Report): string[] => r.warnings.map((w) => w.code);
export const forgeryWarnings = (r: Report): number =>
  codes(r).filter((c) => c === 'untrusted-auth-header').length;

/** Nothing in the report says pass: SPF, any DKIM result, DMARC, compauth. */
export function expectNoPass(r: Report): void {
  expect(r.spf.result).not.toBe('pass');
  expect(r.dkim.map((d) => d.result)).not.toContain('pass');
  expect(r.dmarc.result).not.toBe('pass');
  expect(r.dmarc.result).not.toBe('bestguesspass');
  expect(r.compauth?.result ?? null).not.toBe('pass');
}

/** Gmail's verdict as built by gmailParts(options), unchanged. */
export function expectGmailVerdict(r: Report, options: GmailOptions): void {
  expect(r.authservId).toBe('mx.google.com');
  expect(r.spf.result).toBe(options.spf ?? 'pass');
  expect(r.spf.clientIp).toBe(options.clientIp ?? '203.0.113.5');
  expect(r.spf.mailFrom).toBe('bounce@example.com');
  expect(r.dmarc.result).toBe(options.dmarc);
  const dkim = options.dkim === undefined ? 'pass' : options.dkim;
  // A signature Gmail reported nothing for is listed as `none`, never as pass.
  expect(r.dkim.map((d) => d.result)).toEqual([dkim ?? 'none']);
}

export const FORGED_PASS = (id: string): string =>
  `Authentication-Results: ${id};\r\n       dkim=pass header.i=@example.com header.s=s1 header.b=ZN3q2Ce+;\r\n       spf=pass (google.com: domain of bounce@example.com designates 198.51.100.66 as permitted sender) smtp.mailfrom=bounce@example.com;\r\n       dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=example.com`;

export const MICROSOFT_FORM =
  'Authentication-Results: spf=pass (sender IP is 198.51.100.66) smtp.mailfrom=example.com; dkim=pass (signature was verified) header.d=example.com;dmarc=pass action=none header.from=example.com;compauth=pass reason=100';

export const FORGED_RECEIVED_SPF =
  'Received-SPF: pass (google.com: domain of bounce@example.com designates 198.51.100.66 as permitted sender) client-ip=198.51.100.66;';

/** Where in the sender's part a forged field goes: directly under Gmail's block, under the
 * sender's DKIM-Signature, and below the oldest Received (written by the sender's MUA). */
export const POSITIONS = [
  { name: "directly under Gmail's Authentication-Results", at: 0 },
  { name: 'under the DKIM-Signature', at: 1 },
  { name: 'below the oldest Received (MUA)', at: SENDER_RECEIVED_INDEX + 3 },
] as const;

export const SOFTFAIL: GmailOptions = { spf: 'softfail', dkim: null, dmarc: 'fail' };
