import type { HeaderField } from '../read/parse-header-section.ts';
import type { ReceiverProfile } from './receivers.ts';
import type { AuthHeader } from './trust-types.ts';

/**
 * The results a 'below' provider (Gmail, Yahoo) wrote under its Received field at index
 * `received`: the fields it adds in the same step — at most one Received-SPF, then its one
 * Authentication-Results naming the provider — with only non-authentication fields of its own
 * between (Yahoo's `X-Originating-Ip`). It ends at the provider's Authentication-Results, at
 * another Received field, or at any field that breaks that shape; what follows is the sender's.
 */
export function readResultsRun(
  fields: readonly HeaderField[],
  authAt: ReadonlyMap<number, AuthHeader>,
  received: number,
  provider: ReceiverProfile,
  byHost: string | null,
  namesProvider: (id: string | null) => boolean,
): number[] {
  const run: number[] = [];
  // Some of a provider's inbound servers write no Authentication-Results (Google Groups'
  // gmr-mx.google.com writes only Received-SPF): after their results comes the sender's part.
  const writesAr =
    provider.withoutResults.length === 0 ||
    byHost === null ||
    !provider.withoutResults.includes(byHost.toLowerCase());
  let sawSpf = false;
  for (let i = received + 1; i < fields.length; i += 1) {
    const h = authAt.get(i);
    if (h === undefined) {
      const key = fields[i]?.key;
      if (key === 'received' || key === undefined) break;
      // Fields of the provider's own between its Received and its results.
      if (run.length > 0 || !provider.fieldsBeforeResults.includes(key)) break;
      continue;
    }
    if (h.kind === 'spf') {
      // Yahoo's Received-SPF names no receiver; one that names another is not the provider's.
      const claim = spfClaim(h);
      if (sawSpf || (claim !== null && !namesProvider(claim))) break;
      sawSpf = true;
      run.push(i);
      continue;
    }
    if (writesAr && namesProvider(h.parsed.authservId)) run.push(i);
    break;
  }
  return run;
}

/** What a Received-SPF field says about who wrote it: `receiver=`, or the comment's
 * `google.com:` prefix; null when it says nothing (Yahoo's form, `receiver=<UNKNOWN>`). */
export function spfClaim(h: AuthHeader & { kind: 'spf' }): string | null {
  const r = h.parsed.receiver ?? h.parsed.commentReceiver;
  if (r === null) return null;
  const claim = r.trim().toLowerCase().replace(/\.$/, '');
  return claim.length === 0 || claim === '<unknown>' ? null : claim;
}
