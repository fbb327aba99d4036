import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, terminalControls } from './helpers/run-cli.ts';

const fixtures = new URL('./fixtures/logs/', import.meta.url).pathname;

interface JsonGroup {
  status: string;
  domain: string | null;
  code: string | null;
  count: number;
  first: string | null;
  last: string | null;
  text: string;
  meaning: string | null;
  fix: string | null;
}
interface JsonSummary {
  sources: { name: string; bytes: number; stamp: string | null }[];
  counts: { sent: number; bounced: number; deferred: number; expired: number };
  first: string | null;
  last: string | null;
  groups: JsonGroup[];
  untimed: number;
  beforeSince: number;
}

describe('header-lens log', { timeout: 60_000 }, () => {
  let dir: string;
  /** The fixture copied with a fixed last-change time: classic syslog takes its year from it. */
  const copy = (name: string, as = name, when = '2025-03-10T00:00:00Z'): string => {
    const path = join(dir, as);
    copyFileSync(join(fixtures, name), path);
    utimesSync(path, new Date(when), new Date(when));
    return path;
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'header-lens-log-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('classic syslog: bounced and deferred by domain and code, the remote text, meaning and fix; exit 1', async () => {
    const r = await runCli(['log', copy('mail.log')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const out = r.stdout;
    expect(out).toContain('3 sent · 3 bounced · 2 deferred · 1 expired in the queue');
    expect(out).toContain('2025-03-05 10:00:01 – 2025-03-06 10:00:03 (local time, UTC)');
    expect(out).toMatch(
      /Bounced \(3\)\n {2}gmail\.com {2}5\.7\.26 {2}×2 \(2 recipients, e\.g\. alice@gmail\.com\) · 1 sent to gmail\.com/,
    );
    expect(out).toContain('first 2025-03-05 10:00:01, last 2025-03-05 12:15:09');
    expect(out).toContain(
      'gmail-smtp-in.l.google.com said: 550 Unauthenticated email from example.com is not accepted',
    );
    expect(out).toContain('Meaning: Gmail rejected the message as unauthenticated');
    expect(out).toContain(
      "Fix: Make SPF pass for the sending IP (add it to the domain's SPF record)",
    );
    expect(out).toContain('Check: header-lens check example.com --ip 203.0.113.5');
    expect(out).toMatch(/example\.org {2}5\.1\.1 {2}×1/);
    expect(out).toContain("Meaning: The recipient's mailbox does not exist at that server");
    expect(out).toMatch(
      /Deferred \(2\)\n {2}example\.net {2}4\.4\.1 {2}×2 \(1 recipient, e\.g\. carol@example\.net\)/,
    );
    expect(out).toContain('reason: connect to mx.example.net[192.0.2.10]:25: Connection timed out');
    expect(out).toContain('Classic syslog times have no year');
    expect(out).not.toContain('\u001b[');
  });

  it('--json: the same summary with ISO times, for every format', async () => {
    const runs = await Promise.all(
      [copy('mail.log'), copy('mail-rfc3339.log'), copy('journal-cat.log')].map((f) =>
        runCli(['log', '--json', f]),
      ),
    );
    const [classic, rfc, cat] = runs.map((r) => JSON.parse(r.stdout) as JsonSummary);
    for (const s of [classic, rfc, cat]) {
      expect(s?.counts).toEqual({ sent: 3, bounced: 3, deferred: 2, expired: 1 });
      expect(s?.groups.map((g) => [g.status, g.domain, g.code, g.count])).toEqual([
        ['bounced', 'gmail.com', '5.7.26', 2],
        ['bounced', 'example.org', '5.1.1', 1],
        ['deferred', 'example.net', '4.4.1', 2],
      ]);
    }
    expect(classic?.groups[0]).toMatchObject({
      first: '2025-03-05T10:00:01Z',
      last: '2025-03-05T12:15:09Z',
    });
    expect(rfc?.groups[0]).toMatchObject({ first: '2025-03-05T09:00:01Z' });
    expect(cat?.groups[0]).toMatchObject({ first: null, last: null });
    expect(cat?.untimed).toBe(6);
  });

  it('journalctl -o cat on standard input, with the note that it has no times', async () => {
    const r = await runCli(['log'], { input: readFileSync(join(fixtures, 'journal-cat.log')) });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Header Lens — mail log: standard input');
    expect(r.stdout).toContain('time unknown');
    expect(r.stdout).toContain('6 deliveries have no timestamp (journalctl -o cat writes none)');
  });

  it('exim main log', async () => {
    const r = await runCli(['log', '--json', copy('exim-mainlog')]);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout) as JsonSummary;
    expect(s.counts).toEqual({ sent: 2, bounced: 3, deferred: 2, expired: 0 });
    expect(s.groups.find((g) => g.code === '4.7.1')?.text).toBe(
      'Greylisted, please try again in 5 minutes',
    );
  });

  it('gzip-rotated files are read as they are, together with the current file; each keeps its year', async () => {
    const rotated = join(dir, 'mail.log.2.gz');
    writeFileSync(rotated, gzipSync(readFileSync(join(fixtures, 'mail.log'))));
    // Rotated a year earlier: its Mar 5 is 2024's.
    utimesSync(rotated, new Date('2024-03-12T00:00:00Z'), new Date('2024-03-12T00:00:00Z'));
    const r = await runCli(['log', '--json', rotated, copy('mail.log')]);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout) as JsonSummary;
    expect(s.sources.map((x) => [x.name.split('/').pop(), x.bytes, x.stamp])).toEqual([
      ['mail.log.2.gz', 3637, 'classic'],
      ['mail.log', 3637, 'classic'],
    ]);
    expect(s.counts.bounced).toBe(6);
    expect(s.groups[0]).toMatchObject({
      count: 4,
      first: '2024-03-05T10:00:01Z',
      last: '2025-03-05T12:15:09Z',
    });
    // A gzip file on standard input, too.
    const piped = await runCli(['log', '--json', '-'], { input: readFileSync(rotated) });
    expect((JSON.parse(piped.stdout) as JsonSummary).counts.bounced).toBe(3);
  });

  it('--since: an ISO time or a relative age; what came before is skipped', async () => {
    const iso = await runCli(['log', '--json', '--since', '2025-03-05T12:00', copy('mail.log')]);
    const s = JSON.parse(iso.stdout) as JsonSummary;
    expect(s.counts).toEqual({ sent: 1, bounced: 2, deferred: 0, expired: 1 });
    expect(s.beforeSince).toBe(5);
    const hour = (h: number): string => new Date(Date.now() - h * 3600_000).toISOString();
    const recent = join(dir, 'recent.log');
    writeFileSync(
      recent,
      [
        `${hour(72)} vps postfix/smtp[1]: 4ABC1: to=<old@example.org>, relay=none, dsn=4.4.1, status=deferred (old)`,
        `${hour(1)} vps postfix/smtp[1]: 4ABC2: to=<new@example.org>, relay=mx[192.0.2.1]:25, dsn=2.0.0, status=sent (250 ok)`,
      ].join('\n'),
    );
    const day = await runCli(['log', '--since', '24h', recent]);
    expect(day.code).toBe(0);
    expect(day.stdout).toContain('1 sent · 0 bounced · 0 deferred');
    expect(day.stdout).toContain('No bounced or deferred deliveries.');
    expect((await runCli(['log', '--since', '7d', recent])).code).toBe(1);
  });

  it('hostile lines: terminal control characters are shown, never sent', async () => {
    const evil = join(dir, 'evil.log');
    writeFileSync(
      evil,
      'Mar  5 12:00:02 vps postfix/smtp[1]: 4ABC124: to=<a\u001b[31m@example.org>, relay=mx.example.org\u0007[192.0.2.1]:25, dsn=5.7.1, status=bounced (host mx.example.org[192.0.2.1] said: 550 5.7.1 \u001b]0;pwned\u0007\u001b[2J\u009b31m\u202eevil\u0000)\n',
    );
    const r = await runCli(['log', evil]);
    expect(r.code).toBe(1);
    expect(terminalControls(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u202eevil\\u0000');
    expect(r.stdout).toContain('a\\u001b[31m@example.org');
    const json = await runCli(['log', '--json', evil]);
    expect(terminalControls(json.stdout)).toEqual([]);
    const s = JSON.parse(json.stdout) as JsonSummary;
    expect(s.groups[0]?.text).toContain('\u001b]0;pwned\u0007');
  });

  it('a log without failed deliveries exits 0; one without deliveries says what it expected', async () => {
    const ok = join(dir, 'ok.log');
    writeFileSync(
      ok,
      'Mar  5 12:00:06 vps postfix/smtp[1]: 4ABC128: to=<b@example.org>, relay=mx[192.0.2.1]:25, dsn=2.0.0, status=sent (250 ok)\n',
    );
    const r = await runCli(['log', ok]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 sent · 0 bounced · 0 deferred');
    const none = await runCli(['log', '-'], { input: 'Mar  5 12:00:00 vps kernel: hello\n' });
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No deliveries found: is this a postfix or exim log?');
  });

  it('unreadable input and bad usage exit 2 with the reason on standard error', async () => {
    const damaged = join(dir, 'damaged.gz');
    writeFileSync(damaged, gzipSync(Buffer.from('x'.repeat(10_000))).subarray(0, 40));
    const cases: [string[], string][] = [
      [['log', join(dir, 'missing.log')], 'no such file'],
      [['log', dir], 'it is a directory'],
      [['log', damaged], 'damaged or cut-off gzip file'],
      [['log', '--since', 'yesterday', join(fixtures, 'mail.log')], '--since needs'],
      [['log', '--frob'], 'unknown option --frob'],
      [['log', '-', '-'], 'standard input can be read once'],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe('');
    }
    const help = await runCli(['log', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: header-lens log [FILE… | -]');
  });
});
