/**
 * "Verify signatures now" in Firefox below the popup: the Firefox build's content script reads
 * Gmail's "Download original" of the Show original page's message (as the page would, with the
 * page's cookies: Firefox's `content.fetch`), and its event page verifies it with the keys from
 * the loopback DoH server. Driven from one of the extension's own pages, which may send the
 * popup's request; the popup itself, Firefox's consent prompt and the click are in
 * firefox.test.ts, which reads Firefox's own window (see firefoxChrome in firefox-ui.ts).
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dohHandler } from '../helpers/doh-server.ts';
import {
  launchFirefox,
  startHttpsServer,
  type TestServer,
  firefoxSkip,
  openFirefoxExtensionPage,
} from './harness.ts';
import {
  downloadRequests,
  serveVerifyFixture,
  VERIFY_MESSAGES,
  VERIFY_ZONE,
} from './verify-fixture.ts';

const skip = firefoxSkip('Firefox verification tests');

const showOriginalUrl = (id: string): string =>
  `https://mail.google.com/mail/u/0/?ik=abc&view=om&permmsgid=msg-f:${id}`;

interface Summary {
  ok: boolean;
  error?: string;
  source?: string;
  approximate?: boolean;
  fallback?: unknown;
  results?: [string, string | null, string[]][];
}

describe.skipIf(skip !== null)('verification in Firefox (content script and event page)', () => {
  let server: TestServer;
  let browser: Browser;
  let control: Page;
  const doh = dohHandler(VERIFY_ZONE);
  /** Cookies the download requests carried, and the names asked of the resolver. */
  const cookies: string[] = [];
  const dohQueries: string[] = [];

  beforeAll(async () => {
    server = await startHttpsServer((req, res) => {
      if ((req.headers.host ?? '').startsWith('cloudflare-dns.com')) {
        dohQueries.push(req.url ?? '');
        doh(req, res);
        return;
      }
      if ((req.url ?? '').includes('view=att')) cookies.push(req.headers.cookie ?? '');
      // Gmail's session, as a first-party cookie of the page.
      else res.setHeader('set-cookie', 'SID=session; Secure; SameSite=Lax; Path=/');
      if (!serveVerifyFixture(req, res)) res.writeHead(404).end();
    }, 443);
    browser = await launchFirefox(['mail.google.com', 'cloudflare-dns.com']);
    control = await openFirefoxExtensionPage(browser, 'src/options/index.html');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(() => {
    downloadRequests.length = 0;
    cookies.length = 0;
    dohQueries.length = 0;
  });

  /** Opens the message's Show original page (twice: the second load has the session cookie),
   * then sends the popup's request from the extension page, as the popup does. */
  async function verify(id: string): Promise<Summary> {
    const tab = await browser.newPage();
    await tab.goto(showOriginalUrl(id), { waitUntil: 'load' });
    await tab.goto(showOriginalUrl(id), { waitUntil: 'load' });
    downloadRequests.length = 0;
    cookies.length = 0;
    const summary = (await control.evaluate(`(async () => {
      const [t] = await browser.tabs.query({ url: ${JSON.stringify(showOriginalUrl(id))} });
      const a = await browser.runtime.sendMessage({ type: 'popup-bg-verify', tabId: t.id });
      if (!a.ok) return { ok: false, error: a.error };
      return {
        ok: true,
        source: a.verification.input.source,
        approximate: a.verification.input.approximate,
        fallback: a.fallback,
        results: a.verification.signatures.map((s) => [s.verify.result, s.verify.reason, s.verify.notes.map((n) => n.code)]),
      };
    })()`)) as Summary;
    await tab.close();
    return summary;
  }

  it('the download, fetched as the page would with its session cookie, verifies with the key in DNS now', async () => {
    expect(await verify(VERIFY_MESSAGES.pass.id)).toEqual({
      ok: true,
      source: 'download',
      approximate: false,
      fallback: null,
      results: [['pass', null, []]],
    });
    expect(downloadRequests).toEqual([
      '/mail/u/0/?ik=abc&view=att&permmsgid=msg-f:1301&attid=0&disp=comp&safe=1&zw',
    ]);
    expect(cookies).toEqual(['SID=session']);
    expect(dohQueries).toEqual(['/dns-query?name=hl1._domainkey.example.com&type=TXT']);
  });

  it('a key rotated since delivery: signature mismatch, raw verification without the receiver’s note', async () => {
    // The note "changed since delivery" is added where the report is merged (the popup).
    expect(await verify(VERIFY_MESSAGES.rotated.id)).toEqual({
      ok: true,
      source: 'download',
      approximate: false,
      fallback: null,
      results: [['fail', 'signature-mismatch', []]],
    });
  });

  it('no download: the page text, approximate, and why', async () => {
    expect(await verify(VERIFY_MESSAGES.unavailable.id)).toEqual({
      ok: true,
      source: 'pre',
      approximate: true,
      fallback: { failure: 'http-error', detail: 'HTTP 404' },
      results: [['pass', null, []]],
    });
  });
});
