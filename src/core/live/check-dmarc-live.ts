import type { Resolver } from '../dns/resolver.ts';
import { orgDomain } from '../psl/domain-name.ts';
import { parseTagList } from '../parse/parse-tag-list.ts';
import type { DmarcLive, LiveMeta } from './live-types.ts';

/**
 * RFC 7489 §6.6.3 policy discovery against current DNS: TXT at `_dmarc.<From: domain>`, then at
 * the organizational domain's. Only records starting with `v=DMARC1` count; more than one at a name
 * means none applies (§6.6.3 step 5). At the organizational domain, `sp=` (else `p=`) is the
 * policy for a subdomain. Not handled: the rua/ruf external-destination verification (§7.1).
 */
export async function checkDmarcLive(
  fromDomain: string,
  resolver: Resolver,
  meta: LiveMeta,
): Promise<DmarcLive> {
  const name = `_dmarc.${fromDomain}`;
  const base = { ...meta, name, subdomainPolicy: null, ttl: null, fix: null };
  const failed = (problem: string): DmarcLive => ({
    ...base,
    foundAt: null,
    record: null,
    policy: null,
    appliedPolicy: null,
    status: 'error',
    problem,
  });
  const own = await lookup(name, resolver);
  if (own.kind === 'error') return failed(own.reason);
  let found: Lookup = own;
  let foundAt = name;
  const org = orgDomain(fromDomain);
  if (found.kind === 'none' && org !== null && org !== fromDomain) {
    foundAt = `_dmarc.${org}`;
    found = await lookup(foundAt, resolver);
    if (found.kind === 'error') return failed(found.reason);
  }
  if (found.kind === 'none') {
    return {
      ...base,
      foundAt: null,
      record: null,
      policy: null,
      appliedPolicy: null,
      status: 'none',
      problem: null,
      fix: {
        record: `v=DMARC1; p=none; rua=mailto:dmarc-reports@${fromDomain}`,
        text: `Publish this TXT record at _dmarc.${fromDomain}: it asks receivers for reports and changes no delivery (p=none). Move to p=quarantine or p=reject once the reports show only your own servers.`,
      },
    };
  }
  if (found.kind === 'many') {
    return {
      ...base,
      foundAt,
      record: found.records.join(' | '),
      policy: null,
      appliedPolicy: null,
      status: 'invalid',
      problem: `${found.records.length} DMARC records at ${foundAt}: receivers apply none. Keep exactly one.`,
      ttl: found.ttl,
    };
  }
  const { tags } = parseTagList(found.record);
  const policy = lower(tags.get('p'));
  const subdomainPolicy = lower(tags.get('sp'));
  const atOrg = foundAt !== name;
  const valid = policy === 'none' || policy === 'quarantine' || policy === 'reject';
  return {
    ...base,
    foundAt,
    record: found.record,
    policy,
    subdomainPolicy,
    appliedPolicy: valid ? (atOrg ? (subdomainPolicy ?? policy) : policy) : null,
    status: valid ? 'found' : 'invalid',
    problem: valid ? null : `the record has no valid p= tag (none, quarantine or reject)`,
    ttl: found.ttl,
  };
}

type Lookup =
  | { kind: 'one'; record: string; ttl: number | null }
  | { kind: 'many'; records: string[]; ttl: number | null }
  | { kind: 'none' }
  | { kind: 'error'; reason: string };

async function lookup(name: string, resolver: Resolver): Promise<Lookup> {
  const answer = await resolver(name, 'TXT');
  if (answer.status === 'error') return { kind: 'error', reason: `${name}: ${answer.reason}` };
  if (answer.status === 'nxdomain') return { kind: 'none' };
  const records = answer.records.filter((r) => /^v=DMARC1\s*(;|$)/.test(r.trim()));
  if (records.length === 0) return { kind: 'none' };
  if (records.length > 1) return { kind: 'many', records, ttl: answer.ttl };
  return { kind: 'one', record: records[0] ?? '', ttl: answer.ttl };
}

function lower(s: string | undefined): string | null {
  return s === undefined || s.length === 0 ? null : s.toLowerCase();
}
