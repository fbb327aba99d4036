import { orgDomain } from './domain-name.ts';
import type { HeaderField } from './parse-header-section.ts';
import type { AuthenticationResults } from './parse-authentication-results.ts';
import type { ReceivedSpf } from './parse-received-spf.ts';
import type { ReceivedHop } from './parse-received.ts';
import { isPublicIp, parseIp } from './parse-ip.ts';
import {
  KNOWN_ORGS,
  MICROSOFT,
  RECEIVERS,
  profileForHost,
  type ReceiverProfile,
} from './receivers.ts';

export type AuthHeader =
  | { kind: 'ar'; field: HeaderField; parsed: AuthenticationResults }
  | { kind: 'spf'; field: HeaderField; parsed: ReceivedSpf };

export interface TraceHop {
  field: HeaderField;
  hop: ReceivedHop;
}

export type UntrustReason =
  /** Below the oldest Received field: written before any server handled the message. */
  | 'before-any-server'
  /** Microsoft's form without authserv-id, outside Microsoft's own block. */
  | 'no-authserv-id'
  /** Claims the receiver's authserv-id or a known provider, outside that server's block. */
  | 'outside-block'
  /** Claims a look-alike of the receiver or a known provider. */
  | 'look-alike'
  /** An earlier server's results (a relay, the sender's own server): shown, not a verdict. */
  | 'earlier-server';

export interface UntrustedHeader {
  header: AuthHeader;
  /** It claims to come from the receiver or a known provider: a forgery candidate. */
  forged: boolean;
  reason: UntrustReason;
  /** The authserv-id (or Received-SPF receiver) it names. */
  claim: string | null;
  /** For a look-alike: the name it imitates. */
  imitates: string | null;
}

export interface TrustDecision {
  /** Index into `received` (top-down) of the receiving server's inbound hop. */
  inbound: number | null;
  profile: ReceiverProfile | null;
  authservId: string | null;
  trusted: AuthHeader[];
  untrusted: UntrustedHeader[];
  /** Why no results were trusted although some exist, or why trust is weaker than usual. */
  note: 'no-trace' | 'no-receiver-block' | null;
}

/**
 * RFC 8601 §5/§7.1 and RFC 7208 §9.1: results are trusted only from the receiving server's own
 * trace block — its inbound Received field and the auth headers it wrote next to it
 * (../shared/docs/domain.md §3). Senders can write any header below the receiver's block, so:
 *
 * 1. The topmost authentication header names the receiver (its authserv-id; Microsoft's has none).
 * 2. The inbound hop is the Received field next to it: above it for 'below' providers (Gmail),
 *    below it for 'above' providers (Microsoft) — and no hop above the inbound one may have come
 *    from an outside address, or the receiver wrote no results and the topmost ones are forged.
 * 3. Trusted: results above the inbound hop that name the receiver, and the contiguous run
 *    directly under it (for single-result providers only up to their one A-R; otherwise only
 *    methods not already reported above).
 * Everything else is untrusted; it is a forgery candidate when it claims the receiver, a known
 * provider, a look-alike of either, has no authserv-id, or sits below the oldest Received field
 * (written before any server saw the message).
 */
