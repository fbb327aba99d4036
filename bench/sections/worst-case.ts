/**
 * Worst-case section: analyzeMessage on hostile header sections that fill the 1 MiB cap, each
 * built from one unit repeated — the shapes that used to cost most (one result or comment object
 * per unit, a window search per character) — with the work units the parsers count beside each.
 */
import { analyzeMessage } from '../../src/core/index.ts';
import { workDone } from '../../src/core/work-meter.ts';
import { measure, type BenchCase, type MeasureOptions, type Timing } from '../harness.ts';
import { WORST_INPUTS as INPUTS } from '../inputs.ts';
import {
  formatBytes,
  formatNumber,
  timingMeasurement,
  type BenchSection,
  type Goal,
  type Measurement,
  type SectionResult,
} from '../report.ts';

/** Goal per input, on this machine class (2 cores): the trust-model issue's figure. */
const GOAL_MS = 50;
const OPTIONS: MeasureOptions = { warmupMs: 300, samples: 15, sampleMs: 40 };

async function run(): Promise<SectionResult> {
  const cases: BenchCase[] = INPUTS.map((i) => ({
    id: i.id,
    kind: 'sync',
    run: () => analyzeMessage(i.raw),
  }));
  const timings = await measure(cases, OPTIONS);
  const measurements: Measurement[] = [];
  const goals: Goal[] = [];
  for (const input of INPUTS) {
    const t = timings.get(input.id) as Timing;
    const before = workDone();
    analyzeMessage(input.raw);
    const units = workDone() - before;
    measurements.push(timingMeasurement(input.label, formatBytes(input.raw.length), t));
    measurements.push({
      label: `  work units per character`,
      input: formatBytes(input.raw.length),
      value: units / input.raw.length,
      unit: '',
    });
    goals.push({
      label: `${input.label}: median`,
      value: t.medianUs / 1000,
      unit: ' ms',
      op: '<=',
      target: GOAL_MS,
      basis: `${formatNumber(t.medianUs / 1000)} ms for ${formatBytes(input.raw.length)}`,
    });
  }
  const worst = INPUTS.reduce(
    (w, i) => {
      const t = (timings.get(i.id) as Timing).medianUs / 1000;
      return t > w.ms ? { ms: t, label: i.label } : w;
    },
    { ms: 0, label: '' },
  );
  goals.push({
    label: 'worst input within the 1 MiB cap: median',
    value: worst.ms,
    unit: ' ms',
    op: '<=',
    target: GOAL_MS,
    basis: `${worst.label}, the slowest of the ${INPUTS.length}`,
  });
  return {
    measurements,
    goals,
    checks: INPUTS.map((i) => ({
      label: `${i.id}: a report, not an internal error`,
      ok: !analyzeMessage(i.raw).warnings.some((w) => w.code === 'internal-error'),
    })),
    notes: [
      `The ${GOAL_MS} ms goals are absolute, for this machine class (2 cores); everything else in the bench is a ratio. The tests pin the same inputs by counting work units, never by time.`,
    ],
  };
}

export const worstCaseSection: BenchSection = {
  id: 'worst',
  title: 'Worst inputs within the 1 MiB cap — analyzeMessage',
  run,
};
