import type { DohEndpoint } from '../dns/doh-endpoints.ts';
import type { Resolver } from '../dns/resolver.ts';
import { checkDkimLive } from '../live/check-dkim-live.ts';
import { checkDmarcLive } from '../live/check-dmarc-live.ts';
import { LIVE_DEADLINE_MS, withDeadline } from '../live/check-live.ts';
import { evaluateSpf, isSpfRecord } from '../spf/index.ts';
import {
  MAX_POLL_MS,
  MIN_POLL_MS,
  type ResolverWatch,
  type WatchState,
  type WatchTarget,
} from './watch-state.ts';

/**
 * One poll of a watch: every resolver not yet live is asked (in parallel) what it serves now —
 * the SPF evaluation of the message's client IP (RFC 7208, the same evaluator as the checks), the
 * DMARC record, each DKIM key — and the state moves on:
 * - a resolver is live when SPF passes for the client IP, a DMARC record is found and every
 *   DKIM key is present; once live it is not asked again (its cache now holds the new record);
 * - all live → `live`; past the deadline → `expired`;
 * - otherwise the next poll is when the first old answer's TTL runs out (a cache serves it until
 *   then), bounded by MIN_POLL_MS and MAX_POLL_MS; a failed lookup backs off, doubling.
 * `resolverFor` gives a fresh resolver per endpoint (no client-side cache between polls);
 * `now` is the clock, so tests drive time.
 */
export async function pollWatch(
  state: WatchState,
  resolverFor: (endpoint: DohEndpoint) => Resolver,
  now: () => number,
): Promise<WatchState> {
  if (state.status !== 'watching') return state;
  if (now() >= state.deadline) return { ...state, status: 'expired', nextPollAt: null };
  const resolvers = await Promise.all(
    state.resolvers.map((r) =>
      r.live ? r : checkResolver(r, state.target, resolverFor(r.endpoint), now),
    ),
  );
  const polls = state.polls + 1;
  const at = now();
  if (resolvers.every((r) => r.live)) {
    return { ...state, resolvers, polls, status: 'live', liveAt: at, nextPollAt: null };
  }
  const next = Math.min(at + nextDelay(resolvers, polls, at), state.deadline);
  return { ...state, resolvers, polls, nextPollAt: next };
}

/** Whether a poll is due. */
export function isPollDue(state: WatchState, now: number): boolean {
  return state.status === 'watching' && state.nextPollAt !== null && state.nextPollAt <= now;
}

function nextDelay(resolvers: readonly ResolverWatch[], polls: number, at: number): number {
  const waits = resolvers
    .filter((r) => !r.live)
    .map((r) => {
      if (r.error !== null || r.ttl === null || r.checkedAt === null) {
        return MIN_POLL_MS * 2 ** Math.min(polls - 1, 10);
      }
      // One second past the expiry, so the cache has dropped the old answer when asked.
      return r.checkedAt + (r.ttl + 1) * 1000 - at;
    });
  const soonest = Math.min(...waits);
  return Math.max(MIN_POLL_MS, Math.min(MAX_POLL_MS, soonest));
}

async function checkResolver(
  before: ResolverWatch,
  target: WatchTarget,
  raw: Resolver,
  now: () => number,
): Promise<ResolverWatch> {
  const resolver = withDeadline(raw, LIVE_DEADLINE_MS, now);
  const meta = { resolver: before.endpoint.name, checkedAt: '' };
  const [spf, dmarc, dkim] = await Promise.all([
    target.spf === null
      ? null
      : evaluateSpf(
          {
            ip: target.spf.clientIp,
            domain: target.spf.domain,
            sender: target.spf.sender,
            helo: target.spf.helo,
          },
          resolver,
        ),
    target.fromDomain === null ? null : checkDmarcLive(target.fromDomain, resolver, meta),
    Promise.all(target.dkimKeys.map((k) => checkDkimLive(k, resolver, meta))),
  ]);
  // The published SPF records: the evaluation's TXT answer, read again from the same resolver.
  const txt = target.spf === null ? null : await resolver(target.spf.domain, 'TXT');
  const errors = [
    txt?.status === 'error' ? txt.reason : null,
    spf?.result === 'temperror' ? (spf.problem ?? 'a DNS lookup failed') : null,
    dmarc?.status === 'error' ? dmarc.problem : null,
    ...dkim.map((k) => (k.status === 'error' ? k.problem : null)),
  ].filter((e): e is string => e !== null);
  const spfRecords = txt?.status === 'ok' ? txt.records.filter(isSpfRecord) : [];
  const keys = dkim.map((k) => ({ keyName: k.keyName, present: k.status === 'key' }));
  const live =
    errors.length === 0 &&
    (spf === null || spf.result === 'pass') &&
    (dmarc === null || dmarc.status === 'found') &&
    keys.every((k) => k.present);
  const at = now();
  const ttls = [spf?.ttl ?? null, dmarc?.ttl ?? null, ...dkim.map((k) => k.ttl)].filter(
    (t): t is number => t !== null,
  );
  return {
    endpoint: before.endpoint,
    checkedAt: at,
    spfRecord: spfRecords.length === 0 ? null : spfRecords.join(' | '),
    spfResult: spf?.result ?? null,
    dmarcRecord: dmarc?.record ?? null,
    dkim: keys,
    ttl: ttls.length === 0 ? null : Math.min(...ttls),
    error: errors[0] ?? null,
    live,
    liveSince: live ? (before.liveSince ?? at) : null,
  };
}