export function selectTrustedResults(
  fields: readonly HeaderField[],
  received: readonly TraceHop[],
  auth: readonly AuthHeader[],
): TrustDecision {
  const top = auth[0];
  const topAr = auth.find((h) => h.kind === 'ar');
  const authservId = topAr?.kind === 'ar' ? topAr.parsed.authservId : null;
  const profile = topAr === undefined ? spfProfile(auth) : receiverProfile(authservId);
  const orgs = receiverOrgs(profile, authservId);
  const decision: TrustDecision = {
    inbound: null,
    profile,
    authservId,
    trusted: [],
    untrusted: [],
    note: null,
  };

  if (top === undefined) {
    decision.inbound = firstExternal(received, orgs) ?? (received.length > 0 ? 0 : null);
    return decision;
  }

  const trusted = new Set<AuthHeader>();
  if (received.length === 0) {
    // Pasted results without any trace: the topmost contiguous group is all there is.
    for (const h of auth) {
      if (h.field.index - top.field.index !== trusted.size) break;
      if (h.kind === 'ar' && h.parsed.authservId !== authservId) break;
      trusted.add(h);
    }
    decision.note = 'no-trace';
  } else {
    const above = lastIndex(received, (r) => r.field.index < top.field.index);
    const below = received.findIndex((r) => r.field.index > top.field.index);
    const inbound = chooseInbound(received, top, above, below, profile, authservId, orgs);
    if (inbound === null) {
      decision.note = 'no-receiver-block';
      decision.inbound = firstExternal(received, orgs);
    } else {
      decision.inbound = inbound.index;
      const hop = received[inbound.index] as TraceHop;
      collectTrusted(fields, auth, hop, inbound.style, profile, authservId, orgs, trusted);
    }
  }

  const oldestReceived = received.at(-1)?.field.index ?? -1;
  const inboundField =
    decision.inbound === null ? -1 : (received[decision.inbound]?.field.index ?? -1);
  const byIndex = new Map(auth.map((h) => [h.field.index, h] as const));
  const receivedAt = new Map(received.map((r) => [r.field.index, r] as const));
  for (const h of auth) {
    if (trusted.has(h)) {
      decision.trusted.push(h);
      continue;
    }
    const neighbour = adjacentReceived(h.field.index, byIndex, receivedAt, inboundField);
    decision.untrusted.push(
      judgeUntrusted(h, authservId, oldestReceived, neighbour?.hop.by ?? null),
    );
  }
  return decision;
}

/**
 * The Received field (other than the inbound hop) that `index` sits next to, with only
 * authentication headers in between: the trace block of an earlier server, such as Google Groups'
 * `by gmr-mx.google.com` with its own Received-SPF under it.
 */
function adjacentReceived(
  index: number,
  auth: ReadonlyMap<number, AuthHeader>,
  received: ReadonlyMap<number, TraceHop>,
  inboundField: number,
): TraceHop | null {
  for (const step of [-1, 1]) {
    let i = index + step;
    while (auth.has(i)) i += step;
    const r = received.get(i);
    if (r !== undefined && i !== inboundField) return r;
  }
  return null;
}

function receiverProfile(authservId: string | null): ReceiverProfile | null {
  if (authservId === null) return MICROSOFT;
  return profileForHost(authservId);
}

/** With no Authentication-Results at all, the Received-SPF's receiver names the receiver. */
function spfProfile(auth: readonly AuthHeader[]): ReceiverProfile | null {
  const top = auth[0];
  if (top?.kind !== 'spf') return null;
  return profileForHost(top.parsed.receiver ?? top.parsed.commentReceiver);
}

function receiverOrgs(profile: ReceiverProfile | null, authservId: string | null): string[] {
  if (profile !== null) return [...profile.orgs];
  const org = orgDomain(authservId);
  return org === null ? [] : [org];
}

function hostInOrgs(host: string | null, orgs: readonly string[]): boolean {
  if (host === null || parseIp(host) !== null) return false;
  const org = orgDomain(host.toLowerCase());
  return org !== null && orgs.includes(org);
}

/**
 * A hop from an outside address: a routable IP and a sending host outside the receiver. The
 * sending host's names are the sender's to choose (any HELO; the rDNS of its own IP), so they
 * make a hop internal only when a server of the receiver wrote it: in
 * `from mail.protection.outlook.com (unknown [203.0.113.5]) by mx.example.net` the message came
 * from outside, and Microsoft-looking results under it were written by the sender.
 */
function isExternal(hop: ReceivedHop, orgs: readonly string[]): boolean {
  if (hop.ip === null || !isPublicIp(hop.ip)) return false;
  if (!hostInOrgs(hop.by, orgs)) return true;
  return !hostInOrgs(hop.rdns, orgs) && !hostInOrgs(hop.helo, orgs);
}

function firstExternal(received: readonly TraceHop[], orgs: readonly string[]): number | null {
  const i = received.findIndex((r) => isExternal(r.hop, orgs));
  return i === -1 ? null : i;
}

