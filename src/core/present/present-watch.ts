import { formatDuration } from './format-duration.ts';
import type { ResolverWatch, WatchState } from '../watch/watch-state.ts';
import type { Tone } from './presentation.ts';

/** A watch as every view shows it (popup, terminal): decided here, laid out there. */
export interface WatchView {
  tone: Tone;
  /** One sentence: where the watch stands. */
  headline: string;
  resolvers: ResolverRow[];
  /** When the next look is due (ms since the epoch); null once ended. */
  nextPollAt: number | null;
  /** `3/3 live` etc., for the badge and a summary line. */
  progress: { live: number; total: number };
}

export interface ResolverRow {
  name: string;
  url: string;
  state: 'live' | 'old' | 'error' | 'waiting';
  /** What it serves now, in words. */
  serves: string;
  /** The record it serves (SPF), when one; shown verbatim in monospace. */
  record: string | null;
  /** "the old answer may be cached for 4 min 59 s more", or null. */
  ttlLeft: string | null;
  /** When it last looked (ms since the epoch), or null before the first look. */
  checkedAt: number | null;
}

export function presentWatch(state: WatchState, now: number): WatchView {
  const total = state.resolvers.length;
  const live = state.resolvers.filter((r) => r.live).length;
  const ip = state.target.spf?.clientIp ?? null;
  const headline =
    state.status === 'live'
      ? `Live: all ${total} resolvers serve the new records${ip === null ? '' : ` and authorize ${ip}`} — your next message should pass.`
      : state.status === 'expired'
        ? `Stopped after ${formatDuration((state.deadline - state.startedAt) / 1000)}: ${live} of ${total} resolvers serve the new records. Check the record you published.`
        : state.status === 'stopped'
          ? `Watch stopped: ${live} of ${total} resolvers served the new records.`
          : `Watching ${state.domain}: ${live} of ${total} resolvers serve the new records${ip === null ? '' : ` for ${ip}`}.`;
  return {
    tone: state.status === 'live' ? 'good' : state.status === 'expired' ? 'bad' : 'neutral',
    headline,
    resolvers: state.resolvers.map((r) => resolverRow(r, state, now)),
    nextPollAt: state.nextPollAt,
    progress: { live, total },
  };
}

function resolverRow(r: ResolverWatch, state: WatchState, now: number): ResolverRow {
  const base = {
    name: r.endpoint.name,
    url: r.endpoint.url,
    record: r.spfRecord,
    checkedAt: r.checkedAt,
  };
  if (r.checkedAt === null) {
    return { ...base, state: 'waiting', serves: 'not asked yet', ttlLeft: null };
  }
  if (r.error !== null) {
    return { ...base, state: 'error', serves: `couldn't be read: ${r.error}`, ttlLeft: null };
  }
  const missing: string[] = [];
  const ip = state.target.spf?.clientIp;
  if (state.target.spf !== null && r.spfResult !== 'pass') {
    missing.push(
      r.spfRecord === null
        ? 'no SPF record'
        : `SPF gives ${r.spfResult ?? 'no result'} for ${ip ?? 'the client IP'}`,
    );
  }
  if (state.target.fromDomain !== null && r.dmarcRecord === null) missing.push('no DMARC record');
  for (const k of r.dkim) if (!k.present) missing.push(`no DKIM key at ${k.keyName}`);
  if (r.live) {
    return {
      ...base,
      state: 'live',
      serves: state.target.spf === null ? 'serves the new records' : `authorizes ${ip ?? ''}`,
      ttlLeft: null,
    };
  }
  const left = r.ttl === null ? null : r.ttl - (now - r.checkedAt) / 1000;
  return {
    ...base,
    state: 'old',
    serves: missing.join('; ') || 'not the new records yet',
    ttlLeft:
      left === null
        ? null
        : left > 0
          ? `the old answer may be cached for ${formatDuration(left)} more`
          : 'the old answer has expired; looking again',
  };
}
