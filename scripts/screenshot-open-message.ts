/**
 * The popup over Gmail's normal view (issue 14), for `npm run screenshots`: reading, the verdict
 * of a single message, a thread with its list open, markup not recognized, signed out — in
 * Chromium (the toolbar button clicked: Extensions.triggerAction) and Firefox (the popup page
 * over the Gmail tab, in a tab of popup size: firefox-esr 140 lists no browser window to draw
 * the real panel from). The server of screenshots.ts answers the pages (gmail-normal-view.ts).
 */
import type { Browser, Page } from 'puppeteer-core';
import { ACCOUNTS, conversationUrl } from '../test/e2e/gmail-normal-view.ts';
import { clickToolbarButton, FIREFOX_UUID } from '../test/e2e/harness.ts';

const STATES: [name: string, account: number, ready: string, openList?: boolean][] = [
  ['reading', ACCOUNTS.slow, 'reading-open-message'],
  ['verdict', ACCOUNTS.single, 'verdict-status'],
  ['thread', ACCOUNTS.thread, 'verdict-status', true],
  ['unrecognized', ACCOUNTS.unknown, 'open-message-unrecognized'],
  ['signed-out', ACCOUNTS.signedOut, 'open-message-signed-out'],
];

async function settle(page: Page, ready: string, openList: boolean): Promise<void> {
  await page.waitForSelector(`[data-testid="${ready}"]`, { timeout: 15_000 });
  if (openList) {
    await page.click('[data-testid="message-chosen"]');
  }
  await new Promise((r) => setTimeout(r, 300));
}

export async function chromiumOpenMessage(
  browser: Browser,
  prefix: string,
  saved: (name: string) => string,
): Promise<void> {
  for (const [name, account, ready, openList] of STATES) {
    const tab = await browser.newPage();
    await tab.goto(conversationUrl(account), { waitUntil: 'load' });
    await tab.bringToFront();
    const popup = await clickToolbarButton(browser, tab);
    await settle(popup, ready, openList === true);
    await popup.screenshot({ path: saved(`${prefix}-gmail-${name}`) });
    await popup.close();
    await tab.close();
  }
}

export async function firefoxOpenMessage(
  browser: Browser,
  saved: (name: string) => string,
): Promise<void> {
  for (const [name, account, ready, openList] of STATES) {
    const tab = await browser.newPage();
    await tab.goto(conversationUrl(account), { waitUntil: 'load' });
    const popup = await browser.newPage();
    await popup
      .goto(`moz-extension://${FIREFOX_UUID}/src/options/index.html`, {
        waitUntil: 'domcontentloaded',
        timeout: 3000,
      })
      .catch(() => undefined);
    const tabId = (await popup.evaluate(
      `browser.tabs.query({ url: 'https://mail.google.com/*' }).then((t) => t.at(-1).id)`,
    )) as number;
    await popup
      .goto(`moz-extension://${FIREFOX_UUID}/src/popup/index.html?tab=${tabId}`, {
        waitUntil: 'domcontentloaded',
        timeout: 3000,
      })
      .catch(() => undefined);
    await settle(popup, ready, openList === true);
    await popup.screenshot({
      path: saved(`firefox-gmail-${name}`),
    });
    await popup.close();
    await tab.close();
  }
}
