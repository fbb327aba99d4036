import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../../src/core/index.ts';
import { LIMITS } from '../../src/core/limits.ts';
import { gmailParts, gmailWithSenderFields, joinMessage } from '../helpers/gmail-message.ts';
import { growth } from '../helpers/measure.ts';
import {
  analyze,
  expectLinear,
  codes,
  forgeryWarnings,
  expectNoPass,
  expectGmailVerdict,
  SOFTFAIL,
} from '../helpers/hostile.ts';

/**
 * Size, nesting and folding bombs: each stays within the limits of src/core/limits.ts, and its
 * cost, counted in work units at two sizes, grows linearly.
 */

describe('size, nesting and folding bombs', { timeout: 60_000 }, () => {
  const base = (): { receiver: string[]; sender: string[] } => gmailParts(SOFTFAIL);

  it('a 1 MiB single-line header: truncated, flagged, no throw; cost linear', () => {
    const make = (n: number): string => {
      const { receiver, sender } = base();
      return joinMessage([`X-Long: ${'a'.repeat(n)}`, ...receiver, ...sender]);
    };
    const r = analyze('1 MiB single-line header', make(LIMITS.headerSectionChars));
    expect(codes(r)).toEqual(expect.arrayContaining(['truncated', 'long-line']));
    expect(r.input).toBe('message');
    expectLinear('single-line header', make, 1 << 17);
  });

  it("a 900 KB single-line forged Authentication-Results under Gmail's: Gmail's verdict, linear", () => {
    const make = (n: number): string =>
      gmailWithSenderFields(SOFTFAIL, [
        `Authentication-Results: mx.google.com; spf=pass ${'x.y=z '.repeat(n / 6)}`,
      ]);
    const r = analyze('900 KB forged A-R line', make(900_000));
    expectGmailVerdict(r, SOFTFAIL);
    expect(codes(r)).toContain('long-line');
    expectLinear('long A-R line', make, 110_000);
  });

  it('comment-heavy Received and Authentication-Results fields: linear', () => {
    const received = (n: number): string =>
      gmailWithSenderFields(
        SOFTFAIL,
        [
          `Received: from x ${'(a.example [192.0.2.1]) '.repeat(n / 24)}by y; Mon, 04 Mar 2024 11:11:07 +0000`,
        ],
        2,
      );
    const ar = (n: number): string =>
      gmailWithSenderFields(SOFTFAIL, [
        `Authentication-Results: mx.google.com; spf=pass ${'(c) '.repeat(n / 4)}`,
      ]);
    const spf = (n: number): string =>
      gmailWithSenderFields(SOFTFAIL, [
        `Received-SPF: pass ${'(2001:db8::1 example.com) '.repeat(n / 26)}`,
      ]);
    expectGmailVerdict(analyze('comment-heavy Received', received(900_000)), SOFTFAIL);
    expectGmailVerdict(analyze('comment-heavy A-R', ar(900_000)), SOFTFAIL);
    expectGmailVerdict(analyze('comment-heavy Received-SPF', spf(900_000)), SOFTFAIL);
    expectLinear('comment-heavy Received', received, 110_000);
    expectLinear('comment-heavy A-R', ar, 110_000);
    expectLinear('comment-heavy Received-SPF', spf, 110_000);
  });

  it('words of host names and addresses in a Received comment: linear', () => {
    // Every word of a TCP-info comment is tried as an address.
    const make = (n: number): string =>
      gmailWithSenderFields(
        SOFTFAIL,
        [
          `Received: from x (${'mail.example.com 2001:db8::1 '.repeat(n / 29)}) by y; Mon, 04 Mar 2024 11:11:07 +0000`,
        ],
        2,
      );
    expectGmailVerdict(analyze('host-name words in a Received comment', make(900_000)), SOFTFAIL);
    expectLinear('host-name words', make, 110_000);
  });

  it("10^4 nested comments in Gmail's own Authentication-Results: read as text, verdict kept, truncated", () => {
    const { receiver, sender } = base();
    const nest = (depth: number): string => `${'('.repeat(depth)}x${')'.repeat(depth)}`;
    const make = (depth: number): string => {
      const ar = `Authentication-Results: mx.google.com;\r\n       spf=softfail ${nest(depth)} smtp.mailfrom=bounce@example.com;\r\n       dmarc=fail ${nest(depth)} header.from=example.com`;
      return joinMessage([...receiver.slice(0, -1), ar, ...sender]);
    };
    const r = analyze('10^4 nested comments', make(10_000));
    expect(r.spf.result).toBe('softfail');
    expect(r.spf.mailFrom).toBe('bounce@example.com');
    expect(r.dmarc.result).toBe('fail');
    expect(codes(r)).toContain('truncated');
    expectLinear('nested comments', make, 12_000);
  });

  it('10^4 unclosed comments and quotes run to the end of the value without harm', () => {
    const forged = [
      `Authentication-Results: mx.google.com; spf=pass ${'('.repeat(10_000)}`,
      `Received-SPF: pass ${'('.repeat(10_000)} client-ip=198.51.100.66`,
      `Authentication-Results: mx.google.com; spf=pass smtp.mailfrom="${'\\"'.repeat(10_000)}`,
      `Received: from x ${'('.repeat(10_000)} by y; Mon, 04 Mar 2024 11:11:07 +0000`,
    ];
    const r = analyze('unclosed comments and quotes', gmailWithSenderFields(SOFTFAIL, forged));
    expectGmailVerdict(r, SOFTFAIL);
  });

  it('10^5 folded lines in one field, and in a forged Authentication-Results: linear', () => {
    // 10^5 continuation lines of 4 characters each: 400 KB, inside the header-section limit.
    const folded = (n: number): string =>
      gmailWithSenderFields(SOFTFAIL, [`X-Folded: a${'\r\n b'.repeat(n / 4)}`]);
    const foldedAr = (n: number): string =>
      gmailWithSenderFields(SOFTFAIL, [
        `Authentication-Results: mx.google.com;${'\r\n ;'.repeat(n / 4)}\r\n spf=pass`,
      ]);
    expectGmailVerdict(analyze('10^5 folded lines', folded(400_000)), SOFTFAIL);
    const r = analyze('10^5 folded A-R lines', foldedAr(400_000));
    expectGmailVerdict(r, SOFTFAIL);
    expect(forgeryWarnings(r)).toBe(1);
    expectLinear('folded lines', folded, 100_000);
    expectLinear('folded A-R', foldedAr, 100_000);
  });

  it("10^5 folded lines beyond the header-section limit: truncated, Gmail's block (on top) intact", () => {
    const raw = gmailWithSenderFields(SOFTFAIL, [
      `Authentication-Results: mx.google.com;${'\r\n\tspf=pass'.repeat(100_000)}`,
    ]);
    const r = analyze('10^5 folded A-R lines past the limit', raw);
    expect(codes(r)).toContain('truncated');
    expect(r.spf.result).toBe('softfail');
    expect(r.dmarc.result).toBe('fail');
    expectNoPass(r);
  });

  for (const count of [1000, 3000]) {
    it(`${count} each of Received, Authentication-Results, DKIM-Signature and ARC-Seal fields: limits apply`, () => {
      // 4 x 3000 fields also passes the header-field limit: what lies beyond it is not read.
      const many = (line: string): string[] => Array.from({ length: count }, () => line);
      const forged = [
        ...many('Received: from a (a [192.0.2.1]) by b; Mon, 04 Mar 2024 11:11:07 +0000'),
        ...many('Authentication-Results: mx.google.com; spf=pass; dkim=pass header.d=example.com'),
        ...many('DKIM-Signature: v=1; d=example.com; s=s1; b=x'),
        ...many('ARC-Seal: i=1; cv=pass'),
      ];
      const r = analyze(`field floods x${count}`, gmailWithSenderFields(SOFTFAIL, forged));
      expect(r.spf.result).toBe('softfail');
      expect(r.spf.clientIp).toBe('203.0.113.5');
      expect(r.dmarc.result).toBe('fail');
      expectNoPass(r);
      expect(r.hops.length).toBe(LIMITS.receivedFields);
      expect(r.hops.filter((h) => h.inbound).map((h) => h.by)).toEqual(['mx.google.com']);
      expect(r.dkimSignatures.length).toBeLessThanOrEqual(LIMITS.authResultsFields);
      expect(r.untrustedResults.length).toBeLessThanOrEqual(2 * LIMITS.authResultsFields);
      expect(codes(r)).toContain('truncated');
    });
  }

  it('an 8 MB body after a normal header section is never read', () => {
    const { receiver, sender } = base();
    const make = (n: number): string =>
      joinMessage([...receiver, ...sender], `${'body line\r\n'.repeat(n / 11)}`);
    const short = analyzeMessage(make(11));
    const r = analyze('8 MB body', make(8_000_000));
    expect(r).toEqual(short);
    // Constant cost: the body is never read, so 8x the body costs the same work.
    expect(growth(make, analyzeMessage, 1_000_000).ratio).toBeLessThan(1.01);
  });

  it('a delivery-status notification with an 8 MB body reads a bounded prefix', () => {
    const head = [
      'From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
      'Subject: Delivery Status Notification (Failure)',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
    ];
    const make = (n: number): string =>
      joinMessage(
        head,
        `--b\r\n\r\n${'x'.repeat(n)}\r\n550-5.7.26 Unauthenticated email is not accepted\r\n`,
      );
    analyze('8 MB bounce body', make(8_000_000));
    // Only a bounded prefix of the body is read: 8x the body costs the same work.
    expect(growth(make, analyzeMessage, 1_000_000).ratio).toBeLessThan(1.01);
  });
});

/** Every own key of every object in `value`, recursively. */
