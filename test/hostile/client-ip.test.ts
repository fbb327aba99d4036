import { describe, expect, it } from 'vitest';
import {
  SENDER_HOP_IP,
  gmailParts,
  joinMessage,
  type GmailOptions,
} from '../helpers/gmail-message.ts';
import {
  analyze,
  forgeryWarnings,
  expectNoPass,
  expectGmailVerdict,
  FORGED_RECEIVED_SPF,
  SOFTFAIL,
} from '../helpers/hostile.ts';

/**
 * Client-IP tricks: addresses a sender can put into HELO text, comments or an attached
 * message, which must never become the client IP of the verdict.
 */

describe('client IP', () => {
  const heloLiteral = '[198.51.100.77] (host.example.net. [203.0.113.9])';

  it('HELO IP literal: the client IP is the TCP-info address, never the HELO literal', () => {
    const options: GmailOptions = {
      spf: 'softfail',
      dkim: null,
      dmarc: 'fail',
      clientIp: '203.0.113.9',
      inboundFrom: heloLiteral,
    };
    const r = analyze('HELO literal', joinMessage(Object.values(gmailParts(options)).flat()));
    expect(r.spf.clientIp).toBe('203.0.113.9');
    const hop = r.hops.find((h) => h.inbound);
    expect(hop?.ip).toBe('203.0.113.9');
    expect(hop?.helo).toBe('[198.51.100.77]');
    expect(hop?.rdns).toBe('host.example.net');
    expect(JSON.stringify(r.spf)).not.toContain('198.51.100.77');
  });

  it("HELO IP literal and no address in the trusted results: the inbound hop's TCP-info address", () => {
    // spf=none's comment names no IP and there is no Received-SPF: the hop is the only source.
    const options: GmailOptions = {
      spf: 'none',
      dkim: null,
      dmarc: 'fail',
      receivedSpf: false,
      inboundFrom: heloLiteral,
    };
    const r = analyze(
      'HELO literal, hop only',
      joinMessage(Object.values(gmailParts(options)).flat()),
    );
    expect(r.spf.clientIp).toBe('203.0.113.9');
    expect(r.spf.clientIpSource).toBe('inbound-hop');
  });

  for (const from of [
    'x([198.51.100.77]) (host.example.net. [203.0.113.9])',
    'x ([198.51.100.77]) (host.example.net. [203.0.113.9])',
    '[IPv6:2001:db8::77] (host.example.net. [203.0.113.9])',
    'unknown (HELO [198.51.100.77]) (203.0.113.9)',
    'host.example.net ([203.0.113.9] helo=[198.51.100.77])',
    // HELO text imitating Exim's comment, in front of the receiver's own TCP-info.
    '[198.51.100.77] (port=25 helo=x) (host.example.net. [203.0.113.9])',
  ]) {
    it(`HELO text in other forms: ${from}`, () => {
      const options: GmailOptions = {
        spf: 'none',
        dkim: null,
        dmarc: 'fail',
        receivedSpf: false,
        inboundFrom: from,
      };
      const r = analyze('HELO forms', joinMessage(Object.values(gmailParts(options)).flat()));
      expect(r.spf.clientIp).toBe('203.0.113.9');
    });
  }

  it("an inbound hop without an address: the client IP is unknown, never a lower hop's", () => {
    const options: GmailOptions = {
      spf: 'none',
      dkim: null,
      dmarc: 'fail',
      receivedSpf: false,
      inboundFrom: '[198.51.100.77] (host.example.net.)',
    };
    const { receiver, sender } = gmailParts(options);
    const lower =
      'Received: from relay.example.com (relay.example.com [198.51.100.200])\r\n\tby mail.example.com with ESMTPS id 9; Mon, 04 Mar 2024 11:11:06 +0000';
    const r = analyze(
      'inbound hop without address',
      joinMessage([...receiver, ...sender.slice(0, 2), lower, ...sender.slice(2)]),
    );
    expect(r.spf.clientIp).toBeNull();
    expect(r.spf.clientIpSource).toBeNull();
    expect(r.spf.fix).toBeNull();
    expect(r.hops.map((h) => h.ip)).toEqual(
      expect.arrayContaining(['198.51.100.200', SENDER_HOP_IP]),
    );
  });

  it('a forged Received-SPF client-ip below the block never becomes the client IP', () => {
    const options: GmailOptions = {
      spf: 'none',
      dkim: null,
      dmarc: 'fail',
      receivedSpf: false,
      inboundFrom: '[198.51.100.77] (host.example.net.)',
    };
    const { receiver, sender } = gmailParts(options);
    const r = analyze(
      'forged client-ip',
      joinMessage([...receiver, FORGED_RECEIVED_SPF, ...sender]),
    );
    expect(r.spf.clientIp).toBeNull();
    expect(r.spf.result).toBe('none');
  });
});

describe('attached message/rfc822', () => {
  const attached = [
    'Received: from x.example.org (x.example.org [198.51.100.1]) by mx.google.com with ESMTPS id 1; Mon, 04 Mar 2024 03:11:08 -0800',
    'Received-SPF: pass (google.com: domain of a@example.org designates 198.51.100.1 as permitted sender) client-ip=198.51.100.1;',
    'Authentication-Results: mx.google.com; spf=pass smtp.mailfrom=a@example.org; dkim=pass header.d=example.org; dmarc=pass header.from=example.org',
    'DKIM-Signature: v=1; a=rsa-sha256; d=example.org; s=inner; h=from; bh=x; b=abc',
    'From: inner@example.org',
    'Subject: inner',
  ].join('\r\n');
  const body = `--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n${attached}\r\n\r\ninner body\r\n--b--\r\n`;

  it("headers after the first empty line are ignored: Gmail's softfail stays, no trace of the inner message", () => {
    const { receiver, sender } = gmailParts(SOFTFAIL);
    const outer = [
      ...receiver,
      ...sender.filter((f) => !f.startsWith('Content-Type')),
      'Content-Type: multipart/mixed; boundary="b"',
    ];
    const r = analyze('attached message/rfc822', joinMessage(outer, body));
    expectGmailVerdict(r, SOFTFAIL);
    expect(r.hops).toHaveLength(3);
    expect(r.dkimSignatures.map((s) => s.selector)).toEqual(['s1']);
    expect(r.untrustedResults).toEqual([]);
    expect(forgeryWarnings(r)).toBe(0);
    expect(r.message.subject).toBe('Your order');
  });

  it('a message whose only auth headers are in an attachment has no verdict', () => {
    const outer = [
      'Received: from mail.example.com (mail.example.com [203.0.113.5]) by mx.receiver.test with ESMTPS id 1; Mon, 04 Mar 2024 03:11:08 -0800',
      'From: shop@example.com',
      'Content-Type: multipart/mixed; boundary="b"',
    ];
    const r = analyze('attachment only', joinMessage(outer, body));
    expectNoPass(r);
    expect(r.spf.result).toBeNull();
    expect(r.untrustedResults).toEqual([]);
    expect(r.hops).toHaveLength(1);
  });
});

// Growth checks measure inputs up to 8 MB several times; a loaded CI machine needs time for it.
