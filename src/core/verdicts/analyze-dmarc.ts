import { domainOf, type OrgDomainMemo } from '../psl/domain-name.ts';
import { isKnownResult } from '../parse/auth-result-tokens.ts';
import type { MethodResult } from '../parse/parse-authentication-results.ts';
import type { DkimVerdict, DmarcVerdict, SpfVerdict } from '../report.ts';
import { stopSet } from '../parse/scanner.ts';
import { splitWords } from '../parse/split-words.ts';

/**
 * The receiver's DMARC result (RFC 7489 §11.2 / RFC 8601 `dmarc`), with the policy it saw:
 *   Gmail    `dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.com`
 *   Yahoo    `dmarc=pass(p=NONE,sp=QUARANTINE) header.from=...`
 *   Fastmail `dmarc=pass policy.published-domain-policy=reject ... (p=reject,d=none,d.eval=none)`
 *   Microsoft `dmarc=pass action=none header.from=...` (action is the disposition)
 * Alignment is computed here (relaxed), from the SPF domain and each DKIM domain.
 */
export function analyzeDmarc(
  arResults: readonly MethodResult[],
  fromHeaderDomain: string | null,
  spf: Pick<SpfVerdict, 'domain' | 'identity'>,
  dkim: readonly DkimVerdict[],
  names: OrgDomainMemo,
): DmarcVerdict {
  const r = arResults.find((x) => x.method === 'dmarc' && isKnownResult('dmarc', x.result));
  const tags = commentTags(r?.comments ?? []);
  const headerFrom = domainOf(r?.props.get('header.from')) ?? fromHeaderDomain;
  const spfDomain = spf.identity === 'mailfrom' ? spf.domain : null;
  const dkimAlignment = dkim.map((d) => d.aligned).filter((a): a is boolean => a !== null);
  const action = lower(r?.props.get('action'));
  return {
    result: r?.result ?? null,
    policy:
      lower(
        r?.props.get('policy.published-domain-policy') ??
          r?.props.get('policy.dmarc') ??
          tags.get('p'),
      ) ??
      POLICY_OF_ACTION.get(action ?? '') ??
      null,
    subdomainPolicy: lower(r?.props.get('policy.published-subdomain-policy') ?? tags.get('sp')),
    disposition: lower(tags.get('dis') ?? r?.props.get('action') ?? tags.get('d')),
    headerFrom,
    spfAligned: names.relaxedAligned(spfDomain, headerFrom),
    dkimAligned: dkimAlignment.length === 0 ? null : dkimAlignment.some(Boolean),
  };
}

/**
 * Microsoft reports the action, not the policy: `action=oreject` means the policy was reject and
 * Microsoft delivered to junk instead ("override"); `none` says nothing about the policy.
 */
const POLICY_OF_ACTION = new Map([
  ['reject', 'reject'],
  ['oreject', 'reject'],
  ['quarantine', 'quarantine'],
  ['oquarantine', 'quarantine'],
]);

/** Besides whitespace, commas and semicolons separate the tags of a comment. */
const TAG_SEPARATORS = stopSet(',;');

/** `p=REJECT sp=REJECT dis=NONE` or `p=NONE,sp=QUARANTINE` → Map (first occurrence wins). */
function commentTags(comments: readonly string[]): Map<string, string> {
  const tags = new Map<string, string>();
  for (const comment of comments) {
    for (const part of splitWords(comment, TAG_SEPARATORS)) {
      const eq = part.indexOf('=');
      if (eq <= 0) continue;
      const key = part.slice(0, eq).toLowerCase();
      if (!tags.has(key)) tags.set(key, part.slice(eq + 1));
    }
  }
  return tags;
}

function lower(s: string | undefined): string | null {
  return s === undefined || s.length === 0 ? null : s.toLowerCase();
}