function chooseInbound(
  received: readonly TraceHop[],
  top: AuthHeader,
  above: number,
  below: number,
  profile: ReceiverProfile | null,
  authservId: string | null,
  orgs: readonly string[],
): { index: number; style: 'above' | 'below' } | null {
  // No hop above the inbound one may have come from outside: if one did, the receiver wrote no
  // results of its own and the topmost ones were written by the sender.
  const noOutsiderAbove = (i: number): boolean =>
    received.slice(0, i).every((r) => !isExternal(r.hop, orgs));
  const byMatches = (i: number): boolean => hostInOrgs(received[i]?.hop.by ?? null, orgs);
  const byUnnamed = (i: number): boolean => {
    const by = received[i]?.hop.by ?? null;
    return by === null || parseIp(by) !== null || !by.includes('.');
  };
  // Yahoo's inbound hop is `by 10.217.135.133`: an unnamed server is the provider's when a later
  // hop of the same chain names the provider (`by atlas305.free.mail.bf1.yahoo.com`). Gmail names
  // its inbound hop `mx.google.com`; any other unnamed receiver that writes no results would lend
  // its hop to forged Gmail results.
  const unnamedOfProvider = (i: number): boolean =>
    byUnnamed(i) && received.slice(0, i).some((r) => hostInOrgs(r.hop.by, orgs));
  const asBelow = (i: number): { index: number; style: 'below' } | null =>
    i >= 0 && noOutsiderAbove(i) ? { index: i, style: 'below' } : null;
  const asAbove = (i: number): { index: number; style: 'above' } | null =>
    i >= 0 && noOutsiderAbove(i) ? { index: i, style: 'above' } : null;

  if (profile !== null) {
    if (profile.block === 'below' && above >= 0 && (byMatches(above) || unnamedOfProvider(above))) {
      return asBelow(above);
    }
    if (profile.block === 'above' && below >= 0 && byMatches(below)) return asAbove(below);
    // A known provider's id next to a hop that isn't that provider's: not its block.
    if (RECEIVERS.includes(profile)) return null;
  }
  // Generic receivers: results directly under a Received from an outside address (Gmail's shape),
  // else results above the next Received (RFC 8601 §5 prepending).
  const aboveHop = received[above];
  const strictlyAdjacent =
    aboveHop !== undefined &&
    top.field.index === aboveHop.field.index + 1 &&
    aboveHop.hop.ip !== null &&
    isPublicIp(aboveHop.hop.ip);
  if (strictlyAdjacent && authservId !== null && byMatches(above)) return asBelow(above);
  if (below >= 0) {
    // The results name a server other than the one that received the message.
    if (authservId !== null && authservId.includes('.') && !byMatches(below) && !byUnnamed(below)) {
      return null;
    }
    return asAbove(below);
  }
  // The same test for results under the last Received: `mail.example.com; spf=pass` under
  // `from mail.example.com ... by mx.example.net` is the sender's own claim.
  if (authservId !== null && authservId.includes('.') && !byMatches(above) && !byUnnamed(above)) {
    return null;
  }
  return asBelow(above);
}

