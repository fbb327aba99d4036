// Over 300 lines: one case per MTA's Received form.
import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../src/core/index.ts';
import { parseDate, toIso } from '../src/core/parse/parse-date.ts';
import { parseHeaderSection } from '../src/core/read/parse-header-section.ts';
import { parseReceived, type ReceivedHop } from '../src/core/parse/received/parse-received.ts';

/** Received fields as each MTA writes them (as in test/fixtures/), unfolded first. */

const iso = (text: string): string | null => toIso(parseDate(text));

/** The Received field of a header section, unfolded as the analyzer unfolds it. */
function received(field: string): ReceivedHop {
  const value = parseHeaderSection(field).fields.find((f) => f.key === 'received')?.value;
  if (value === undefined) throw new Error('no Received field');
  return parseReceived(value);
}

describe('parseReceived: the forms MTAs write', () => {
  it('postfix: HELO, rDNS and address in the TCP-info comment, TLS details, two-space day', () => {
    const hop = received(
      'Received: from mail.example.org (mail.example.org [198.51.100.3])\n' +
        '\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)\n' +
        '\t key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)\n' +
        '\t(No client certificate requested)\n' +
        '\tby mx.example.net (Postfix) with ESMTPS id 4TpQ1x2y3z\n' +
        '\tfor <bob@example.net>; Mon,  4 Mar 2024 12:11:10 +0100 (CET)\n',
    );
    expect(hop).toEqual({
      helo: 'mail.example.org',
      rdns: 'mail.example.org',
      ip: '198.51.100.3',
      by: 'mx.example.net',
      with: 'ESMTPS',
      id: '4TpQ1x2y3z',
      for: '<bob@example.net>',
      tls: 'TLSv1.3 TLS_AES_256_GCM_SHA384',
      hasFrom: true,
      addresses: ['198.51.100.3'],
      tcpInfo: true,
      date: Date.UTC(2024, 2, 4, 11, 11, 10),
    });
  });

  it('postfix: no rDNS (`unknown`) and an IPv6 literal', () => {
    const hop = received(
      'Received: from [IPv6:2001:db8:42:1::100] (unknown [IPv6:2001:db8:42:1::100])\r\n' +
        '\t(Authenticated sender: alice@example.org)\r\n' +
        '\tby mail.example.org (Postfix) with ESMTPSA id 4TqQ5r2kLmz9Bcd;\r\n' +
        '\tWed,  6 Mar 2024 09:03:27 +0100 (CET)\r\n',
    );
    expect(hop).toMatchObject({
      helo: '[IPv6:2001:db8:42:1::100]',
      rdns: null,
      ip: '2001:db8:42:1::100',
      with: 'ESMTPSA',
      tls: 'TLS',
    });
    expect(toIso(hop.date)).toBe('2024-03-06T08:03:27Z');
  });

  it("postfix: a HELO address literal is the client's claim, the comment holds the connection", () => {
    const hop = parseReceived(
      'from [203.0.113.99] (unknown [198.51.100.3]) by mx.example.net (Postfix) with ESMTP id 4TpQ; Mon,  4 Mar 2024 12:11:10 +0100',
    );
    expect(hop).toMatchObject({ helo: '[203.0.113.99]', ip: '198.51.100.3', rdns: null });
  });

  it('Gmail: trailing-dot rDNS, bare address, TLS in `version= cipher=`', () => {
    const hop = parseReceived(
      'from mail.example.com (mail.example.com. [203.0.113.5]) by mx.google.com with ESMTPS id a1-20020a05600c000100b0041234567sor1234567wmq.12.2024.03.04.03.11.08 for <alice@gmail.com> (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256); Mon, 04 Mar 2024 03:11:08 -0800 (PST)',
    );
    expect(hop).toEqual({
      helo: 'mail.example.com',
      rdns: 'mail.example.com',
      ip: '203.0.113.5',
      by: 'mx.google.com',
      with: 'ESMTPS',
      id: 'a1-20020a05600c000100b0041234567sor1234567wmq.12.2024.03.04.03.11.08',
      for: '<alice@gmail.com>',
      tls: 'TLS1_3 TLS_AES_256_GCM_SHA384',
      hasFrom: true,
      addresses: ['203.0.113.5'],
      tcpInfo: true,
      date: Date.UTC(2024, 2, 4, 11, 11, 8),
    });
  });

  it("Gmail submission: `from [192.168.1.10] (host. [IP])` is a connection from the comment's address", () => {
    const hop = parseReceived(
      'from [192.168.1.10] (dsl-203-0-113-9.example.net. [203.0.113.9]) by smtp.gmail.com with ESMTPSA id x1-20020a170906; Mon, 04 Mar 2024 03:11:02 -0800 (PST)',
    );
    expect(hop).toMatchObject({
      helo: '[192.168.1.10]',
      rdns: 'dsl-203-0-113-9.example.net',
      ip: '203.0.113.9',
      with: 'ESMTPSA',
    });
  });

  it('Gmail internal hop: `by 2002:a05:...` with no from clause', () => {
    const hop = parseReceived(
      'by 2002:a05:6022:1234:b0:5a1:2345:6789 with SMTP id ab12csp123456lac;        Mon, 4 Mar 2024 03:11:09 -0800 (PST)',
    );
    expect(hop).toMatchObject({
      helo: null,
      ip: null,
      by: '2002:a05:6022:1234:b0:5a1:2345:6789',
      with: 'SMTP',
      id: 'ab12csp123456lac',
    });
    expect(toIso(hop.date)).toBe('2024-03-04T11:11:09Z');
  });

  it("Microsoft: `(IP)` after the from-domain; the `by` host's own address is not the client's", () => {
    const hop = received(
      'Received: from mail.example.com (203.0.113.25) by\r\n' +
        ' DS1PEPF00017092.mail.protection.outlook.com (10.167.18.196) with Microsoft\r\n' +
        ' SMTP Server (version=TLS1_3, cipher=TLS_AES_256_GCM_SHA384) id 15.20.7386.12\r\n' +
        ' via Frontend Transport; Thu, 21 Mar 2024 09:31:13 +0000\r\n',
    );
    expect(hop).toEqual({
      helo: 'mail.example.com',
      rdns: null,
      ip: '203.0.113.25',
      by: 'DS1PEPF00017092.mail.protection.outlook.com',
      with: 'Microsoft SMTP Server',
      id: '15.20.7386.12',
      for: null,
      tls: 'TLS1_3 TLS_AES_256_GCM_SHA384',
      hasFrom: true,
      addresses: ['203.0.113.25'],
      tcpInfo: true,
      date: Date.UTC(2024, 2, 21, 9, 31, 13),
    });
  });

  it('Exchange folds in the middle of the date: unfolded first, then read', () => {
    const hop = received(
      'Received: from DM6PR02CA0045.namprd02.prod.outlook.com (2603:10b6:5:177::22)\r\n' +
        ' by SA1PR12MB8123.namprd12.prod.outlook.com (2603:10b6:806:33b::14) with\r\n' +
        ' Microsoft SMTP Server (version=TLS1_2,\r\n' +
        ' cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7386.31; Thu, 21 Mar\r\n' +
        ' 2024 09:31:14 +0000\r\n',
    );
    expect(hop).toMatchObject({
      helo: 'DM6PR02CA0045.namprd02.prod.outlook.com',
      ip: '2603:10b6:5:177::22',
      by: 'SA1PR12MB8123.namprd12.prod.outlook.com',
      tls: 'TLS1_2 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
    });
    expect(toIso(hop.date)).toBe('2024-03-21T09:31:14Z');
    const betweenDateAndTime = received(
      'Received: from SA1PR12MB8123.namprd12.prod.outlook.com (2603:10b6:806:33b::14)\r\n' +
        ' by BY5PR12MB4291.namprd12.prod.outlook.com with HTTPS; Thu, 21 Mar 2024\r\n' +
        ' 09:31:15 +0000\r\n',
    );
    expect(betweenDateAndTime).toMatchObject({ with: 'HTTPS', tls: null });
    expect(toIso(betweenDateAndTime.date)).toBe('2024-03-21T09:31:15Z');
  });

  it('Exim with rDNS: `from host ([IP] helo=name)`', () => {
    const hop = received(
      'Received: from mail.example.org ([198.51.100.3] helo=mx.example.org)\n' +
        '\tby mx.example.net with esmtps  (TLS1.3) tls TLS_AES_256_GCM_SHA384\n' +
        '\t(Exim 4.97)\n' +
        '\t(envelope-from <news@example.org>)\n' +
        '\tid 1rnF3C-0004Xy-1Q\n' +
        '\tfor bob@example.net;\n' +
        '\tThu, 21 Mar 2024 09:31:12 +0000\n',
    );
    expect(hop).toEqual({
      helo: 'mx.example.org',
      rdns: 'mail.example.org',
      ip: '198.51.100.3',
      by: 'mx.example.net',
      with: 'esmtps',
      id: '1rnF3C-0004Xy-1Q',
      for: 'bob@example.net',
      tls: 'TLS1.3 TLS_AES_256_GCM_SHA384',
      hasFrom: true,
      addresses: ['198.51.100.3'],
      tcpInfo: true,
      date: Date.UTC(2024, 2, 21, 9, 31, 12),
    });
  });

  it('Exim without rDNS: the bracketed from-domain is the address Exim saw', () => {
    expect(
      parseReceived(
        'from [198.51.100.77] (port=51234 helo=[192.168.1.20]) by mx.example.org with esmtpsa (Exim 4.97.1) id 1rrC5n-0002Qv-0w; Mon, 01 Apr 2024 08:12:46 +0000',
      ),
    ).toMatchObject({ helo: '[192.168.1.20]', rdns: null, ip: '198.51.100.77' });
    // HELO equal to the address: Exim leaves out `helo=`.
    expect(
      parseReceived(
        'from [198.51.100.77] (port=51234) by mx.example.org with esmtp id 1rrC5n-0002Qv-0x; Mon, 01 Apr 2024 08:12:46 +0000',
      ),
    ).toMatchObject({
      helo: '[198.51.100.77]',
      rdns: null,
      ip: '198.51.100.77',
    });
  });

  it('Exim with port logging: `([IP]:port helo=name)`', () => {
    expect(
      parseReceived(
        'from mail.example.org ([198.51.100.3]:40122 helo=mx.example.org) by mx.example.net with esmtps (TLS1.3) tls TLS_AES_256_GCM_SHA384 (Exim 4.96) id 1rpUjw-0007Dm-2b; Wed, 27 Mar 2024 12:44:09 +0000',
      ),
    ).toMatchObject({ helo: 'mx.example.org', rdns: 'mail.example.org', ip: '198.51.100.3' });
  });

  it('a sender cannot make its HELO literal the address by writing `helo=` into it', () => {
    // postfix records the HELO text as sent; the TCP-info comment after it still has the address.
    const hop = parseReceived(
      'from [203.0.113.99] (helo=x) (unknown [198.51.100.3]) by mx.example.net (Postfix) with ESMTP id 4TpQ; Mon,  4 Mar 2024 12:11:10 +0100',
    );
    expect(hop.ip).toBe('198.51.100.3');
  });

  it('qmail: `from unknown (HELO name) (IP)` and `(qmail N invoked ...)`, dates without a weekday', () => {
    expect(
      received(
        'Received: from unknown (HELO laptop.example.net) (192.0.2.130)\n  by smtp.example.net with ESMTPA; 22 Mar 2024 16:02:42 -0000\n',
      ),
    ).toEqual({
      helo: 'laptop.example.net',
      rdns: null,
      ip: '192.0.2.130',
      by: 'smtp.example.net',
      with: 'ESMTPA',
      id: null,
      for: null,
      tls: null,
      hasFrom: true,
      addresses: ['192.0.2.130'],
      tcpInfo: true,
      date: Date.UTC(2024, 2, 22, 16, 2, 42),
    });
    expect(parseReceived('(qmail 28417 invoked from network); 22 Mar 2024 16:02:42 -0000')).toEqual(
      {
        helo: null,
        rdns: null,
        ip: null,
        by: null,
        with: null,
        id: null,
        for: null,
        tls: null,
        hasFrom: false,
        addresses: [],
        tcpInfo: false,
        date: Date.UTC(2024, 2, 22, 16, 2, 42),
      },
    );
  });

  it('sendmail: `(from user@localhost)` submission and `(version=TLSv1.3 cipher=...)`', () => {
    expect(
      parseReceived(
        '(from www@localhost) by host.example.net (8.17.1.9/8.17.1.9/Submit) id 427AF2cJ004511; Thu, 7 Mar 2024 10:15:02 GMT',
      ),
    ).toMatchObject({
      helo: null,
      ip: null,
      by: 'host.example.net',
      id: '427AF2cJ004511',
      date: Date.UTC(2024, 2, 7, 10, 15, 2),
    });
    expect(
      parseReceived(
        'from mail.example.org (mail.example.org [198.51.100.3]) by mx.example.net (8.17.1/8.17.1) with ESMTPS id 42PABcDe012345 (version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NOT) for <bob@example.net>; Mon, 25 Mar 2024 10:11:12 +0100',
      ),
    ).toMatchObject({
      ip: '198.51.100.3',
      with: 'ESMTPS',
      id: '42PABcDe012345',
      for: '<bob@example.net>',
      tls: 'TLSv1.3 TLS_AES_256_GCM_SHA384',
    });
  });

  it('Yahoo: `from IP (EHLO name)`: the from-domain is the peer address', () => {
    const hop = received(
      'Received: from 198.51.100.3 (EHLO mail.example.org)\r\n by 10.217.151.74 with SMTPs\r\n (version=TLS1_3 cipher=TLS_AES_128_GCM_SHA256);\r\n Tue, 26 Mar 2024 15:40:12 +0000\r\n',
    );
    expect(hop).toMatchObject({
      helo: 'mail.example.org',
      ip: '198.51.100.3',
      by: '10.217.151.74',
      with: 'SMTPs',
      tls: 'TLS1_3 TLS_AES_128_GCM_SHA256',
    });
  });

  it('Dovecot LMTP: no address, `(envelope-from <...>)` comment before `for`', () => {
    const hop = received(
      'Received: from mail.example.net\n\tby mail.example.net with LMTP\n\tid kEo3K9FzCmbDfgAAs2Ef8g\n\t(envelope-from <bounce@example.org>)\n\tfor <bob@example.net>; Mon, 01 Apr 2024 10:12:49 +0200\n',
    );
    expect(hop).toEqual({
      helo: 'mail.example.net',
      rdns: null,
      ip: null,
      by: 'mail.example.net',
      with: 'LMTP',
      id: 'kEo3K9FzCmbDfgAAs2Ef8g',
      for: '<bob@example.net>',
      tls: null,
      hasFrom: true,
      addresses: [],
      tcpInfo: false,
      date: Date.UTC(2024, 3, 1, 8, 12, 49),
    });
  });

  it('a ";" inside a comment does not start the date', () => {
    const hop = parseReceived(
      'from a.example.org (a.example.org [192.0.2.1]; x) by b.example.org with ESMTP id 1; Mon, 4 Mar 2024 11:11:11 +0000',
    );
    expect(hop).toMatchObject({ ip: '192.0.2.1', by: 'b.example.org' });
    expect(toIso(hop.date)).toBe('2024-03-04T11:11:11Z');
  });

  it('no ";" before the date (SendGrid): the ISO date after the id is read', () => {
    const hop = parseReceived(
      'by filterdrecv-7bf5c69d5-ljx2h with SMTP id filterdrecv-7bf5c69d5-ljx2h-1-65F99B93-2D 2024-03-19 14:05:06.412233771 +0000 UTC m=+1832200.517011242',
    );
    expect(hop).toMatchObject({
      by: 'filterdrecv-7bf5c69d5-ljx2h',
      with: 'SMTP',
      id: 'filterdrecv-7bf5c69d5-ljx2h-1-65F99B93-2D',
    });
    expect(toIso(hop.date)).toBe('2024-03-19T14:05:06Z');
  });
});

