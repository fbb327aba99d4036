/**
 * The popup over Gmail's normal view in Debian's firefox-esr (issue 14). Firefox grants an MV3
 * add-on the hosts its content scripts match (https://mail.google.com/mail/*) when it is
 * installed, and the user can take that away in the add-on's permissions: as installed, the
 * popup reads the open message with that access; with it removed, only the activeTab grant of a
 * click on the toolbar button would let it, and without one it reads nothing. A real click needs
 * Firefox's own window (firefox-ui.ts), which firefox-esr 140 does not list to WebDriver, so the
 * popup is opened with action.openPopup() (which grants no activeTab in Firefox either) and
 * driven through extension.getViews() from an extension page.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from './firefox-ui.ts';
import {
  ACCOUNTS,
  conversationUrl,
  serveNormalView,
  type ShowOriginalRequest,
} from './gmail-normal-view.ts';
import {
  launchFirefox,
  startHttpsServer,
  type TestServer,
  firefoxSkip,
  openFirefoxExtensionPage,
} from './harness.ts';

const skip = firefoxSkip('Firefox tests');

const GMAIL_ACCESS = { origins: ['https://mail.google.com/mail/*'] };

describe.skipIf(skip !== null)('the message open in Gmail, in Firefox', () => {
  let server: TestServer;
  let browser: Browser;
  let control: Page;
  const requests: ShowOriginalRequest[] = [];

  beforeAll(async () => {
    server = await startHttpsServer((req, res) => {
      if (serveNormalView(req, res, requests)) return;
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }, 443);
    browser = await launchFirefox(['mail.google.com']);
    control = await openFirefoxExtensionPage(browser, 'src/options/index.html');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(async () => {
    requests.length = 0;
  });

  /** A conversation in a new selected tab (a new tab holds no activeTab grant). */
  async function conversation(account: number): Promise<Page> {
    const tab = await browser.newPage();
    await tab.goto(conversationUrl(account), { waitUntil: 'load' });
    await tab.bringToFront();
    return tab;
  }

  const gmailAccess = (): Promise<boolean> =>
    control.evaluate(
      (p) =>
        (
          globalThis as unknown as {
            browser: { permissions: { contains(p: object): Promise<boolean> } };
          }
        ).browser.permissions.contains(p),
      GMAIL_ACCESS,
    );

  interface Popup {
    testIds(id: string): Promise<string[]>;
    /** A click on the element in the popup's document. */
    click(selector: string): Promise<void>;
    close(): Promise<void>;
  }

  /** The toolbar popup over the selected tab (action.openPopup()), once it has rendered. */
  async function openPopup(): Promise<Popup> {
    const inPopup = <T>(body: string): Promise<T> =>
      control.evaluate(
        `(() => { const win = browser.extension.getViews({ type: 'popup' })[0]; ${body} })()`,
      ) as Promise<T>;
    await control.evaluate('browser.action.openPopup()');
    await waitUntil(
      () =>
        inPopup<boolean>(`return win?.document.querySelector('#app[data-ready="true"]') != null;`),
      (yes) => yes,
      'the toolbar popup to render',
    );
    return {
      testIds: (id) =>
        inPopup<string[]>(
          `return [...win.document.querySelectorAll('[data-testid="${id}"]')].map((e) => (e.textContent ?? '').trim());`,
        ),
      click: async (selector) => {
        await inPopup(
          `win.document.querySelector(${JSON.stringify(selector)}).click(); return true;`,
        );
      },
      close: async () => {
        await inPopup('win.close(); return true;');
        await waitUntil(
          () => inPopup<boolean>('return win === undefined;'),
          (gone) => gone,
          'the toolbar popup to close',
        );
      },
    };
  }

  const shown = (popup: Popup, id: string): Promise<string[]> =>
    waitUntil(
      () => popup.testIds(id),
      (ids) => ids.length > 0,
      `${id} in the popup`,
    );

  it('as installed: the popup over a conversation shows the verdict, read with the page key and the tab session', async () => {
    expect(await gmailAccess()).toBe(true);
    const tab = await conversation(ACCOUNTS.single);
    const popup = await openPopup();
    expect(await shown(popup, 'spf-result')).toEqual(['PASS']);
    expect(await popup.testIds('verdict-status')).toEqual([
      'Authenticated — DMARC pass via SPF and DKIM',
    ]);
    expect(await popup.testIds('spf-client-ip')).toEqual(['203.0.113.5']);
    expect(requests).toHaveLength(1);
    expect(new URL(requests[0]?.url ?? '').searchParams.get('ik')).toBe('0123abcd45');
    expect(requests[0]?.cookie).toContain('SID=session-of-the-tab');
    await popup.close();
    await tab.close();
  });

  it('a thread: the last expanded message, then another one picked from the list', async () => {
    const tab = await conversation(ACCOUNTS.thread);
    const popup = await openPopup();
    expect(await shown(popup, 'spf-result')).toEqual(['SOFTFAIL']);
    expect(await popup.testIds('message-chosen')).toEqual([
      'Message 3 of 3 — from Example Shop, Mon, Mar 4, 2024, 12:11 PM',
    ]);
    await popup.click('[data-testid="message-chosen"]');
    await popup.click('[data-testid="pick-message"]');
    await waitUntil(
      () => popup.testIds('message-chosen'),
      (ids) => ids[0]?.startsWith('Message 1 of 3') === true,
      'message 1 to be read',
    );
    expect(await shown(popup, 'spf-result')).toEqual(['PASS']);
    expect(requests).toHaveLength(2);
    await popup.close();
    await tab.close();
  });

  it('markup not recognized: said so, with the way to Show original; nothing fetched', async () => {
    const tab = await conversation(ACCOUNTS.unknown);
    const popup = await openPopup();
    const text = await shown(popup, 'open-message-unrecognized');
    expect(text[0]).toContain("doesn't recognize this Gmail page");
    expect(await popup.testIds('open-show-original')).toEqual(['How to open Show original']);
    expect(requests).toEqual([]);
    await popup.close();
    await tab.close();
  });

  it("signed out: said in words, with the message's Show original to open", async () => {
    const tab = await conversation(ACCOUNTS.signedOut);
    const popup = await openPopup();
    const text = await shown(popup, 'open-message-signed-out');
    expect(text[0]).toContain('signed out');
    expect(await popup.testIds('open-show-original')).toEqual(['Open Show original']);
    await popup.close();
    await tab.close();
  });

  // Last: Firefox gives the access back only on a user's gesture.
  it("with the add-on's access to Gmail removed and no click: nothing is read, the paste box is shown", async () => {
    await control.evaluate(`browser.permissions.remove(${JSON.stringify(GMAIL_ACCESS)})`);
    expect(await gmailAccess()).toBe(false);
    const tab = await conversation(ACCOUNTS.single);
    const popup = await openPopup();
    await shown(popup, 'input-panel');
    expect(await popup.testIds('verdict-status')).toEqual([]);
    expect(requests).toEqual([]);
    await popup.close();
    await tab.close();
  });
});
