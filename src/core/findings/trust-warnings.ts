import { fill } from '../fill-template.ts';
import type { AuthResultSummary, Warning } from '../report.ts';
import type { UntrustReason, UntrustedHeader } from '../trust/judge-untrusted.ts';
import type { AuthHeader } from '../trust/trust-types.ts';
import { warning } from './warning-catalogue.ts';

/** English for each reason a header was not trusted (`untrustedResults[i].why`); the popup
 * translates by `reason`. */
const UNTRUST_WHY: Readonly<Record<UntrustReason, string>> = {
  'before-any-server': 'was written into the message before any mail server handled it',
  'no-authserv-id':
    "has no authserv-id (Microsoft's form) and sits outside the headers Microsoft's servers wrote on arrival",
  'outside-block':
    "claims to be from {claim} and sits outside the headers that server wrote on arrival, where the sender's side can write",
  'look-alike': 'claims {claim}, a look-alike of {imitates}',
  'earlier-server': 'was written by an earlier server',
};

export function untrustedWhy(u: UntrustedHeader): string {
  return fill(UNTRUST_WHY[u.reason], { claim: u.claim ?? '', imitates: u.imitates ?? '' });
}

/**
 * The forgery warnings for the results the trust decision set aside, and the note when there
 * was nothing to decide with (no trace, or no result in the receiver's block).
 */
export function trustWarnings(
  untrusted: readonly UntrustedHeader[],
  note: string | null,
): Warning[] {
  const out: Warning[] = [];
  for (const u of untrusted) {
    if (!u.forged) continue;
    const header = u.header.kind === 'ar' ? 'Authentication-Results' : 'Received-SPF';
    const says = claimOf(u.header);
    const facts = { header, says, claim: u.claim ?? '', imitates: u.imitates ?? '' };
    // The contradiction and repetition texts name the claimed server, or "the receiver".
    const named = { ...facts, claim: u.claim ?? 'the receiver' };
    if (u.contradicts !== null) {
      out.push(
        warning('untrusted-auth-header-contradicts', { ...named, receiverSays: u.contradicts }),
      );
    } else if (u.repeats !== null) {
      out.push(warning('untrusted-auth-header-repeats', { ...named, method: u.repeats }));
    } else {
      out.push(warning(`untrusted-auth-header-${u.reason}`, facts));
    }
  }
  if (note === 'no-trace') out.push(warning('no-trace', {}));
  else if (note === 'no-receiver-block') out.push(warning('no-trusted-results', {}));
  return out;
}

function claimOf(h: AuthHeader): string {
  if (h.kind === 'spf') return `SPF ${h.parsed.rawResult.toLowerCase() || '(no result)'}`;
  const parts = h.parsed.results.slice(0, 5).map((r) => `${r.method}=${r.result}`);
  return parts.length === 0 ? 'nothing' : parts.join(', ');
}

/** The set-aside results as the report lists them (`untrustedResults`): shown, never a verdict. */
export function summarizeUntrusted(u: UntrustedHeader): AuthResultSummary[] {
  const why = untrustedWhy(u);
  const header = u.header.field.index;
  if (u.header.kind === 'spf') {
    const p = u.header.parsed;
    return [
      {
        authservId: p.receiver ?? p.commentReceiver,
        method: 'spf',
        result: p.rawResult.toLowerCase(),
        why,
        reason: u.reason,
        forged: u.forged,
        header,
      },
    ];
  }
  const p = u.header.parsed;
  return p.results.map((r) => ({
    authservId: p.authservId,
    method: r.method,
    result: r.result,
    why,
    reason: u.reason,
    forged: u.forged,
    header,
  }));
}
