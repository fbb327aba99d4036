// Over 300 lines: one case per log line form.
import { describe, expect, it } from 'vitest';
import {
  explainStatus,
  parseLogLine,
  parseSince,
  readLogStamp,
  toEpochMs,
} from '../src/core/log/index.ts';
import { unitsOf } from './helpers/measure.ts';

const G550 =
  "host gmail-smtp-in.l.google.com[142.250.102.27] said: 550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy. 550 5.7.26 a1si123.45 - gsmtp (in reply to end of DATA command)";
const BODY = `4ABC123: to=<alice@gmail.com>, relay=gmail-smtp-in.l.google.com[142.250.102.27]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.7.26, status=bounced (${G550})`;
const iso = (line: string): string | null => {
  const stamp = parseLogLine(line)?.stamp ?? null;
  return stamp === null ? null : new Date(toEpochMs(stamp, Date.UTC(2025, 5, 1))).toISOString();
};

describe('postfix delivery lines in every log format', () => {
  const expected = {
    mta: 'postfix',
    status: 'bounced',
    queueId: '4ABC123',
    recipient: 'alice@gmail.com',
    domain: 'gmail.com',
    dsn: '5.7.26',
    relay: 'gmail-smtp-in.l.google.com',
    text: G550,
  };
  it('classic syslog (RFC 3164), a one-digit day padded with a space', () => {
    const line = `Mar  5 12:00:01 vps postfix/smtp[1234]: ${BODY}`;
    expect(parseLogLine(line)).toMatchObject({
      ...expected,
      stamp: { kind: 'classic', year: null },
    });
    expect(iso(line)).toBe('2025-03-05T12:00:01.000Z');
  });
  it("rsyslog's RFC 3339 timestamps: +00:00, journalctl's +0000, Z, fractions", () => {
    for (const [stamp, at] of [
      ['2025-03-05T12:00:01.123456+01:00', '2025-03-05T11:00:01.123Z'],
      ['2025-03-05T12:00:01+0000', '2025-03-05T12:00:01.000Z'],
      ['2025-03-05T12:00:01Z', '2025-03-05T12:00:01.000Z'],
      ['2025-03-05T12:00:01.5-05:30', '2025-03-05T17:30:01.500Z'],
    ] as const) {
      const line = `${stamp} vps postfix-out/smtp[1234]: ${BODY}`;
      expect(parseLogLine(line), stamp).toMatchObject({ ...expected, stamp: { kind: 'rfc3339' } });
      expect(iso(line)).toBe(at);
    }
  });
  it('journalctl -o cat: no timestamp, no program', () => {
    expect(parseLogLine(BODY)).toMatchObject({ ...expected, stamp: null });
  });
  it('sent, deferred, SOFTBOUNCE (soft_bounce=yes keeps the mail queued: deferred), orig_to, long queue ids', () => {
    const p = 'Mar 15 08:00:00 mx postfix/smtp[1]: 4XtZ9C1Qv2z9sRb: ';
    expect(
      parseLogLine(
        `${p}to=<b@example.org>, orig_to=<alias@example.com>, relay=mx.example.org[198.51.100.25]:25, delay=0.9, delays=0.1/0/0.4/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok)`,
      ),
    ).toMatchObject({
      status: 'sent',
      recipient: 'b@example.org',
      domain: 'example.org',
      dsn: '2.0.0',
      queueId: '4XtZ9C1Qv2z9sRb',
    });
    expect(
      parseLogLine(
        `${p}to=<c@example.net>, relay=none, delay=30, delays=0.1/0/30/0, dsn=4.4.1, status=deferred (connect to mx.example.net[192.0.2.10]:25: Connection timed out)`,
      ),
    ).toMatchObject({
      status: 'deferred',
      relay: null,
      dsn: '4.4.1',
      text: 'connect to mx.example.net[192.0.2.10]:25: Connection timed out',
    });
    expect(
      parseLogLine(
        `${p}to=<d@example.net>, relay=mx.example.net[192.0.2.10]:25, dsn=5.1.1, status=SOFTBOUNCE (host said: 550 5.1.1 no)`,
      ),
    ).toMatchObject({
      status: 'deferred',
      dsn: '5.1.1',
    });
    expect(
      parseLogLine(
        `${p}to=<root@vps>, relay=local, delay=0, dsn=2.0.0, status=sent (delivered to mailbox)`,
      ),
    ).toMatchObject({
      status: 'sent',
      domain: null,
      relay: null,
    });
  });
  it("the queue manager's expired message: the sender, no recipient domain", () => {
    expect(
      parseLogLine(
        'Mar  6 10:00:03 vps postfix/qmgr[998]: 4ABC123: from=<news@example.com>, status=expired, returned to sender',
      ),
    ).toMatchObject({
      status: 'expired',
      recipient: 'news@example.com',
      text: 'returned to sender',
    });
  });
  it('lines that are no delivery attempt are not read as one', () => {
    for (const line of [
      'Mar  5 09:59:58 vps postfix/smtpd[2201]: connect from localhost[127.0.0.1]',
      'Mar  5 09:59:58 vps postfix/qmgr[998]: 4ABC123: from=<news@example.com>, size=2214, nrcpt=3 (queue active)',
      'Mar  5 09:59:58 vps postfix/smtp[1]: 4ABC123: to=<a@example.org>, relay=x[1.2.3.4]:25, dsn=2.1.5, status=deliverable (250 2.1.5 Ok)',
      'Mar  5 09:59:58 vps postfix/smtp[1]: connect to mx.example.net[192.0.2.10]:25: Connection timed out',
      'Mar  5 09:59:58 vps kernel: [  0.000000] status=bounced',
      'Mar  5 09:59:58 vps postfix/smtp[1]: 4ABC123: to=<a@example.org>',
      '',
      'status=bounced',
    ]) {
      expect(parseLogLine(line), line).toBeNull();
    }
  });
});

