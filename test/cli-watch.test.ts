import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeMessage, type DohEndpoint } from '../src/core/index.ts';
import { watchReport } from '../src/cli/watch.ts';
import { startDohServer, type Zone } from './helpers/doh-server.ts';
import { runCli } from './helpers/run-cli.ts';

/** The bundled sample: SPF softfail for 2001:db8:5c1::26 at example.com, From: example.com. */
const sample = readFileSync(new URL('../src/cli/sample.eml', import.meta.url), 'utf8');
const dmarc: Zone = {
  '_dmarc.example.com': [{ type: 'TXT', data: '"v=DMARC1; p=none"', ttl: 3600 }],
};
const OLD: Zone = {
  ...dmarc,
  'example.com': [{ type: 'TXT', data: '"v=spf1 ip4:203.0.113.0/24 ~all"', ttl: 600 }],
};
const NEW: Zone = {
  ...dmarc,
  'example.com': [
    { type: 'TXT', data: '"v=spf1 ip6:2001:db8:5c1::26 ip4:203.0.113.0/24 ~all"', ttl: 3600 },
  ],
};

const T0 = Date.UTC(2026, 2, 5, 10, 2);

describe('header-lens inspect --watch', { timeout: 60_000 }, () => {
  let clock = T0;
  /** Each resolver switches to the new record at its own time on the test's clock. */
  const switchAt = { a: T0 + 5 * 60_000, b: T0 + 15 * 60_000, c: T0 + 12 * 60_000 };
  let servers: Awaited<ReturnType<typeof startDohServer>>[] = [];
  let endpoints: DohEndpoint[] = [];
  beforeAll(async () => {
    servers = await Promise.all(
      Object.values(switchAt).map((at) => startDohServer(() => (clock >= at ? NEW : OLD))),
    );
    endpoints = servers.map((s, i) => ({
      id: `r${i}`,
      name: `Resolver ${i + 1}`,
      url: s.url,
      format: i === 0 ? 'json' : 'wire',
    }));
  });
  afterAll(async () => Promise.all(servers.map((s) => s.close())));

  it('polls on the TTL until every resolver serves a record that authorizes the client IP, then exits 0', async () => {
    clock = T0;
    let out = '';
    const sleeps: number[] = [];
    const code = await watchReport(
      analyzeMessage(sample),
      { endpoints, limitMs: 48 * 3_600_000 },
      {
        now: () => clock,
        sleep: async (ms) => {
          sleeps.push(ms);
          clock += ms;
        },
        write: (t) => (out += t),
        fetch: (url, init) => fetch(url, init),
      },
    );
    expect(code).toBe(0);
    // Old answers with a 600 s TTL: a look every 601 s until the last resolver switched.
    expect(sleeps).toEqual([601_000, 601_000]);
    expect(out).toContain('Watching example.com on Resolver 1, Resolver 2, Resolver 3');
    expect(out).toContain('0 of 3 resolvers serve the new records for 2001:db8:5c1::26');
    expect(out).toMatch(
      /Resolver 1 +old +SPF gives softfail for 2001:db8:5c1::26 — the old answer may be cached for 10 min more/,
    );
    expect(out).toContain('serves: v=spf1 ip4:203.0.113.0/24 ~all');
    // After the first switch, one resolver first.
    expect(out).toContain('1 of 3 resolvers serve the new records');
    expect(out).toMatch(/Resolver 1 +live +authorizes 2001:db8:5c1::26/);
    expect(out).toContain(
      'Live: all 3 resolvers serve the new records and authorize 2001:db8:5c1::26',
    );
    // Both formats were used; only names were sent.
    expect(servers[0]?.log.formats?.every((f) => f === 'json')).toBe(true);
    expect(servers[1]?.log.formats?.every((f) => f === 'wire-get')).toBe(true);
    expect(
      servers
        .flatMap((s) => s.log.queries)
        .every((q) => /^[a-z0-9._-]+ (TXT|A|AAAA|MX|PTR)$/.test(q)),
    ).toBe(true);
  });

  it('the command exits 1 when the time runs out before the record is live', async () => {
    clock = T0;
    const r = await runCli([
      'src/cli/sample.eml',
      '--watch-for',
      '1s',
      '--resolvers',
      `${servers[1]?.url ?? ''},json:${servers[0]?.url ?? ''}`,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Watching example.com on 127.0.0.1:');
    expect(r.stdout).toContain('Stopped after 1 s: 0 of 2 resolvers serve the new records.');
  });

  it('the command exits 0 at once when the new record is already live', async () => {
    clock = T0 + 3_600_000;
    const r = await runCli([
      'src/cli/sample.eml',
      '--watch',
      '--resolvers',
      `${servers[2]?.url ?? ''}`,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Live: all 1 resolvers');
  });

  it('rejects a bad --watch-for or --resolvers', async () => {
    expect((await runCli(['--watch-for', '3d'])).code).toBe(2);
    const r = await runCli(['--resolvers', 'ftp://x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--resolvers needs');
  });
});
