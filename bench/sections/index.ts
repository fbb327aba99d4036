/**
 * Every section `npm run bench` runs, in order.
 *
 * Extension point: a new section (e.g. the extension's popup readiness time, or the gzip size of
 * each built bundle) is a `BenchSection` in its own file under bench/sections/, added to this
 * array. Its `run()` returns measurements (any unit: 'µs', ' ms', ' KiB'…, with `timingMeasurement`
 * for timings from harness.ts), goals as ratios or sizes against a target, sanity checks and
 * notes; run.ts prints it like the others and counts its goals in the summary.
 * `npm run bench -- <id>…` runs only the sections with those ids.
 */
import type { BenchSection } from '../report.ts';
import { coreSection } from './core.ts';
import { extensionSection } from './extension.ts';
import { logSection } from './log.ts';
import { verifySection } from './verify.ts';
import { worstCaseSection } from './worst-case.ts';

export const sections: readonly BenchSection[] = [
  coreSection,
  worstCaseSection,
  verifySection,
  logSection,
  extensionSection,
];
