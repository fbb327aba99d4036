import ipaddr from 'ipaddr.js';
import type { OrgDomainMemo } from '../psl/domain-name.ts';
import { isIp, isPublicIp } from '../parse/parse-ip.ts';
import type { ReceivedHop } from '../parse/received/parse-received.ts';
import { profileForOrg, RECEIVERS, type ReceiverProfile } from './receivers.ts';
import { countWork } from '../work-meter.ts';

/** The receiving system as its Received fields show it. */
export interface ReceiverChain {
  /** Index into the Received fields (top-down) of the receiver's inbound hop: the topmost one
   * whose peer is outside the receiving system, else the oldest. Null without Received fields. */
  inbound: number | null;
  /** The inbound hop's peer is outside the receiving system (false: every hop is internal). */
  fromOutside: boolean;
  /** Organizational domains of the receiving system's own servers (the `by` names of the hops
   * from the top down to the inbound one). */
  orgs: string[];
  profile: ReceiverProfile | null;
}

/**
 * RFC 5321 §4.4 / RFC 8601 §7.1: each server prepends its Received field, so the topmost one is
 * the receiving system's and every server below wrote its own. Walking down, a hop whose peer is
 * inside the receiving system (see peerIsInternal) was handed over by another of its servers,
 * so the next field down is the receiver's too; the first hop whose peer is outside is the
 * inbound hop. Nothing the sender wrote is above it, so nothing the sender wrote decides it.
 */
export function walkReceiverChain(
  hops: readonly ReceivedHop[],
  names: OrgDomainMemo,
): ReceiverChain {
  const orgs: string[] = [];
  let inbound: number | null = null;
  let fromOutside = false;
  for (let i = 0; i < hops.length; i += 1) {
    const hop = hops[i] as ReceivedHop;
    const org = byOrg(hop, names);
    if (org !== null && !orgs.includes(org)) orgs.push(org);
    inbound = i;
    if (!peerIsInternal(hop, providersOf(orgs))) {
      fromOutside = true;
      break;
    }
  }
  return { inbound, fromOutside, orgs, profile: chooseProfile(hops, inbound, names) };
}

/** The organizational domain of a hop's `by` server; null for an address or a single label. */
export function byOrg(hop: ReceivedHop, names: OrgDomainMemo): string | null {
  const by = hop.by;
  if (by === null || isIp(by) || !by.includes('.')) return null;
  return names.orgDomain(by.toLowerCase());
}

function providersOf(orgs: readonly string[]): ReceiverProfile[] {
  return RECEIVERS.filter((r) => r.orgs.some((o) => orgs.includes(o)));
}

/**
 * The hop was handed over inside the receiving system, judged only from what the receiving
 * server recorded, never from names the peer chose:
 *   - no from-clause (`Received: by 2002:a05:...` Gmail's internal hops, a local pickup, qmail's
 *     `(qmail 1234 invoked by uid 89)`), or a from-clause with a name and nothing else (LMTP
 *     delivery, iCloud's `from mx6.mail.icloud.com by p73-mailgateway-...`): no network peer was
 *     recorded;
 *   - every address in the from-clause is one no internet host connects from (RFC 1918,
 *     loopback, link-local, ULA, CGNAT) or lies in the internal networks of a provider whose
 *     servers are in the chain (Exchange Online's `2603:10b6:...`).
 * The sender can add addresses to its HELO text but can't remove the one the receiver recorded,
 * so a hop from outside always has a public address in its from-clause.
 */
export function peerIsInternal(hop: ReceivedHop, providers: readonly ReceiverProfile[]): boolean {
  countWork(hop.addresses.length + 1);
  if (!hop.hasFrom) return true;
  // A TCP-info part without a readable address (`([x.x.x.x])` in a pasted copy) hides a peer
  // that may be outside: the walk stops there.
  if (hop.addresses.length === 0) return !hop.tcpInfo;
  return hop.addresses.every(
    (ip) => !isPublicIp(ip) || providers.some((p) => p.internalNets.some((n) => inNetwork(ip, n))),
  );
}

function inNetwork(ip: string, cidr: string): boolean {
  const net = parsedNetwork(cidr);
  // The table's networks are all IPv6; an IPv4 peer is never in one, and needs no parse.
  if (net === null || (net[0].kind() === 'ipv6') !== ip.includes(':')) return false;
  try {
    const address = ipaddr.parse(ip);
    return address.kind() === net[0].kind() && address.match(net[0], net[1]);
  } catch {
    return false;
  }
}

/** Each provider network parsed once: ipaddr.js parses a CIDR in microseconds, and every public
 * hop of a Microsoft chain is checked against each network. */
const NETWORKS = new Map<string, [ipaddr.IPv4 | ipaddr.IPv6, number] | null>();

function parsedNetwork(cidr: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null {
  let net = NETWORKS.get(cidr);
  if (net === undefined) {
    try {
      net = ipaddr.parseCIDR(cidr);
    } catch {
      net = null;
    }
    NETWORKS.set(cidr, net);
  }
  return net;
}

/** The provider that runs the receiving system: the inbound hop's own `by` server, else the
 * nearest server above it that names one (Yahoo's inbound hop is `by 10.217.151.74`). */
function chooseProfile(
  hops: readonly ReceivedHop[],
  inbound: number | null,
  names: OrgDomainMemo,
): ReceiverProfile | null {
  if (inbound === null) return null;
  for (let i = inbound; i >= 0; i -= 1) {
    const profile = profileForOrg(byOrg(hops[i] as ReceivedHop, names));
    if (profile !== null) return profile;
  }
  return null;
}
