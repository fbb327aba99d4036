import type { DnsResult, Resolver } from '../dns/resolver.ts';
import { isDnsName } from '../psl/domain-name.ts';
import { parseIp } from '../parse/parse-ip.ts';
import { evaluateSpf, isSpfRecord } from '../spf/index.ts';
import { buildSpfFix, type SpfAdvice } from './build-spf-fix.ts';
import { checkDkimLive } from './check-dkim-live.ts';
import { checkDmarcLive } from './check-dmarc-live.ts';
import { checkPtrLive } from './check-ptr-live.ts';
import type { LiveMeta, SpfLive } from './live-types.ts';
import { MAX_DKIM_KEYS, type LiveQuery, type LiveResults } from './live-query.ts';

export { liveQueryOf, withLive, type LiveQuery, type LiveResults } from './live-query.ts';

/** Whole-check bound: each query has its own timeout, this caps their sum (RFC 7208 §4.6.4
 * suggests 20 s for an SPF evaluation; a person waiting on a button deserves less). */
export const LIVE_DEADLINE_MS = 15_000;

/** A LiveQuery from another context (the popup), checked field by field; null when malformed. */
export function parseLiveQuery(value: unknown): LiveQuery | null {
  if (!isRecord(value)) return null;
  const name = (v: unknown): string | null =>
    typeof v === 'string' && v.length <= 253 && isDnsName(v) ? v.toLowerCase() : null;
  const ip = (v: unknown): string | null => (typeof v === 'string' ? parseIp(v) : null);
  const text = (v: unknown): string | null => (typeof v === 'string' && v.length <= 512 ? v : null);
  let spf: LiveQuery['spf'] = null;
  if (value['spf'] !== null) {
    if (!isRecord(value['spf'])) return null;
    const s = value['spf'];
    const domain = name(s['domain']);
    const clientIp = ip(s['clientIp']);
    const sender = text(s['sender']);
    const helo = text(s['helo']);
    if (domain === null || clientIp === null || sender === null || helo === null) return null;
    spf = { domain, clientIp, sender, helo };
  }
  const fromDomain = value['fromDomain'] === null ? null : name(value['fromDomain']);
  if (fromDomain === null && value['fromDomain'] !== null) return null;
  const keys = value['dkimKeys'];
  if (!Array.isArray(keys) || keys.length > MAX_DKIM_KEYS) return null;
  // Key names come from the sender's DKIM-Signature (`s=a b`, `s=sel/2025`): one that is not a
  // DNS name is checked as such (checkDkimLive says so, without a query), never failing the rest.
  const dkimKeys = keys.map((k: unknown) => (typeof k === 'string' && k.length <= 512 ? k : null));
  if (dkimKeys.some((k) => k === null)) return null;
  const ptrIp = value['ptrIp'] === null ? null : ip(value['ptrIp']);
  if (ptrIp === null && value['ptrIp'] !== null) return null;
  return { spf, fromDomain, dkimKeys: dkimKeys as string[], ptrIp };
}

/**
 * Checks the message's identities against current DNS: SPF for the client IP (with a merged fix
 * when it doesn't pass), the From: domain's DMARC record, each DKIM key, and reverse DNS.
 */
export async function checkLive(
  query: LiveQuery,
  resolver: Resolver,
  meta: LiveMeta,
  options: { deadlineMs?: number; now?: () => number } = {},
): Promise<LiveResults> {
  const bounded = withDeadline(
    resolver,
    options.deadlineMs ?? LIVE_DEADLINE_MS,
    options.now ?? Date.now,
  );
  const [spf, dmarc, dkim, ptr] = await Promise.all([
    query.spf === null ? null : checkSpfLive(query.spf, bounded, meta),
    query.fromDomain === null ? null : checkDmarcLive(query.fromDomain, bounded, meta),
    Promise.all(query.dkimKeys.map((k) => checkDkimLive(k, bounded, meta))),
    query.ptrIp === null ? null : checkPtrLive(query.ptrIp, bounded, meta),
  ]);
  return { spf, dmarc, dkim, ptr };
}

async function checkSpfLive(
  q: NonNullable<LiveQuery['spf']>,
  resolver: Resolver,
  meta: LiveMeta,
): Promise<SpfLive> {
  // One after the other: the evaluation's TXT answer is then in the resolver's cache, and the
  // published records are read from it instead of asked for twice.
  const evaluation = await evaluateSpf(
    { ip: q.clientIp, domain: q.domain, sender: q.sender, helo: q.helo },
    resolver,
  );
  const txt = await resolver(q.domain, 'TXT');
  const records = txt.status === 'ok' ? txt.records.filter(isSpfRecord) : [];
  const pass = evaluation.result === 'pass';
  const incomplete: SpfAdvice = {
    code: 'dns-incomplete',
    text: 'Current DNS could not be read completely; check again before changing anything.',
    params: {},
  };
  const built =
    pass || evaluation.result === 'temperror'
      ? { fix: null, advice: pass ? null : incomplete }
      : await buildSpfFix(
          { domain: q.domain, records, clientIp: q.clientIp, sender: q.sender, helo: q.helo },
          resolver,
        );
  const lookupError =
    txt.status === 'error'
      ? txt.reason
      : evaluation.result === 'temperror'
        ? (evaluation.problem ?? 'a DNS lookup failed')
        : null;
  return {
    ...meta,
    domain: q.domain,
    clientIp: q.clientIp,
    record: records.length === 0 ? null : records.join(' | '),
    lookupError,
    result: evaluation.result,
    authorizesClientIp: pass,
    mechanism: evaluation.mechanism,
    lookups: evaluation.lookups,
    limitTerm: evaluation.limitTerm,
    problem: evaluation.problem,
    ttl: evaluation.ttl ?? (txt.status === 'error' ? null : txt.ttl),
    dnssec: txt.status === 'ok' && txt.authenticated,
    fix: built.fix,
    advice: built.advice?.text ?? null,
    adviceCode: built.advice?.code ?? null,
    adviceParams: built.advice?.params ?? {},
  };
}

/** A resolver that gives up, as an error (temperror), once the whole check has run too long. */
export function withDeadline(resolver: Resolver, deadlineMs: number, now: () => number): Resolver {
  const start = now();
  return async (name, type) => {
    const left = deadlineMs - (now() - start);
    const late: DnsResult = {
      status: 'error',
      reason: `the check took longer than ${deadlineMs / 1000} s`,
    };
    if (left <= 0) return late;
    let timer: unknown;
    const timeout = new Promise<DnsResult>((resolve) => {
      timer = setTimeout(() => resolve(late), left);
    });
    try {
      return await Promise.race([resolver(name, type), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
