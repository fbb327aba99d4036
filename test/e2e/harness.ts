// Over 300 lines: the browsers' launch, the server and the helpers every e2e test shares.
/**
 * Real-browser plumbing for the e2e tests: a loopback HTTPS server with a throw-away certificate
 * that answers as https://mail.google.com (and, later, DNS-over-HTTPS hosts), and Debian's
 * Chromium driven by puppeteer-core with the built extension loaded. Nothing reaches the internet.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page, type WebWorker } from 'puppeteer-core';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const FIREFOX = process.env['FIREFOX_PATH'] ?? '/usr/bin/firefox-esr';
export const EXTENSION_DIR = new URL('../../dist/chrome', import.meta.url).pathname;
export const FIREFOX_EXTENSION_DIR = new URL('../../dist/firefox', import.meta.url).pathname;
/** The add-on id of the Firefox build (vite.config.ts) and the internal UUID the tests give it,
 * so its pages have a known moz-extension:// origin. */
export const FIREFOX_ADDON_ID = 'header-lens@header-lens.example';
export const FIREFOX_UUID = '0e2c9a58-51f4-4c59-9a5e-1f2d3c4b5a69';
export const FIREFOX_ORIGIN = `moz-extension://${FIREFOX_UUID}/`;

/**
 * Why a Firefox suite can't run here, or null (said on the console under `suite`'s name): no
 * Firefox, or not root where its tests serve mail.google.com on port 443. In CI both fail.
 */
export function firefoxSkip(suite: string): string | null {
  const skip =
    missingBrowser(FIREFOX) ??
    (process.getuid?.() === 0 || process.env['CI'] !== undefined
      ? null
      : 'the Firefox tests serve mail.google.com on port 443, which needs root');
  if (skip !== null) console.warn(`Skipping ${suite}: ${skip}`);
  return skip;
}

/**
 * Opens one of the Firefox extension's pages (`path`, e.g. `src/options/index.html`) in `page`
 * or a new tab, and waits for the page's own ready mark: WebDriver's navigation to a
 * moz-extension:// page does not report completion.
 */
export async function openFirefoxExtensionPage(
  browser: Browser,
  path: string,
  page?: Page,
): Promise<Page> {
  const tab = page ?? (await browser.newPage());
  await tab
    .goto(`${FIREFOX_ORIGIN}${path}`, { waitUntil: 'domcontentloaded', timeout: 3000 })
    .catch(() => undefined);
  await tab.waitForSelector('#app[data-ready="true"]', { timeout: 15_000 });
  return tab;
}

