// Over 300 lines: every popup state in both browsers in one run: the pages, the resolvers and the
// server are set up once.
/**
 * `npm run screenshots`: every popup state, the options page and the toolbar badge, drawn by the
 * built extension in Debian's Chromium and Firefox (the e2e harness: Show original pages served
 * as https://mail.google.com from loopback, DNS-over-HTTPS from a loopback endpoint). Writes PNGs
 * to docs/screenshots/ (or the folder given as the first argument) for people to look at; nothing
 * is compared automatically — the e2e tests assert what the pictures show.
 *
 * Needs a build (`npm run build`, which the npm script runs first) and port 443 (Firefox keeps the
 * port when it maps a name to loopback), so run it as root, and not beside the e2e tests.
 */
import { join } from 'node:path';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'puppeteer-core';
import { dohHandler, type Zone } from '../test/helpers/doh-server.ts';
import {
  activeTabId,
  CHROMIUM,
  copyWithGranted,
  EXTENSION_DIR,
  extensionWorker,
  FIREFOX,
  launchChromium,
  launchFirefox,
  missingBrowser,
  openPopup,
  setFirefoxViewport,
  startHttpsServer,
  openFirefoxExtensionPage,
  FIREFOX_ORIGIN,
} from '../test/e2e/harness.ts';
import {
  firefoxChrome,
  NoBrowserWindow,
  openFirefoxPopup,
  type FirefoxPopup,
  waitUntil,
} from '../test/e2e/firefox-ui.ts';
import { heldPage, type HeldPage } from '../test/e2e/held-response.ts';
import { forgedSoftfail, showOriginalPage } from '../test/e2e/show-original-page.ts';
import { serveVerifyFixture, VERIFY_MESSAGES, VERIFY_ZONE } from '../test/e2e/verify-fixture.ts';
import { serveNormalView } from '../test/e2e/gmail-normal-view.ts';
import { chromiumOpenMessage, firefoxOpenMessage } from './screenshot-open-message.ts';
import {
  NEW_SPF,
  OLD_SPF,
  RESOLVER_HOSTS,
  WATCH_PASSED,
  WATCH_SOFTFAIL,
  watchResolvers,
} from '../test/e2e/watch-fixture.ts';

const root = new URL('..', import.meta.url).pathname;
const out = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? `${root}docs/screenshots/`;
mkdirSync(out, { recursive: true });
const read = (path: string): string => readFileSync(`${root}${path}`, 'utf8');
const sample = read('src/cli/sample.eml');
const gmailPass = read('test/fixtures/gmail-pass.eml');

/** The messages, by the `permmsgid` their Show original page is served under. */
const pages = new Map<string, string>([
  ['pass', showOriginalPage(gmailPass)],
  ['softfail', showOriginalPage(sample, { spf: 'SOFTFAIL', from: 'app@example.com' })],
  ['none', showOriginalPage(read('test/fixtures/gmail-spf-none.eml'))],
  ['forged', showOriginalPage(forgedSoftfail(gmailPass))],
  ['forwarded', showOriginalPage(read('test/fixtures/gmail-groups.eml'))],
  ['bounce', showOriginalPage(bounce())],
  // "Tell me when the new record is live", and the sender's next message.
  ['watch', showOriginalPage(WATCH_SOFTFAIL, { spf: 'SOFTFAIL', from: 'billing@example.net' })],
  ['watch-passed', showOriginalPage(WATCH_PASSED, { from: 'billing@example.net' })],
]);
/** A postfix delivery report for a message Gmail refused (5.7.26), in a message that passes. */
function bounce(): string {
  return gmailPass
    .replace(/^Subject: .*$/m, 'Subject: Undelivered Mail Returned to Sender')
    .replace(/^From: .*$/m, 'From: MAILER-DAEMON@mail.example.com (Mail Delivery System)')
    .replace(
      /\r?\n\r?\n[\s\S]*$/,
      "\r\n\r\nThis is the mail system at host mail.example.com.\r\n\r\n<you@gmail.com>: host gmail-smtp-in.l.google.com[142.250.102.27] said:\r\n    550-5.7.26 Unauthenticated email from example.com is not accepted due to\r\n    domain's DMARC policy. 550 5.7.26 - gsmtp (in reply to end of DATA command)\r\n",
    );
}
const held = new Map<string, HeldPage>();
const url = (id: string): string =>
  `https://mail.google.com/mail/u/0/?ik=abc&view=om&permmsgid=msg-f:${id}`;

