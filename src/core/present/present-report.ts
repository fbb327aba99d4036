import type { Report } from '../report.ts';
import { chooseAction } from './choose-action.ts';
import { presentLive } from './present-live.ts';
import { presentPath } from './present-path.ts';
import { presentRows } from './present-rows.ts';
import { presentVerify } from './present-verify.ts';
import type { Presentation } from './presentation.ts';
import { VERDICT_TONE } from './verdict-tone.ts';

/**
 * A report (merged with current DNS when it was checked) as every view draws it: the verdict
 * first, SPF/DKIM/DMARC as three rows, the one next step, then the forgery alerts, the bounce,
 * the other hints by severity, the path and the remaining warnings.
 */
export function presentReport(report: Report): Presentation {
  const action = chooseAction(report);
  return {
    verdict: { ...report.verdict, tone: VERDICT_TONE[report.verdict.status] },
    message: report.message,
    rows: report.input === 'message' ? presentRows(report) : [],
    action,
    alerts: report.warnings.filter((w) => w.severity === 'error'),
    bounce: report.bounce,
    // One record on screen: once current DNS gave the answer, the offline SPF advice goes.
    hints: report.hints.filter(
      (h) =>
        h.code !== action.hint &&
        !(LIVE_SPF_ACTIONS.has(action.kind) && h.code.startsWith('spf-fix')),
    ),
    path: presentPath(report.hops, report.totalSeconds),
    // Findings before notes on how the input was read; in pipeline order within each.
    warnings: [
      ...report.warnings.filter((w) => w.severity === 'warning'),
      ...report.warnings.filter((w) => w.severity === 'info'),
    ],
    live: presentLive(report),
    verification: presentVerify(report),
  };
}

const LIVE_SPF_ACTIONS = new Set(['publish-merged', 'retest', 'dns-error', 'fix-record']);
