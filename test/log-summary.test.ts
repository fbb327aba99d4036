// Over 300 lines: the summarizer's cases, over the same log fixtures.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bufferFind } from '../src/cli/read-logs.ts';
import {
  createLogSummarizer,
  findBytes,
  LOG_LIMITS,
  parseLogLine,
  type LogSummary,
  type LogSummaryOptions,
} from '../src/core/log/index.ts';
import { growth } from './helpers/measure.ts';

const REFERENCE = Date.parse('2025-03-10T00:00:00Z');
const logFixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/logs/${name}`, import.meta.url), 'utf8');

/** The summary of `text` fed in the given chunks (one chunk by default). */
function summarize(
  text: string | Uint8Array,
  options: LogSummaryOptions & { cuts?: readonly number[] } = {},
): LogSummary {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const s = createLogSummarizer(options);
  s.begin({ name: 'test', referenceMs: REFERENCE });
  let from = 0;
  for (const cut of [...(options.cuts ?? [])].sort((a, b) => a - b)) {
    if (cut <= from || cut >= bytes.length) continue;
    s.push(bytes.subarray(from, cut));
    from = cut;
  }
  s.push(bytes.subarray(from));
  s.end();
  return s.summary();
}

const failed = (s: LogSummary) =>
  s.groups.map((g) => [g.status, g.domain, g.code, g.count, g.recipients, g.sentToDomain]);

describe('the fixture logs', () => {
  const postfixGroups = [
    ['bounced', 'gmail.com', '5.7.26', 2, 2, 1],
    ['bounced', 'example.org', '5.1.1', 1, 1, 1],
    ['deferred', 'example.net', '4.4.1', 2, 1, 0],
  ];
  for (const name of ['mail.log', 'mail-rfc3339.log', 'journal-cat.log']) {
    it(`${name}: the same deliveries whatever the format`, () => {
      const s = summarize(logFixture(name));
      expect(s.counts).toEqual({ sent: 3, bounced: 3, deferred: 2, expired: 1 });
      expect(failed(s)).toEqual(postfixGroups);
      const gmail = s.groups[0];
      expect(gmail).toMatchObject({
        example: 'alice@gmail.com',
        host: 'gmail-smtp-in.l.google.com',
        replyCode: 550,
        source: 'gmail',
        spfDomain: 'example.com',
        clientIp: '203.0.113.5',
      });
      expect(gmail?.text).toMatch(/^Unauthenticated email from example\.com is not accepted/);
      expect(gmail?.text).not.toContain('550-5.7.26');
      expect(gmail?.meaning).toContain('Gmail rejected the message as unauthenticated');
      expect(s.groups[1]).toMatchObject({ source: 'rfc3463', host: 'mx.example.org' });
      expect(s.groups[2]?.text).toBe(
        'connect to mx.example.net[192.0.2.10]:25: Connection timed out',
      );
    });
  }
  it('times: classic syslog in local time (TZ=UTC), RFC 3339 with its offset, none from journalctl -o cat', () => {
    const classic = summarize(logFixture('mail.log'));
    expect(classic.sources[0]?.stamp).toBe('classic');
    expect(new Date(classic.first ?? 0).toISOString()).toBe('2025-03-05T10:00:01.000Z');
    expect(new Date(classic.last ?? 0).toISOString()).toBe('2025-03-06T10:00:03.000Z');
    expect(classic.groups[2]).toMatchObject({
      first: Date.parse('2025-03-05T10:00:03Z'),
      last: Date.parse('2025-03-05T11:30:00Z'),
    });
    const rfc = summarize(logFixture('mail-rfc3339.log'));
    expect(rfc.sources[0]?.stamp).toBe('rfc3339');
    expect(rfc.groups[0]?.first).toBe(Date.parse('2025-03-05T09:00:01Z'));
    const cat = summarize(logFixture('journal-cat.log'));
    // Bounced, deferred and expired lines without a time (sent ones only count with --since).
    expect(cat).toMatchObject({ first: null, last: null, untimed: 6 });
    expect(cat.sources[0]?.stamp).toBe('none');
  });
  it('exim: bounces, deferrals with and without a code, deliveries, local recipients last', () => {
    const s = summarize(logFixture('exim-mainlog'));
    expect(s.counts).toEqual({ sent: 2, bounced: 3, deferred: 2, expired: 0 });
    expect(s.mtas).toEqual({ postfix: 0, exim: 7 });
    expect(failed(s)).toEqual([
      ['bounced', 'example.org', '5.1.1', 1, 1, 2],
      ['bounced', 'gmail.com', '5.7.26', 1, 1, 0],
      ['bounced', null, null, 1, 1, 0],
      ['deferred', 'example.net', null, 1, 1, 0],
      ['deferred', 'example.net', '4.7.1', 1, 1, 0],
    ]);
    expect(s.groups[1]).toMatchObject({ source: 'gmail', spfDomain: 'example.com' });
    expect(s.groups[3]?.text).toBe('Connection timed out');
  });
  it('--since skips what came before and keeps lines without a time', () => {
    const since = Date.parse('2025-03-05T12:00:00Z');
    const s = summarize(logFixture('mail.log'), { since });
    expect(s.counts).toEqual({ sent: 1, bounced: 2, deferred: 0, expired: 1 });
    expect(s.beforeSince).toBe(5);
    expect(s.since).toBe(since);
    const cat = summarize(logFixture('journal-cat.log'), { since });
    expect(cat.counts.bounced).toBe(3);
    expect(cat.untimed).toBe(9);
  });
  it('several inputs summarize together, each with its own year', () => {
    const s = createLogSummarizer();
    const bytes = new TextEncoder().encode(logFixture('mail.log'));
    s.begin({ name: 'mail.log.1', referenceMs: Date.parse('2024-03-10T00:00:00Z') });
    s.push(bytes);
    s.begin({ name: 'mail.log', referenceMs: REFERENCE });
    s.push(bytes);
    s.end();
    const sum = s.summary();
    expect(sum.sources.map((x) => [x.name, x.bytes])).toEqual([
      ['mail.log.1', bytes.length],
      ['mail.log', bytes.length],
    ]);
    expect(sum.counts.bounced).toBe(6);
    expect(sum.groups[0]).toMatchObject({
      count: 4,
      first: Date.parse('2024-03-05T10:00:01Z'),
      last: Date.parse('2025-03-05T12:15:09Z'),
    });
  });
});

/** Every fixture and the hostile lines, as one log. */
const hostileLines = [
  'Mar  5 12:00:01 vps postfix/smtp[1]: 4ABC123: to=<"x>, dsn=2.0.0, status=sent (ok)"@evil.example>, relay=mx.evil.example[192.0.2.1]:25, dsn=5.1.1, status=bounced (host said: 550 5.1.1 no)',
  'Mar  5 12:00:02 vps postfix/smtp[1]: 4ABC124: to=<a@example.org>, relay=mx.example.org[192.0.2.1]:25, dsn=5.7.1, status=bounced (host mx.example.org[192.0.2.1] said: 550 5.7.1 \u001b]0;pwned\u0007\u001b[2J\u202eevil == => ** status=sent)',
  'Mar  5 12:00:03 vps postfix/smtp[1]: 4ABC125: to=<ünï@bücher.example>, relay=mx[192.0.2.1]:25, dsn=2.0.0, status=sent (250 ok)',
  'Mar  5 12:00:04 vps postfix/smtp[1]: 4ABC126: to=<a@example.org>, orig_to=<b@example.com>, relay=mx[192.0.2.1]:25, dsn=2.0.0, status=sent',
  'status=sent status=sent status=sent ** == => ->',
  'Mar  5 12:00:05 vps postfix/smtp[1]: 4ABC127: to=<x@example.org>\r',
  'Mar  5 12:00:06 vps postfix/smtp[1]: 4ABC128: to=<crlf@example.org>, relay=mx[192.0.2.1]:25, dsn=2.0.0, status=sent (250 ok)\r',
];
const everything = [
  logFixture('mail.log'),
  logFixture('mail-rfc3339.log'),
  logFixture('journal-cat.log'),
  logFixture('exim-mainlog'),
  hostileLines.join('\n'),
].join('');

describe('streaming', () => {
  it('any chunking gives the same summary, and the default byte search the same as Buffer#indexOf', () => {
    const bytes = new TextEncoder().encode(everything);
    const whole = summarize(bytes);
    expect(whole.counts.sent).toBeGreaterThan(0);
    expect(summarize(bytes, { find: bufferFind })).toEqual(whole);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }),
        (cuts) => {
          expect(summarize(bytes, { cuts })).toEqual(whole);
        },
      ),
      { numRuns: 150 },
    );
    // Byte by byte, too.
    expect(summarize(bytes, { cuts: Array.from({ length: bytes.length }, (_, i) => i) })).toEqual(
      whole,
    );
  });

  it('the fast read of sent lines agrees with the parser on every line', () => {
    const sentLine = fc
      .record({
        local: fc.constantFrom('a', 'b.c', '"q>, x"', 'ü', 'a@b', ''),
        domain: fc.constantFrom('example.org', 'EXAMPLE.NET', 'bücher.example', 'x', ''),
        orig: fc.boolean(),
        prefix: fc.constantFrom(
          'Mar  5 12:00:01 vps postfix/smtp[1]: ',
          '2025-03-05T12:00:01Z vps postfix/smtp[1]: ',
          '',
        ),
        id: fc.constantFrom('4ABC123', '4XtZ9C1Qv2z9sRb', 'AB', ''),
        tail: fc.constantFrom(' (250 ok)', '', ' ', '(x)', 'x'),
      })
      .map(
        (r) =>
          `${r.prefix}${r.id}: to=<${r.local}@${r.domain}>, ${r.orig ? 'orig_to=<o@example.com>, ' : ''}relay=mx[192.0.2.1]:25, dsn=2.0.0, status=sent${r.tail}`,
      );
    fc.assert(
      fc.property(fc.array(sentLine, { minLength: 1, maxLength: 20 }), (lines) => {
        const s = summarize(lines.join('\n') + '\n');
        const parsed = lines.map(parseLogLine).filter((e) => e?.status === 'sent');
        expect(s.counts.sent).toBe(parsed.length);
        const byDomain = new Map<string, number>();
        for (const e of parsed)
          if (e?.domain) byDomain.set(e.domain, (byDomain.get(e.domain) ?? 0) + 1);
        // Make every domain a failing one, to read its sent count from the summary.
        const probe = [...byDomain.keys()].map(
          (d) =>
            `Mar  5 12:00:09 vps postfix/smtp[1]: 9ABCDEF: to=<p@${d}>, relay=none, dsn=4.4.1, status=deferred (x)`,
        );
        const withProbe = summarize([...lines, ...probe].join('\n') + '\n');
        for (const [d, n] of byDomain) {
          expect(withProbe.groups.find((g) => g.domain === d)?.sentToDomain).toBe(n);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('cost and memory', () => {
  const typical = logFixture('mail.log') + logFixture('exim-mainlog');
  const cases: [string, (n: number) => string][] = [
    [
      'typical postfix and exim lines',
      (n) => typical.repeat(Math.ceil(n / typical.length)).slice(0, n),
    ],
    ['status= all over one line', (n) => `${'status=sent '.repeat(n / 12)}\n`],
    ['status= all over many lines', (n) => `${'status=sent '.repeat(80)}\n`.repeat(n / 961)],
    [
      'exim flags all over long lines',
      (n) =>
        `2025-03-05 10:00:00 1tXyzA-000123-AB <= a\n${`${'== => ** -> '.repeat(2000)}\n`.repeat(n / 24_001)}`,
    ],
    [
      'status= lines without an address',
      (n) => 'Mar  5 12:00:01 vps postfix/smtp[1]: 4ABC1: status=sent\n'.repeat(n / 55),
    ],
    [
      'exim flags everywhere',
      (n) => `2025-03-05 10:00:00 1tXyzA-000123-AB <= a\n${'== => ** -> '.repeat(n / 12)}\n`,
    ],
    ['short lines', (n) => 'x\n'.repeat(n / 2)],
    ['one line, no newline', (n) => 'y'.repeat(n)],
  ];
  for (const [name, make] of cases) {
    it(`${name}: linear in the input, a few units per byte`, () => {
      // Eight times the input costs at most eight times the work (a fixed part — the first
      // 64 KiB sniffed, one capped line — makes it less), and a few units per byte.
      const g = growth(make, (text) => summarize(text, { cuts: [4096, 70_000, 300_000] }), 100_000);
      expect(g.ratio).toBeGreaterThan(2);
      expect(g.perCharRatio).toBeLessThan(1.2);
      expect(g.unitsPerChar).toBeLessThan(12);
    });
  }

  it('a line longer than the limit is read up to it; the lines after it count', () => {
    const bounce = hostileLines[1] ?? '';
    const text = `${bounce}${'z'.repeat(LOG_LIMITS.lineBytes * 4)}\n${bounce}\n`;
    for (const cuts of [[], [1000, 40_000, 100_000]]) {
      const s = summarize(text, { cuts });
      expect(s.overlongLines).toBe(1);
      expect(s.counts.bounced).toBe(2);
    }
  });

  it('groups, recipients and texts are capped, and what was cut is counted', () => {
    const lines: string[] = [];
    for (let d = 0; d < LOG_LIMITS.groups + 44; d += 1) {
      lines.push(
        `Mar  5 12:00:01 vps postfix/smtp[1]: 4ABC1: to=<a@d${d}.example>, relay=none, dsn=4.4.1, status=deferred (${'t'.repeat(10_000)})`,
      );
    }
    for (let r = 0; r < LOG_LIMITS.recipientsPerGroup + 10; r += 1) {
      lines.push(
        `Mar  5 12:00:02 vps postfix/smtp[1]: 4ABC1: to=<r${r}@d0.example>, relay=none, dsn=4.4.1, status=deferred (x)`,
      );
    }
    const s = summarize(lines.join('\n'));
    expect(s.groups).toHaveLength(LOG_LIMITS.groups);
    expect(s.ungrouped).toBe(44);
    expect(s.counts.deferred).toBe(LOG_LIMITS.groups + 44 + LOG_LIMITS.recipientsPerGroup + 10);
    const first = s.groups[0];
    expect(first).toMatchObject({
      domain: 'd0.example',
      recipients: LOG_LIMITS.recipientsPerGroup,
      recipientsCapped: true,
    });
    expect(s.groups[1]?.text.length).toBe(LOG_LIMITS.textChars + 1);
  });

  it('exim deferrals and deliveries are looked for when the input begins with exim lines', () => {
    const exim = logFixture('exim-mainlog');
    const filler = 'Mar  5 09:00:00 vps kernel: filler line\n'.repeat(2000);
    const late = summarize(filler + exim);
    // Past the first 64 KiB of the input only exim's rare flags (** and ->) are searched.
    expect(late.counts).toMatchObject({ bounced: 3, deferred: 0, sent: 1 });
    expect(summarize(exim + filler + exim).counts).toMatchObject({
      bounced: 6,
      deferred: 4,
      sent: 4,
    });
  });
});

describe('the default byte search', () => {
  it('finds what Buffer#indexOf finds', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.uint8Array({ minLength: 1, maxLength: 4 }),
        fc.nat(200),
        (hay, needle, from) => {
          expect(findBytes(hay, needle, from)).toBe(
            Buffer.from(hay).indexOf(Buffer.from(needle), from),
          );
        },
      ),
    );
  });
});
