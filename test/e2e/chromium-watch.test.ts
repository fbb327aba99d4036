// Over 300 lines: the watch and the history clicked through in one Chromium beside the resolvers'
// servers.
/**
 * "Tell me when the new record is live" and the verdict history, clicked through in Debian's
 * Chromium: the three public resolvers a watch asks (Cloudflare and Google in JSON, Quad9 in the
 * RFC 8484 wire format) are loopback DoH servers whose answers the test changes; the alarm is the
 * real one, fired early (unpacked extensions have no 30 s minimum), so the real listener polls;
 * the service worker is stopped in the middle of the watch and must pick it up again.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page, WebWorker } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  activeTabId,
  CHROMIUM,
  collectErrors,
  copyWithGranted,
  EXTENSION_DIR,
  extensionWorker,
  launchChromium,
  missingBrowser,
  openPopup as openRealPopup,
  startHttpsServer,
  testIds,
  type TestServer,
} from './harness.ts';
import { waitUntil } from './firefox-ui.ts';
import { showOriginalPage } from './show-original-page.ts';
import {
  NEW_SPF,
  OLD_SPF,
  RESOLVER_HOSTS,
  WATCH_PASSED,
  WATCH_SOFTFAIL,
  watchResolvers,
} from './watch-fixture.ts';

const skip = missingBrowser(CHROMIUM);
if (skip !== null) console.warn(`Skipping the Chromium watch tests: ${skip}`);

const { serving, logs, handle } = watchResolvers();
const ALL_HOSTS = ['mail.google.com', ...Object.keys(RESOLVER_HOSTS)];

const pages = new Map<string, string>([
  ['softfail', showOriginalPage(WATCH_SOFTFAIL, { spf: 'SOFTFAIL', from: 'billing@example.net' })],
  ['passed', showOriginalPage(WATCH_PASSED, { from: 'billing@example.net' })],
]);
const url = (id: string): string =>
  `https://mail.google.com/mail/u/0/?ik=0123abcd&view=om&permmsgid=msg-f:${id}`;

interface StoredWatch {
  status: string;
  startedAt: number;
  polls: number;
  nextPollAt: number | null;
  resolvers: { endpoint: { id: string }; live: boolean }[];
}

describe.skipIf(skip !== null)('watch and history in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let worker: WebWorker;
  let extensionId = '';

  beforeAll(async () => {
    server = await startHttpsServer((req, res) => {
      if (handle(req, res)) return;
      const id = (
        new URL(req.url ?? '/', 'https://mail.google.com').searchParams.get('permmsgid') ?? ''
      ).replace('msg-f:', '');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(pages.get(id) ?? '<!DOCTYPE html><title>Gmail</title><p>Inbox</p>');
    });
    // The user allowed notifications when asked (copyWithGranted: puppeteer can't answer
    // Chromium's prompt); the last test clicks with the prompt shown.
    browser = await launchChromium(server.port, ALL_HOSTS, copyWithGranted(['notifications']));
    worker = await extensionWorker(browser);
    extensionId = new URL(worker.url()).host;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const errors: string[] = [];
  afterEach(() => {
    expect(errors.splice(0)).toEqual([]);
  });

  async function popupOver(id: string, b = browser, w = worker): Promise<Page> {
    const [first] = await b.pages();
    const tab = first ?? (await b.newPage());
    await tab.bringToFront();
    await tab.goto(url(id), { waitUntil: 'load' });
    const tabId = await activeTabId(w);
    await waitUntil(
      () => w.evaluate(`chrome.action.getBadgeText({ tabId: ${tabId} })`),
      (t) => t !== '',
      `the badge of ${id}`,
    );
    const popup = await openRealPopup(b, w);
    await collectErrors(popup, errors);
    return popup;
  }

  const storedWatch = (w = worker): Promise<StoredWatch | null> =>
    w.evaluate(
      `chrome.storage.local.get('watch').then((s) => s.watch ?? null)`,
    ) as Promise<StoredWatch | null>;
  const untilPolls = (polls: number, w = worker): Promise<StoredWatch | null> =>
    waitUntil(
      () => storedWatch(w),
      (s) => (s?.polls ?? 0) >= polls,
      `poll ${polls}`,
    );
  /** The toolbar badge for tabs without a verdict of their own: the watch's. */
  const watchBadge = (): Promise<string> =>
    worker.evaluate('chrome.action.getBadgeText({})') as Promise<string>;
  const alarms = (): Promise<{ name: string; scheduledTime: number }[]> =>
    worker.evaluate('chrome.alarms.getAll()') as Promise<{ name: string; scheduledTime: number }[]>;
  /** The armed alarm, fired now: the browser calls the worker's real alarm listener. */
  const fireAlarm = (): Promise<unknown> =>
    worker.evaluate(`chrome.alarms.create('header-lens-watch', { when: Date.now() })`);
  const rows = (popup: Page): Promise<{ state: string; text: string }[]> =>
    popup.$$eval('.watch-resolver', (els) =>
      els.map((e) => ({
        state: (e.getAttribute('data-testid') ?? '').replace('watch-resolver-', ''),
        text: (e.textContent ?? '').trim(),
      })),
    );

  it('the watch: started from the popup, per-resolver status, one resolver live first, a worker restart, then all live', async () => {
    const popup = await popupOver('softfail');
    expect(await testIds(popup, 'watch-start')).toEqual(['Tell me when the new record is live']);
    await popup.click('[data-testid="watch-start"]');
    const first = await untilPolls(1);
    expect(first?.status).toBe('watching');
    expect(first?.resolvers.map((r) => [r.endpoint.id, r.live])).toEqual([
      ['cloudflare', false],
      ['google', false],
      ['quad9', false],
    ]);
    // Each resolver was asked, in its own format; nothing but the domain's records.
    expect(new Set(logs.cloudflare.formats)).toEqual(new Set(['json']));
    expect(new Set(logs.google.formats)).toEqual(new Set(['json']));
    expect([...new Set(logs.quad9.formats)].every((f) => f.startsWith('wire'))).toBe(true);
    for (const log of Object.values(logs)) {
      expect(log.queries).toContain('example.net TXT');
      expect(log.queries).toContain('_dmarc.example.net TXT');
    }
    expect(await watchBadge()).toBe('0/3');
    // The next look is armed for when the old answer's TTL (300 s) runs out.
    const [alarm, ...more] = await alarms();
    expect(more).toEqual([]);
    expect(alarm?.name).toBe('header-lens-watch');
    expect(alarm?.scheduledTime).toBe(first?.nextPollAt);
    expect(alarm?.scheduledTime).toBeGreaterThan(Date.now() + 200_000);
    // The popup stays open and draws the progress.
    await popup.waitForSelector('[data-testid="watch-headline"]');
    expect(await testIds(popup, 'watch-status')).toEqual(['']);
    await popup.close();

    // Opened again: what each resolver serves now, and the way to stop.
    let view = await popupOver('softfail');
    await view.waitForSelector('[data-testid="watch-headline"]');
    expect((await testIds(view, 'watch-headline'))[0]).toBe(
      'Watching example.net: 0 of 3 resolvers serve the new records for 198.51.100.23.',
    );
    const old = await rows(view);
    expect(old.map((r) => r.state)).toEqual(['old', 'old', 'old']);
    for (const [i, name] of ['Cloudflare', 'Google Public DNS', 'Quad9'].entries()) {
      expect(old[i]?.text).toContain(name);
      expect(old[i]?.text).toContain('SPF gives softfail for 198.51.100.23');
      expect(old[i]?.text).toMatch(/the old answer may be cached for (4 min( \d\d s)?|5 min) more/);
      expect(old[i]?.text).toContain(OLD_SPF);
      expect(old[i]?.text).toMatch(/looked \d\d:\d\d/);
    }
    expect(await testIds(view, 'watch-stop')).toEqual(['Stop watching']);
    expect(await testIds(view, 'watch-next')).toHaveLength(1);

    // Cloudflare's cache has the new record first.
    serving.cloudflare = NEW_SPF;
    await fireAlarm();
    await untilPolls(2);
    await view.waitForSelector('[data-testid="watch-resolver-live"]');
    const one = await rows(view);
    expect(one.map((r) => r.state)).toEqual(['live', 'old', 'old']);
    expect(one[0]?.text).toContain('authorizes 198.51.100.23');
    expect(one[0]?.text).toContain(NEW_SPF);
    expect((await testIds(view, 'watch-headline'))[0]).toContain('1 of 3 resolvers');
    expect(await watchBadge()).toBe('1/3');
    await view.close();

    // The worker stops mid-watch, and the browser dropped the alarm (as a Firefox restart
    // does): on its next start the worker re-arms it from the stored watch.
    const before = await storedWatch();
    await worker.evaluate('chrome.alarms.clearAll()');
    await worker.close();
    await waitUntil(
      async () => (await browser.targets()).some((t) => t.type() === 'service_worker'),
      (running) => !running,
      'the worker to stop',
    );
    const page = await browser.newPage();
    await page.goto(`chrome-extension://${extensionId}/src/options/index.html`);
    // Any event wakes the worker; a message from an extension page is one.
    await page.evaluate(`chrome.runtime.sendMessage({ type: 'wake' }).catch(() => null)`);
    worker = await extensionWorker(browser);
    const rearmed = await waitUntil(alarms, (a) => a.length === 1, 'the alarm re-armed');
    expect(rearmed[0]?.scheduledTime).toBe(before?.nextPollAt);
    expect((await storedWatch())?.polls).toBe(2);
    expect(await watchBadge()).toBe('1/3');
    await page.close();

    // Then the other two.
    serving.google = NEW_SPF;
    serving.quad9 = NEW_SPF;
    const cloudflareAsked = logs.cloudflare.queries.length;
    await fireAlarm();
    const done = await untilPolls(3);
    expect(done?.status).toBe('live');
    // A resolver seen live is not asked again.
    expect(logs.cloudflare.queries.length).toBe(cloudflareAsked);
    expect(await watchBadge()).toBe('✓');
    expect(await alarms()).toEqual([]);
    view = await popupOver('softfail');
    await view.waitForSelector('[data-testid="watch-headline"]');
    expect((await rows(view)).map((r) => r.state)).toEqual(['live', 'live', 'live']);
    expect((await testIds(view, 'watch-headline'))[0]).toBe(
      'Live: all 3 resolvers serve the new records and authorize 198.51.100.23 — your next message should pass.',
    );
    expect(await testIds(view, 'watch-stop')).toEqual([]);
    // Live: the user may change DNS again and watch that.
    expect(await testIds(view, 'watch-start')).toEqual(['Tell me when the new record is live']);
    await view.close();
    // The notification the user allowed.
    const shown = (await worker.evaluate('chrome.notifications.getAll()')) as Record<
      string,
      unknown
    >;
    expect(Object.keys(shown)).toEqual([`header-lens-live-${String(done?.startedAt)}`]);
  });

  it('history: the softfail, then the next message passing → the timeline; the options page clears, exports and turns it off', async () => {
    // The softfail was shown by the test above; now the message sent after the change.
    const popup = await popupOver('passed');
    await popup.waitForSelector('[data-testid="history"]');
    const steps = await testIds(popup, 'history-step');
    expect(steps).toHaveLength(2);
    expect(steps[0]).toMatch(/softfail via 198\.51\.100\.23$/);
    expect(steps[1]).toMatch(/^→ .* pass via 198\.51\.100\.23$/);
    expect(await testIds(popup, 'history')).toEqual([
      expect.stringContaining('Before and after for example.net') as string,
    ]);
    await popup.close();

    const options = await browser.newPage();
    await collectErrors(options, errors);
    await options.goto(`chrome-extension://${extensionId}/src/options/index.html`);
    await options.waitForSelector('#app[data-ready="true"]');
    const count = (): Promise<string | undefined> =>
      testIds(options, 'history-count').then((t) => t[0]);
    await waitUntil(count, (t) => t === '2 entries stored.', 'the count');

    // Export as JSON: the download, with the summaries and nothing of the messages.
    const downloads = mkdtempSync(join(tmpdir(), 'header-lens-export-'));
    const cdp = await browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    await options.click('[data-testid="history-export"]');
    const [file] = await waitUntil(
      async () => readdirSync(downloads).filter((f) => f.endsWith('.json')),
      (files) => files.length === 1,
      'the export',
    );
    expect(file).toMatch(/^header-lens-history-\d{4}-\d\d-\d\d\.json$/);
    const text = readFileSync(join(downloads, file ?? ''), 'utf8');
    const exported = JSON.parse(text) as {
      format: string;
      entries: { domain: string; spf: string; clientIp: string }[];
    };
    expect(exported.format).toBe('header-lens-history');
    expect(exported.entries.map((e) => [e.domain, e.spf, e.clientIp])).toEqual([
      ['example.net', 'softfail', '198.51.100.23'],
      ['example.net', 'pass', '198.51.100.23'],
    ]);
    for (const content of ['Invoice', 'alice@gmail.com', 'billing@', 'Hello Alice'])
      expect(text).not.toContain(content);

    await options.click('[data-testid="history-clear"]');
    await waitUntil(count, (t) => t === '0 entries stored.', 'the count after clearing');
    expect(await testIds(options, 'history-status')).toEqual(['History cleared.']);
    expect(await worker.evaluate(`chrome.storage.local.get('history')`)).toEqual({});

    // Off: a verdict shown is not kept.
    await options.click('[data-testid="history-on"]');
    await waitUntil(
      () => worker.evaluate(`chrome.storage.local.get('historyOff')`),
      (s) => JSON.stringify(s) === '{"historyOff":true}',
      'history off',
    );
    const again = await popupOver('softfail');
    await new Promise((r) => setTimeout(r, 500));
    expect(await worker.evaluate(`chrome.storage.local.get('history')`)).toEqual({});
    expect(await testIds(again, 'history')).toEqual([]);
    await again.close();
    await options.bringToFront();
    await options.click('[data-testid="history-on"]');
    await waitUntil(
      () => worker.evaluate(`chrome.storage.local.get('historyOff')`),
      (s) => JSON.stringify(s) === '{}',
      'history on',
    );
    await options.close();
  });

  it('"Stop watching": the watch ends, its alarm and badge go, and the card offers to start again', async () => {
    Object.assign(serving, { cloudflare: OLD_SPF, google: OLD_SPF, quad9: OLD_SPF });
    const popup = await popupOver('softfail');
    const started = (await storedWatch())?.startedAt;
    await popup.click('[data-testid="watch-start"]');
    await waitUntil(storedWatch, (w) => w?.startedAt !== started && w?.polls === 1, 'a new watch');
    await popup.waitForSelector('[data-testid="watch-stop"]');
    expect(await watchBadge()).toBe('0/3');
    await popup.click('[data-testid="watch-stop"]');
    await waitUntil(storedWatch, (w) => w?.status === 'stopped', 'the watch stopped');
    await popup.waitForSelector('[data-testid="watch-start"]');
    expect(await alarms()).toEqual([]);
    expect(await watchBadge()).toBe('');
    await popup.close();
  });

  it('with the notifications prompt shown (which closes the popup in Chromium), the watch starts all the same', async () => {
    Object.assign(serving, { cloudflare: OLD_SPF, google: OLD_SPF, quad9: OLD_SPF });
    const real = await launchChromium(server.port, ALL_HOSTS, EXTENSION_DIR);
    try {
      const w = await extensionWorker(real);
      const popup = await popupOver('softfail', real, w);
      const closed = new Promise<void>((resolve) => popup.once('close', () => resolve()));
      await popup.click('[data-testid="watch-start"]');
      const first = await untilPolls(1, w);
      expect(first?.status).toBe('watching');
      expect(await w.evaluate('chrome.action.getBadgeText({})')).toBe('0/3');
      expect(await w.evaluate('chrome.alarms.getAll().then((a) => a.length)')).toBe(1);
      await closed;
      expect(
        await w.evaluate(`chrome.permissions.contains({ permissions: ['notifications'] })`),
      ).toBe(false);
    } finally {
      await real.close();
    }
  });
});
