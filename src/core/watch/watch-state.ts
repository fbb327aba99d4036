import type { SpfResult } from '../parse/auth-result-tokens.ts';
import type { DohEndpoint } from '../dns/doh-endpoints.ts';
import type { LiveQuery } from '../live/live-query.ts';

/**
 * A watch "until the new record is live": plain JSON, so the extension can keep it in storage
 * and pick it up after its service worker was stopped, and the CLI can print it. Times are
 * milliseconds since the epoch. The logic that moves it on is in poll-watch.ts.
 */
export interface WatchState {
  version: 1;
  /** What must be live: the message's SPF identity and client IP, From: domain, DKIM keys. */
  target: WatchTarget;
  /** The sending domain, for the badge and the notification. */
  domain: string;
  startedAt: number;
  /** startedAt + WATCH_LIMIT_MS: the watch gives up then. */
  deadline: number;
  status: 'watching' | 'live' | 'expired' | 'stopped';
  /** When to poll next; null once the watch has ended. */
  nextPollAt: number | null;
  polls: number;
  /** When every resolver served the new records. */
  liveAt: number | null;
  resolvers: ResolverWatch[];
}

export type WatchTarget = Pick<LiveQuery, 'spf' | 'fromDomain' | 'dkimKeys'>;

/** One resolver's view, as of its last poll. */
export interface ResolverWatch {
  endpoint: DohEndpoint;
  /** When it was last asked; null before the first poll. */
  checkedAt: number | null;
  /** The v=spf1 record it serves (two or more joined with " | "), or null. */
  spfRecord: string | null;
  /** RFC 7208 result for the client IP against what it serves. */
  spfResult: SpfResult | null;
  /** The DMARC record it serves, or null. */
  dmarcRecord: string | null;
  /** Each DKIM key name and whether it serves a usable key there. */
  dkim: { keyName: string; present: boolean }[];
  /** Seconds the answer it served may still be kept in its cache (its TTL as served). */
  ttl: number | null;
  /** A lookup failed: what failed (then the rest says nothing about the domain). */
  error: string | null;
  /** It serves everything the message needs. */
  live: boolean;
  /** When it was first seen live. */
  liveSince: number | null;
}

/** RFC 1034 caches may keep a record for its TTL; registrars quote "up to 48 hours". */
export const WATCH_LIMIT_MS = 48 * 3600 * 1000;
/** Never sooner than this between polls: a public resolver's cache doesn't change faster, and
 * browsers don't fire alarms more often (Chrome's minimum is 30 s). */
export const MIN_POLL_MS = 60 * 1000;
/** Never later than this: a TTL of a day would otherwise leave the user without news. */
export const MAX_POLL_MS = 30 * 60 * 1000;

export function startWatch(
  target: WatchTarget,
  domain: string,
  endpoints: readonly DohEndpoint[],
  now: number,
): WatchState {
  return {
    version: 1,
    target,
    domain,
    startedAt: now,
    deadline: now + WATCH_LIMIT_MS,
    status: 'watching',
    nextPollAt: now,
    polls: 0,
    liveAt: null,
    resolvers: endpoints.map((endpoint) => ({
      endpoint,
      checkedAt: null,
      spfRecord: null,
      spfResult: null,
      dmarcRecord: null,
      dkim: [],
      ttl: null,
      error: null,
      live: false,
      liveSince: null,
    })),
  };
}

/** The user stopped it. */
export function stopWatch(state: WatchState): WatchState {
  return state.status === 'watching' ? { ...state, status: 'stopped', nextPollAt: null } : state;
}

/**
 * A state read back from storage, checked field by field (storage is the extension's own, but a
 * state from an older version, or a half-written one, must not crash the worker); null when it
 * is not one.
 */
export function parseWatchState(value: unknown): WatchState | null {
  if (!isObject(value) || value['version'] !== 1) return null;
  const v = value;
  const statuses = ['watching', 'live', 'expired', 'stopped'];
  if (
    !isObject(v['target']) ||
    typeof v['domain'] !== 'string' ||
    !isNumber(v['startedAt']) ||
    !isNumber(v['deadline']) ||
    !statuses.includes(v['status'] as string) ||
    !(v['nextPollAt'] === null || isNumber(v['nextPollAt'])) ||
    !isNumber(v['polls']) ||
    !(v['liveAt'] === null || isNumber(v['liveAt'])) ||
    !Array.isArray(v['resolvers']) ||
    !v['resolvers'].every(isResolverWatch)
  ) {
    return null;
  }
  const t = v['target'];
  if (!Array.isArray(t['dkimKeys']) || !t['dkimKeys'].every((k) => typeof k === 'string')) {
    return null;
  }
  if (!(t['fromDomain'] === null || typeof t['fromDomain'] === 'string')) return null;
  const spf = t['spf'];
  if (
    spf !== null &&
    !(
      isObject(spf) &&
      ['domain', 'clientIp', 'sender', 'helo'].every((k) => typeof spf[k] === 'string')
    )
  ) {
    return null;
  }
  return value as unknown as WatchState;
}

function isResolverWatch(value: unknown): boolean {
  if (!isObject(value) || !isObject(value['endpoint'])) return false;
  const e = value['endpoint'];
  return (
    typeof e['url'] === 'string' &&
    typeof e['name'] === 'string' &&
    typeof e['id'] === 'string' &&
    (e['format'] === 'json' || e['format'] === 'wire') &&
    typeof value['live'] === 'boolean' &&
    Array.isArray(value['dkim'])
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
