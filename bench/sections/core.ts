/**
 * Core section: analyzeMessage on a typical Gmail header section, the same with an 8 MB body, a
 * 100-hop header section, and postal-mime on the typical header section for comparison.
 */
import PostalMime from 'postal-mime';
import { analyzeMessage, type Report } from '../../src/core/index.ts';
import { measure, type BenchCase, type MeasureOptions, type Timing } from '../harness.ts';
import {
  fixtureHeaderSection,
  generateBody,
  generateManyHops,
  utf8Bytes,
  withBody,
} from '../inputs.ts';
import {
  formatBytes,
  formatNumber,
  timingMeasurement,
  type BenchSection,
  type Check,
  type Goal,
  type SectionResult,
} from '../report.ts';

const BODY_BYTES = 8 * 1024 * 1024;
const HOPS = 100;
/** ≈ 4 cases × (0.4 s warm-up + 61 × 5 ms) ≈ 3 s in all, on any machine. */
const OPTIONS: MeasureOptions = { warmupMs: 400, samples: 61, sampleMs: 5 };

/** Header fields in a header section: lines that do not start with whitespace. */
function countFields(section: string): number {
  return section.split(/\r?\n/).filter((l) => l.length > 0 && l[0] !== ' ' && l[0] !== '\t').length;
}

function checksFor(
  typical: Report,
  withBig: Report,
  hops: Report,
  postalHeaders: number,
  fields: number,
): Check[] {
  const truncated = hops.warnings.filter((w) => w.code === 'truncated');
  return [
    {
      label: `typical: spf=${typical.spf.result}, dmarc=${typical.dmarc.result}, ${typical.hops.length} hops, authserv-id ${typical.authservId ?? 'none'}, ${typical.warnings.length} warnings`,
      ok:
        typical.spf.result === 'pass' &&
        typical.dmarc.result === 'pass' &&
        typical.authservId === 'mx.google.com',
    },
    {
      label: '8 MB body: report identical to the headers-only one (the body is not read)',
      ok: JSON.stringify(withBig) === JSON.stringify(typical),
    },
    {
      label: `100 hops: ${hops.hops.length} hops in the report, spf=${hops.spf.result}, dmarc=${hops.dmarc.result}, authserv-id ${hops.authservId ?? 'none'}, ${truncated.length} truncation warnings`,
      ok:
        hops.hops.length === HOPS &&
        truncated.length === 0 &&
        hops.spf.result === 'pass' &&
        hops.authservId === 'mx.google.com',
    },
    {
      label: `postal-mime: ${postalHeaders} of ${fields} header fields parsed`,
      ok: postalHeaders === fields,
    },
  ];
}

function timingOf(timings: ReadonlyMap<string, Timing>, id: string): Timing {
  const t = timings.get(id);
  if (t === undefined) throw new Error(`no timing for case ${id}`);
  return t;
}

async function run(): Promise<SectionResult> {
  const typical = fixtureHeaderSection();
  const big = withBody(typical, generateBody(BODY_BYTES, typical.eol));
  const hops = generateManyHops(HOPS, typical.eol);
  const typicalBytes = utf8Bytes(typical.text);
  const hopsBytes = utf8Bytes(hops);

  const postal = await PostalMime.parse(typical.text);
  const checks = checksFor(
    analyzeMessage(typical.text),
    analyzeMessage(big),
    analyzeMessage(hops),
    postal.headers.length,
    countFields(typical.text),
  );

  const cases: BenchCase[] = [
    { id: 'typical', kind: 'sync', run: () => analyzeMessage(typical.text) },
    { id: 'body', kind: 'sync', run: () => analyzeMessage(big) },
    { id: 'hops', kind: 'sync', run: () => analyzeMessage(hops) },
    { id: 'postal', kind: 'async', run: () => PostalMime.parse(typical.text) },
  ];
  const timings = await measure(cases, OPTIONS);
  const t = timingOf(timings, 'typical');
  const b = timingOf(timings, 'body');
  const h = timingOf(timings, 'hops');
  const p = timingOf(timings, 'postal');

  const nsPerByte = (timing: Timing, bytes: number): number => (timing.medianUs * 1000) / bytes;
  const typicalCost = nsPerByte(t, typicalBytes);
  const hopsCost = nsPerByte(h, hopsBytes);
  const us = (x: Timing): string => `${formatNumber(x.medianUs)} µs`;

  const goals: Goal[] = [
    {
      label: '8 MB body / headers only',
      value: b.medianUs / t.medianUs,
      unit: '×',
      op: '<=',
      target: 1.5,
      basis: `${us(b)} / ${us(t)}`,
    },
    {
      label: '100 hops / typical, per byte',
      value: hopsCost / typicalCost,
      unit: '×',
      op: '<=',
      target: 1.5,
      basis: `${formatNumber(hopsCost)} / ${formatNumber(typicalCost)} ns per byte`,
    },
    {
      label: 'postal-mime / analyzeMessage',
      value: p.medianUs / t.medianUs,
      unit: '×',
      op: '>=',
      target: 2,
      basis: `${us(p)} / ${us(t)}`,
    },
  ];

  return {
    measurements: [
      timingMeasurement('analyzeMessage — typical Gmail headers', formatBytes(typicalBytes), t),
      timingMeasurement(
        'analyzeMessage — same + 8 MB body',
        `${formatBytes(typicalBytes)} + ${formatBytes(BODY_BYTES)}`,
        b,
      ),
      timingMeasurement(`analyzeMessage — ${HOPS} hops`, formatBytes(hopsBytes), h),
      timingMeasurement('postal-mime parse — typical headers', formatBytes(typicalBytes), p),
    ],
    goals,
    checks,
    notes: [
      'postal-mime does less than analyzeMessage: it unfolds the header fields and decodes the ' +
        'MIME structure, but selects no trusted results and gives no SPF/DKIM/DMARC verdicts, hops ' +
        'or hints. Each PostalMime.parse(string) call is awaited before the next one starts.',
      'Medians are per call; absolute times are for information only — the goals are ratios.',
    ],
  };
}

export const coreSection: BenchSection = {
  id: 'core',
  title: 'Core analyzer — analyzeMessage (src/core), postal-mime for comparison',
  run,
};