describe('parseDate: the date shapes of Received fields', () => {
  it.each([
    ['Mon, 4 Mar 2024 03:11:08 -0800 (PST)', '2024-03-04T11:11:08Z'],
    ['Mon, 04 Mar 2024 03:11:08 -0800 (PST)', '2024-03-04T11:11:08Z'],
    ['Mon,  4 Mar 2024 12:11:10 +0100 (CET)', '2024-03-04T11:11:10Z'],
    ['4 Mar 2024 11:11:06 -0000', '2024-03-04T11:11:06Z'],
    ['Fri, Feb 15 2002 17:19:22 -0800', '2002-02-16T01:19:22Z'],
    ['Thu, 7 Mar 2024 10:15:02 GMT', '2024-03-07T10:15:02Z'],
    ['Fri, 29 Mar 2024 14:22:09 GMT', '2024-03-29T14:22:09Z'],
    ['Mon, 11 Mar 2024 08:00:05 EDT', '2024-03-11T12:00:05Z'],
    ['Mon, 4 Mar 2024 16:41:08 +0530', '2024-03-04T11:11:08Z'],
    ['Mon, 4 Mar 2024 16:56:08 +0545', '2024-03-04T11:11:08Z'],
    ['Mon, 4 Mar 2024 11:11 +0000', '2024-03-04T11:11:00Z'],
    ['Mon, 4 Mar 24 11:11:08 +0000', '2024-03-04T11:11:08Z'],
    ['Thu, 4 Mar 99 11:11:08 +0000', '1999-03-04T11:11:08Z'],
    ['Thu, 29 Feb 2024 23:59:60 +0000', '2024-02-29T23:59:59Z'],
  ])('%s', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it('a lying zone comment loses to the numeric offset', () => {
    expect(iso('Mon, 4 Mar 2024 11:11:08 +0000 (PST)')).toBe('2024-03-04T11:11:08Z');
    expect(iso('Mon, 4 Mar 2024 03:11:08 -0800 (UTC)')).toBe('2024-03-04T11:11:08Z');
  });

  it.each([
    'Fri, 30 Feb 2024 10:00:00 +0000',
    'Mon, 32 Mar 2024 10:00:00 +0000',
    'Mon, 4 Mar 2024 25:00:00 +0000',
    'Mon, 4 Foo 2024 10:00:00 +0000',
    'Mon, 4 Mar 2024',
    '2024-13-19 14:05:06 +0000 UTC',
    'not a date',
    '',
  ])('%j is not a date', (text) => {
    expect(parseDate(text)).toBeNull();
  });
});

describe('the hop list', () => {
  const base = (first: string, second: string): string =>
    'Received: from b.example.net (b.example.net [198.51.100.2]) by c.example.org (Postfix) with ESMTPS id 2;\n' +
    `\t${second}\n` +
    'Received: from a.example.net (a.example.net [10.0.0.1]) by b.example.net (Postfix) with ESMTP id 1;\n' +
    `\t${first}\n` +
    'From: a@example.net\nDate: Mon, 4 Mar 2024 11:10:00 +0000\n\nbody\n';

  it('is oldest first, with delays from the previous hop', () => {
    const r = analyzeMessage(
      base('Mon, 4 Mar 2024 11:11:00 +0000', 'Mon, 4 Mar 2024 12:13:05 +0100'),
    );
    expect(r.hops.map((h) => [h.by, h.date, h.delaySeconds, h.clockSkew])).toEqual([
      ['b.example.net', '2024-03-04T11:11:00Z', null, false],
      ['c.example.org', '2024-03-04T11:13:05Z', 125, false],
    ]);
    expect(r.totalSeconds).toBe(185);
  });

  it('keeps a negative delay and flags the clocks as disagreeing', () => {
    const r = analyzeMessage(
      base('Mon, 4 Mar 2024 11:11:00 +0000', 'Mon, 4 Mar 2024 11:10:30 +0000'),
    );
    expect(r.hops.map((h) => [h.delaySeconds, h.clockSkew])).toEqual([
      [null, false],
      [-30, true],
    ]);
  });

  it('skips an unreadable date when computing the next delay', () => {
    const text =
      'Received: from b.example.net (b.example.net [198.51.100.2]) by c.example.org with ESMTP id 3; Mon, 4 Mar 2024 11:12:00 +0000\n' +
      'Received: by b.example.net with SMTP id 2 at some time\n' +
      'Received: from a.example.net (a.example.net [10.0.0.1]) by b.example.net with ESMTP id 1; Mon, 4 Mar 2024 11:11:00 +0000\n' +
      'From: a@example.net\n\nbody\n';
    expect(analyzeMessage(text).hops.map((h) => [h.date, h.delaySeconds])).toEqual([
      ['2024-03-04T11:11:00Z', null],
      [null, null],
      ['2024-03-04T11:12:00Z', 60],
    ]);
  });
});
