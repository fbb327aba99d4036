/**
 * What the e2e tests serve as Gmail's normal view (test/fixtures/gmail-normal/), one fixture per
 * account index (the fragment never reaches the server), and the Show original page of each
 * message in it by its permmsgid. Gmail's pages enforce Trusted Types; so do these, so a reader
 * that parsed markup through a Trusted Types sink in the page would fail here as it would there.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { showOriginalPage } from './show-original-page.ts';

const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const normal = (name: string): string => read(`fixtures/gmail-normal/${name}`);
const decimal = (hex: string): string => `msg-f:${BigInt(`0x${hex}`).toString()}`;

/** An open conversation's URL on account `n` (the token is what Gmail puts last). */
export const conversationUrl = (n: number): string =>
  `https://mail.google.com/mail/u/${n}/#inbox/FMfcgzQXJWDsKmxLbvmKXnQhHGZqZrPq`;

/** `slow`: its Show original never answers (the "reading" state, for screenshots). */
export const ACCOUNTS = { single: 1, thread: 2, unknown: 3, signedOut: 4, slow: 5 } as const;

const views = new Map<string, string>([
  [`/mail/u/${ACCOUNTS.single}/`, normal('single-message.html')],
  [`/mail/u/${ACCOUNTS.thread}/`, normal('thread.html')],
  [`/mail/u/${ACCOUNTS.unknown}/`, normal('unknown-markup.html')],
  [`/mail/u/${ACCOUNTS.signedOut}/`, normal('single-message.html')],
  [`/mail/u/${ACCOUNTS.slow}/`, normal('single-message.html')],
]);

const gmailPass = read('fixtures/gmail-pass.eml');
const softfail = read('../src/cli/sample.eml');
/** Show original pages by permmsgid: the single message passes; in the thread the last one
 * soft-fails and the first passes. */
const originals = new Map<string, string>([
  [decimal('18e0042e9a1b2bf6'), showOriginalPage(gmailPass)],
  [decimal('18e0042e9a1b3003'), showOriginalPage(softfail)],
  [decimal('18e0042e9a1b2f02'), showOriginalPage(gmailPass)],
  [decimal('18e0042e9a1b2b01'), showOriginalPage(gmailPass)],
]);

export interface ShowOriginalRequest {
  url: string;
  cookie: string;
}

/**
 * Answers a request for Gmail's normal view or a Show original of it, or returns false (not
 * one of these). Show original requests are recorded with the cookie they carried.
 */
export function serveNormalView(
  req: IncomingMessage,
  res: ServerResponse,
  requests: ShowOriginalRequest[],
): boolean {
  const url = new URL(req.url ?? '/', 'https://mail.google.com');
  if (url.searchParams.get('view') === 'om') {
    const account = /^\/mail\/u\/(\d+)\//.exec(url.pathname)?.[1];
    if (account === undefined || !views.has(`/mail/u/${account}/`)) return false;
    requests.push({ url: url.href, cookie: req.headers.cookie ?? '' });
    if (account === String(ACCOUNTS.slow)) return true;
    if (account === String(ACCOUNTS.signedOut)) {
      res.writeHead(302, { location: 'https://accounts.google.com/ServiceLogin?service=mail' });
      res.end();
      return true;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(originals.get(url.searchParams.get('permmsgid') ?? '') ?? MISSING);
    return true;
  }
  const view = views.get(url.pathname);
  if (view === undefined || url.search !== '') return false;
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "require-trusted-types-for 'script'; trusted-types 'none'",
    'set-cookie': 'SID=session-of-the-tab; Secure; Path=/; SameSite=Lax',
  });
  res.end(view);
  return true;
}

const MISSING = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Gmail</title></head>
<body><p>The message you requested does not exist.</p></body></html>`;
