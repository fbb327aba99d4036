// Over 300 lines: the one way into Firefox 140's browser window, and everything done through it.
/**
 * Firefox's own window for the e2e tests: its toolbar, the badge as rendered, the real toolbar
 * popup and the consent prompt. WebDriver BiDi lists only tabs, but with
 * `--remote-allow-system-access` a script can run in the browser window (see firefoxChrome for
 * how, on Firefox 140 ESR and on 153+), where it sees the toolbar as DOM: the badge's rendered
 * width, the popup's panel, the permission doorhanger. The popup's own document is reached from
 * one of the extension's pages (`extension.getViews({ type: 'popup' })`, same extension process),
 * and it is clicked with widget-level mouse events sent to the browser window at the button's
 * position, which Firefox routes into the popup as the user's input — the only kind it shows its
 * consent prompt for.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { FIREFOX_ADDON_ID } from './harness.ts';

/** The part of puppeteer's BiDi connection used here (puppeteer-core types only `Browser`). */
interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}
interface EvaluateResult {
  type: 'success' | 'exception';
  result?: { type: string; value?: unknown };
  exceptionDetails?: { text: string };
}

export interface FirefoxChrome {
  /** Runs `body` (statements ending in `return …`) in the browser window; JSON in, JSON out. */
  run<T>(body: string): Promise<T>;
  /** A PNG of the browser window, or of the toolbar's end around the button, with the toolbar
   * popup drawn in where it is open. */
  screenshot(path: string, area?: 'window' | 'toolbar'): Promise<void>;
  /** Errors and warnings Firefox logged for this extension since the last call. */
  takeConsoleErrors(): Promise<string[]>;
}

/** How a badge looks on the toolbar for the selected tab. */
export interface RenderedBadge {
  /** The toolbar the button is on (`nav-bar`), or null when it is in the Extensions menu. */
  area: string | null;
  text: string;
  /** The badge box and its text: the text fits when scrollWidth <= clientWidth. */
  clientWidth: number;
  scrollWidth: number;
  color: string;
  backgroundColor: string;
}

/** Why the browser window is out of reach in this Firefox (the version and what it lacks). */
export class NoBrowserWindow extends Error {}

/**
 * The browser window, reached one of two ways. Firefox 153+ lists it in WebDriver BiDi when asked
 * for `"moz:scope": "chrome"`. Firefox 140 ESR ignores that scope and lists only tabs, but with
 * `--remote-allow-system-access` it lets BiDi evaluate in a tab showing a chrome:// page, which
 * runs with the system principal next to the browser window: there `browsingContext.
 * topChromeWindow` is the window holding the tab, and a sandbox whose prototype is that window
 * runs the same scripts as the chrome scope does (its globals: `document`, `gBrowser`,
 * `PopupNotifications`, `Services`). Throws NoBrowserWindow when neither works.
 */
export async function firefoxChrome(
  browser: Browser,
  extensionOrigin: string,
): Promise<FirefoxChrome> {
  const connection = (browser as unknown as { connection: BidiConnection }).connection;
  const evaluate = (await chromeScope(connection)) ?? (await chromePageInTab(browser));
  const run = async <T>(body: string): Promise<T> => {
    const value = await evaluate(
      `(async () => JSON.stringify(await (async () => { ${body} })()))()`,
    );
    return (typeof value === 'string' ? JSON.parse(value) : undefined) as T;
  };
  // Every error Firefox reports (Cu.reportError, uncaught exceptions, CSP) goes to its console
  // service; keep the ones from this extension's pages and scripts.
  await run(`
    if (!window.headerLensErrors) {
      window.headerLensErrors = [];
      Services.console.registerListener({
        observe(message) {
          if (!(message instanceof Ci.nsIScriptError)) return;
          const ours = (message.sourceName || '').startsWith(${JSON.stringify(extensionOrigin)});
          if (ours || /localization message/i.test(message.errorMessage))
            window.headerLensErrors.push(message.errorMessage + ' (' + message.sourceName + ')');
        },
      });
    }
    return true;`);
  return {
    run,
    async screenshot(path, area = 'window') {
      const png = await run<string>(`
        const button = document.querySelector('.webextension-browser-action[data-extensionid=${JSON.stringify(FIREFOX_ADDON_ID)}]');
        const b = button?.getBoundingClientRect();
        const r = ${JSON.stringify(area)} === 'toolbar' && b
          ? { x: Math.max(0, Math.round(b.right) - 280), y: 0, width: 320, height: Math.round(b.bottom) + 12 }
          : { x: 0, y: 0, width: window.innerWidth, height: window.innerHeight };
        // The toolbar's end is small: drawn at 3× so the badge can be read in the picture.
        const scale = ${JSON.stringify(area)} === 'toolbar' ? 3 : 1;
        const shot = await window.browsingContext.currentWindowGlobal.drawSnapshot(new DOMRect(r.x, r.y, r.width, r.height), scale, 'white');
        const canvas = document.createElementNS('http://www.w3.org/1999/xhtml', 'canvas');
        canvas.width = r.width * scale; canvas.height = r.height * scale;
        const g = canvas.getContext('2d');
        g.scale(scale, scale);
        g.drawImage(shot, 0, 0, r.width, r.height);
        // The popup is a panel of its own, which the window's snapshot leaves out.
        const popup = ${POPUP_BROWSER};
        if (popup) {
          const box = popup.getBoundingClientRect();
          const inner = await popup.browsingContext.currentWindowGlobal.drawSnapshot(null, scale, 'white');
          g.drawImage(inner, box.x - r.x, box.y - r.y, box.width, box.height);
          g.strokeStyle = '#888'; g.strokeRect(box.x - r.x - 0.5, box.y - r.y - 0.5, box.width + 1, box.height + 1);
        }
        return canvas.toDataURL('image/png');`);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, Buffer.from(png.replace(/^data:image\/png;base64,/, ''), 'base64'));
    },
    async takeConsoleErrors() {
      return run<string[]>('return window.headerLensErrors.splice(0);');
    },
  };
}