describe('exim', () => {
  const reply =
    'SMTP error from remote mail server after pipelined end of data: 550-5.7.26 Unauthenticated email.\\n550 5.7.26 a1si - gsmtp';
  it('its main log: bounced (**), deferred (==), delivered (=> and ->), the \\n of a multi-line reply', () => {
    expect(
      parseLogLine(
        `2025-03-05 10:00:01 1tXyzA-000123-AB ** alice@gmail.com R=dnslookup T=remote_smtp H=gmail-smtp-in.l.google.com [142.250.102.27] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes DN="CN=mx.google.com: x": ${reply}`,
      ),
    ).toMatchObject({
      mta: 'exim',
      status: 'bounced',
      flag: '**',
      queueId: '1tXyzA-000123-AB',
      recipient: 'alice@gmail.com',
      domain: 'gmail.com',
      relay: 'gmail-smtp-in.l.google.com',
      dsn: null,
      text: 'SMTP error from remote mail server after pipelined end of data: 550-5.7.26 Unauthenticated email. 550 5.7.26 a1si - gsmtp',
      stamp: { kind: 'exim', year: 2025, offsetMinutes: null },
    });
    expect(
      parseLogLine(
        '2025-03-05 10:00:33 1tXyzB-0000000456-CDEF == carol@example.net R=dnslookup T=remote_smtp defer (110): Connection timed out',
      ),
    ).toMatchObject({
      status: 'deferred',
      queueId: '1tXyzB-0000000456-CDEF',
      text: 'Connection timed out',
    });
    expect(
      parseLogLine(
        '2025-03-05 10:00:02 1tXyzA-000123-AB => bob@example.org R=dnslookup T=remote_smtp H=mx.example.org [198.51.100.25] C="250 2.0.0 Ok: queued"',
      ),
    ).toMatchObject({
      status: 'sent',
      domain: 'example.org',
    });
    expect(
      parseLogLine(
        '2025-03-05 10:00:02 1tXyzA-000123-AB -> bob2@example.org R=dnslookup T=remote_smtp',
      ),
    ).toMatchObject({ status: 'sent', flag: '->' });
    expect(
      parseLogLine('2025-03-05 12:21:00 1tXyzD-000999-IJ ** root@vps: Unrouteable address'),
    ).toMatchObject({
      status: 'bounced',
      recipient: 'root@vps',
      domain: null,
      text: 'Unrouteable address',
    });
  });
  it('log_timezone, +millisec and +pid selectors; exim through syslog with and without its own stamp', () => {
    expect(iso('2025-03-05 12:20:00.250 +0100 [4242] 1tXyzC-000789-GH ** a@example.org: x')).toBe(
      '2025-03-05T11:20:00.250Z',
    );
    expect(
      iso('Mar  5 12:00:00 vps exim[77]: 2025-03-05 12:00:01 1tXyzC-000789-GH ** a@example.org: x'),
    ).toBe('2025-03-05T12:00:01.000Z');
    expect(
      parseLogLine('Mar  5 12:00:00 vps exim[77]: 1tXyzC-000789-GH ** a@example.org: x'),
    ).toMatchObject({ stamp: { kind: 'classic' } });
  });
  it('arrivals, completions and suppressed deliveries are not delivery attempts', () => {
    for (const line of [
      '2025-03-05 10:00:00 1tXyzA-000123-AB <= news@example.com U=news P=local S=2214',
      '2025-03-05 10:00:35 1tXyzA-000123-AB Completed',
      '2025-03-05 10:00:35 1tXyzA-000123-AB *> a@example.com R=x T=y',
      '2025-03-05 10:00:35 1tXyzA-00012-AB ** a@example.com: bad id',
    ]) {
      expect(parseLogLine(line), line).toBeNull();
    }
  });
});

