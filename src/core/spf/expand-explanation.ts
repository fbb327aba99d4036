/**
 * RFC 7208 §6.2 the explanation of a fail: expand exp='s domain-spec, fetch its TXT record and
 * expand that as an explain-string (where %{c}, %{r} and %{t} are allowed). Any trouble — a name
 * that cannot be queried, a DNS error, no record or more than one, a syntax error or non-ASCII
 * text in the record, an over-long expansion — gives null: "proceed as if no exp modifier was
 * given". The lookup does not count against the limits (§4.6.4: it happens after evaluation).
 */
import { expandSpfMacro } from './expand-spf-macro.ts';
import { expandTargetName } from './expand-target-name.ts';
import { findValidatedName } from './find-validated-name.ts';
import { parseSpfMacro, type SpfMacroToken } from './parse-spf-macro.ts';
import { macroValues, query, type SpfContext } from './spf-context.ts';

export async function expandExplanation(
  ctx: SpfContext,
  exp: { tokens: readonly SpfMacroToken[]; domain: string },
): Promise<string | null> {
  const target = await expandTargetName(ctx, exp.tokens, exp.domain);
  if (target === null) return null;
  const answer = await query(ctx, target, 'TXT');
  if (answer.status !== 'ok' || answer.records.length !== 1) return null;
  const parsed = parseSpfMacro(answer.records[0] ?? '', 'explain-string');
  if (!parsed.ok) return null;
  const p = parsed.tokens.some((t) => t.kind === 'macro' && t.letter === 'p')
    ? await findValidatedName(ctx, exp.domain)
    : '';
  return expandSpfMacro(parsed.tokens, macroValues(ctx, exp.domain, p));
}
