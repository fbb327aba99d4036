import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/core/index.ts';
import { startDohServer } from './helpers/doh-server.ts';
import { runCli, type CliRun } from './helpers/run-cli.ts';

const inspect = (args: string[]): Promise<CliRun> => runCli(args);

describe('npm run inspect -- --live', () => {
  let doh: Awaited<ReturnType<typeof startDohServer>>;
  beforeAll(async () => {
    doh = await startDohServer({
      'example.com': [
        {
          type: 'TXT',
          data: '"v=spf1 ip4:203.0.113.0/24 " "include:_spf.mail.example ~all"',
          ttl: 3600,
        },
        { type: 'TXT', data: '"google-site-verification=abc"', ttl: 3600 },
      ],
      '_spf.mail.example': [{ type: 'TXT', data: 'v=spf1 ip4:192.0.2.0/24 ~all' }],
      '_dmarc.example.com': [
        { type: 'TXT', data: '"v=DMARC1; p=quarantine; rua=mailto:d@example.com"' },
      ],
      '6.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.c.5.0.8.b.d.0.1.0.0.2.ip6.arpa': [
        { type: 'PTR', data: 'mail.example.com.' },
      ],
      'mail.example.com': [{ type: 'AAAA', data: '2001:db8:5c1::26' }],
    });
  });
  afterAll(async () => doh.close());

  it('--json gains spf.live with the result now, the record, the fix built from it, the resolver and the time', async () => {
    const r = await inspect(['--live', '--doh', doh.url, '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.spf.result).toBe('softfail');
    expect(report.spf.live).toMatchObject({
      domain: 'example.com',
      clientIp: '2001:db8:5c1::26',
      record: 'v=spf1 ip4:203.0.113.0/24 include:_spf.mail.example ~all',
      result: 'softfail',
      authorizesClientIp: false,
      mechanism: '~all',
      lookups: 1,
      ttl: 3600,
      resolver: `${new URL(doh.url).host} (${doh.url})`,
      fix: {
        record: 'v=spf1 ip6:2001:db8:5c1::26 ip4:203.0.113.0/24 include:_spf.mail.example ~all',
        lookups: 1,
      },
    });
    expect(report.spf.live?.checkedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(report.dmarc.live).toMatchObject({
      status: 'found',
      policy: 'quarantine',
      record: 'v=DMARC1; p=quarantine; rua=mailto:d@example.com',
    });
    expect(report.ptr?.live).toMatchObject({ names: ['mail.example.com'], forwardConfirmed: true });
    // Only names were asked, never message content.
    expect(doh.log.queries).toContain('example.com TXT');
    expect(doh.log.queries.every((q) => /^[a-z0-9._-]+ (TXT|A|AAAA|MX|PTR)$/.test(q))).toBe(true);
  });

  it('the readable report labels current DNS apart from the verdict and prints the record that would pass', async () => {
    const r = await inspect(['--live', '--doh', doh.url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Current DNS — as of \S+ via /);
    expect(r.stdout).toContain(
      'v=spf1 ip6:2001:db8:5c1::26 ip4:203.0.113.0/24 include:_spf.mail.example ~all',
    );
    expect(r.stdout).toContain('named mail.example.com, which points back to it');
  });

  it('an unreachable resolver gives temperror with the reason, not a crash', async () => {
    const r = await inspect(['--live', '--doh', 'http://127.0.0.1:9/dns-query', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.spf.live).toMatchObject({ result: 'temperror', fix: null });
    expect(report.spf.live?.problem).toContain('could not be reached');
  });

  it('rejects a --doh that is not a URL', async () => {
    const r = await inspect(['--doh', 'ftp://x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--doh needs cloudflare, google, quad9 or an http(s) URL');
  });

  it('without --live nothing is looked up and the report has no live fields', async () => {
    const before = doh.log.queries.length;
    const report = JSON.parse((await inspect(['--json'])).stdout) as Report;
    expect(report.spf.live).toBeUndefined();
    expect(report.ptr).toBeUndefined();
    expect(doh.log.queries.length).toBe(before);
  });
});