describe('hostile lines', () => {
  it("a quoted local part can't pose as the status field", () => {
    const line =
      'Mar  5 12:00:01 vps postfix/smtp[1]: 4ABC123: to=<"x>, dsn=2.0.0, status=sent (ok)"@evil.example>, relay=mx.evil.example[192.0.2.1]:25, dsn=5.1.1, status=bounced (host said: 550 5.1.1 no such user)';
    expect(parseLogLine(line)).toMatchObject({
      status: 'bounced',
      dsn: '5.1.1',
      domain: 'evil.example',
    });
  });
  it("the remote's text can't pose as a field", () => {
    const line = `${BODY.replace('(host', '(status=sent dsn=2.0.0 host')}`;
    expect(parseLogLine(line)).toMatchObject({ status: 'bounced', dsn: '5.7.26' });
  });
  it('control characters are kept as data (the CLI shows them, never sends them)', () => {
    const line = `Mar  5 12:00:01 vps postfix/smtp[1]: 4ABC123: to=<a@example.org>, relay=mx.example.org[192.0.2.1]:25, dsn=5.7.1, status=bounced (host mx.example.org[192.0.2.1] said: 550 5.7.1 \u001b]0;pwned\u0007\u001b[2J\u202eevil)`;
    expect(parseLogLine(line)?.text).toContain('\u001b]0;pwned\u0007');
  });
  it('a megabyte line costs what its first 32 KiB cost', () => {
    const long = `${BODY} ${'x'.repeat(1024 * 1024)}`;
    const short = `${BODY} ${'x'.repeat(40 * 1024)}`;
    expect(unitsOf(parseLogLine, long)).toBe(unitsOf(parseLogLine, short));
    expect(unitsOf(parseLogLine, long)).toBeLessThan(3 * 32 * 1024);
  });
});

