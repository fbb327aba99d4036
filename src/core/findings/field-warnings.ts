import { isKnownResult, KNOWN_RESULTS } from '../parse/auth-result-tokens.ts';
import { LIMITS } from '../limits.ts';
import { countMailboxes } from '../parse/parse-address.ts';
import type { MethodResult } from '../parse/parse-authentication-results.ts';
import type { HeaderField } from '../read/parse-header-section.ts';
import type { Warning } from '../report.ts';
import type { AuthHeader } from '../trust/trust-types.ts';
import { warning } from './warning-catalogue.ts';

/**
 * What the receiver's own results say that the report cannot use: a result word its method does
 * not define (RFC 8601 §2.7, dropped like any unknown result), and results cut at the limits.
 */
export function resultWarnings(
  trusted: readonly MethodResult[],
  auth: readonly AuthHeader[],
): Warning[] {
  const out: Warning[] = [];
  for (const r of trusted) {
    if (KNOWN_RESULTS.has(r.method) && !isKnownResult(r.method, r.result)) {
      out.push(warning('unknown-result', { method: r.method, result: r.result }));
    }
  }
  if (auth.some((h) => h.kind === 'ar' && h.parsed.resultsTruncated)) {
    out.push(warning('truncated-results', { limit: String(LIMITS.resultsPerField) }));
  }
  if (auth.some((h) => h.kind === 'ar' && h.parsed.depthExceeded)) {
    out.push(warning('truncated-comment-depth', { limit: String(LIMITS.commentDepth) }));
  }
  return out;
}

/** RFC 7489 §6.6.1: a message with several From: fields, or several addresses in one, has no
 * single author domain to check; DMARC receivers reject it. */
export function multipleFromWarnings(fromFields: readonly HeaderField[]): Warning[] {
  const addresses = fromFields.reduce((n, f) => n + countMailboxes(f.value), 0);
  if (fromFields.length <= 1 && addresses <= 1) return [];
  const counts = { fields: String(fromFields.length), addresses: String(addresses) };
  return [
    warning(fromFields.length > 1 ? 'multiple-from-fields' : 'multiple-from-addresses', counts),
  ];
}
