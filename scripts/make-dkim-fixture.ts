/**
 * Writes the signed-message fixtures of the local verification tests: test/fixtures/
 * dkim-signed.eml (as "Download original" gives it: CRLF), pages/show-original-dkim.html (the
 * same message in Show original's `<pre>`: LF, HTML-escaped) and dkim-keys.json (the public key
 * records). A Gmail-shaped delivery: an RSA relaxed/relaxed and an Ed25519 simple/simple
 * signature, Gmail's verdicts naming both, and an ARC set sealed with a test key. New keys are
 * made on every run and the private keys are not kept, so the three files change together.
 * Run `npx tsx scripts/make-dkim-fixture.ts` only to change the fixture.
 */
import { writeFileSync } from 'node:fs';
import { arcSeal, ed25519Key, rsaKey, signDkim } from '../test/helpers/dkim-signer.ts';

const rsa = rsaKey(2048);
const ed = ed25519Key();
const arc = rsaKey(2048);
const sender = [
  'Received: from app01.internal.example.com (app01.internal.example.com [10.0.0.12])',
  '        by mail.example.com (Postfix) with ESMTP id 4TpQ1x2y3z',
  '        for <alice@gmail.com>; Mon,  4 Mar 2024 11:11:07 +0000 (UTC)',
  'Date: Mon, 04 Mar 2024 11:11:05 +0000',
  'From: Example Shop <shop@example.com>',
  'To: alice@gmail.com',
  'Subject: Your order <#1042> & receipt',
  'Message-ID: <20240304111105.abc@example.com>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=UTF-8',
  '',
  'Hello Alice,',
  '',
  'your order #1042 has shipped.  It will arrive   within three days.',
  '',
  'Items:',
  '  1 x <Blue mug>        12.00',
  '  2 x "Tea" & biscuits   7.50',
  '',
  '-- ',
  'Example Shop',
  '',
].join('\r\n');
let m = signDkim(sender, {
  key: rsa,
  c: 'relaxed/relaxed',
  t: 1709550667,
  headers: ['from', 'from', 'to', 'subject', 'date', 'message-id', 'mime-version', 'content-type'],
});
m = signDkim(m, {
  key: ed,
  algorithm: 'ed25519-sha256',
  selector: 'ed1',
  c: 'simple/simple',
  t: 1709550667,
  headers: ['from', 'to', 'subject', 'date', 'message-id'],
});
/** The first 8 characters of the b= of the signature with selector `sel` (Gmail's header.b). */
function headerB(sel: string): string {
  const field = m.split('DKIM-Signature:').find((x) => x.includes(`s=${sel};`)) ?? '';
  return /\bb=([^;]{8})/.exec(field.replace(/\s/g, ''))?.[1] ?? '';
}
const results = [
  `dkim=pass header.i=@example.com header.s=s1 header.b=${headerB('s1')}`,
  `dkim=pass header.i=@example.com header.s=ed1 header.b=${headerB('ed1')}`,
  'spf=pass (google.com: domain of bounce@example.com designates 203.0.113.5 as permitted sender) smtp.mailfrom=bounce@example.com',
  'dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.com',
];
const gmail = [
  'Return-Path: <bounce@example.com>',
  'Received: from mail.example.com (mail.example.com. [203.0.113.5])',
  '        by mx.google.com with ESMTPS id a1-20020a05600c000100b0041234567sor1234567wmq.12.2024.03.04.03.11.08',
  '        for <alice@gmail.com>',
  '        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);',
  '        Mon, 04 Mar 2024 03:11:08 -0800 (PST)',
  'Received-SPF: pass (google.com: domain of bounce@example.com designates 203.0.113.5 as permitted sender) client-ip=203.0.113.5;',
  `Authentication-Results: mx.google.com;\r\n       ${results.join(';\r\n       ')}`,
].join('\r\n');
m = `${gmail}\r\n${m}`;
m = arcSeal(m, {
  instance: 1,
  domain: 'google.com',
  selector: 'arc-test',
  key: arc,
  cv: 'none',
  authservId: 'mx.google.com',
  results: results.join(';\r\n\t'),
  headers: ['to', 'subject', 'message-id', 'date', 'from', 'mime-version', 'dkim-signature'],
  t: 1709550669,
});
m = [
  'Delivered-To: alice@gmail.com',
  'Received: by 2002:a05:6022:1234:b0:5a1:2345:6789 with SMTP id ab12csp123456lac;',
  '        Mon, 4 Mar 2024 03:11:09 -0800 (PST)',
  m,
].join('\r\n');
writeFileSync(new URL('../test/fixtures/dkim-signed.eml', import.meta.url), m, 'latin1');
const keys = {
  '//': 'Public key records for dkim-signed.eml and pages/show-original-dkim.html (test keys; the private keys were not kept).',
  's1._domainkey.example.com': rsa.record,
  'ed1._domainkey.example.com': ed.record,
  'arc-test._domainkey.google.com': arc.record,
};
writeFileSync(
  new URL('../test/fixtures/dkim-keys.json', import.meta.url),
  `${JSON.stringify(keys, null, 2)}\n`,
);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const page = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Original Message</title>
<style>body{font-family:Roboto,Arial,sans-serif} pre{white-space:pre-wrap}</style>
</head><body>
<div class="top-area"><div class="header-title">Original Message</div>
<table class="top-table"><tbody>
<tr><th>Message ID</th><td><div class="top-table-message-id">&lt;20240304111105.abc@example.com&gt;</div></td></tr>
<tr><th>Created at:</th><td>Mon, Mar 4, 2024 at 12:11 PM (Delivered after 1 second)</td></tr>
<tr><th>From:</th><td>Example Shop &lt;shop@example.com&gt;</td></tr>
<tr><th>To:</th><td>alice@gmail.com</td></tr>
<tr><th>Subject:</th><td>Your order &lt;#1042&gt; &amp; receipt</td></tr>
<tr><th>SPF:</th><td><span class="authresult">PASS</span> with IP 203.0.113.5 <a href="#">Learn more</a></td></tr>
<tr><th>DKIM:</th><td><span class="authresult">'PASS'</span> with domain example.com <a href="#">Learn more</a></td></tr>
<tr><th>DMARC:</th><td><span class="authresult">'PASS'</span> <a href="#">Learn more</a></td></tr>
</tbody></table>
<div class="download-buttons"><a href="#">Download Original</a> <a href="#">Copy to clipboard</a></div>
</div>
<pre class="raw_message_text" id="raw_message_text">${esc(m.replace(/\r\n/g, '\n'))}</pre>
</body></html>
`;
writeFileSync(new URL('../test/fixtures/pages/show-original-dkim.html', import.meta.url), page);