describe('timestamps', () => {
  const classic = (text: string) => {
    const read = readLogStamp(`${text} vps postfix/smtp[1]: x`, 0);
    if (read === null) throw new Error(`not a stamp: ${text}`);
    return read.stamp;
  };
  const at = (text: string, reference: string): string =>
    new Date(toEpochMs(classic(text), Date.parse(reference))).toISOString();
  it("a classic stamp takes its reference's year (the file's last change)", () => {
    expect(at('Mar  5 12:00:01', '2025-03-10T00:00:00Z')).toBe('2025-03-05T12:00:01.000Z');
  });
  it('or the year before when that would be more than a day after the reference', () => {
    expect(at('Dec 31 23:59:59', '2026-01-05T00:00:00Z')).toBe('2025-12-31T23:59:59.000Z');
    expect(at('Mar 12 00:00:00', '2025-03-10T00:00:00Z')).toBe('2024-03-12T00:00:00.000Z');
    // Within the day of slack (a zone's difference between the log's clock and the file's).
    expect(at('Mar 10 20:00:00', '2025-03-10T12:00:00Z')).toBe('2025-03-10T20:00:00.000Z');
  });
  it('a leap second is read as :59; malformed stamps are no stamps', () => {
    expect(at('Jun 30 23:59:60', '2025-07-01T00:00:00Z')).toBe('2025-06-30T23:59:59.000Z');
    for (const bad of [
      'Mar 32 12:00:01',
      'Foo  5 12:00:01',
      'Mar  5 24:00:01',
      '2025-13-05T12:00:01Z',
      '2025-03-05T12:00:01',
      'mar  5 12:00:01',
    ]) {
      expect(readLogStamp(`${bad} vps x: y`, 0), bad).toBeNull();
    }
  });
});

describe('--since', () => {
  const now = Date.parse('2025-03-10T12:00:00Z');
  it('relative ages and ISO dates; local time without a zone (TZ=UTC here)', () => {
    expect(parseSince('24h', now)).toBe(now - 24 * 3600_000);
    expect(parseSince('7d', now)).toBe(now - 7 * 86_400_000);
    expect(parseSince('30m', now)).toBe(now - 30 * 60_000);
    expect(parseSince('2w', now)).toBe(now - 14 * 86_400_000);
    expect(parseSince('2025-03-05', now)).toBe(Date.parse('2025-03-05T00:00:00Z'));
    expect(parseSince('2025-03-05T12:30', now)).toBe(Date.parse('2025-03-05T12:30:00Z'));
    expect(parseSince('2025-03-05 12:30:15', now)).toBe(Date.parse('2025-03-05T12:30:15Z'));
    expect(parseSince('2025-03-05T12:30:00+01:00', now)).toBe(Date.parse('2025-03-05T11:30:00Z'));
    expect(parseSince('2025-03-05T12:30:00Z', now)).toBe(Date.parse('2025-03-05T12:30:00Z'));
  });
  it('anything else is refused', () => {
    for (const bad of ['yesterday', '24', 'h', '2025-02-30', '2025-3-5', '-7d', '7 d', '']) {
      expect(parseSince(bad, now), bad).toBeNull();
    }
  });
});

describe('what a code means', () => {
  it("Gmail's own meaning only for a reply from Google", () => {
    const google = explainStatus('5.7.27', { relay: 'gmail-smtp-in.l.google.com', text: '' });
    expect(google).toMatchObject({
      source: 'gmail',
      meaning: 'SPF did not pass for the sending IP.',
    });
    expect(
      explainStatus('5.7.26', { relay: null, text: '550 5.7.26 blocked - gsmtp' })?.source,
    ).toBe('gmail');
    // At another receiver the registry's meaning applies (5.7.27 is "sender address has null MX").
    const other = explainStatus('5.7.27', { relay: 'mx.example.org', text: '' });
    expect(other).toMatchObject({ source: 'rfc3463' });
    expect(other?.meaning).toContain('security or policy');
    expect(explainStatus('5.7.26', { relay: 'mx.example.org', text: '' })?.meaning).toContain(
      'Several authentication checks failed',
    );
  });
  it('the class says temporary or permanent; an unknown subject or no code gives nothing', () => {
    expect(explainStatus('4.4.1', { relay: null, text: '' })?.meaning).toContain(
      'Temporary failure',
    );
    expect(explainStatus('5.1.1', { relay: null, text: '' })?.meaning).toContain(
      'Permanent failure',
    );
    expect(explainStatus('5.9.1', { relay: null, text: '' })).toBeNull();
    expect(explainStatus(null, { relay: null, text: '' })).toBeNull();
  });
});
