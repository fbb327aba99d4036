import type { DnsResult, Resolver } from '../dns/resolver.ts';
import { isDnsName, toAsciiDomain } from '../psl/domain-name.ts';
import { checkLive, type LiveResults } from '../live/check-live.ts';
import type { DkimLive, DmarcLive, LiveMeta, PtrLive, SpfLive } from '../live/live-types.ts';
import { parseIp } from '../parse/parse-ip.ts';
import type { SpfResult } from '../parse/auth-result-tokens.ts';
import { evaluateSpf, isSpfRecord } from '../spf/index.ts';

/**
 * The pre-flight check (`header-lens check DOMAIN`): before sending, would mail from this IP
 * pass SPF for this domain in current DNS, what DMARC asks, whether each DKIM selector has a
 * usable key, the IP's reverse DNS, and the HELO name's SPF. It is the popup's "Check current
 * DNS" (`checkLive`) asked for a domain instead of for a message, so both give the same answers.
 * A DNS error is never a finding: every part says when current DNS couldn't be read.
 */
export interface DomainQuery {
  /** Lowercase ASCII (punycode). */
  domain: string;
  ip: string | null;
  helo: string | null;
  /** DKIM selectors: each key is looked up at `<selector>._domainkey.<domain>`. */
  selectors: string[];
}

/** The published SPF record of a name, when no IP was given to evaluate it for. */
export interface SpfRecordCheck {
  domain: string;
  /** The v=spf1 record published now (two or more: joined with " | "), or null. */
  record: string | null;
  /** `valid`: one record, no syntax error, within the limits; `error`: DNS couldn't be read. */
  status: 'valid' | 'none' | 'invalid' | 'error';
  /** What an address the record doesn't list gets: the record's `all` (or neutral). */
  defaultResult: SpfResult;
  /** DNS-querying terms the record needs (of 10), counted by evaluating it for such an address. */
  lookups: number;
  limitTerm: string | null;
  problem: string | null;
  ttl: number | null;
}

export interface DomainCheck extends LiveMeta {
  domain: string;
  ip: string | null;
  /** SPF for the IP: result, matching mechanism, lookups, and a merged record when it fails. */
  spf: SpfLive | null;
  /** Without an IP: the record alone. */
  spfRecord: SpfRecordCheck | null;
  dmarc: DmarcLive | null;
  dkim: DkimLive[];
  ptr: PtrLive | null;
  /** The HELO name's own SPF (RFC 7208 §2.3), checked for the IP, or its record without one. */
  helo: { name: string; spf: SpfLive | null; record: SpfRecordCheck | null } | null;
  verdict: CheckVerdict;
}

export interface CheckVerdict {
  /** SPF passes for the IP (or, without one, the record is usable) and every asked DKIM key is
   * published and usable. DMARC, reverse DNS and HELO are reported, not judged. */
  passes: boolean;
  /** Why not, one line each; empty when it passes. */
  reasons: string[];
}

/** Selectors checked; each is one query. Real domains publish a handful. */
export const MAX_SELECTORS = 16;
/** An address no sensible record lists (the limited broadcast address), so evaluating a record
 * for it walks — and counts — every term before `all`. */
const UNLISTED_IPV4 = '255.255.255.255';
/** RSA keys under this many bits are refused by Gmail (and RFC 8301 §3.2). */
const MIN_RSA_BITS = 1024;

/** The arguments of `check`, validated: only valid DNS names and addresses are ever sent. */
export function parseDomainQuery(input: {
  domain: string;
  ip: string | null;
  helo: string | null;
  selectors: readonly string[];
}): DomainQuery | { problem: string } {
  const domain = toAsciiDomain(input.domain);
  if (domain === null || !domain.includes('.')) {
    return { problem: `${input.domain} is not a domain name (example.com)` };
  }
  let ip: string | null = null;
  if (input.ip !== null) {
    ip = parseIp(input.ip);
    if (ip === null) return { problem: `${input.ip} is not an IPv4 or IPv6 address` };
  }
  let helo: string | null = null;
  if (input.helo !== null) {
    helo = toAsciiDomain(input.helo);
    if (helo === null || !helo.includes('.')) {
      return { problem: `${input.helo} is not a host name (mail.example.com)` };
    }
  }
  if (input.selectors.length > MAX_SELECTORS) {
    return { problem: `at most ${MAX_SELECTORS} selectors at a time` };
  }
  const selectors: string[] = [];
  for (const s of input.selectors) {
    const selector = s.toLowerCase();
    if (!isDnsName(`${selector}._domainkey.${domain}`) || selector.includes('_domainkey')) {
      return { problem: `${s} is not a DKIM selector (the s= of a signature, e.g. 2025a)` };
    }
    if (!selectors.includes(selector)) selectors.push(selector);
  }
  return { domain, ip, helo, selectors };
}

