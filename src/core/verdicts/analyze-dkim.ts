import { domainOf, toAsciiDomain, type OrgDomainMemo } from '../psl/domain-name.ts';
import { isKnownResult } from '../parse/auth-result-tokens.ts';
import type { MethodResult } from '../parse/parse-authentication-results.ts';
import type { DkimSignature, DkimVerdict } from '../report.ts';

type Signature = DkimSignature & { b: string | null };

/**
 * One verdict per DKIM result the receiver reported (RFC 8601 §2.7.1: header.d, header.i,
 * header.s, header.b), completed from the matching DKIM-Signature when the receiver left a tag
 * out (Gmail reports header.i=@d, not header.d). A signature the receiver reported nothing for
 * is listed as `none`. Alignment is relaxed (RFC 7489 §3.1.1).
 */
export function analyzeDkim(
  arResults: readonly MethodResult[],
  signatures: readonly Signature[],
  fromDomain: string | null,
  names: OrgDomainMemo,
): DkimVerdict[] {
  const used = new Set<Signature>();
  const verdicts: DkimVerdict[] = [];
  for (const r of arResults) {
    if (r.method !== 'dkim' || !isKnownResult('dkim', r.result)) continue;
    const headerB = r.props.get('header.b') ?? null;
    let domain = realDomain(r.props.get('header.d')) ?? domainOf(r.props.get('header.i'));
    let selector = r.props.get('header.s')?.toLowerCase() ?? null;
    const sig = signatures.find(
      (s) =>
        !used.has(s) &&
        (domain === null || s.domain === domain) &&
        (selector === null || s.selector === selector) &&
        (headerB === null || (s.b?.startsWith(headerB) ?? false)),
    );
    if (sig !== undefined) {
      used.add(sig);
      domain ??= sig.domain;
      selector ??= sig.selector;
    }
    if (r.result === 'none' && domain === null && signatures.length === 0) continue;
    verdicts.push(
      verdict(r.result, domain, selector, r.reason ?? r.comments[0] ?? null, fromDomain, names),
    );
  }
  for (const sig of signatures) {
    if (used.has(sig)) continue;
    verdicts.push(
      verdict(
        'none',
        sig.domain,
        sig.selector,
        'the receiving server reported no result for this signature',
        fromDomain,
        names,
      ),
    );
  }
  return verdicts;
}

function verdict(
  result: string,
  domain: string | null,
  selector: string | null,
  reason: string | null,
  fromDomain: string | null,
  names: OrgDomainMemo,
): DkimVerdict {
  return {
    result,
    domain,
    selector,
    reason,
    aligned: names.relaxedAligned(domain, fromDomain),
    keyName: domain !== null && selector !== null ? `${selector}._domainkey.${domain}` : null,
  };
}

/** Microsoft writes `dkim=none (message not signed) header.d=none`. */
function realDomain(d: string | undefined): string | null {
  if (d === undefined || d.toLowerCase() === 'none') return null;
  return toAsciiDomain(d);
}
