// Over 300 lines: every Firefox flow in one browser: its window is reached once (firefox-ui.ts) and
// the server on port 443 started once.
/**
 * The Firefox build in Debian's firefox-esr, driven by puppeteer-core over WebDriver BiDi: the
 * content script reads a fixture Show original page served as https://mail.google.com from
 * loopback, the event page analyzes it and sets the badge, and the real toolbar popup shows the
 * same verdict as in Chromium. What WebDriver can't reach by itself — the toolbar, the badge as
 * drawn, the popup's panel and the consent prompt — is read in Firefox's own window
 * (firefox-ui.ts). "Check current DNS" goes to `cloudflare-dns.com`, served from loopback too.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'puppeteer-core';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  type TestContext,
} from 'vitest';
import { BADGE_LABEL_KEYS, badgeText } from '../../src/background/badge-text.ts';
import { dohHandler } from '../helpers/doh-server.ts';
import {
  downloadRequests,
  serveVerifyFixture,
  VERIFY_MESSAGES,
  VERIFY_ZONE,
} from './verify-fixture.ts';
import {
  firefoxChrome,
  NoBrowserWindow,
  openFirefoxPopup,
  renderedBadge,
  waitUntil,
  type ExtensionApi,
  type FirefoxChrome,
  type FirefoxPopup,
} from './firefox-ui.ts';
import {
  launchFirefox,
  startHttpsServer,
  testIds,
  type TestServer,
  firefoxSkip,
  FIREFOX_ORIGIN,
  openFirefoxExtensionPage,
} from './harness.ts';
import { heldPage, type HeldPage } from './held-response.ts';
import { forgedSoftfail, showOriginalPage } from './show-original-page.ts';

const skip = firefoxSkip('Firefox tests');

const ORIGIN = FIREFOX_ORIGIN;
const SCREENSHOTS = new URL('../../.scratch/screenshots/', import.meta.url).pathname;
const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');
const sample = read('../../src/cli/sample.eml');
const gmailPass = read('../fixtures/gmail-pass.eml');
const pages = new Map<string, string>([
  ['1', showOriginalPage(sample)],
  ['2', showOriginalPage(gmailPass)],
  ['3', showOriginalPage(forgedSoftfail(gmailPass))],
]);
/** Pages streamed slowly, the rest held back until the test releases it. */
const heldPages = new Map<string, HeldPage>();
const showOriginalUrl = (id: string): string =>
  `https://mail.google.com/mail/u/0/?ik=abc&view=om&permmsgid=msg-f:${id}`;
/** Current DNS as the loopback "cloudflare-dns.com" answers it (the same as in Chromium). */
const doh = dohHandler({
  'example.com': [
    {
      type: 'TXT',
      data: '"v=spf1 ip4:203.0.113.0/24 " "include:_spf.mail.example ~all"',
      ttl: 3600,
    },
  ],
  '_spf.mail.example': [{ type: 'TXT', data: 'v=spf1 ip4:192.0.2.0/24 ~all' }],
  '_dmarc.example.com': [{ type: 'TXT', data: '"v=DMARC1; p=none; rua=mailto:d@example.com"' }],
  ...VERIFY_ZONE,
});
const dohQueries: string[] = [];
const DNS_CHECK_DATA = { data_collection: ['personalCommunications'] };
type Messages = Record<string, { message: string }>;
const catalogue = (lang: string): Messages =>
  JSON.parse(read(`../../_locales/${lang}/messages.json`)) as Messages;