function collectTrusted(
  fields: readonly HeaderField[],
  auth: readonly AuthHeader[],
  inbound: TraceHop,
  style: 'above' | 'below',
  profile: ReceiverProfile | null,
  authservId: string | null,
  orgs: readonly string[],
  trusted: Set<AuthHeader>,
): void {
  const namesReceiver = (h: AuthHeader): boolean => {
    if (h.kind === 'spf') return true;
    const id = h.parsed.authservId;
    if (id === null) return profile?.noAuthservId === true;
    return id === authservId || hostInOrgs(id, orgs);
  };
  const methodsSeen = new Set<string>();
  const spfIdentitiesSeen = new Set<string>();
  const note = (h: AuthHeader): void => {
    trusted.add(h);
    if (h.kind === 'ar') for (const r of h.parsed.results) methodsSeen.add(r.method);
    else spfIdentitiesSeen.add(h.parsed.identity ?? 'mailfrom');
  };

  // Everything above the inbound hop was written by the receiving side.
  for (const h of auth) {
    if (h.field.index < inbound.field.index && namesReceiver(h)) note(h);
  }

  // The run directly under the inbound hop. For 'below' receivers it starts at their first auth
  // header; for 'above' receivers only a run that touches the Received field counts (OpenDKIM
  // and OpenDMARC insert theirs right under the MTA's Received).
  const byIndex = new Map(auth.map((h) => [h.field.index, h] as const));
  let i = inbound.field.index + 1;
  if (style === 'below') {
    while (i < fields.length && !byIndex.has(i) && fields[i]?.key !== 'received') i += 1;
  }
  const single = style === 'below' && profile?.singleResults === true;
  for (; i < fields.length; i += 1) {
    const h = byIndex.get(i);
    if (h === undefined || !namesReceiver(h)) break;
    if (h.kind === 'spf') {
      const identity = h.parsed.identity ?? 'mailfrom';
      if (spfIdentitiesSeen.has(identity)) break;
      note(h);
      continue;
    }
    if (single) {
      note(h);
      break;
    }
    if (h.parsed.results.some((r) => methodsSeen.has(r.method))) break;
    note(h);
  }
}

function judgeUntrusted(
  h: AuthHeader,
  authservId: string | null,
  oldestReceived: number,
  neighbourBy: string | null,
): UntrustedHeader {
  const claim = claimedId(h);
  const verdict = (
    forged: boolean,
    reason: UntrustReason,
    imitates: string | null = null,
  ): UntrustedHeader => ({
    header: h,
    forged,
    reason,
    claim,
    imitates,
  });
  if (h.field.index > oldestReceived && oldestReceived >= 0)
    return verdict(true, 'before-any-server');
  if (h.kind === 'ar' && claim === null) return verdict(true, 'no-authserv-id');
  if (claim !== null) {
    const org = orgDomain(claim);
    // Next to an earlier server of the same organization (Google Groups' gmr-mx.google.com): that
    // server's own results, not a claim to be the receiver's. Only the warning depends on this.
    if (
      claim !== authservId &&
      neighbourBy !== null &&
      org !== null &&
      org === orgDomain(neighbourBy.toLowerCase())
    ) {
      return verdict(false, 'earlier-server');
    }
    if (claim === authservId || (org !== null && KNOWN_ORGS.includes(org))) {
      return verdict(true, 'outside-block');
    }
    const lookAlike = lookAlikeOf(claim, authservId);
    if (lookAlike !== null) return verdict(true, 'look-alike', lookAlike);
  }
  return verdict(false, 'earlier-server');
}

function claimedId(h: AuthHeader): string | null {
  if (h.kind === 'ar') return h.parsed.authservId;
  const r = h.parsed.receiver ?? h.parsed.commentReceiver;
  return r === null ? null : r.toLowerCase().replace(/\.$/, '');
}

/** Names a forger uses to pass for a known receiver: `mx.google.com.evil.test` (a known name as
 * a prefix), `mx.gooqle.com` (an edit or two away). */
const KNOWN_IDS = ['mx.google.com', 'gmr-mx.google.com', ...KNOWN_ORGS];

function lookAlikeOf(claim: string, authservId: string | null): string | null {
  const candidates = authservId === null ? KNOWN_IDS : [authservId, ...KNOWN_IDS];
  for (const known of candidates) {
    if (claim.startsWith(`${known}.`)) return known;
  }
  if (claim.length > 64) return null;
  const org = orgDomain(claim) ?? claim;
  for (const known of candidates) {
    if (editDistance(claim, known) <= 2 || editDistance(org, orgDomain(known) ?? known) <= 1) {
      return known;
    }
  }
  return null;
}

/** Levenshtein distance; both strings are short (≤ 64 + a known name). */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const cur = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

function lastIndex<T>(xs: readonly T[], pred: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i -= 1) if (pred(xs[i] as T)) return i;
  return -1;
}