/** Why browser tests can't run here, or null. In CI (CI=1) a missing browser fails instead. */
export function missingBrowser(path: string): string | null {
  if (existsSync(path)) return null;
  const why = `${path} not found: install Debian's chromium and firefox-esr (sudo apt-get install -y chromium firefox-esr)`;
  if (process.env['CI'] !== undefined) throw new Error(why);
  return why;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestServer {
  port: number;
  close: () => Promise<void>;
}

let certificate: { key: Buffer; cert: Buffer } | null = null;

/** A self-signed certificate for the hosts the tests impersonate, made once per run by openssl. */
function throwAwayCertificate(): { key: Buffer; cert: Buffer } {
  if (certificate !== null) return certificate;
  const dir = mkdtempSync(join(tmpdir(), 'header-lens-cert-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-subj',
      '/CN=mail.google.com',
      '-addext',
      'subjectAltName=DNS:mail.google.com,DNS:cloudflare-dns.com,DNS:dns.google,DNS:dns.quad9.net,DNS:doh.test',
    ],
    { stdio: 'ignore' },
  );
  certificate = {
    key: readFileSync(join(dir, 'key.pem')),
    cert: readFileSync(join(dir, 'cert.pem')),
  };
  return certificate;
}

export async function startHttpsServer(handler: Handler, listenPort = 0): Promise<TestServer> {
  const server: Server = createServer(throwAwayCertificate(), handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A copy of the build whose manifest also holds host permissions. A real click on the toolbar
 * icon grants activeTab; puppeteer can't click browser UI, and chrome.action.openPopup() grants
 * nothing, so this copy stands in for that grant in the one test of the selected-text path.
 */
export function copyWithHostAccess(origins: readonly string[]): string {
  return copyWithManifest((manifest) => {
    manifest['host_permissions'] = [...origins];
  });
}

/**
 * A copy of the build with optional permissions granted at install (moved to `permissions`):
 * Chromium's prompt for an optional permission is browser UI that puppeteer can't answer, so
 * this copy stands in for the user's "Allow".
 */
export function copyWithGranted(permissions: readonly string[]): string {
  return copyWithManifest((manifest) => {
    const optional = (manifest['optional_permissions'] ?? []) as string[];
    manifest['optional_permissions'] = optional.filter((p) => !permissions.includes(p));
    manifest['permissions'] = [...((manifest['permissions'] ?? []) as string[]), ...permissions];
  });
}

function copyWithManifest(change: (manifest: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'header-lens-granted-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  change(manifest);
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return dir;
}

/** Chromium with the built extension (or several), every listed host mapped to the loopback
 * server. */
export async function launchChromium(
  port: number,
  hosts: readonly string[] = ['mail.google.com'],
  extensionDir: string | readonly string[] = EXTENSION_DIR,
  language?: string,
): Promise<Browser> {
  const rules = hosts.map((h) => `MAP ${h}:443 127.0.0.1:${port}`).join(',');
  return puppeteer.launch({
    ...(language === undefined
      ? {}
      : { env: { ...process.env, LANGUAGE: language, LANG: `${language}.UTF-8` } }),
    executablePath: CHROMIUM,
    enableExtensions: typeof extensionDir === 'string' ? [extensionDir] : [...extensionDir],
    pipe: true,
    headless: true,
    // Puppeteer hides scrollbars in headless mode; the popup's layout must hold with them.
    ignoreDefaultArgs: ['--hide-scrollbars'],
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--ignore-certificate-errors',
      `--host-resolver-rules=${rules},EXCLUDE localhost`,
      ...(language === undefined ? [] : [`--lang=${language}`]),
    ],
  });
}

/**
 * Firefox (ESR) over WebDriver BiDi with the Firefox build installed. Firefox maps names to
 * loopback with `network.dns.localDomains` but keeps the port, so the server must listen on 443.
 * `--remote-allow-system-access` lets WebDriver open moz-extension:// pages and run script in
 * privileged pages, through which the tests reach the browser's own window (toolbar, badge,
 * panels: see firefoxChrome; Firefox 140 ESR and later).
 * `extensions.openPopupWithoutUserGesture.enabled` lets the test's extension page open the real
 * toolbar popup with `action.openPopup()`, as a click on the toolbar button does.
 */
export async function launchFirefox(
  hosts: readonly string[] = ['mail.google.com'],
): Promise<Browser> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    acceptInsecureCerts: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'network.dns.localDomains': hosts.join(','),
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: FIREFOX_UUID }),
      'network.trr.mode': 5,
      'extensions.openPopupWithoutUserGesture.enabled': true,
    },
  });
  await browser.installExtension(FIREFOX_EXTENSION_DIR);
  return browser;
}