describe.skipIf(skip !== null)('extension in Firefox', () => {
  let server: TestServer;
  let browser: Browser;
  /** Firefox's own window; unset when `noWindow` says why it can't be reached. */
  let chrome: FirefoxChrome;
  let noWindow: string | null = null;
  /** An extension page in a tab, to use browser.* from (tabs, badge, the popup's document). */
  let control: Page;

  beforeAll(async () => {
    server = await startHttpsServer((req, res) => {
      const host = req.headers.host ?? '';
      if (host.startsWith('cloudflare-dns.com') || host.startsWith('doh.test')) {
        dohQueries.push(`${host.replace(/:443$/, '')}${req.url ?? ''}`);
        doh(req, res);
        return;
      }
      if (serveVerifyFixture(req, res)) return;
      const id =
        new URL(req.url ?? '/', 'https://mail.google.com').searchParams.get('permmsgid') ?? '';
      const held = heldPages.get(id.replace('msg-f:', ''));
      if (held !== undefined) {
        held.serve(res);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(pages.get(id.replace('msg-f:', '')) ?? '<!DOCTYPE html><title>Gmail</title>');
    }, 443);
    browser = await launchFirefox(['mail.google.com', 'cloudflare-dns.com', 'doh.test']);
    try {
      chrome = await firefoxChrome(browser, ORIGIN);
    } catch (e) {
      if (!(e instanceof NoBrowserWindow)) throw e;
      noWindow = e.message;
      console.warn(`Skipping the Firefox tests that need its browser window: ${noWindow}`);
    }
    control = await openExtensionPage('src/options/index.html');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    // Each test starts without consent and with the default options.
    dohQueries.length = 0;
    await api((b, data) => b.permissions.remove(data), DNS_CHECK_DATA);
    await api((b) => b.storage.local.remove('settings'));
  });

  afterEach(async () => {
    // Firefox logs what Chromium ignores (an unknown message name, a rejected call): none.
    if (noWindow === null) expect(await chrome.takeConsoleErrors()).toEqual([]);
  });

  /**
   * First line of every test that reads Firefox's own window — the toolbar, the badge as drawn,
   * the real toolbar popup, the consent prompt, window screenshots — and so can't run where
   * firefoxChrome finds no way in: the test is skipped, saying what this Firefox lacks.
   */
  /** Skips a test that reads Firefox's own window where no way in works; in CI (CI=1) that
   * fails instead, as a missing browser does, so the window tests are never skipped unseen. */
  function needsWindow(ctx: TestContext): void {
    if (noWindow === null) return;
    const why = `needs Firefox's browser window: ${noWindow}`;
    if (process.env['CI'] !== undefined) throw new Error(why);
    ctx.skip(why);
  }

  /** Runs `fn` with the control page's `browser` (Firefox's own, promise-based). */
  async function api<T, A extends unknown[]>(
    fn: (b: ExtensionApi, ...args: A) => T,
    ...args: A
  ): Promise<Awaited<T>> {
    return control.evaluate(`(${fn.toString()})(browser, ...${JSON.stringify(args)})`) as Promise<
      Awaited<T>
    >;
  }

  /** The options a user would save: a resolver of the test's own, and the automatic check. */
  async function useResolver(customUrl: string, autoCheck: boolean): Promise<void> {
    await api((b, settings) => b.storage.local.set({ settings }), {
      resolver: 'custom',
      customUrl,
      autoCheck,
    });
  }

  const openExtensionPage = (path: string, page?: Page): Promise<Page> =>
    openFirefoxExtensionPage(browser, path, page);

  /** A Show original page in a selected tab, once the extension has set its badge. */
  async function gmailTab(id: string): Promise<{ tab: Page; tabId: number; badge: string }> {
    const tab = await browser.newPage();
    await tab.goto(showOriginalUrl(id), { waitUntil: 'load' });
    await tab.bringToFront();
    const tabId = await api(
      async (b, url) => (await b.tabs.query({ url }))[0]?.id ?? -1,
      showOriginalUrl(id),
    );
    const badge = await waitUntil(
      () => api((b, t) => b.action.getBadgeText({ tabId: t }), tabId),
      (text) => text !== '',
      `the badge of tab ${tabId}`,
    );
    return { tab, tabId, badge };
  }

  async function popupOver(id: string): Promise<FirefoxPopup> {
    await gmailTab(id);
    return openFirefoxPopup(control, chrome);
  }

  /** Firefox's consent doorhanger for this extension, as shown in the browser window. */
  async function consentPrompt(): Promise<string | null> {
    return chrome.run<string | null>(`
      const shown = PopupNotifications.getNotification('addon-webext-permissions', gBrowser.selectedBrowser);
      const el = PopupNotifications.panel.querySelector('popupnotification:not([hidden])');
      return shown && PopupNotifications.panel.state === 'open' && el ? el.textContent.replace(/\\s+/g, ' ') : null;`);
  }

  async function answerPrompt(allow: boolean): Promise<void> {
    await chrome.run(`
      const el = PopupNotifications.panel.querySelector('popupnotification:not([hidden])');
      (${allow ? 'el.button' : 'el.secondaryButton'}).click();
      return true;`);
  }

  const visibleBadge = (
    text: string,
  ): Promise<NonNullable<Awaited<ReturnType<typeof renderedBadge>>>> =>
    waitUntil(
      () => renderedBadge(chrome),
      (b) => b?.text === text,
      `the toolbar badge to show ${text}`,
    ) as Promise<NonNullable<Awaited<ReturnType<typeof renderedBadge>>>>;

  it('the button is on the toolbar from the first start, its badge showing the verdict', async (ctx) => {
    needsWindow(ctx);
    await gmailTab('2');
    const badge = await visibleBadge('✓');
    expect(badge.area).toBe('nav-bar');
    expect(await api((b) => b.action.getUserSettings())).toEqual({ isOnToolbar: true });
    expect(badge.scrollWidth).toBeLessThanOrEqual(badge.clientWidth);
    // Explicit white text, as in Chromium (Firefox would choose black on light colours).
    expect(badge.color).toBe('rgb(255, 255, 255)');
    expect(badge.backgroundColor).toBe('rgb(24, 128, 56)');
    await chrome.screenshot(`${SCREENSHOTS}firefox-toolbar-pass.png`, 'toolbar');
  });

  it('the badge keeps the forgery marker, in front, and every label fits whole as drawn', async (ctx) => {
    needsWindow(ctx);
    const { tabId } = await gmailTab('3');
    const forged = await visibleBadge('!~');
    expect(forged.scrollWidth).toBeLessThanOrEqual(forged.clientWidth);
    expect(forged.color).toBe('rgb(255, 255, 255)');
    expect(forged.backgroundColor).toBe('rgb(132, 48, 206)');
    await chrome.screenshot(`${SCREENSHOTS}firefox-toolbar-forged.png`, 'toolbar');
    // Every label the extension can show, in both languages, with and without the marker, drawn
    // by Firefox in its badge: nothing may be cut off.
    const labels = new Set(
      ['en', 'de'].flatMap((lang) =>
        BADGE_LABEL_KEYS.flatMap((key) => {
          const label = catalogue(lang)[key]?.message ?? '';
          return [badgeText(label, false), badgeText(label, true)];
        }),
      ),
    );
    expect(labels.size).toBeGreaterThanOrEqual(12);
    const cut: string[] = [];
    for (const text of labels) {
      await api((b, t, x) => b.action.setBadgeText({ tabId: t, text: x }), tabId, text);
      const drawn = await visibleBadge(text);
      if (drawn.scrollWidth > drawn.clientWidth)
        cut.push(`${text}: ${drawn.scrollWidth}px of text in ${drawn.clientWidth}px`);
    }
    expect(cut).toEqual([]);
  });

  it('the toolbar popup shows the same verdict as in Chromium: result, IP, domain, the mechanism to add, DMARC, hops', async (ctx) => {
    needsWindow(ctx);
    const popup = await popupOver('1');
    expect(await popup.testIds('spf-result')).toEqual(['SOFTFAIL']);
    expect(await popup.testIds('spf-client-ip')).toEqual(['2001:db8:5c1::26']);
    expect(await popup.testIds('spf-domain')).toEqual(['example.com']);
    // A record is published: the mechanism to add, never a record that would replace it.
    expect(await popup.testIds('spf-fix-add')).toEqual(['ip6:2001:db8:5c1::26']);
    expect(await popup.testIds('spf-fix-record')).toEqual([]);
    expect(
      await popup.evaluate((win) =>
        win.document.querySelector('[data-testid="verdict-status"]')?.getAttribute('data-status'),
      ),
    ).toBe('unauthenticated');
    expect(await popup.testIds('dmarc-result')).toEqual(['FAIL']);
    expect(await popup.testIds('hop')).toHaveLength(2);
    expect(await popup.testIds('internal-hops')).toHaveLength(1);
    expect(await popup.testIds('warning')).toEqual([]);
    await chrome.screenshot(`${SCREENSHOTS}firefox-popup-report.png`);
    await popup.close();
  });

  it('a passing message in the toolbar popup: PASS, the client IP and no record to publish', async (ctx) => {
    needsWindow(ctx);
    const popup = await popupOver('2');
    expect(await popup.testIds('spf-result')).toEqual(['PASS']);
    expect(await popup.testIds('spf-client-ip')).toEqual(['203.0.113.5']);
    expect(await popup.testIds('dkim-result')).toEqual(['PASS']);
    expect(await popup.testIds('spf-fix-record')).toEqual([]);
    await popup.close();
  });

  it('forged results in the toolbar popup: suspicious, a caution, nothing to publish; "Options" opens the options page', async (ctx) => {
    needsWindow(ctx);
    const popup = await popupOver('3');
    const attr = (testId: string, name: string): Promise<string | null> =>
      popup.evaluate(
        (win, id, n) =>
          win.document.querySelector(`[data-testid="${id}"]`)?.getAttribute(n) ?? null,
        testId,
        name,
      );
    expect(await attr('verdict-status', 'data-status')).toBe('suspicious');
    expect(await attr('next-step', 'data-result')).toBe('caution');
    expect(await popup.testIds('spf-fix-record')).toEqual([]);
    expect(await popup.testIds('spf-fix-add')).toEqual([]);
    await chrome.screenshot(`${SCREENSHOTS}firefox-popup-forged.png`);
    await popup.click('[data-testid="open-options"]');
    // The options page comes to the front (the control page is one: Firefox reuses its tab).
    const activeUrl = (): Promise<string> =>
      api(async (b) => {
        const [tab] = await (
          b.tabs as unknown as {
            query(q: object): Promise<{ url?: string }[]>;
          }
        ).query({ active: true, currentWindow: true });
        return tab?.url ?? '';
      });
    await waitUntil(activeUrl, (u) => u.endsWith('/src/options/index.html'), 'the options page');
    // Focusing another tab closes the toolbar popup; close it if it is still open.
    await popup.close().catch(() => undefined);
  });

  it('the toolbar popup never scrolls sideways at its real size, with or without a scrollbar', async (ctx) => {
    needsWindow(ctx);
    const size = (popup: FirefoxPopup): Promise<Record<string, number>> =>
      popup.evaluate((win) => {
        const root = win.document.documentElement;
        return {
          innerWidth: win.innerWidth,
          scrollWidth: root.scrollWidth,
          clientWidth: root.clientWidth,
          scrollHeight: root.scrollHeight,
          clientHeight: root.clientHeight,
        };
      });
    const report = await popupOver('1');
    const long = await size(report);
    // The report is taller than the popup: a vertical scrollbar takes its share of the width.
    expect(long['scrollHeight']).toBeGreaterThan(long['clientHeight'] ?? 0);
    expect(long['scrollWidth']).toBeLessThanOrEqual(long['clientWidth'] ?? 0);
    await report.close();
    const tab = await browser.newPage();
    await tab.goto('https://mail.google.com/mail/u/0/#inbox', { waitUntil: 'load' });
    await tab.bringToFront();
    const empty = await openFirefoxPopup(control, chrome);
    // Over Gmail's normal view the popup first looks for an open message (none in the inbox),
    // then shows the paste box.
    await waitUntil(
      () => empty.testIds('input-panel'),
      (ids) => ids.length === 1,
      'the paste box over an inbox with no message open',
    );
    const short = await size(empty);
    expect(short['scrollWidth']).toBeLessThanOrEqual(short['clientWidth'] ?? 0);
    await chrome.screenshot(`${SCREENSHOTS}firefox-popup-empty.png`);
    await empty.close();
  });

  it('"Check current DNS": the click brings up Firefox\'s consent prompt, and after consent the check reaches the resolver and shows what Chromium shows', async (ctx) => {
    needsWindow(ctx);
    const popup = await popupOver('1');
    // Next to the button: who receives the names, since Firefox's prompt says "developer".
    const note = (await popup.testIds('live-consent'))[0] ?? '';
    expect(note).toContain('Cloudflare');
    expect(note).toContain('no server');
    await popup.click('[data-testid="action-check-dns"]');
    const prompt = await waitUntil(consentPrompt, (p) => p !== null, 'the consent prompt');
    expect(prompt).toContain('Header Lens');
    expect(prompt).toContain('personal communications');
    // Nothing is sent before the user answers.
    expect(dohQueries).toEqual([]);
    await answerPrompt(true);
    await waitUntil(
      () => popup.testIds('live-spf-summary'),
      (r) => r.length > 0,
      'the current-DNS result',
    );
    expect(await popup.testIds('live-spf-summary')).toEqual([
      "today's record gives softfail for 2001:db8:5c1::26",
    ]);
    expect(await popup.testIds('live-spf-record')).toEqual([
      'v=spf1 ip4:203.0.113.0/24 include:_spf.mail.example ~all',
    ]);
    // The next step is now the record built from today's.
    expect(await popup.testIds('spf-fix-record')).toEqual([
      'v=spf1 ip6:2001:db8:5c1::26 ip4:203.0.113.0/24 include:_spf.mail.example ~all',
    ]);
    expect(await popup.testIds('live-dmarc-summary')).toEqual(['published, policy none']);
    expect(dohQueries.length).toBeGreaterThan(0);
    for (const q of dohQueries)
      expect(q).toMatch(
        /^cloudflare-dns\.com\/dns-query\?name=[a-z0-9._-]+&type=(TXT|A|AAAA|MX|PTR)$/,
      );
    expect(await api((b, data) => b.permissions.contains(data), DNS_CHECK_DATA)).toBe(true);
    await chrome.screenshot(`${SCREENSHOTS}firefox-popup-live.png`);
    await popup.close();
  });

  it('declining the prompt sends nothing and says so; the next click asks again', async (ctx) => {
    needsWindow(ctx);
    // A resolver of its own: the worker caches answers per resolver, so no query could hide
    // behind an answer an earlier test fetched.
    await useResolver('https://doh.test/decline/dns-query', false);
    const popup = await popupOver('1');
    await popup.click('[data-testid="action-check-dns"]');
    await waitUntil(consentPrompt, (p) => p !== null, 'the consent prompt');
    await answerPrompt(false);
    const status = await waitUntil(
      async () => (await popup.testIds('live-status'))[0] ?? '',
      (s) => s !== '',
      'the status after declining',
    );
    expect(status).toBe(catalogue('en')['liveConsentDeclined']?.message);
    expect(await popup.testIds('live-spf')).toEqual([]);
    expect(dohQueries).toEqual([]);
    await popup.click('[data-testid="action-check-dns"]');
    await waitUntil(consentPrompt, (p) => p !== null, 'the consent prompt, asked again');
    await answerPrompt(false);
    await popup.close();
    expect(dohQueries).toEqual([]);
  });

  it('checking automatically: without consent the popup says what to click and sends nothing; consent given on Save in the options makes it check on open', async (ctx) => {
    needsWindow(ctx);
    await useResolver('https://doh.test/auto/dns-query', true);
    const before = await popupOver('1');
    const status = await waitUntil(
      async () => (await before.testIds('live-status'))[0] ?? '',
      (s) => s !== '',
      'the automatic check to report',
    );
    expect(status).toBe(catalogue('en')['liveConsentNeeded']?.message);
    // An automatic check can't ask: no prompt, nothing sent.
    expect(await consentPrompt()).toBeNull();
    expect(dohQueries).toEqual([]);
    await before.close();

    // Saving with "check automatically" on is a click: the options page asks there.
    const options = await openExtensionPage('src/options/index.html', await browser.newPage());
    expect(
      await options.$eval('[data-testid="auto-check"]', (e) => (e as HTMLInputElement).checked),
    ).toBe(true);
    expect(await options.$eval('[data-testid="options-consent"]', (e) => e.textContent)).toContain(
      'no server',
    );
    await options.click('[data-testid="options-save"]');
    await waitUntil(consentPrompt, (p) => p !== null, 'the consent prompt on Save');
    await answerPrompt(true);
    // Not waitForFunction: puppeteer's polling compiles with Function(), which the extension
    // page's CSP blocks (and Firefox logs).
    await waitUntil(
      () => options.$eval('[data-testid="options-status"]', (e) => e.textContent),
      (text) => text === catalogue('en')['optionsSaved']?.message,
      'the options to be saved',
    );
    await options.close();

    const after = await popupOver('1');
    await waitUntil(
      () => after.testIds('live-spf-summary'),
      (r) => r.length > 0,
      'the automatic check',
    );
    expect(await after.testIds('live-spf-summary')).toEqual([
      "today's record gives softfail for 2001:db8:5c1::26",
    ]);
    expect(dohQueries.length).toBeGreaterThan(0);
    for (const q of dohQueries) expect(q).toMatch(/^doh\.test\/auto\/dns-query\?name=/);
    await after.close();
  });

  it('"Verify signatures now": Firefox\'s consent first, then the download verified with the key in DNS now → pass; a key rotated since delivery; no download → the page text, approximate', async (ctx) => {
    needsWindow(ctx);
    const open = async (
      message: (typeof VERIFY_MESSAGES)[keyof typeof VERIFY_MESSAGES],
    ): Promise<FirefoxPopup> => {
      downloadRequests.length = 0;
      const popup = await popupOver(message.id);
      expect(downloadRequests).toEqual([]);
      await popup.click('[data-testid="verify-signatures"]');
      return popup;
    };
    const result = (popup: FirefoxPopup): Promise<string[]> =>
      waitUntil(
        () => popup.testIds('verify-result'),
        (r) => r.length > 0,
        'the verification',
      );
    const states = (popup: FirefoxPopup): Promise<(string | null)[]> =>
      popup.evaluate((win) =>
        [...win.document.querySelectorAll('[data-testid="verify-copy"]')].map((e) =>
          e.getAttribute('data-state'),
        ),
      );

    const pass = await open(VERIFY_MESSAGES.pass);
    await waitUntil(consentPrompt, (p) => p !== null, 'the consent prompt');
    // Nothing is downloaded or looked up before the user answers.
    expect(downloadRequests).toEqual([]);
    expect(dohQueries).toEqual([]);
    await answerPrompt(true);
    expect(await result(pass)).toEqual(['now: PASS']);
    expect(await pass.testIds('verify-text')).toEqual([
      'Verifies with the key published now at hl1._domainkey.example.com (2048-bit RSA).',
    ]);
    expect(downloadRequests).toEqual([
      '/mail/u/0/?ik=abc&view=att&permmsgid=msg-f:1301&attid=0&disp=comp&safe=1&zw',
    ]);
    expect(await states(pass)).toEqual(['download']);
    expect(dohQueries).toEqual([
      'cloudflare-dns.com/dns-query?name=hl1._domainkey.example.com&type=TXT',
    ]);
    await pass.close();

    // Consent given once: the next clicks verify at once.
    const rotated = await open(VERIFY_MESSAGES.rotated);
    expect(await result(rotated)).toEqual(['now: FAIL']);
    expect(await rotated.testIds('verify-note')).toEqual([
      'The receiver verified this signature at delivery, so the key at hl2._domainkey.example.com changed since delivery.',
    ]);
    expect(await rotated.testIds('dkim-result')).toEqual(['PASS']);
    await rotated.close();

    const fallback = await open(VERIFY_MESSAGES.unavailable);
    expect(await result(fallback)).toEqual(['now: PASS']);
    expect((await fallback.testIds('verify-fallback'))[0]).toContain('failed (HTTP 404)');
    expect(await states(fallback)).toEqual(['pre']);
    await fallback.close();
  });

  it('an 8 MB message still loading: the badge and the toolbar popup show the verdict before the response ends', async (ctx) => {
    needsWindow(ctx);
    const line =
      'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt.\r\n';
    const raw = gmailPass + line.repeat(Math.ceil((8 * 1024 * 1024) / line.length));
    const held = heldPage(showOriginalPage(raw), 1024 * 1024);
    heldPages.set('4', held);
    const tab = await browser.newPage();
    const navigation = tab.goto(showOriginalUrl('4'), { waitUntil: 'load', timeout: 60_000 });
    try {
      const tabId = await waitUntil(
        () =>
          api(async (b, url) => (await b.tabs.query({ url }))[0]?.id ?? -1, showOriginalUrl('4')),
        (id) => id !== -1,
        'the tab',
      );
      await tab.bringToFront();
      const badge = await waitUntil(
        () => api((b, t) => b.action.getBadgeText({ tabId: t }), tabId),
        (text) => text !== '',
        `the badge of tab ${tabId}`,
      );
      expect(badge).toBe('✓');
      expect(held.ended).toBe(false);
      const popup = await openFirefoxPopup(control, chrome);
      expect(await popup.testIds('spf-result')).toEqual(['PASS']);
      expect(held.ended).toBe(false);
      await popup.close();
    } finally {
      held.release();
      await navigation;
    }
    expect(held.ended).toBe(true);
  });

  it('"Open in a tab": the same popup page in a tab shows the Gmail tab\'s report', async () => {
    const { tabId } = await gmailTab('1');
    const page = await openExtensionPage(`src/popup/index.html?tab=${tabId}`);
    expect(await testIds(page, 'spf-result')).toEqual(['SOFTFAIL']);
    expect(await testIds(page, 'spf-client-ip')).toEqual(['2001:db8:5c1::26']);
    expect(await testIds(page, 'open-in-tab')).toEqual([]);
    await page.close();
  });
});
