/**
 * Service worker: receives what the content script read, analyzes it with the core, sets the
 * badge and keeps the report for the popup; analyzes what the popup was given (pasted, dropped or
 * selected text), so the popup loads no analyzer. Only messages from this extension are
 * accepted: page reads from its content script on Gmail, requests from its own pages.
 */
import {
  analyzeMessage,
  checkLive,
  createDohResolver,
  type LiveQuery,
  type Resolver,
} from '../core/index.ts';
import { wantsBounceBody } from '../core/parse/is-delivery-report.ts';
import { LIMITS } from '../core/limits.ts';
import { browser, type Runtime } from '../platform/browser.ts';
import {
  isFromExtensionPage,
  isFromGmailContentScript,
  type AnalyzeAnswer,
  type BackgroundToContent,
  type LiveAnswer,
  type PageRead,
  type TabState,
} from '../platform/messages.ts';
import { parseContentMessage, parsePopupMessage } from '../platform/parse-requests.ts';
import { popupUrlFor, type FirstVerdict } from '../platform/popup-url.ts';
import { clearBadge, setBadge, setBadgeState } from './badge.ts';
import { loadSettings, resolverOf } from '../platform/settings.ts';
import { forgetTab, loadTabState, saveTabState } from '../platform/tab-state.ts';
import { verifyTab } from './verify-tab.ts';
import { answerWatch, installWatch } from './watch-runner.ts';

const ownId = browser.runtime.id;

// At the top level, so an alarm that wakes the worker finds its listener.
installWatch();
const ownOrigin = browser.runtime.getURL('');

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  const fromContent = parseContentMessage(message);
  if (fromContent !== null) {
    if (!isFromGmailContentScript(sender, ownId) || sender.tab?.id === undefined) return undefined;
    const tabId = sender.tab.id;
    return inOrder(tabId, () => onPageRead(tabId, fromContent.page));
  }
  const fromPopup = parsePopupMessage(message);
  if (fromPopup !== null) {
    if (!isFromExtensionPage(sender, ownId, ownOrigin)) return undefined;
    switch (fromPopup.type) {
      case 'popup-bg-check-dns':
        return checkDns(fromPopup.query);
      case 'popup-bg-analyze':
        return Promise.resolve(analyzeText(fromPopup.text));
      case 'popup-bg-verify':
        return verifyTab(fromPopup.tabId, resolverFor);
      case 'popup-bg-watch-start':
        return answerWatch({ type: 'start', query: fromPopup.query, domain: fromPopup.domain });
      case 'popup-bg-watch-stop':
        return answerWatch({ type: 'stop' });
    }
  }
  return undefined;
});

/** Each tab's page reads, handled one after the other in the order they arrived: "loading"
 * then the message, never the message's report overwritten by the "loading" that came first. */
const tabQueues = new Map<number, Promise<unknown>>();

function inOrder<T>(tabId: number, task: () => Promise<T>): Promise<T> {
  const previous = tabQueues.get(tabId) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(task);
  tabQueues.set(tabId, next);
  void next.finally(() => {
    if (tabQueues.get(tabId) === next) tabQueues.delete(tabId);
  });
  return next;
}

async function onPageRead(tabId: number, page: PageRead): Promise<BackgroundToContent> {
  if (page.state === 'loading') {
    // The popup opened now says "Reading the message…" and waits for the report. A report that
    // is already stored (the page's own read came first) is kept.
    await Promise.all([
      loadTabState(tabId).then((stored) =>
        stored.state === 'none' ? saveTabState(tabId, { state: 'reading' }) : undefined,
      ),
      setPopupFor(tabId, null),
    ]);
    return { type: 'bg-content-page-read', bodyChars: 0 };
  }
  if (page.state !== 'message') {
    await Promise.all([
      saveTabState(tabId, { state: page.state }),
      setBadgeState(tabId, 'badgeMissing'),
      setPopupFor(tabId, null),
    ]);
    markBadge(tabId);
    return { type: 'bg-content-page-read', bodyChars: 0 };
  }
  const report = analyzeMessage(page.text);
  const state: TabState = {
    state: 'report',
    report,
    truncated: page.truncated,
    analyzedAt: new Date().toISOString(),
  };
  // All at once: a popup opened before the report is stored says it is reading, and draws the
  // report when storage has it (popup/main.ts showReading); its URL already names the verdict.
  const badge = setBadge(tabId, report);
  await Promise.all([
    badge.shown.then(() => markBadge(tabId)),
    badge.titled,
    setPopupFor(tabId, report.verdict),
    saveTabState(tabId, state),
  ]);
  // A delivery report's diagnostic text is in its body: ask for the start of it, once (the
  // content script sends the header section alone first, and no body unless asked).
  const wantsBody = !page.truncated && report.input !== 'bounce' && wantsBounceBody(page.text);
  return { type: 'bg-content-page-read', bodyChars: wantsBody ? LIMITS.bounceBodyChars : 0 };
}

/**
 * This tab's popup names the tab (`?for=<id>`), so on opening it reads the stored state at once,
 * without asking the browser which tab is active, and carries the verdict, which it paints before
 * it reads anything (platform/popup-url.ts). Browsers reset tab-specific popups, like the badge,
 * when the tab navigates.
 */
async function setPopupFor(tabId: number, verdict: FirstVerdict | null): Promise<void> {
  const page = browser.runtime.getManifest().action?.default_popup;
  if (page !== undefined) {
    await browser.action.setPopup({ tabId, popup: popupUrlFor(page, tabId, verdict) });
  }
}

/**
 * When the badge of a tab was last set: a User Timing mark (DevTools' Performance panel; read by
 * `npm run bench`, which compares it with the tab's navigation start). Only the latest is kept.
 */
function markBadge(tabId: number): void {
  performance.clearMarks('header-lens:badge');
  performance.mark('header-lens:badge', { detail: { tabId } });
}

function analyzeText(text: string): AnalyzeAnswer {
  try {
    return { ok: true, report: analyzeMessage(text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** One resolver per endpoint while the worker lives, so answers are reused for their TTL. */
const resolvers = new Map<string, Resolver>();

function resolverFor(url: string): Resolver {
  let resolver = resolvers.get(url);
  if (resolver === undefined) {
    resolver = createDohResolver({ endpoint: url, fetch: (u, init) => fetch(u, init) });
    resolvers.set(url, resolver);
  }
  return resolver;
}

/**
 * DNS-over-HTTPS from the service worker, on the user's request: only the names in the query
 * (the message's domains, DKIM key names, the client IP's reverse name) leave the browser.
 */
async function checkDns(query: LiveQuery): Promise<LiveAnswer> {
  try {
    const settings = await loadSettings();
    const { name, url } = resolverOf(settings);
    const resolver = resolverFor(url);
    const live = await checkLive(query, resolver, {
      resolver: `${name} (${url})`,
      checkedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
    return { ok: true, live };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

browser.tabs.onRemoved.addListener((tabId) => {
  void forgetTab(tabId);
});

browser.tabs.onUpdated.addListener((tabId, change) => {
  // A navigation starts: the old page's report no longer applies.
  if (change.status === 'loading') {
    void forgetTab(tabId);
    void clearBadge(tabId);
  }
});
