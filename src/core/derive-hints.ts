import { HINT_RULES, type HintFacts } from './hint-rules.ts';
import type { Hint } from './report.ts';
import { fill } from './fill-template.ts';

export { fill };

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
