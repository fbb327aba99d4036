import type { SpfResult } from '../parse/auth-result-tokens.ts';
import type { SpfAdvice, SpfFix } from './build-spf-fix.ts';

/** A record to publish, and where. */
export interface DnsFix {
  /** The complete TXT value to publish. */
  record: string;
  /** Where to publish it and what to keep. */
  text: string;
}

/**
 * What a check against current DNS found, labelled "current DNS as of <checkedAt> via
 * <resolver>" and kept apart from the delivery-time verdict. Field names are part of the JSON
 * contract (`inspect --live --json`).
 */
export interface LiveMeta {
  /** The resolver's name and endpoint, e.g. `Cloudflare (https://cloudflare-dns.com/dns-query)`. */
  resolver: string;
  /** ISO 8601 UTC. */
  checkedAt: string;
}

export interface SpfLive extends LiveMeta {
  domain: string;
  clientIp: string;
  /** The v=spf1 record published now (two or more: joined with " | "), or null. */
  record: string | null;
  /** Current DNS could not be read (a timeout, a refusal, SERVFAIL): what failed. Then `record`,
   * `result` and `authorizesClientIp` say nothing about the domain and are never a finding. */
  lookupError: string | null;
  /** RFC 7208 result for the client IP against today's DNS. */
  result: SpfResult;
  authorizesClientIp: boolean;
  /** The top-level term that matched (`ip4:203.0.113.0/24`, `include:_spf.example.net`). */
  mechanism: string | null;
  /** DNS-querying terms evaluated, including the one that crossed the limit. */
  lookups: number;
  /** The term that crossed the 10-lookup limit, when one did. */
  limitTerm: string | null;
  /** Why the result is permerror/temperror. */
  problem: string | null;
  /** TTL of the published record in seconds: how long resolvers may keep the old one. */
  ttl: number | null;
  /** The resolver marked the record's answer DNSSEC-validated (AD). Shown only; trusts nothing more. */
  dnssec: boolean;
  /** A record that would pass, built from today's: null when the IP already passes or no safe fix exists. */
  fix: SpfFix | null;
  /** Why no fix is offered, or what to change instead (lookup limit, size). */
  advice: string | null;
  /** `advice` as a code and values, for translations. */
  adviceCode: SpfAdvice['code'] | null;
  adviceParams: Record<string, string>;
}

export interface DmarcLive extends LiveMeta {
  /** Where the record was looked for first: `_dmarc.<From: domain>`. */
  name: string;
  /** Where it was found (the organizational domain's when the From: domain has none). */
  foundAt: string | null;
  record: string | null;
  policy: string | null;
  subdomainPolicy: string | null;
  /** The policy that applies to the From: domain (sp= when found at the organizational domain). */
  appliedPolicy: string | null;
  status: 'found' | 'none' | 'invalid' | 'error';
  problem: string | null;
  ttl: number | null;
  /** A starter record when none is published. */
  fix: DnsFix | null;
}

export interface DkimLive extends LiveMeta {
  keyName: string;
  /** `invalid-name`: the signature's selector or domain does not make a DNS name; not looked up. */
  status: 'key' | 'revoked' | 'missing' | 'not-a-key' | 'invalid-name' | 'error';
  record: string | null;
  keyType: string | null;
  /** RSA modulus size read from the key, when it could be read. */
  keyBits: number | null;
  problem: string | null;
  ttl: number | null;
}

export interface PtrLive extends LiveMeta {
  ip: string;
  /** The PTR names of the IP (first 10). */
  names: string[];
  /** A PTR name resolves back to the IP (forward-confirmed reverse DNS, Gmail's 5.7.25). */
  forwardConfirmed: boolean;
  confirmedName: string | null;
  status: 'ok' | 'none' | 'error';
  problem: string | null;
}
