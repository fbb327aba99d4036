import { describe, expect, it } from 'vitest';
import { WATCH_ENDPOINTS, type DohEndpoint } from '../src/core/dns/doh-endpoints.ts';
import {
  isPollDue,
  MAX_POLL_MS,
  MIN_POLL_MS,
  parseWatchState,
  pollWatch,
  startWatch,
  stopWatch,
  WATCH_LIMIT_MS,
  type WatchTarget,
} from '../src/core/watch/index.ts';
import { zoneResolver, type Zone } from './helpers/doh-server.ts';

const target: WatchTarget = {
  spf: {
    domain: 'example.com',
    clientIp: '192.0.2.145',
    sender: 'me@example.com',
    helo: 'mail.example.com',
  },
  fromDomain: 'example.com',
  dkimKeys: ['s1._domainkey.example.com'],
};

const dmarcAndKey: Zone = {
  '_dmarc.example.com': [{ type: 'TXT', data: '"v=DMARC1; p=none"', ttl: 3600 }],
  's1._domainkey.example.com': [{ type: 'TXT', data: '"v=DKIM1; k=rsa; p=MIIBIjAN"', ttl: 3600 }],
};
const oldZone = (ttl: number): Zone => ({
  ...dmarcAndKey,
  'example.com': [{ type: 'TXT', data: '"v=spf1 ip4:203.0.113.0/24 ~all"', ttl }],
});
const newZone: Zone = {
  ...dmarcAndKey,
  'example.com': [
    { type: 'TXT', data: '"v=spf1 ip4:192.0.2.145 ip4:203.0.113.0/24 ~all"', ttl: 3600 },
  ],
};

/** Three resolvers, each answering from its own zone table (their caches differ). */
function world(initial: Zone) {
  const zones = new Map<string, Zone>(WATCH_ENDPOINTS.map((e) => [e.id, initial]));
  const asked = new Map<string, number>();
  return {
    set: (id: string, zone: Zone) => zones.set(id, zone),
    asked,
    resolverFor: (e: DohEndpoint) => {
      asked.set(e.id, (asked.get(e.id) ?? 0) + 1);
      return zoneResolver(zones.get(e.id) ?? {});
    },
  };
}

const T0 = Date.UTC(2026, 2, 5, 10, 2);

