import type { OrgDomainMemo } from '../psl/domain-name.ts';
import type { ReceivedHop } from '../parse/received/parse-received.ts';
import { RECEIVERS, type ReceiverProfile } from './receivers.ts';
import { byOrg, peerIsInternal } from './walk-receiver-chain.ts';

/** Fields an earlier mailbox provider wrote, below the receiver's inbound hop. */
export interface EarlierBlock {
  provider: ReceiverProfile;
  /** Field indexes: the block spans (after, until]; `until` is the provider's inbound Received,
   * and for a 'below' provider its results follow it (up to `resultsEnd`). */
  after: number;
  until: number;
  resultsEnd: number;
}

/**
 * Honest earlier servers are not forgers: a message Gmail forwards to another Gmail account, a
 * Google Groups post, or Microsoft 365 mail forwarded to Gmail carries the earlier provider's
 * own trace block under the receiver's. It is an earlier block when the receiver's inbound hop
 * came from that provider (the rDNS name the receiver recorded is the provider's, as in
 * `from mail-sor-f69.google.com (mail-sor-f69.google.com. [209.85.220.69])`), one or more of the
 * provider's internal hops follow, and then the provider's own inbound hop. Repeats down the
 * chain. The rDNS name is the IP owner's to set, so only the warnings depend on this: an earlier
 * block never supplies the verdict.
 */
export function findEarlierBlocks(
  hops: readonly { field: { index: number }; hop: ReceivedHop }[],
  inbound: number | null,
  runAfter: (received: number, provider: ReceiverProfile) => readonly number[],
  names: OrgDomainMemo,
): EarlierBlock[] {
  const blocks: EarlierBlock[] = [];
  let k = inbound;
  while (k !== null && k < hops.length - 1) {
    const peer = hops[k]?.hop.rdns ?? null;
    const provider = providerOfName(peer, names);
    if (provider === null) break;
    let j = k + 1;
    let internal = 0;
    while (j < hops.length && peerIsInternal((hops[j] as (typeof hops)[number]).hop, [provider])) {
      internal += 1;
      j += 1;
    }
    const entry = hops[j];
    if (entry === undefined || internal === 0) break;
    const org = byOrg(entry.hop, names);
    const named = org !== null && provider.orgs.includes(org);
    const unnamedInside = org === null && hasProviderBy(hops, k + 1, j, provider, names);
    if (!named && !unnamedInside) break;
    const until = entry.field.index;
    const run = provider.block === 'below' ? runAfter(until, provider) : [];
    const resultsEnd = run.at(-1) ?? until;
    blocks.push({
      provider,
      after: (hops[k] as (typeof hops)[number]).field.index,
      until,
      resultsEnd,
    });
    k = j;
  }
  return blocks;
}

function providerOfName(name: string | null, names: OrgDomainMemo): ReceiverProfile | null {
  if (name === null || !name.includes('.')) return null;
  const org = names.orgDomain(name.toLowerCase().replace(/\.$/, ''));
  return RECEIVERS.find((r) => org !== null && r.orgs.includes(org)) ?? null;
}

function hasProviderBy(
  hops: readonly { hop: ReceivedHop }[],
  from: number,
  to: number,
  provider: ReceiverProfile,
  names: OrgDomainMemo,
): boolean {
  for (let i = from; i < to; i += 1) {
    const org = byOrg((hops[i] as { hop: ReceivedHop }).hop, names);
    if (org !== null && provider.orgs.includes(org)) return true;
  }
  return false;
}
