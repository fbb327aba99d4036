/**
 * The popup over Gmail's normal view in Debian's Chromium (issue 14): the toolbar button clicked
 * over a conversation (DevTools' Extensions.triggerAction, which grants activeTab as a real
 * click does; harness.clickToolbarButton), the open message's Show original fetched by the
 * injected script with the tab's session, and the verdict in the real popup. The build has no
 * host permission: without the click, nothing can be read.
 */
import type { Browser, Page, WebWorker } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNTS,
  conversationUrl,
  serveNormalView,
  type ShowOriginalRequest,
} from './gmail-normal-view.ts';
import {
  CHROMIUM,
  clickToolbarButton,
  collectErrors,
  extensionWorker,
  launchChromium,
  missingBrowser,
  openPopup,
  startHttpsServer,
  testIds,
  type TestServer,
} from './harness.ts';

const skip = missingBrowser(CHROMIUM);
if (skip !== null) console.warn(`Skipping Chromium tests: ${skip}`);

describe.skipIf(skip !== null)('the message open in Gmail, in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let worker: WebWorker;
  const requests: ShowOriginalRequest[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startHttpsServer((req, res) => {
      if (serveNormalView(req, res, requests)) return;
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    });
    browser = await launchChromium(server.port, ['mail.google.com']);
    worker = await extensionWorker(browser);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(() => {
    requests.length = 0;
    expect(errors.splice(0)).toEqual([]);
  });

  /** A conversation open in the active tab (or a new tab, which no click has granted yet). */
  async function conversation(account: number, newTab = false): Promise<Page> {
    const [first] = await browser.pages();
    const tab = newTab || first === undefined ? await browser.newPage() : first;
    await tab.goto(conversationUrl(account), { waitUntil: 'load' });
    await tab.bringToFront();
    return tab;
  }

  async function click(tab: Page): Promise<Page> {
    const popup = await clickToolbarButton(browser, tab);
    await collectErrors(popup, errors);
    return popup;
  }

  it('one message: the verdict without opening Show original, fetched with the page key and the tab session, and the page left as it was', async () => {
    const tab = await conversation(ACCOUNTS.single);
    const before = await tab.evaluate(() => document.documentElement.outerHTML);
    const popup = await click(tab);
    await popup.waitForSelector('[data-testid="verdict-status"]');
    expect(await testIds(popup, 'verdict-status')).toEqual([
      'Authenticated — DMARC pass via SPF and DKIM',
    ]);
    expect(await testIds(popup, 'spf-result')).toEqual(['PASS']);
    expect(await testIds(popup, 'spf-client-ip')).toEqual(['203.0.113.5']);
    expect(await popup.$eval('.source', (el) => el.textContent ?? '')).toBe(
      'The message open in Gmail, read from its Show original',
    );
    expect(await testIds(popup, 'message-picker')).toEqual([]);
    expect(requests).toHaveLength(1);
    const asked = new URL(requests[0]?.url ?? '');
    expect(asked.pathname).toBe(`/mail/u/${ACCOUNTS.single}/`);
    expect(asked.searchParams.get('ik')).toBe('0123abcd45');
    expect(asked.searchParams.get('permmsgid')).toBe(
      `msg-f:${BigInt('0x18e0042e9a1b2bf6').toString()}`,
    );
    expect(requests[0]?.cookie).toContain('SID=session-of-the-tab');
    // The fetched page was parsed apart from the page (which enforces Trusted Types): nothing
    // was put into it.
    expect(await tab.evaluate(() => document.documentElement.outerHTML)).toBe(before);
    await popup.close();
  });

  it('a thread: the last expanded message, and another one picked from the list', async () => {
    const tab = await conversation(ACCOUNTS.thread);
    const popup = await click(tab);
    await popup.waitForSelector('[data-testid="verdict-status"]');
    expect(await testIds(popup, 'message-chosen')).toEqual([
      'Message 3 of 3 — from Example Shop, Mon, Mar 4, 2024, 12:11 PM',
    ]);
    expect(await testIds(popup, 'spf-result')).toEqual(['SOFTFAIL']);
    await popup.click('[data-testid="message-chosen"]');
    expect(await testIds(popup, 'pick-message')).toEqual([
      'Message 1 of 3 — from Bob, Sun, Mar 3, 2024, 9:00 AM',
      'Message 2 of 3 — from Carol, Mon, Mar 4, 2024, 10:30 AM',
      'Message 3 of 3 — from Example Shop, Mon, Mar 4, 2024, 12:11 PM',
    ]);
    const [firstMessage] = await popup.$$('[data-testid="pick-message"]');
    await firstMessage?.click();
    await popup.waitForFunction(() =>
      document
        .querySelector('[data-testid="message-chosen"]')
        ?.textContent?.startsWith('Message 1'),
    );
    await popup.waitForSelector('[data-testid="spf-result"]');
    expect(await testIds(popup, 'spf-result')).toEqual(['PASS']);
    expect(requests.map((r) => new URL(r.url).searchParams.get('permmsgid'))).toEqual([
      `msg-f:${BigInt('0x18e0042e9a1b3003').toString()}`,
      `msg-f:${BigInt('0x18e0042e9a1b2b01').toString()}`,
    ]);
    await popup.close();
  });

  it('markup not recognized: said so, with the way to Show original, and no message guessed or fetched', async () => {
    const tab = await conversation(ACCOUNTS.unknown);
    const popup = await click(tab);
    await popup.waitForSelector('[data-testid="open-message-unrecognized"]');
    expect((await testIds(popup, 'open-message-unrecognized'))[0]).toContain(
      "doesn't recognize this Gmail page",
    );
    expect(await testIds(popup, 'open-show-original')).toEqual(['How to open Show original']);
    expect(await testIds(popup, 'verdict-status')).toEqual([]);
    expect(requests).toEqual([]);
    const help = browser.waitForTarget((t) => t.url().startsWith('https://support.google.com/'));
    await popup.click('[data-testid="open-show-original"]');
    expect((await help).url()).toBe('https://support.google.com/mail/answer/29436');
    await (await (await help).asPage())?.close();
  });

  it("signed out (Gmail redirects to its sign-in page): said in words, with the message's Show original to open", async () => {
    const tab = await conversation(ACCOUNTS.signedOut);
    const popup = await click(tab);
    await popup.waitForSelector('[data-testid="open-message-signed-out"]');
    expect((await testIds(popup, 'open-message-signed-out'))[0]).toContain('signed out');
    expect(await testIds(popup, 'open-show-original')).toEqual(['Open Show original']);
    const pagesBefore = new Set(await browser.pages());
    const asked = requests.length;
    await popup.click('[data-testid="open-show-original"]');
    // The new tab asks Gmail for the message's Show original. For this signed-out account Gmail
    // redirects it to the sign-in page, a host the test does not serve, so the tab's own URL may
    // never show view=om: what the server was asked is what the button opened.
    for (let i = 0; i < 300 && requests.length === asked; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(requests.slice(asked).map((r) => new URL(r.url).searchParams.get('permmsgid'))).toEqual([
      `msg-f:${BigInt('0x18e0042e9a1b2bf6').toString()}`,
    ]);
    for (const page of await browser.pages()) if (!pagesBefore.has(page)) await page.close();
  });

  it('without the click (chrome.action.openPopup grants no activeTab): nothing is read, the paste box is shown', async () => {
    // A tab of its own: Chromium keeps an activeTab grant across same-origin navigations.
    const tab = await conversation(ACCOUNTS.single, true);
    const popup = await openPopup(browser, worker);
    await collectErrors(popup, errors);
    await popup.waitForSelector('[data-testid="input-panel"]');
    expect(await testIds(popup, 'reading-open-message')).toEqual([]);
    expect(requests).toEqual([]);
    await popup.close();
    await tab.close();
  });
});