const zone: Zone = {
  'example.com': [
    { type: 'TXT', data: '"v=spf1 ip4:203.0.113.0/24 include:_spf.mail.example ~all"', ttl: 3600 },
  ],
  '_spf.mail.example': [{ type: 'TXT', data: '"v=spf1 ip4:192.0.2.0/24 ~all"' }],
  '_dmarc.example.com': [{ type: 'TXT', data: '"v=DMARC1; p=none; rua=mailto:d@example.com"' }],
  'mail.example.com': [{ type: 'AAAA', data: '2001:db8:5c1::26' }],
  '6.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.c.5.0.8.b.d.0.1.0.0.2.ip6.arpa': [
    { type: 'PTR', data: 'mail.example.com.' },
  ],
  ...VERIFY_ZONE,
};
const servfail: Zone = Object.fromEntries(Object.keys(zone).map((k) => [k, 'SERVFAIL' as const]));
const answer = dohHandler(zone);
/** The watch's three resolvers (the same zone, and example.net moving to its new record). */
const watch = watchResolvers(zone);
const fail = dohHandler(servfail);

const shots: string[] = [];
/** `--all`: every screenful of each popup, not only the first. */
const all = process.argv.includes('--all');
function saved(name: string): string {
  shots.push(name);
  return join(out, `${name}.png`);
}

