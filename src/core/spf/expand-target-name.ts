/**
 * RFC 7208 §4.8 and §7: a domain-spec's <target-name> in the record of `domain` — macro-expanded
 * (looking up %{p} only when the spec uses it) and made a queryable name. Null when it names
 * nothing that can be queried (`toTargetName`) or the expansion is too long.
 */
import type { SpfMacroToken } from './parse-spf-macro.ts';
import { expandSpfMacro } from './expand-spf-macro.ts';
import { findValidatedName } from './find-validated-name.ts';
import { macroValues, type SpfContext } from './spf-context.ts';
import { toTargetName } from './to-target-name.ts';

export async function expandTargetName(
  ctx: SpfContext,
  tokens: readonly SpfMacroToken[],
  domain: string,
): Promise<string | null> {
  const p = tokens.some((t) => t.kind === 'macro' && t.letter === 'p')
    ? await findValidatedName(ctx, domain)
    : '';
  const expanded = expandSpfMacro(tokens, macroValues(ctx, domain, p));
  return expanded === null ? null : toTargetName(expanded);
}
