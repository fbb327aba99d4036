import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './helpers/run-cli.ts';

/** `header-lens ARGS`, with `input` on standard input. */
const inspect = (args: string[], input?: string): Promise<CliRun> =>
  runCli(args, input === undefined ? {} : { input });

describe('npm run inspect', () => {
  it('with no FILE analyzes the bundled sample: verdict, the mechanism to add, hop table; exit 1, not authenticated', async () => {
    const r = await inspect([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('bundled sample');
    expect(r.stdout).toMatch(/SPF\s+✗ SOFTFAIL\s+client IP 2001:db8:5c1::26, domain example\.com/);
    // A record is published: the next step adds to it and never prints a record to replace it.
    expect(r.stdout).toContain(
      'Next step: Add ip6:2001:db8:5c1::26 to the SPF record of example.com',
    );
    expect(r.stdout).not.toContain('v=spf1 ip6:2001:db8:5c1::26 ~all');
    expect(r.stdout).toContain('Path, oldest first');
    expect(r.stdout).toMatch(
      /mail\.example\.com\s+2001:db8:5c1::26\s+mx\.google\.com\s+encrypted SMTP \(TLS 1\.3\)/,
    );
    expect(r.stdout).toContain('← received here');
    // No ANSI escapes when NO_COLOR is set.
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('--json prints the report contract and nothing else', async () => {
    const r = await inspect(['--json', 'test/fixtures/gmail-pass.eml']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining([
        'spf',
        'dkim',
        'dmarc',
        'arc',
        'authservId',
        'hops',
        'hints',
        'warnings',
        'bounce',
      ]),
    );
    expect(report['spf']).toMatchObject({
      result: 'pass',
      clientIp: '203.0.113.5',
      domain: 'example.com',
      identity: 'mailfrom',
      fix: null,
    });
    expect(report['authservId']).toBe('mx.google.com');
  });

  it('reads standard input with "-": a postfix bounce line gives the code, host and SPF record', async () => {
    const line =
      "Nov 20 09:02:05 mail postfix/smtp[1234]: 4XtZ9C1Qv2z9sRb: to=<you@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.102.27]:25, delay=1.2, dsn=5.7.26, status=bounced (host gmail-smtp-in.l.google.com[142.250.102.27] said: 550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy. 550-5.7.26 SPF [example.com] with ip: [203.0.113.5] = did not pass 550 5.7.26 - gsmtp (in reply to end of DATA command))";
    const r = await inspect(['--json', '-'], line);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      bounce: Record<string, unknown>;
      spf: { fix: { record: string | null; add: string | null } };
    };
    expect(report.bounce).toMatchObject({
      replyCode: 550,
      enhancedCode: '5.7.26',
      host: 'gmail-smtp-in.l.google.com',
    });
    // The bounce doesn't say whether a record exists: the mechanism to add, never a whole
    // record that could replace the published one.
    expect(report.spf.fix).toMatchObject({ record: null, add: 'ip4:203.0.113.5' });
  });

  it('exits 2 with a clear message when the file cannot be read', async () => {
    const r = await inspect(['/nonexistent/message.eml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read /nonexistent/message.eml: no such file');
    expect(r.stdout).toBe('');
    const dir = await inspect([tmpdir()]);
    expect(dir.code).toBe(2);
    expect(dir.stderr).toContain('is a directory');
  });

  it('exits 2 on an unknown option and 0 on --help, printed on standard output', async () => {
    expect((await inspect(['--frobnicate'])).code).toBe(2);
    const help = await inspect(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: header-lens [inspect]');
  });

  it('makes terminal control characters in header text visible instead of sending them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hl-cli-'));
    const file = join(dir, 'evil.eml');
    writeFileSync(
      file,
      'Subject: hi \u001b]0;pwned\u0007\u001b[2J there \u202eevil\r\nFrom: a@example.com\r\n\r\nbody\r\n',
    );
    const r = await inspect([file]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).not.toContain('\u0007');
    expect(r.stdout).not.toContain('\u202e');
    expect(r.stdout).toContain('\\u001b]0;pwned\\u0007');
  });

  it('analyzes input that is not a message without failing, says so, and exits 2', async () => {
    const r = await inspect(['--json', '-'], 'just some words\nnothing here\n');
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as { input: string; warnings: { code: string }[] };
    expect(report.input).toBe('empty');
    expect(report.warnings.map((w) => w.code)).toContain('not-a-message');
  });
});
