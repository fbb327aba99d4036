/**
 * Messages for the "Verify signatures now" browser tests, signed in the test with node:crypto
 * (test/helpers/dkim-signer.ts), and what the loopback servers answer for them: the Show
 * original page (`view=om`) and Gmail's "Download original" (`view=att…`) of the same message
 * from mail.google.com, and the key records from the DoH server.
 *
 * - 1301: signed with the key published at hl1._domainkey.example.com → pass;
 * - 1302: signed with a key since replaced at hl2._domainkey.example.com (Gmail said pass at
 *   delivery) → signature mismatch, "the key … changed since delivery";
 * - 1303: the download answers 404 → the page's text is verified instead, marked approximate.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { rsaKey, signDkim, testMessage } from '../helpers/dkim-signer.ts';
import type { Zone } from '../helpers/doh-server.ts';
import { delivered, txtData } from '../helpers/verify-zone.ts';
import { showOriginalPage } from './show-original-page.ts';

const published = rsaKey(2048);
const signedWithOld = rsaKey(2048);
const rotatedTo = rsaKey(2048);

/** The message as Gmail stores it (CRLF), with Gmail's verdict at delivery on top. */
function deliveredSigned(selector: string, key: typeof published): string {
  const body = 'Hello,\r\n\r\nyour order has shipped.\r\n\r\n-- \r\nExample Shop\r\n';
  const signed = signDkim(testMessage(body), { key, selector, domain: 'example.com' });
  const b = /\bb=([^;]{8})/.exec(signed.replace(/\s/g, ''))?.[1] ?? '';
  return delivered(signed, `dkim=pass header.i=@example.com header.s=${selector} header.b=${b}`);
}

export const VERIFY_MESSAGES = {
  pass: { id: '1301', raw: deliveredSigned('hl1', published), download: true },
  rotated: { id: '1302', raw: deliveredSigned('hl2', signedWithOld), download: true },
  unavailable: { id: '1303', raw: deliveredSigned('hl1', published), download: false },
} as const;

/** The key records the DoH server answers with (hl2 holds the key that replaced the signer's). */
export const VERIFY_ZONE: Zone = {
  'hl1._domainkey.example.com': [{ type: 'TXT', data: txtData(published.record) }],
  'hl2._domainkey.example.com': [{ type: 'TXT', data: txtData(rotatedTo.record) }],
};

/** Every "Download original" request the server was sent (path and query). */
export const downloadRequests: string[] = [];

/** Answers for the fixture messages' pages and downloads; false for any other request. */
export function serveVerifyFixture(req: IncomingMessage, res: ServerResponse): boolean {
  if (!(req.headers.host ?? '').startsWith('mail.google.com')) return false;
  const url = new URL(req.url ?? '/', 'https://mail.google.com');
  const id = (url.searchParams.get('permmsgid') ?? '').replace('msg-f:', '');
  const message = Object.values(VERIFY_MESSAGES).find((m) => m.id === id);
  if (message === undefined) return false;
  if (url.searchParams.get('view') === 'att') {
    downloadRequests.push(req.url ?? '');
    if (!message.download) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('Not found');
      return true;
    }
    const bytes = Buffer.from(message.raw, 'latin1');
    res
      .writeHead(200, {
        'content-type': 'message/rfc822',
        'content-length': String(bytes.length),
        'content-disposition': 'attachment; filename="original_msg.eml"',
      })
      .end(bytes);
    return true;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(showOriginalPage(message.raw));
  return true;
}
