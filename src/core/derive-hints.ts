import { HINT_RULES, type HintFacts } from './hint-rules.ts';
import type { Hint } from './report.ts';
import { fill } from './fill-template.ts';

export { fill };

/** Runs the hint table (hint-rules.ts) over the verdicts, in table order. */
export function deriveHints(facts: HintFacts): Hint[] {
  const hints: Hint[] = [];
  for (const rule of HINT_RULES) {
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
  return hints;
}
