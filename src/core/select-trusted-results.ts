import { orgDomain, type OrgDomainMemo } from './domain-name.ts';
import type { HeaderField } from './parse-header-section.ts';
import type { AuthenticationResults } from './parse-authentication-results.ts';
import type { ReceivedSpf } from './parse-received-spf.ts';
import type { ReceivedHop } from './parse-received.ts';
import { isIp, isPublicIp } from './parse-ip.ts';
import {
  KNOWN_ORGS,
  MICROSOFT,
  RECEIVERS,
  profileForOrg,
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
  names: OrgDomainMemo,
): TrustDecision {
  const top = auth[0];
  const topAr = auth.find((h) => h.kind === 'ar');
  const authservId = topAr?.kind === 'ar' ? topAr.parsed.authservId : null;
  const profile =
    topAr === undefined ? spfProfile(auth, names) : receiverProfile(authservId, names);
  const orgs = receiverOrgs(profile, authservId, names);
  const hops = new HopFacts(received, orgs, names);
  const decision: TrustDecision = {
    inbound: null,
    profile,
    authservId,
    trusted: [],
    untrusted: [],
    note: null,
  };

  if (top === undefined) {
    decision.inbound = hops.firstExternal() ?? (received.length > 0 ? 0 : null);
    return decision;
  }

  const authAt = new Map<number, AuthHeader>();
  for (const h of auth) authAt.set(h.field.index, h);
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
    const inbound = chooseInbound(hops, top, above, below, profile, authservId);
    if (inbound === null) {
      decision.note = 'no-receiver-block';
      decision.inbound = hops.firstExternal();
    } else {
      decision.inbound = inbound.index;
      const hop = received[inbound.index] as TraceHop;
      collectTrusted(fields, auth, authAt, hop, inbound.style, profile, authservId, hops, trusted);
    }
  }

  const oldestReceived = received.at(-1)?.field.index ?? -1;
  const inboundField =
    decision.inbound === null ? -1 : (received[decision.inbound]?.field.index ?? -1);
  let receivedAt: Map<number, TraceHop> | null = null;
  for (const h of auth) {
    if (trusted.has(h)) {
      decision.trusted.push(h);
      continue;
    }
    if (receivedAt === null) {
      receivedAt = new Map();
      for (const r of received) receivedAt.set(r.field.index, r);
    }
    const neighbour = adjacentReceived(h.field.index, authAt, receivedAt, inboundField);
    decision.untrusted.push(
      judgeUntrusted(h, authservId, oldestReceived, neighbour?.hop.by ?? null, names),
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

function receiverProfile(authservId: string | null, names: OrgDomainMemo): ReceiverProfile | null {
  if (authservId === null) return MICROSOFT;
  return profileForOrg(names.orgDomain(authservId));
}

/** With no Authentication-Results at all, the Received-SPF's receiver names the receiver. */
function spfProfile(auth: readonly AuthHeader[], names: OrgDomainMemo): ReceiverProfile | null {
  const top = auth[0];
  if (top?.kind !== 'spf') return null;
  return profileForOrg(names.orgDomain(top.parsed.receiver ?? top.parsed.commentReceiver));
}

function receiverOrgs(
  profile: ReceiverProfile | null,
  authservId: string | null,
  names: OrgDomainMemo,
): string[] {
  if (profile !== null) return [...profile.orgs];
  const org = names.orgDomain(authservId);
  return org === null ? [] : [org];
}

function hostInOrgs(host: string | null, orgs: readonly string[], names: OrgDomainMemo): boolean {
  if (host === null || isIp(host)) return false;
  const org = names.orgDomain(host.toLowerCase());
  return org !== null && orgs.includes(org);
}

/**
 * What the rules below ask about the hops, each answer computed at most once per analysis: it
 * costs an address parse and a Public Suffix List lookup, and a long trace is asked about the
 * same hops again and again.
 */
class HopFacts {
  private readonly byMatchesAt: (boolean | undefined)[] = [];
  private firstExternalAt: number | null | undefined = undefined;

  constructor(
    readonly received: readonly TraceHop[],
    readonly orgs: readonly string[],
    readonly names: OrgDomainMemo,
  ) {}

  /** The host belongs to the receiver. */
  inOrgs(host: string | null): boolean {
    return hostInOrgs(host, this.orgs, this.names);
  }

  /** The hop's `by` server belongs to the receiver. */
  byMatches(i: number): boolean {
    let matches = this.byMatchesAt[i];
    if (matches === undefined) {
      matches = this.inOrgs(this.received[i]?.hop.by ?? null);
      this.byMatchesAt[i] = matches;
    }
    return matches;
  }

  /** The hop's `by` server has no name: none, an address, or a single label. */
  byUnnamed(i: number): boolean {
    const by = this.received[i]?.hop.by ?? null;
    return by === null || isIp(by) || !by.includes('.');
  }

  /**
   * A hop from an outside address: a routable IP and a sending host outside the receiver. The
   * sending host's names are the sender's to choose (any HELO; the rDNS of its own IP), so they
   * make a hop internal only when a server of the receiver wrote it: in
   * `from mail.protection.outlook.com (unknown [203.0.113.5]) by mx.example.net` the message came
   * from outside, and Microsoft-looking results under it were written by the sender.
   */
  isExternal(i: number): boolean {
    const hop = (this.received[i] as TraceHop).hop;
    if (hop.ip === null || !isPublicIp(hop.ip)) return false;
    if (!this.byMatches(i)) return true;
    return !this.inOrgs(hop.rdns) && !this.inOrgs(hop.helo);
  }

  /** The topmost hop from an outside address. */
  firstExternal(): number | null {
    if (this.firstExternalAt === undefined) {
      let i = 0;
      while (i < this.received.length && !this.isExternal(i)) i += 1;
      this.firstExternalAt = i < this.received.length ? i : null;
    }
    return this.firstExternalAt;
  }

  /** No hop above hop `i` came from an outside address. */
  noOutsiderAbove(i: number): boolean {
    const external = this.firstExternal();
    return external === null || external >= i;
  }
}

function chooseInbound(
  hops: HopFacts,
  top: AuthHeader,
  above: number,
  below: number,
  profile: ReceiverProfile | null,
  authservId: string | null,
): { index: number; style: 'above' | 'below' } | null {
  if (profile !== null) {
    if (
      profile.block === 'below' &&
      above >= 0 &&
      (hops.byMatches(above) || unnamedOfProvider(hops, above))
    ) {
      return asInbound(hops, above, 'below');
    }
    if (profile.block === 'above' && below >= 0 && hops.byMatches(below)) {
      return asInbound(hops, below, 'above');
    }
    // A known provider's id next to a hop that isn't that provider's: not its block.
    if (RECEIVERS.includes(profile)) return null;
  }
  // Generic receivers: results directly under a Received from an outside address (Gmail's shape),
  // else results above the next Received (RFC 8601 §5 prepending).
  const aboveHop = hops.received[above];
  const strictlyAdjacent =
    aboveHop !== undefined &&
    top.field.index === aboveHop.field.index + 1 &&
    aboveHop.hop.ip !== null &&
    isPublicIp(aboveHop.hop.ip);
  if (strictlyAdjacent && authservId !== null && hops.byMatches(above)) {
    return asInbound(hops, above, 'below');
  }
  if (below >= 0) {
    // The results name a server other than the one that received the message.
    if (
      authservId !== null &&
      authservId.includes('.') &&
      !hops.byMatches(below) &&
      !hops.byUnnamed(below)
    ) {
      return null;
    }
    return asInbound(hops, below, 'above');
  }
  // The same test for results under the last Received: `mail.example.com; spf=pass` under
  // `from mail.example.com ... by mx.example.net` is the sender's own claim.
  if (
    authservId !== null &&
    authservId.includes('.') &&
    !hops.byMatches(above) &&
    !hops.byUnnamed(above)
  ) {
    return null;
  }
  return asInbound(hops, above, 'below');
}

/**
 * Hop `i` as the inbound hop, unless a hop above it came from outside: then the receiver wrote no
 * results of its own and the topmost ones were written by the sender.
 */
function asInbound(
  hops: HopFacts,
  i: number,
  style: 'above' | 'below',
): { index: number; style: 'above' | 'below' } | null {
  return i >= 0 && hops.noOutsiderAbove(i) ? { index: i, style } : null;
}

/**
 * Yahoo's inbound hop is `by 10.217.135.133`: an unnamed server is the provider's when a later
 * hop of the same chain names the provider (`by atlas305.free.mail.bf1.yahoo.com`). Gmail names
 * its inbound hop `mx.google.com`; any other unnamed receiver that writes no results would lend
 * its hop to forged Gmail results.
 */
function unnamedOfProvider(hops: HopFacts, i: number): boolean {
  if (!hops.byUnnamed(i)) return false;
  for (let j = 0; j < i; j += 1) if (hops.byMatches(j)) return true;
  return false;
}

function collectTrusted(
  fields: readonly HeaderField[],
  auth: readonly AuthHeader[],
  authAt: ReadonlyMap<number, AuthHeader>,
  inbound: TraceHop,
  style: 'above' | 'below',
  profile: ReceiverProfile | null,
  authservId: string | null,
  hops: HopFacts,
  trusted: Set<AuthHeader>,
): void {
  const seen: Seen = { methods: new Set(), spfIdentities: new Set() };

  // Everything above the inbound hop was written by the receiving side.
  for (const h of auth) {
    if (h.field.index < inbound.field.index && namesReceiver(h, profile, authservId, hops)) {
      trust(h, trusted, seen);
    }
  }

  // The run directly under the inbound hop. For 'below' receivers it starts at their first auth
  // header; for 'above' receivers only a run that touches the Received field counts (OpenDKIM
  // and OpenDMARC insert theirs right under the MTA's Received).
  let i = inbound.field.index + 1;
  if (style === 'below') {
    while (i < fields.length && !authAt.has(i) && fields[i]?.key !== 'received') i += 1;
  }
  const single = style === 'below' && profile?.singleResults === true;
  for (; i < fields.length; i += 1) {
    const h = authAt.get(i);
    if (h === undefined || !namesReceiver(h, profile, authservId, hops)) break;
    if (h.kind === 'spf') {
      const identity = h.parsed.identity ?? 'mailfrom';
      if (seen.spfIdentities.has(identity)) break;
      trust(h, trusted, seen);
      continue;
    }
    if (single) {
      trust(h, trusted, seen);
      break;
    }
    if (h.parsed.results.some((r) => seen.methods.has(r.method))) break;
    trust(h, trusted, seen);
  }
}

/** What the trusted headers so far reported: methods, and Received-SPF identities. */
interface Seen {
  methods: Set<string>;
  spfIdentities: Set<string>;
}

function trust(h: AuthHeader, trusted: Set<AuthHeader>, seen: Seen): void {
  trusted.add(h);
  if (h.kind === 'ar') for (const r of h.parsed.results) seen.methods.add(r.method);
  else seen.spfIdentities.add(h.parsed.identity ?? 'mailfrom');
}

function namesReceiver(
  h: AuthHeader,
  profile: ReceiverProfile | null,
  authservId: string | null,
  hops: HopFacts,
): boolean {
  if (h.kind === 'spf') return true;
  const id = h.parsed.authservId;
  if (id === null) return profile?.noAuthservId === true;
  return id === authservId || hops.inOrgs(id);
}

function judgeUntrusted(
  h: AuthHeader,
  authservId: string | null,
  oldestReceived: number,
  neighbourBy: string | null,
  names: OrgDomainMemo,
): UntrustedHeader {
  const claim = claimedId(h);
  if (h.field.index > oldestReceived && oldestReceived >= 0) {
    return untrusted(h, claim, true, 'before-any-server');
  }
  if (h.kind === 'ar' && claim === null) return untrusted(h, claim, true, 'no-authserv-id');
  if (claim !== null) {
    const org = names.orgDomain(claim);
    // Next to an earlier server of the same organization (Google Groups' gmr-mx.google.com): that
    // server's own results, not a claim to be the receiver's. Only the warning depends on this.
    if (
      claim !== authservId &&
      neighbourBy !== null &&
      org !== null &&
      org === names.orgDomain(neighbourBy.toLowerCase())
    ) {
      return untrusted(h, claim, false, 'earlier-server');
    }
    if (claim === authservId || (org !== null && KNOWN_ORGS.includes(org))) {
      return untrusted(h, claim, true, 'outside-block');
    }
    const lookAlike = lookAlikeOf(claim, org, authservId, names);
    if (lookAlike !== null) return untrusted(h, claim, true, 'look-alike', lookAlike);
  }
  return untrusted(h, claim, false, 'earlier-server');
}

function untrusted(
  header: AuthHeader,
  claim: string | null,
  forged: boolean,
  reason: UntrustReason,
  imitates: string | null = null,
): UntrustedHeader {
  return { header, forged, reason, claim, imitates };
}

function claimedId(h: AuthHeader): string | null {
  if (h.kind === 'ar') return h.parsed.authservId;
  const r = h.parsed.receiver ?? h.parsed.commentReceiver;
  return r === null ? null : r.toLowerCase().replace(/\.$/, '');
}

/** Names a forger uses to pass for a known receiver: `mx.google.com.evil.test` (a known name as
 * a prefix), `mx.gooqle.com` (an edit or two away). Each with its organizational domain. */
const KNOWN_IDS: readonly (readonly [string, string])[] = [
  'mx.google.com',
  'gmr-mx.google.com',
  ...KNOWN_ORGS,
].map((id) => [id, orgDomain(id) ?? id] as const);

/** `org` is the claim's organizational domain. */
function lookAlikeOf(
  claim: string,
  org: string | null,
  authservId: string | null,
  names: OrgDomainMemo,
): string | null {
  const candidates: readonly (readonly [string, string])[] =
    authservId === null
      ? KNOWN_IDS
      : [[authservId, names.orgDomain(authservId) ?? authservId], ...KNOWN_IDS];
  for (const [known] of candidates) {
    if (claim.length > known.length && claim.startsWith(known) && claim[known.length] === '.') {
      return known;
    }
  }
  if (claim.length > 64) return null;
  const claimOrg = org ?? claim;
  for (const [known, knownOrg] of candidates) {
    if (withinEditDistance(claim, known, 2) || withinOneEdit(claimOrg, knownOrg)) {
      return known;
    }
  }
  return null;
}

/** The Levenshtein distance of `a` and `b` is at most `max`; both strings are short (≤ 64 + a
 * known name). Rows stop early once every entry exceeds `max`. */
/** The Levenshtein distance of `a` and `b` is at most 1: they are equal but for one substituted,
 * inserted or deleted character. Linear, unlike withinEditDistance. */
function withinOneEdit(a: string, b: string): boolean {
  const long = a.length >= b.length ? a : b;
  const short = long === a ? b : a;
  if (long.length - short.length > 1) return false;
  let i = 0;
  while (i < short.length && long.charCodeAt(i) === short.charCodeAt(i)) i += 1;
  if (i === short.length) return true;
  const rest = long.slice(i + 1);
  return long.length === short.length ? rest === short.slice(i + 1) : rest === short.slice(i);
}

function withinEditDistance(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let prev: number[] = [];
  for (let j = 0; j <= b.length; j += 1) prev.push(j);
  for (let i = 1; i <= a.length; i += 1) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      cur.push(d);
      if (d < best) best = d;
    }
    if (best > max) return false;
    prev = cur;
  }
  return (prev[b.length] ?? 0) <= max;
}

function lastIndex<T>(xs: readonly T[], pred: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i -= 1) if (pred(xs[i] as T)) return i;
  return -1;
}
