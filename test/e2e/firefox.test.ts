/**
 * The Firefox build in Debian's firefox-esr, driven by puppeteer-core over WebDriver BiDi: the
 * content script reads a fixture Show original page served as https://mail.google.com from
 * loopback, the event page analyzes it and sets the badge, and the popup page shows the same
 * verdict as in Chromium. WebDriver can't open Firefox's toolbar popup, so the popup page is
 * opened the way its "Open in a tab" button does (`popup/index.html?tab=<id>`): same page,
 * same code, the Gmail tab's report.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIREFOX,
  FIREFOX_UUID,
  launchFirefox,
  missingBrowser,
  startHttpsServer,
  testIds,
  type TestServer,
} from './harness.ts';
import { showOriginalPage } from './show-original-page.ts';

const canBind443 = process.getuid?.() === 0;
const skip =
  missingBrowser(FIREFOX) ??
  (canBind443 || process.env['CI'] !== undefined
    ? null
    : 'the Firefox tests serve mail.google.com on port 443, which needs root');
if (skip !== null) console.warn(`Skipping Firefox tests: ${skip}`);

const extensionPage = (path: string): string => `moz-extension://${FIREFOX_UUID}/${path}`;
const pages = new Map<string, string>([
  [
    '1',
    showOriginalPage(readFileSync(new URL('../../src/cli/sample.eml', import.meta.url), 'utf8')),
  ],
  [
    '2',
    showOriginalPage(readFileSync(new URL('../fixtures/gmail-pass.eml', import.meta.url), 'utf8')),
  ],
]);

describe.skipIf(skip !== null)('extension in Firefox', () => {
  let server: TestServer;
  let browser: Browser;
  /** An extension page in a tab, to use browser.* from (tabs, badge). */
  let control: Page;

  beforeAll(async () => {
    server = await startHttpsServer((req, res) => {
      const id =
        new URL(req.url ?? '/', 'https://mail.google.com').searchParams.get('permmsgid') ?? '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(pages.get(id.replace('msg-f:', '')) ?? '<!DOCTYPE html><title>Gmail</title>');
    }, 443);
    browser = await launchFirefox();
    control = await openExtensionPage('src/options/index.html');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** WebDriver's navigation to moz-extension:// pages does not report completion: wait for the
   * page's own ready mark instead. */
  async function openExtensionPage(path: string): Promise<Page> {
    const page = await browser.newPage();
    await page
      .goto(extensionPage(path), { waitUntil: 'domcontentloaded', timeout: 3000 })
      .catch(() => undefined);
    await page.waitForSelector('#app[data-ready="true"]', { timeout: 15_000 });
    return page;
  }

  async function gmailTab(id: string): Promise<{ tabId: number; badge: string }> {
    const tab = await browser.newPage();
    await tab.goto(`https://mail.google.com/mail/u/0/?ik=abc&view=om&permmsgid=msg-f:${id}`, {
      waitUntil: 'load',
    });
    return control.evaluate(async (url) => {
      const api = (
        globalThis as unknown as {
          browser: {
            tabs: { query: (q: object) => Promise<{ id: number }[]> };
            action: { getBadgeText: (d: object) => Promise<string> };
          };
        }
      ).browser;
      const [t] = await api.tabs.query({ url });
      const tabId = t?.id ?? -1;
      for (let i = 0; i < 100; i += 1) {
        const badge = await api.action.getBadgeText({ tabId });
        if (badge !== '') return { tabId, badge };
        await new Promise((r) => setTimeout(r, 100));
      }
      return { tabId, badge: '' };
    }, `https://mail.google.com/mail/u/0/?ik=abc&view=om&permmsgid=msg-f:${id}`);
  }

  it('reads the Show original page and sets the badge from the SPF verdict', async () => {
    expect((await gmailTab('1')).badge).toBe('~');
    expect((await gmailTab('2')).badge).toBe('✓');
  });

  it('the popup page shows the same verdict as in Chromium: result, IP, domain, record, DKIM, DMARC, hops', async () => {
    const { tabId } = await gmailTab('1');
    const popup = await openExtensionPage(`src/popup/index.html?tab=${tabId}`);
    expect(await testIds(popup, 'spf-result')).toEqual(['SOFTFAIL']);
    expect(await testIds(popup, 'spf-client-ip')).toEqual(['2001:db8:5c1::26']);
    expect(await testIds(popup, 'spf-domain')).toEqual(['example.com']);
    expect(await testIds(popup, 'spf-fix-record')).toEqual(['v=spf1 ip6:2001:db8:5c1::26 ~all']);
    expect(await testIds(popup, 'dmarc-result')).toEqual(['FAIL']);
    expect(await testIds(popup, 'hop')).toHaveLength(3);
    expect(await testIds(popup, 'warning')).toEqual([]);
    await popup.close();
  });

  it('a passing message: PASS, the client IP and no record to publish', async () => {
    const { tabId } = await gmailTab('2');
    const popup = await openExtensionPage(`src/popup/index.html?tab=${tabId}`);
    expect(await testIds(popup, 'spf-result')).toEqual(['PASS']);
    expect(await testIds(popup, 'spf-client-ip')).toEqual(['203.0.113.5']);
    expect(await testIds(popup, 'dkim-result')).toEqual(['PASS']);
    expect(await testIds(popup, 'spf-fix-record')).toEqual([]);
    await popup.close();
  });
});