type Evaluate = (expression: string) => Promise<unknown>;

/** Firefox 153+: the browser window as a BiDi context of the chrome scope, or null. */
async function chromeScope(connection: BidiConnection): Promise<Evaluate | null> {
  const tree = (await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' }))
    .result as { contexts: { context: string; url: string }[] };
  const window = tree.contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml');
  if (window === undefined) return null;
  return async (expression) => {
    const answer = (
      await connection.send('script.evaluate', {
        expression,
        target: { context: window.context },
        awaitPromise: true,
      })
    ).result as EvaluateResult;
    if (answer.type !== 'success') throw new Error(answer.exceptionDetails?.text ?? 'failed');
    return answer.result?.value;
  };
}

/** A chrome:// page with nothing on it, loaded in a tab to reach the window (Firefox 140). */
const CHROME_PAGE = 'chrome://browser/content/blanktab.html';

/**
 * Firefox 140: the browser window through a chrome:// page in the first tab (the about:blank one
 * Firefox starts with, so no tab is added). Throws NoBrowserWindow, naming the version and what
 * failed, when this Firefox does not let WebDriver run script in a chrome:// page.
 */
async function chromePageInTab(browser: Browser): Promise<Evaluate> {
  const version = await browser.version();
  const first = (await browser.pages())[0];
  const page =
    first !== undefined && first.url() === 'about:blank' ? first : await browser.newPage();
  // Navigations to privileged pages do not report completion over WebDriver: wait for the page.
  await page
    .goto(CHROME_PAGE, { waitUntil: 'domcontentloaded', timeout: 3000 })
    .catch(() => undefined);
  let why = '';
  for (let i = 0; i < 50; i += 1) {
    try {
      const ok = await page.evaluate(
        `document.documentURI === ${JSON.stringify(CHROME_PAGE)} && typeof Cu === 'object' && browsingContext.topChromeWindow?.document.documentURI === 'chrome://browser/content/browser.xhtml'`,
      );
      if (ok === true) {
        why = '';
        break;
      }
      why = `${CHROME_PAGE} in a tab ran without system privileges`;
    } catch (e) {
      why = `script in ${CHROME_PAGE} failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (why !== '')
    throw new NoBrowserWindow(
      `${version} lists no browser window over WebDriver BiDi (no "moz:scope": "chrome" in browsingContext.getTree) and ${why} (needs --remote-allow-system-access)`,
    );
  return (expression) =>
    page.evaluate(`(() => {
      const sandbox = (globalThis.headerLensWindow ??= Cu.Sandbox(browsingContext.topChromeWindow, {
        sandboxPrototype: browsingContext.topChromeWindow,
        wantXrays: false,
        sandboxName: 'Header Lens e2e',
      }));
      return Cu.evalInSandbox(${JSON.stringify(expression)}, sandbox);
    })()`);
}

/** The `<browser>` showing the toolbar popup, in the browser window, or null. */
const POPUP_BROWSER =
  "[...document.querySelectorAll('browser')].find((b) => b.getAttribute('webextension-view-type') === 'popup' && b.isConnected && b.closest('panel')?.state === 'open') ?? null";

export async function renderedBadge(chrome: FirefoxChrome): Promise<RenderedBadge | null> {
  return chrome.run<RenderedBadge | null>(`
    const button = document.querySelector('.webextension-browser-action[data-extensionid=${JSON.stringify(FIREFOX_ADDON_ID)}]');
    const badge = button?.querySelector('.toolbarbutton-badge');
    if (!badge) return null;
    const style = getComputedStyle(badge);
    return {
      area: button.closest('toolbar')?.id ?? null,
      text: badge.textContent,
      clientWidth: badge.clientWidth,
      scrollWidth: badge.scrollWidth,
      color: style.color,
      backgroundColor: style.backgroundColor,
    };`);
}

/** Polls `probe` until `done` holds for its value; fails with the last value after `timeout` ms. */
export async function waitUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeout = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The real toolbar popup, read and clicked as a user would. */
export interface FirefoxPopup {
  /** `fn` runs in the popup's window; it must not close over anything. */
  evaluate<T, A extends unknown[]>(
    fn: (win: Window, ...args: A) => T,
    ...args: A
  ): Promise<Awaited<T>>;
  testIds(id: string): Promise<string[]>;
  /** A real click (mouse down and up at the element's centre, through the browser window). */
  click(selector: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the toolbar popup over the selected tab (`action.openPopup()` from the extension page
 * `control`, as a click on the button does) and waits until it has rendered.
 */
export async function openFirefoxPopup(
  control: Page,
  chrome: FirefoxChrome,
): Promise<FirefoxPopup> {
  const rendered = (): Promise<boolean> =>
    control.evaluate(() => {
      const api = (globalThis as unknown as { browser: ExtensionApi }).browser;
      const view = api.extension.getViews({ type: 'popup' })[0];
      return view?.document.querySelector('#app[data-ready="true"]') != null;
    });
  await control.evaluate(async () => {
    await (globalThis as unknown as { browser: ExtensionApi }).browser.action.openPopup();
  });
  await waitUntil(rendered, (yes) => yes, 'the toolbar popup to render');
  const evaluate = async <T, A extends unknown[]>(
    fn: (win: Window, ...args: A) => T,
    ...args: A
  ): Promise<Awaited<T>> =>
    control.evaluate(
      `(${fn.toString()})(browser.extension.getViews({ type: 'popup' })[0], ...${JSON.stringify(args)})`,
    ) as Promise<Awaited<T>>;
  return {
    evaluate,
    testIds: (id) =>
      evaluate(
        (win, testId) =>
          [...win.document.querySelectorAll(`[data-testid="${testId}"]`)].map((e) =>
            (e.textContent ?? '').trim(),
          ),
        id,
      ),
    async click(selector) {
      const point = await evaluate((win, sel) => {
        const el = win.document.querySelector(sel);
        if (el === null) return null;
        el.scrollIntoView({ block: 'center' });
        const r = el.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }, selector);
      if (point === null) throw new Error(`no ${selector} in the popup`);
      await chrome.run(`
        const popup = ${POPUP_BROWSER};
        const box = popup.getBoundingClientRect();
        const x = box.x + ${point.x}, y = box.y + ${point.y};
        // Firefox 153+ has window.synthesizeMouseEvent; before, the window's nsIDOMWindowUtils
        // (button 0, one click, no modifiers, input source mouse, not a synthesized DOM event).
        for (const type of ['mousedown', 'mouseup'])
          if (window.synthesizeMouseEvent)
            window.synthesizeMouseEvent(type, x, y, { button: 0, clickCount: 1 }, { isDOMEventSynthesized: false });
          else
            window.windowUtils.sendMouseEvent(type, x, y, 0, 1, 0, false, 0, 1, false, false);
        return true;`);
    },
    async close() {
      await evaluate((win) => win.close());
      await waitUntil(
        () => chrome.run<boolean>(`return ${POPUP_BROWSER} !== null;`),
        (open) => !open,
        'the toolbar popup to close',
      );
    },
  };
}

/** The extension APIs the control page uses (Firefox's own `browser`, promise-based). */
export interface ExtensionApi {
  action: {
    openPopup(): Promise<void>;
    getBadgeText(d: { tabId: number }): Promise<string>;
    setBadgeText(d: { tabId: number; text: string }): Promise<void>;
    getUserSettings(): Promise<{ isOnToolbar: boolean }>;
  };
  extension: { getViews(q: { type: 'popup' }): Window[] };
  tabs: {
    query(q: object): Promise<{ id: number }[]>;
  };
  permissions: {
    contains(p: { data_collection: string[] }): Promise<boolean>;
    remove(p: { data_collection: string[] }): Promise<boolean>;
  };
  storage: { local: { set(v: object): Promise<void>; remove(k: string): Promise<void> } };
}
