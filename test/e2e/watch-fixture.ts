/**
 * The watch's world, for the e2e tests and the screenshots: a sender who fixed SPF (the softfail
 * fixture, then its next message passing) and the three public resolvers a watch asks, as
 * loopback DoH servers (dohHandler: JSON and RFC 8484 wire) whose answers the caller moves from
 * the old record to the new one, resolver by resolver.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dohHandler, type DohLog, type Zone } from '../helpers/doh-server.ts';

export const WATCH_SOFTFAIL = readFileSync(
  new URL('../fixtures/gmail-softfail.eml', import.meta.url),
  'utf8',
);
/** The same sender's next message, sent once the new record was live: SPF and DMARC pass. */
export const WATCH_PASSED = WATCH_SOFTFAIL.replaceAll(
  'softfail (google.com: domain of transitioning billing@example.net does not designate 198.51.100.23 as permitted sender)',
  'pass (google.com: domain of billing@example.net designates 198.51.100.23 as permitted sender)',
)
  .replaceAll('spf=softfail', 'spf=pass')
  .replaceAll('dmarc=fail', 'dmarc=pass')
  .replace('Message-ID: <20240305144216.', 'Message-ID: <20240305154216.');

/** The record before the change (no 198.51.100.23), and after it. */
export const OLD_SPF = 'v=spf1 ip4:203.0.113.0/24 ~all';
export const NEW_SPF = 'v=spf1 ip4:203.0.113.0/24 ip4:198.51.100.23 ~all';

export type ResolverId = 'cloudflare' | 'google' | 'quad9';
/** The hosts of WATCH_ENDPOINTS (src/core/dns/doh-endpoints.ts), mapped to loopback. */
export const RESOLVER_HOSTS: Record<string, ResolverId> = {
  'cloudflare-dns.com': 'cloudflare',
  'dns.google': 'google',
  'dns.quad9.net': 'quad9',
};

export interface WatchResolvers {
  /** What each resolver serves for example.net now. */
  serving: Record<ResolverId, string>;
  logs: Record<ResolverId, Required<DohLog>>;
  /** Answers a request to one of RESOLVER_HOSTS; false when it is for another host. */
  handle: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/** `extra`: more names every resolver serves (the rest of a test's zone). */
export function watchResolvers(extra: Zone = {}): WatchResolvers {
  const ids: ResolverId[] = ['cloudflare', 'google', 'quad9'];
  const serving = { cloudflare: OLD_SPF, google: OLD_SPF, quad9: OLD_SPF };
  const log = (): Required<DohLog> => ({ queries: [], formats: [] });
  const logs = { cloudflare: log(), google: log(), quad9: log() };
  const handlers = new Map(
    ids.map((id) => [
      id,
      dohHandler(
        (): Zone => ({
          ...extra,
          'example.net': [{ type: 'TXT', data: serving[id], ttl: 300 }],
          '_dmarc.example.net': [
            { type: 'TXT', data: 'v=DMARC1; p=none; rua=mailto:d@example.net' },
          ],
        }),
        logs[id],
      ),
    ]),
  );
  return {
    serving,
    logs,
    handle: (req, res) => {
      const id = RESOLVER_HOSTS[(req.headers.host ?? '').replace(/:\d+$/, '')];
      const handler = id === undefined ? undefined : handlers.get(id);
      if (handler === undefined) return false;
      handler(req, res);
      return true;
    },
  };
}