describe('watching until the new record is live', () => {
  it('old record everywhere → the new one on one resolver first → live when all three serve it', async () => {
    let clock = T0;
    const now = () => clock;
    const w = world(oldZone(300));
    let state = startWatch(target, 'example.com', WATCH_ENDPOINTS, clock);
    expect(isPollDue(state, clock)).toBe(true);
    state = await pollWatch(state, w.resolverFor, now);
    expect(state.status).toBe('watching');
    expect(state.resolvers.map((r) => [r.spfResult, r.live, r.ttl])).toEqual([
      ['softfail', false, 300],
      ['softfail', false, 300],
      ['softfail', false, 300],
    ]);
    expect(state.resolvers[0]).toMatchObject({
      spfRecord: 'v=spf1 ip4:203.0.113.0/24 ~all',
      dmarcRecord: 'v=DMARC1; p=none',
      dkim: [{ keyName: 's1._domainkey.example.com', present: true }],
      checkedAt: T0,
      error: null,
    });
    // The old answer may be cached 300 s: the next poll is just after it runs out.
    expect(state.nextPollAt).toBe(T0 + 301_000);
    expect(isPollDue(state, T0 + 300_000)).toBe(false);

    clock = T0 + 301_000;
    w.set('cloudflare', newZone);
    state = await pollWatch(state, w.resolverFor, now);
    expect(state.status).toBe('watching');
    expect(state.resolvers.map((r) => r.live)).toEqual([true, false, false]);
    expect(state.resolvers[0]).toMatchObject({ spfResult: 'pass', liveSince: clock });

    clock += 301_000;
    w.set('google', newZone);
    w.set('quad9', newZone);
    const cloudflareAsked = w.asked.get('cloudflare');
    state = await pollWatch(state, w.resolverFor, now);
    expect(state).toMatchObject({ status: 'live', liveAt: clock, nextPollAt: null, polls: 3 });
    // A resolver already live is not asked again.
    expect(w.asked.get('cloudflare')).toBe(cloudflareAsked);
    expect(state.resolvers[0]?.liveSince).toBe(T0 + 301_000);
    // A finished watch does nothing more.
    expect(await pollWatch(state, w.resolverFor, now)).toBe(state);
  });

  it('backs off to the TTL, within the bounds', async () => {
    const now = () => T0;
    const short = await pollWatch(
      startWatch(target, 'example.com', WATCH_ENDPOINTS, T0),
      world(oldZone(5)).resolverFor,
      now,
    );
    expect(short.nextPollAt).toBe(T0 + MIN_POLL_MS);
    const long = await pollWatch(
      startWatch(target, 'example.com', WATCH_ENDPOINTS, T0),
      world(oldZone(86400)).resolverFor,
      now,
    );
    expect(long.nextPollAt).toBe(T0 + MAX_POLL_MS);
  });

  it('a failing resolver is never live; its polls back off, doubling', async () => {
    let clock = T0;
    const broken = world({ ...newZone, 'example.com': 'SERVFAIL' });
    let state = startWatch(target, 'example.com', WATCH_ENDPOINTS, clock);
    const delays: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      state = await pollWatch(state, broken.resolverFor, () => clock);
      delays.push((state.nextPollAt ?? 0) - clock);
      clock = state.nextPollAt ?? clock;
    }
    expect(delays).toEqual([MIN_POLL_MS, 2 * MIN_POLL_MS, 4 * MIN_POLL_MS, 8 * MIN_POLL_MS]);
    expect(state.resolvers.every((r) => !r.live && r.error !== null)).toBe(true);
    expect(state.resolvers[0]?.error).toContain('SERVFAIL');
  });

  it('a missing DMARC record or DKIM key keeps a resolver from being live even when SPF passes', async () => {
    const w = world({ 'example.com': newZone['example.com'] ?? [] });
    const state = await pollWatch(
      startWatch(target, 'example.com', WATCH_ENDPOINTS, T0),
      w.resolverFor,
      () => T0,
    );
    expect(state.resolvers[0]).toMatchObject({
      spfResult: 'pass',
      dmarcRecord: null,
      dkim: [{ present: false }],
      live: false,
    });
  });

  it('stops after 48 hours, never polling past the deadline', async () => {
    let clock = T0;
    const w = world(oldZone(86400));
    let state = startWatch(target, 'example.com', WATCH_ENDPOINTS, clock);
    expect(state.deadline).toBe(T0 + WATCH_LIMIT_MS);
    let polls = 0;
    while (state.status === 'watching' && polls < 200) {
      state = await pollWatch(state, w.resolverFor, () => clock);
      polls += 1;
      if (state.nextPollAt !== null) {
        expect(state.nextPollAt).toBeLessThanOrEqual(state.deadline);
        clock = state.nextPollAt;
      }
    }
    expect(state.status).toBe('expired');
    expect(state.nextPollAt).toBeNull();
    // Every 30 minutes for 48 hours, then the expiry.
    expect(polls).toBe(48 * 2 + 1);
  });

  it('the user can stop it; the state survives JSON storage and bad stored values are refused', async () => {
    const state = await pollWatch(
      startWatch(target, 'example.com', WATCH_ENDPOINTS, T0),
      world(oldZone(300)).resolverFor,
      () => T0,
    );
    expect(parseWatchState(JSON.parse(JSON.stringify(state)))).toEqual(state);
    expect(stopWatch(state)).toMatchObject({ status: 'stopped', nextPollAt: null });
    expect(parseWatchState(null)).toBeNull();
    expect(parseWatchState({ ...state, version: 2 })).toBeNull();
    expect(parseWatchState({ ...state, resolvers: [{ endpoint: 'x' }] })).toBeNull();
    expect(
      parseWatchState({ ...state, target: { ...state.target, spf: { domain: 1 } } }),
    ).toBeNull();
  });
});