export async function checkDomain(
  query: DomainQuery,
  resolver: Resolver,
  meta: LiveMeta,
  options: { deadlineMs?: number; now?: () => number } = {},
): Promise<DomainCheck> {
  const { domain, ip, helo } = query;
  const keyNames = query.selectors.map((s) => `${s}._domainkey.${domain}`);
  const [main, heloLive, spfRecord, heloRecord] = await Promise.all([
    checkLive(
      {
        spf:
          ip === null
            ? null
            : { domain, clientIp: ip, sender: `postmaster@${domain}`, helo: helo ?? domain },
        fromDomain: domain,
        dkimKeys: keyNames,
        ptrIp: ip,
      },
      resolver,
      meta,
      options,
    ),
    helo === null || ip === null
      ? null
      : checkLive(
          // RFC 7208 §2.3: the HELO identity is checked with the HELO name as <domain> and
          // postmaster@<helo> as the sender.
          {
            spf: { domain: helo, clientIp: ip, sender: '', helo },
            fromDomain: null,
            dkimKeys: [],
            ptrIp: null,
          },
          resolver,
          meta,
          options,
        ),
    ip === null ? checkSpfRecord(domain, resolver) : null,
    helo !== null && ip === null ? checkSpfRecord(helo, resolver) : null,
  ]);
  const partial: Omit<DomainCheck, 'verdict'> = {
    ...meta,
    domain,
    ip,
    spf: main.spf,
    spfRecord,
    dmarc: main.dmarc,
    dkim: main.dkim,
    ptr: main.ptr,
    helo: helo === null ? null : { name: helo, spf: heloLive?.spf ?? null, record: heloRecord },
  };
  return { ...partial, verdict: judge(partial, main) };
}

/** The record of `name` and what it costs, evaluated for an address it doesn't list. */
export async function checkSpfRecord(name: string, resolver: Resolver): Promise<SpfRecordCheck> {
  const walk = await evaluateSpf(
    { ip: UNLISTED_IPV4, domain: name, sender: `postmaster@${name}`, helo: name },
    resolver,
  );
  const txt: DnsResult = await resolver(name, 'TXT');
  const records = txt.status === 'ok' ? txt.records.filter(isSpfRecord) : [];
  const base = {
    domain: name,
    record: records.length === 0 ? null : records.join(' | '),
    defaultResult: walk.result,
    lookups: walk.lookups,
    limitTerm: walk.limitTerm,
    problem: walk.problem,
    ttl: walk.ttl ?? (txt.status === 'error' ? null : txt.ttl),
  };
  if (walk.result === 'temperror') return { ...base, status: 'error' };
  if (walk.result === 'none') return { ...base, status: 'none' };
  if (walk.result === 'permerror') return { ...base, status: 'invalid' };
  return { ...base, status: 'valid' };
}

function judge(check: Omit<DomainCheck, 'verdict'>, live: LiveResults): CheckVerdict {
  const reasons: string[] = [];
  if (check.spf !== null) {
    const spf = check.spf;
    if (spf.result === 'temperror') {
      reasons.push(`couldn't read current DNS for ${spf.domain}: ${spf.problem ?? 'no answer'}`);
    } else if (spf.result !== 'pass') {
      reasons.push(
        `SPF ${spf.result} for ${spf.clientIp} at ${spf.domain}${spf.problem === null ? '' : ` (${spf.problem})`}`,
      );
    }
  } else if (check.spfRecord !== null) {
    const r = check.spfRecord;
    if (r.status === 'error') {
      reasons.push(`couldn't read current DNS for ${r.domain}: ${r.problem ?? 'no answer'}`);
    } else if (r.status === 'none') {
      reasons.push(`${r.domain} publishes no SPF record`);
    } else if (r.status === 'invalid') {
      reasons.push(`the SPF record of ${r.domain} is unusable: ${r.problem ?? 'permerror'}`);
    }
  }
  for (const key of live.dkim) {
    const problem = dkimProblem(key);
    if (problem !== null) reasons.push(problem);
  }
  return { passes: reasons.length === 0, reasons };
}

/** Why a DKIM key can't sign for the domain, or null when it is published and usable. */
export function dkimProblem(key: DkimLive): string | null {
  if (key.status === 'error') {
    return `couldn't read current DNS for ${key.keyName}: ${key.problem ?? 'no answer'}`;
  }
  if (key.status !== 'key') return key.problem ?? `no usable key at ${key.keyName}`;
  if (key.keyType === 'rsa' && key.keyBits === null) {
    return `the key at ${key.keyName} is not a readable RSA public key`;
  }
  if (key.keyType === 'rsa' && key.keyBits !== null && key.keyBits < MIN_RSA_BITS) {
    return key.problem ?? `the RSA key at ${key.keyName} is ${key.keyBits} bits`;
  }
  if (key.keyType !== 'rsa' && key.keyType !== 'ed25519') {
    return `the key at ${key.keyName} is of type k=${key.keyType ?? '?'}, which verifiers don't know`;
  }
  return null;
}