const server = await startHttpsServer((req, res) => {
  // Gmail's normal view and the Show original pages of its messages (issue 14).
  if (serveNormalView(req, res, [])) return;
  const host = req.headers.host ?? '';
  // The resolvers a watch asks (Cloudflare is also the popup's default resolver).
  if (watch.handle(req, res)) return;
  if (host.startsWith('doh.test')) {
    // doh.test/fail/… answers SERVFAIL for every name: the "couldn't read current DNS" state.
    if ((req.url ?? '').startsWith('/fail/')) {
      req.url = (req.url ?? '').slice('/fail'.length);
      fail(req, res);
    } else answer(req, res);
    return;
  }
  // "Verify signatures now": signed messages, their pages and their downloads.
  if (serveVerifyFixture(req, res)) return;
  const id = (
    new URL(req.url ?? '/', 'https://mail.google.com').searchParams.get('permmsgid') ?? ''
  ).replace('msg-f:', '');
  const slow = held.get(id);
  if (slow !== undefined) {
    slow.serve(res);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(pages.get(id) ?? '<!DOCTYPE html><title>Gmail</title><p>Inbox</p>');
}, 443);

const HOSTS = ['mail.google.com', ...Object.keys(RESOLVER_HOSTS), 'doh.test'];
/** `--chromium`: the Chromium part alone. */
const chromiumOnly = process.argv.includes('--chromium');

try {
  const skipChromium = missingBrowser(CHROMIUM) ?? missingBrowser(`${EXTENSION_DIR}/manifest.json`);
  if (skipChromium === null) {
    await chromium('en');
    if (missingBrowser('/usr/lib/chromium/locales/de.pak') === null) await chromium('de');
  } else console.warn(`Chromium skipped: ${skipChromium}`);
  const skipFirefox = chromiumOnly ? '--chromium' : missingBrowser(FIREFOX);
  if (skipFirefox === null) await firefox();
  else console.warn(`Firefox skipped: ${skipFirefox}`);
} finally {
  await server.close();
}
console.log(`${shots.length} screenshots in ${out}:\n  ${shots.join('\n  ')}`);

async function chromium(language: 'en' | 'de'): Promise<void> {
  // Notifications allowed, as the user would when turning watching on (puppeteer can't answer
  // Chromium's prompt, which would close the popup).
  const browser = await launchChromium(
    443,
    HOSTS,
    copyWithGranted(['notifications']),
    language === 'de' ? 'de' : undefined,
  );
  try {
    const worker = await extensionWorker(browser);
    const tab = (await browser.pages())[0] ?? (await browser.newPage());
    const prefix = `chromium${language === 'de' ? '-de' : ''}`;
    const setResolver = (customUrl: string | null): Promise<unknown> =>
      worker.evaluate(
        `chrome.storage.local.set({ settings: ${JSON.stringify(
          customUrl === null
            ? { resolver: 'cloudflare', customUrl: '', autoCheck: false }
            : { resolver: 'custom', customUrl, autoCheck: false },
        )} })`,
      );

    /** The popup over a Show original page, once its badge is set. */
    const over = async (id: string, dark = false): Promise<Page> => {
      await tab.bringToFront();
      await tab.goto(url(id), { waitUntil: 'load' });
      const tabId = await activeTabId(worker);
      await waitUntil(
        () => worker.evaluate(`chrome.action.getBadgeText({ tabId: ${tabId} })`),
        (t) => t !== '',
        `the badge of ${id}`,
      );
      // A delivery report is read again with the start of its body: wait for that report.
      if (id === 'bounce') {
        await waitUntil(
          () =>
            worker.evaluate(
              `chrome.storage.session.get('tab:${tabId}').then((s) => s['tab:${tabId}']?.report?.input ?? null)`,
            ),
          (input) => input === 'bounce',
          'the delivery report',
        );
      }
      const popup = await openPopup(browser, worker);
      if (dark) {
        await popup.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
      }
      return popup;
    };
    /** What the popup shows, then each further screenful as the user scrolls (a popup can't
     * be drawn taller than its window: `name-2`, `name-3`…). */
    const shoot = async (popup: Page, name: string): Promise<void> => {
      const { height, view } = await popup.evaluate(() => ({
        height: document.documentElement.scrollHeight,
        view: document.documentElement.clientHeight,
      }));
      for (let part = 0, top = 0; top < height; part += 1, top += view) {
        await popup.evaluate((y) => window.scrollTo(0, y), top);
        const suffix = part === 0 ? '' : `-${part + 1}`;
        await popup.screenshot({ path: saved(`${prefix}-${name}${suffix}`) });
        if (part === 0 && !all) break;
      }
      await popup.evaluate(() => window.scrollTo(0, 0));
    };
    const checkDns = async (popup: Page): Promise<void> => {
      // The button the user sees: the next step's, or the panel's when the step has none.
      await popup.click(
        '[data-testid="action-check-dns"], [data-testid="check-dns"]:not([hidden])',
      );
      await popup.waitForSelector('.live-items', { timeout: 15_000 });
    };

    /** "Verify signatures now", then the DKIM row with the answers scrolled into view. */
    const verified = async (id: string, name: string): Promise<void> => {
      const popup = await over(id);
      await popup.click('[data-testid="verify-signatures"]');
      await popup.waitForSelector('[data-testid="verify-signature"]', { timeout: 20_000 });
      await popup.evaluate(() =>
        document.querySelector('.rows3')?.scrollIntoView({ block: 'start' }),
      );
      await popup.screenshot({ path: saved(`${prefix}-${name}`) });
      await popup.close();
    };

    if (language === 'de') {
      const popup = await over('softfail');
      await shoot(popup, 'softfail');
      await checkDns(popup);
      await shoot(popup, 'after-check');
      await popup.close();
      await verified(VERIFY_MESSAGES.rotated.id, 'verify-rotated');
      return;
    }

    await verified(VERIFY_MESSAGES.pass.id, 'verify-pass');
    await verified(VERIFY_MESSAGES.rotated.id, 'verify-rotated');
    await verified(VERIFY_MESSAGES.unavailable.id, 'verify-approximate');

    for (const id of ['pass', 'softfail', 'none', 'forged', 'forwarded', 'bounce']) {
      const popup = await over(id);
      await shoot(popup, id);
      await popup.close();
    }
    // "Open in a tab": the same report at a tab's width.
    let popup = await over('softfail');
    const opened = browser.waitForTarget((t) =>
      /\/src\/popup\/index\.html\?tab=\d+$/.test(t.url()),
    );
    await popup.click('[data-testid="open-in-tab"]');
    const inTab = await (await opened).asPage();
    await inTab.setViewport({ width: 1280, height: 800 });
    await inTab.waitForSelector('#app[data-ready="true"]');
    await inTab.screenshot({ path: saved(`${prefix}-in-tab`) });
    await inTab.close();

    popup = await over('softfail');
    await checkDns(popup);
    await shoot(popup, 'after-check');
    await popup.close();

    await setResolver('https://doh.test/fail/dns-query');
    popup = await over('softfail');
    await checkDns(popup);
    await shoot(popup, 'dns-failed');
    await popup.close();
    await setResolver(null);

    popup = await over('softfail', true);
    await shoot(popup, 'dark');
    await popup.close();

    // Still loading: the content script has not reported the message yet.
    held.set('loading', heldPage(showOriginalPage(sample), 200));
    await tab.bringToFront();
    const navigation = tab.goto(url('loading'), { waitUntil: 'load', timeout: 60_000 });
    await tab.waitForFunction(() => location.href.includes('loading'), { timeout: 15_000 });
    popup = await openPopup(browser, worker);
    await shoot(popup, 'reading');
    await popup.close();
    held.get('loading')?.release();
    await navigation;
    held.delete('loading');

    await tab.goto('https://mail.google.com/mail/u/0/#inbox', { waitUntil: 'load' });
    popup = await openPopup(browser, worker);
    await shoot(popup, 'paste');
    await popup.close();

    // "Tell me when the new record is live": watching, one resolver live, all live.
    // A history of this sender's two messages alone (the shots above added others).
    await worker.evaluate(`chrome.storage.local.remove('history')`);
    popup = await over('watch');
    await popup.click('[data-testid="watch-start"]');
    const card = async (name: string, state: string, count: number): Promise<void> => {
      await popup.waitForFunction(
        (s, n) => document.querySelectorAll(`[data-testid="watch-resolver-${s}"]`).length === n,
        { timeout: 15_000 },
        state,
        count,
      );
      await popup.evaluate(() =>
        document.querySelector('[data-testid="watch-panel"]')?.scrollIntoView({ block: 'start' }),
      );
      await popup.screenshot({ path: saved(`${prefix}-${name}`) });
    };
    // The real alarm, fired now (unpacked extensions have no 30 s minimum).
    const fireAlarm = (): Promise<unknown> =>
      worker.evaluate(`chrome.alarms.create('header-lens-watch', { when: Date.now() })`);
    await watchShots(card, fireAlarm);
    await popup.close();
    // The next message passes: the before/after.
    popup = await over('watch-passed');
    await popup.waitForSelector('[data-testid="history"]', { timeout: 15_000 });
    await popup.evaluate(() =>
      document.querySelector('[data-testid="history"]')?.scrollIntoView({ block: 'end' }),
    );
    await popup.screenshot({ path: saved(`${prefix}-history`) });
    await popup.close();

    const options = await browser.newPage();
    await options.setViewport({ width: 800, height: 700 });
    const id = new URL(worker.url()).host;
    await options.goto(`chrome-extension://${id}/src/options/index.html`);
    await options.waitForSelector('#app[data-ready="true"]');
    await options.screenshot({ path: saved(`${prefix}-options`), fullPage: true });
    await options.close();
    await chromiumOpenMessage(browser, prefix, saved);
  } finally {
    await browser.close();
  }
}

/**
 * The watch's three shots, in either browser: every resolver on the old record, Cloudflare live
 * first, then all three — each move followed by the real alarm (`fireAlarm`), each state drawn
 * by `card` once the popup shows `count` resolvers in `state`.
 */
async function watchShots(
  card: (name: string, state: string, count: number) => Promise<void>,
  fireAlarm: () => Promise<unknown>,
): Promise<void> {
  watch.serving.cloudflare = OLD_SPF;
  watch.serving.google = OLD_SPF;
  watch.serving.quad9 = OLD_SPF;
  await card('watch-watching', 'old', 3);
  watch.serving.cloudflare = NEW_SPF;
  await fireAlarm();
  await card('watch-one-live', 'live', 1);
  watch.serving.google = NEW_SPF;
  watch.serving.quad9 = NEW_SPF;
  await fireAlarm();
  await card('watch-live', 'live', 3);
}

async function firefox(): Promise<void> {
  const browser: Browser = await launchFirefox(HOSTS);
  try {
    const origin = FIREFOX_ORIGIN;
    await firefoxOpenMessage(browser, saved);
    // Without Firefox's own window (see firefoxChrome) only the options page can be taken.
    const chrome = await firefoxChrome(browser, origin).catch((e: unknown) => {
      if (e instanceof NoBrowserWindow) return e;
      throw e;
    });
    const control = await openFirefoxExtensionPage(browser, 'src/options/index.html');
    await setFirefoxViewport(browser, `${origin}src/options/index.html`, {
      width: 800,
      height: 700,
    });
    await control.screenshot({ path: saved('firefox-options'), fullPage: true });
    if (chrome instanceof NoBrowserWindow) {
      console.warn(`Firefox toolbar and popup screenshots skipped: ${chrome.message}`);
      return;
    }
    /** A Show original page in a selected tab, once its badge is set, and the toolbar popup. */
    const popupOver = async (
      id: string,
      reuse?: Page,
    ): Promise<{ tab: Page; popup: FirefoxPopup }> => {
      const tab = reuse ?? (await browser.newPage());
      await tab.goto(url(id), { waitUntil: 'load' });
      await tab.bringToFront();
      await waitUntil(
        () =>
          control.evaluate(
            `(async () => { const [t] = await browser.tabs.query({ url: ${JSON.stringify(url(id))} }); return t ? browser.action.getBadgeText({ tabId: t.id }) : ''; })()`,
          ) as Promise<string>,
        (t) => t !== '',
        `the badge of ${id}`,
      );
      return { tab, popup: await openFirefoxPopup(control, chrome) };
    };
    /** Allows what Firefox's permission prompt asks, as the user would. */
    const allowPrompt = (): Promise<unknown> =>
      chrome.run(`
        for (let i = 0; i < 50; i += 1) {
          const el = PopupNotifications.panel.querySelector('popupnotification:not([hidden])');
          if (PopupNotifications.panel.state === 'open' && el) { el.button.click(); return true; }
          if (i > 10) return false;
          await new Promise((r) => setTimeout(r, 100));
        }
        return false;`);
    for (const id of ['pass', 'softfail', 'forged']) {
      const { tab, popup } = await popupOver(id);
      await chrome.screenshot(saved(`firefox-toolbar-${id}`), 'toolbar');
      await chrome.screenshot(saved(`firefox-${id}`));
      await popup.close();
      await tab.close();
    }
    // "Verify signatures now": Firefox's consent prompt first (answered as the user would),
    // then the DKIM row with the answers.
    for (const [message, name] of [
      [VERIFY_MESSAGES.pass, 'verify-pass'],
      [VERIFY_MESSAGES.rotated, 'verify-rotated'],
      [VERIFY_MESSAGES.unavailable, 'verify-approximate'],
    ] as const) {
      const tab = await browser.newPage();
      await tab.goto(url(message.id), { waitUntil: 'load' });
      await tab.bringToFront();
      const popup = await openFirefoxPopup(control, chrome);
      await popup.click('[data-testid="verify-signatures"]');
      await allowPrompt();
      await waitUntil(
        () =>
          popup.evaluate(
            (win) => win.document.querySelector('[data-testid="verify-signature"]') !== null,
          ),
        (done) => done,
        `the verification of ${name}`,
      );
      await popup.evaluate((win) =>
        win.document.querySelector('.rows3')?.scrollIntoView({ block: 'start' }),
      );
      await chrome.screenshot(saved(`firefox-${name}`));
      await popup.close();
      await tab.close();
    }
    // "Tell me when the new record is live", as in Chromium: the click asks once (notifications
    // and the data consent), then watching, one resolver live, all live; then the history.
    await control.evaluate(`browser.storage.local.remove('history')`);
    const watched = await popupOver('watch');
    await watched.popup.click('[data-testid="watch-start"]');
    await allowPrompt();
    const card = async (name: string, state: string, count: number): Promise<void> => {
      await waitUntil(
        () =>
          watched.popup.evaluate(
            (win, s) => win.document.querySelectorAll(`[data-testid="watch-resolver-${s}"]`).length,
            state,
          ),
        (n) => n === count,
        `${count} resolver(s) ${state}`,
      );
      await watched.popup.evaluate((win) =>
        win.document
          .querySelector('[data-testid="watch-panel"]')
          ?.scrollIntoView({ block: 'start' }),
      );
      await chrome.screenshot(saved(`firefox-${name}`));
    };
    const fireAlarm = (): Promise<unknown> =>
      control.evaluate(`browser.alarms.create('header-lens-watch', { when: Date.now() })`);
    await watchShots(card, fireAlarm);
    await watched.popup.close();
    // The same tab, as the user opens the next message (a tab closed under its popup leaves
    // Firefox 140's WebDriver without a selected tab to open a new one from).
    const passed = await popupOver('watch-passed', watched.tab);
    await waitUntil(
      () =>
        passed.popup.evaluate((win) => {
          const history = win.document.querySelector('[data-testid="history"]');
          history?.scrollIntoView({ block: 'end' });
          return history !== null;
        }),
      (shown) => shown,
      'the history card',
    );
    await chrome.screenshot(saved('firefox-history'));
    await passed.popup.close();
    await passed.tab.close();
  } finally {
    await browser.close();
  }
}
