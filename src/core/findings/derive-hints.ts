import { HINT_RULES, type HintFacts } from './hint-rules.ts';
import type { Hint, SpfVerdict } from '../report.ts';
import { fill } from '../fill-template.ts';

/** Runs the hint table (hint-rules.ts) over the verdicts: errors first, then warnings, then
 * information, each in table order. A rule whose `unless` names the verdict is skipped. */
export function deriveHints(facts: HintFacts): Hint[] {
  const hints: Hint[] = [];
  for (const rule of HINT_RULES) {
    if (rule.unless?.includes(facts.status) === true) continue;
    const matched = rule.match(facts);
    if (matched === null) continue;
    for (const params of Array.isArray(matched) ? matched : [matched]) {
      hints.push({
        code: rule.code,
        severity: rule.severity,
        text: fill(rule.text, params),
        record: rule.record === undefined ? null : fill(rule.record, params),
        recordName: rule.recordName === undefined ? null : fill(rule.recordName, params),
        params,
      });
    }
  }
  return hints.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** spf.fix from the hint that carries it: a whole record only where nothing is published
 * (spf-fix-new), else the mechanism to add (spf-fix-add). */
export function fixFrom(hints: readonly Hint[]): SpfVerdict['fix'] {
  const whole = hints.find((x) => x.code === 'spf-fix-new');
  if (whole !== undefined && whole.record !== null) {
    return { record: whole.record, add: null, text: whole.text };
  }
  const add = hints.find((x) => x.code === 'spf-fix-add');
  return add === undefined
    ? null
    : { record: null, add: add.params['mechanism'] ?? null, text: add.text };
}
