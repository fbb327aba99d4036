import { HINT_RULES, type HintFacts, type HintParams } from './hint-rules.ts';
import type { Hint } from './report.ts';

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

/** Replaces `{name}` with params[name] in one pass: a value that contains braces stays as is. */
export function fill(template: string, params: HintParams): string {
  let out = '';
  let pos = 0;
  while (pos < template.length) {
    const open = template.indexOf('{', pos);
    if (open === -1) break;
    const close = template.indexOf('}', open);
    if (close === -1) break;
    const name = template.slice(open + 1, close);
    out += template.slice(pos, open);
    out += Object.hasOwn(params, name) ? (params[name] ?? '') : template.slice(open, close + 1);
    pos = close + 1;
  }
  return out + template.slice(pos);
}
