import { domainOf, type OrgDomainMemo } from '../psl/domain-name.ts';
import type { HeaderField } from '../read/parse-header-section.ts';
import { findEarlierBlocks, type EarlierBlock } from './find-earlier-blocks.ts';
import { judgeUntrusted, type UntrustedHeader } from './judge-untrusted.ts';
import { readResultsRun } from './read-results-run.ts';
import type { ReceiverProfile } from './receivers.ts';
import type { AuthHeader, ReceiverNames, TraceHop } from './trust-types.ts';
import { walkReceiverChain } from './walk-receiver-chain.ts';

export type { UntrustedHeader, UntrustReason } from './judge-untrusted.ts';

export interface TrustDecision {
  /** Index into `received` (top-down) of the receiving server's inbound hop. */
  inbound: number | null;
  profile: ReceiverProfile | null;
  /** The authserv-id of the receiver's own results (null for Microsoft's form, or none). */
  authservId: string | null;
  trusted: AuthHeader[];
  untrusted: UntrustedHeader[];
  /** Why no results were trusted although some exist, or why trust is weaker than usual. */
  note: 'no-trace' | 'no-receiver-block' | null;
  /** Fields with an index below this were written by the receiving system. */
  certainEnd: number;
  /** Who the receiver is, for judging claims elsewhere (ARC sets). */
  receiver: ReceiverNames;
  /** Trace blocks of honest earlier providers below the receiver's (warnings only). */
  earlier: EarlierBlock[];
}

/**
 * RFC 8601 §5 and §7.1, RFC 7208 §9.1: results are trusted only from the receiving system's own
 * trace block (docs/trust-model.md). The Received fields alone decide where that block is
 * (walkReceiverChain): the inbound hop is the topmost one whose peer is outside, and every field
 * above it was written by the receiving system — those results are certain. Under the inbound
 * hop only a 'below' provider's (Gmail, Yahoo) one Received-SPF and one Authentication-Results
 * are its own; for every other receiver nothing under its inbound hop is. Everything else is
 * shown, never used, and judged by judgeUntrusted: a forgery candidate when it claims the
 * receiver, a mailbox provider or a look-alike of either outside their blocks.
 */
export function selectTrustedResults(
  fields: readonly HeaderField[],
  received: readonly TraceHop[],
  auth: readonly AuthHeader[],
  fromDomain: string | null,
  names: OrgDomainMemo,
): TrustDecision {
  const authAt = new Map<number, AuthHeader>();
  for (const h of auth) authAt.set(h.field.index, h);
  const trusted = new Set<AuthHeader>();
  let note: TrustDecision['note'] = null;
  let certainEnd = 0;
  const chain = walkReceiverChain(
    received.map((r) => r.hop),
    names,
  );

  if (received.length === 0) {
    // Pasted results without any trace: the topmost contiguous group is all there is.
    const top = auth[0];
    const topId = auth.find((h) => h.kind === 'ar')?.parsed;
    for (const h of auth) {
      if (top === undefined || h.field.index - top.field.index !== trusted.size) break;
      if (h.kind === 'ar' && topId !== undefined && h.parsed.authservId !== topId.authservId) break;
      trusted.add(h);
    }
    if (auth.length > 0) note = 'no-trace';
  } else {
    const inbound = received[chain.inbound ?? 0] as TraceHop;
    certainEnd = inbound.field.index;
    for (const h of auth) if (h.field.index < certainEnd) trusted.add(h);
    const profile = chain.profile;
    if (chain.fromOutside && profile?.block === 'below') {
      const by = received[chain.inbound ?? 0]?.hop.by ?? null;
      const run = readResultsRun(fields, authAt, certainEnd, profile, by, (id) =>
        namesProvider(id, profile, names),
      );
      for (const i of run) trusted.add(authAt.get(i) as AuthHeader);
    }
    if (trusted.size === 0 && auth.length > 0) note = 'no-receiver-block';
  }

  const trustedList = auth.filter((h) => trusted.has(h));
  const ids: string[] = [];
  for (const h of trustedList) {
    if (h.kind === 'ar' && h.parsed.authservId !== null && !ids.includes(h.parsed.authservId)) {
      ids.push(h.parsed.authservId);
    }
  }
  const receiver: ReceiverNames = {
    ids,
    orgs: receiverOrgs(chain.orgs, ids, fields, received, chain.inbound, certainEnd, names),
  };
  const earlier = findEarlierBlocks(
    received,
    chain.inbound,
    (index, provider) =>
      readResultsRun(fields, authAt, index, provider, byAt(received, index), (id) =>
        namesProvider(id, provider, names),
      ),
    names,
  );
  const oldestReceived = received.at(-1)?.field.index ?? -1;
  const untrusted = auth
    .filter((h) => !trusted.has(h))
    .map((h) =>
      judgeUntrusted(h, {
        receiver,
        earlier,
        oldestReceived,
        trusted: trustedList,
        fromDomain,
        names,
      }),
    );
  const firstAr = trustedList.find((h) => h.kind === 'ar');
  return {
    inbound: chain.inbound,
    profile: chain.profile,
    authservId: firstAr?.kind === 'ar' ? firstAr.parsed.authservId : null,
    trusted: trustedList,
    untrusted,
    note,
    certainEnd,
    receiver,
    earlier,
  };
}

/** The `by` server of the Received field at field index `index`. */
function byAt(received: readonly TraceHop[], index: number): string | null {
  return received.find((r) => r.field.index === index)?.hop.by ?? null;
}

/** An authserv-id (or Received-SPF claim) that names the provider; Microsoft writes none. */
export function namesProvider(
  id: string | null,
  provider: ReceiverProfile,
  names: OrgDomainMemo,
): boolean {
  if (id === null) return provider.noAuthservId;
  if (provider.ids.includes(id)) return true;
  const org = names.orgDomain(domainOf(id));
  return org !== null && provider.orgs.includes(org);
}

/** The receiving system's organizational domains: its servers', its authserv-ids', and its
 * recipients' as it recorded them (`Delivered-To:` above its inbound hop, the inbound hop's
 * `for <bob@example.net>`). A claim of any of them elsewhere claims to be the receiver. */
function receiverOrgs(
  chainOrgs: readonly string[],
  ids: readonly string[],
  fields: readonly HeaderField[],
  received: readonly TraceHop[],
  inbound: number | null,
  certainEnd: number,
  names: OrgDomainMemo,
): string[] {
  const orgs = [...chainOrgs];
  const add = (name: string | null): void => {
    const org = names.orgDomain(domainOf(name));
    if (org !== null && !orgs.includes(org)) orgs.push(org);
  };
  for (const id of ids) add(id);
  for (let i = 0; i < certainEnd && i < fields.length; i += 1) {
    const f = fields[i] as HeaderField;
    if (RECIPIENT_FIELDS.has(f.key)) add(f.value);
  }
  if (inbound !== null) add(received[inbound]?.hop.for ?? null);
  return orgs;
}

const RECIPIENT_FIELDS = new Set([
  'delivered-to',
  'x-original-to',
  'envelope-to',
  'x-delivered-to',
]);