export async function extensionWorker(browser: Browser): Promise<WebWorker> {
  const target = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
    { timeout: 30_000 },
  );
  const worker = await target.worker();
  if (worker === null) throw new Error('extension service worker not available');
  // A worker just started may be evaluated in before its extension bindings exist
  // ("chrome is not defined"): wait for them.
  for (let i = 0; i < 100; i += 1) {
    if (await worker.evaluate('typeof chrome === "object" && chrome.action !== undefined')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return worker;
}

/** The toolbar popup's URL (not the report opened in a tab, `?tab=<id>`). */
export const POPUP_URL = /\/src\/popup\/index\.html(\?for=\d+(&verdict=[^&]*)?)?$/;

/**
 * Opens the real popup over the active tab, as a click on the toolbar icon does
 * (chrome.action.openPopup from the service worker), and waits until it has rendered.
 */
export async function openPopup(browser: Browser, worker: WebWorker): Promise<Page> {
  // `?for=<tab>` once the background has read the tab (it sets that tab's popup).
  const popupTarget = browser.waitForTarget((t) => POPUP_URL.test(t.url()), {
    timeout: 15_000,
  });
  await worker.evaluate('chrome.action.openPopup()');
  const page = await (await popupTarget).asPage();
  await page.waitForSelector('#app[data-ready="true"]', { timeout: 15_000 });
  return page;
}

export interface Badge {
  text: string;
  /** Background, RGBA. */
  color: number[];
  textColor: number[];
}

/** Badge text and colours the extension set for a tab. */
export async function badgeOf(worker: WebWorker, tabId: number): Promise<Badge> {
  return worker.evaluate(
    `(async () => ({ text: await chrome.action.getBadgeText({ tabId: ${tabId} }), color: await chrome.action.getBadgeBackgroundColor({ tabId: ${tabId} }), textColor: await chrome.action.getBadgeTextColor({ tabId: ${tabId} }) }))()`,
  ) as Promise<Badge>;
}

/**
 * Collects the errors a page logs — console.error, uncaught exceptions, CSP and other browser
 * reports — including those logged before this was called: a new DevTools session is sent the
 * page's earlier console messages when it enables the Runtime and Log domains.
 */
export async function collectErrors(page: Page, into: string[]): Promise<void> {
  const session = await page.createCDPSession();
  const where = page.url().replace(/^chrome-extension:\/\/[a-z]+/, '');
  session.on('Runtime.consoleAPICalled', (e) => {
    if (e.type === 'error' || e.type === 'assert')
      into.push(
        `${where}: console.${e.type} ${e.args.map((a) => String(a.value ?? a.description)).join(' ')}`,
      );
  });
  session.on('Runtime.exceptionThrown', (e) => {
    into.push(`${where}: ${e.exceptionDetails.exception?.description ?? e.exceptionDetails.text}`);
  });
  session.on('Log.entryAdded', (e) => {
    if (e.entry.level === 'error') into.push(`${where}: ${e.entry.source} ${e.entry.text}`);
  });
  await session.send('Runtime.enable');
  await session.send('Log.enable');
}

export async function activeTabId(worker: WebWorker): Promise<number> {
  return worker.evaluate(
    '(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0].id)()',
  ) as Promise<number>;
}

/** Text of every element with this data-testid, in document order. */
export async function testIds(page: Page, id: string): Promise<string[]> {
  return page.$$eval(`[data-testid="${id}"]`, (els) =>
    els.map((e) => (e.textContent ?? '').trim()),
  );
}

/**
 * A click on the toolbar button over `tab`, as the user makes it: DevTools'
 * Extensions.triggerAction (puppeteer's Extension.triggerAction) runs the action the way the
 * toolbar does, so unlike chrome.action.openPopup() it grants activeTab for the tab. Resolves to
 * the popup once it has rendered.
 */
export async function clickToolbarButton(browser: Browser, tab: Page): Promise<Page> {
  const popupTarget = browser.waitForTarget((t) => POPUP_URL.test(t.url()), { timeout: 15_000 });
  const extensions = await browser.extensions();
  const [extension] = [...extensions.values()];
  if (extension === undefined) throw new Error('no extension loaded');
  await extension.triggerAction(tab);
  const page = await (await popupTarget).asPage();
  await page.waitForSelector('#app[data-ready="true"]', { timeout: 15_000 });
  return page;
}

/**
 * `page.setViewport` for Firefox: puppeteer sends `emulation.setScreenOrientationOverride` with
 * it, which Firefox 140 ESR does not know ("unknown command"); the size alone is WebDriver BiDi's
 * `browsingContext.setViewport`, sent to the tab showing `url` (puppeteer's `page.url()` stays
 * about:blank for moz-extension:// pages, whose navigation WebDriver does not report).
 */
export async function setFirefoxViewport(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number },
): Promise<void> {
  const connection = (
    browser as unknown as {
      connection: { send(m: string, p: object): Promise<{ result: unknown }> };
    }
  ).connection;
  const tree = (await connection.send('browsingContext.getTree', {})).result as {
    contexts: { context: string; url: string }[];
  };
  const tab = tree.contexts.find((c) => c.url === url);
  if (tab === undefined) throw new Error(`no tab shows ${url}`);
  await connection.send('browsingContext.setViewport', { context: tab.context, viewport });
}
