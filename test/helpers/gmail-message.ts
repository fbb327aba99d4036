/**
 * Builds Gmail messages in the shape of "Show original" (as in test/fixtures/): Gmail's own fields on top
 * (internal hops, ARC set, Return-Path, the inbound `Received ... by mx.google.com`, Received-SPF,
 * Authentication-Results), then what the sender's side wrote. Hostile tests insert forged fields
 * into the sender's part, where a real sender can put them.
 */

export type SpfWord = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'temperror' | 'permerror';

export interface GmailOptions {
  spf?: SpfWord;
  /** Gmail's dkim result for the sender's signature; null: Gmail reports no dkim result. */
  dkim?: 'pass' | 'fail' | 'neutral' | null;
  dmarc?: 'pass' | 'fail' | 'none';
  /** The connecting client's address in Gmail's inbound hop and Received-SPF. */
  clientIp?: string;
  /** Gmail writes Received-SPF (it always does; false models a receiver that didn't). */
  receivedSpf?: boolean;
  /** Gmail writes Authentication-Results. */
  authenticationResults?: boolean;
  /** The `from` part of the inbound hop (HELO and TCP-info). */
  inboundFrom?: string;
}

export const SENDER_HOP_IP = '10.0.0.12';

const SPF_COMMENT: Record<SpfWord, (ip: string) => string> = {
  pass: (ip) => `google.com: domain of bounce@example.com designates ${ip} as permitted sender`,
  fail: (ip) =>
    `google.com: domain of bounce@example.com does not designate ${ip} as permitted sender`,
  softfail: (ip) =>
    `google.com: domain of transitioning bounce@example.com does not designate ${ip} as permitted sender`,
  neutral: (ip) =>
    `google.com: ${ip} is neither permitted nor denied by best guess record for domain of bounce@example.com`,
  none: () => 'google.com: bounce@example.com does not designate permitted sender hosts',
  temperror: () => 'google.com: error in processing during lookup of bounce@example.com: DNS error',
  permerror: () =>
    'google.com: permanent error in processing during lookup of bounce@example.com: example.com: too many lookups',
};

/** Fields as written (folded with CRLF + whitespace), without the final line break. */
export interface GmailParts {
  /** Gmail's fields, top to bottom, ending with its Authentication-Results. */
  receiver: string[];
  /** The sender's fields: DKIM-Signature, the sender's own Received, then the message fields. */
  sender: string[];
}

export function gmailParts(options: GmailOptions = {}): GmailParts {
  const spf = options.spf ?? 'pass';
  const dkim = options.dkim === undefined ? 'pass' : options.dkim;
  const dmarc = options.dmarc ?? (spf === 'pass' || dkim === 'pass' ? 'pass' : 'fail');
  const ip = options.clientIp ?? '203.0.113.5';
  const comment = SPF_COMMENT[spf](ip);
  const results = [
    ...(dkim === null ? [] : [`dkim=${dkim} header.i=@example.com header.s=s1 header.b=ZN3q2Ce+`]),
    `spf=${spf} (${comment}) smtp.mailfrom=bounce@example.com`,
    `dmarc=${dmarc} (p=REJECT sp=REJECT dis=${dmarc === 'pass' ? 'NONE' : 'REJECT'}) header.from=example.com`,
  ];
  const inboundFrom = options.inboundFrom ?? `mail.example.com (mail.example.com. [${ip}])`;
  const receiver = [
    'Delivered-To: alice@gmail.com',
    'Received: by 2002:a05:6022:1234:b0:5a1:2345:6789 with SMTP id ab12csp123456lac;\r\n        Mon, 4 Mar 2024 03:11:09 -0800 (PST)',
    'X-Received: by 2002:a17:906:1234:b0:a44:1234:5678 with SMTP id z20-20020a170906123400b00a44123456789ejb.12.1709550669123;\r\n        Mon, 04 Mar 2024 03:11:09 -0800 (PST)',
    'ARC-Seal: i=1; a=rsa-sha256; t=1709550669; cv=none;\r\n        d=google.com; s=arc-20160816;\r\n        b=Zm9vYmFyZm9vYmFy',
    'ARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed; d=google.com; s=arc-20160816;\r\n        h=to:subject:message-id:date:from:mime-version:dkim-signature;\r\n        bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n        fh=abc; b=Zm9vYmFy',
    `ARC-Authentication-Results: i=1; mx.google.com;\r\n       ${results.join(';\r\n       ')}`,
    'Return-Path: <bounce@example.com>',
    `Received: from ${inboundFrom}\r\n        by mx.google.com with ESMTPS id a1-20020a05600c000100b0041234567sor1234567wmq.12.2024.03.04.03.11.08\r\n        for <alice@gmail.com>\r\n        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);\r\n        Mon, 04 Mar 2024 03:11:08 -0800 (PST)`,
    ...(options.receivedSpf === false
      ? []
      : [`Received-SPF: ${spf} (${comment}) client-ip=${ip};`]),
    ...(options.authenticationResults === false
      ? []
      : [`Authentication-Results: mx.google.com;\r\n       ${results.join(';\r\n       ')}`]),
  ];
  const sender = [
    'DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s1;\r\n        t=1709550667; h=from:to:subject:date:message-id;\r\n        bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n        b=ZN3q2Ce+abcdefghijklmnop',
    `Received: from app01.internal.example.com (app01.internal.example.com [${SENDER_HOP_IP}])\r\n        by mail.example.com (Postfix) with ESMTP id 4TpQ1x2y3z\r\n        for <alice@gmail.com>; Mon,  4 Mar 2024 11:11:07 +0000 (UTC)`,
    'Date: Mon, 04 Mar 2024 11:11:05 +0000',
    'From: Example Shop <shop@example.com>',
    'To: alice@gmail.com',
    'Subject: Your order',
    'Message-ID: <20240304111105.abc@example.com>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
  ];
  return { receiver, sender };
}

/** Index in `GmailParts.sender` of the sender's own (oldest) Received field. */
export const SENDER_RECEIVED_INDEX = 1;

/** Joins fields into a message: CRLF line ends, an empty line, the body. */
export function joinMessage(fields: readonly string[], body = 'Hello.\r\n'): string {
  return `${fields.join('\r\n')}\r\n\r\n${body}`;
}

/** A Gmail message with `forged` fields inserted into the sender's part at `at` (0 = directly
 * under Gmail's Authentication-Results). */
export function gmailWithSenderFields(
  options: GmailOptions,
  forged: readonly string[],
  at = 0,
): string {
  const { receiver, sender } = gmailParts(options);
  return joinMessage([...receiver, ...sender.slice(0, at), ...forged, ...sender.slice(at)]);
}
