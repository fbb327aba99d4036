/**
 * Service worker: receives what the content script read, analyzes it with the core, sets the
 * badge and keeps the report for the popup. Only messages from this extension are accepted:
 * page reads from its content script on Gmail, requests from its own pages.
 */
import {
  analyzeMessage,
  checkLive,
  createDohResolver,
  type LiveQuery,
  type Resolver,
} from '../core/index.ts';
import { browser, type Runtime } from '../platform/browser.ts';
import {
  isFromExtensionPage,
  isFromGmailContentScript,
  parseContentMessage,
  parsePopupMessage,
  type LiveAnswer,
  type PageRead,
  type TabState,
} from '../platform/messages.ts';
import { clearBadge, setBadge, setBadgeState } from './badge.ts';
import { loadSettings, resolverOf } from '../platform/settings.ts';
import { forgetTab, loadTabState, saveTabState } from './tab-state.ts';

const ownId = browser.runtime.id;
const ownOrigin = browser.runtime.getURL('');

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  const fromContent = parseContentMessage(message);
  if (fromContent !== null) {
    if (!isFromGmailContentScript(sender, ownId) || sender.tab?.id === undefined) return undefined;
    return onPageRead(sender.tab.id, fromContent.page).then(() => ({ ok: true }));
  }
  const fromPopup = parsePopupMessage(message);
  if (fromPopup !== null) {
    if (!isFromExtensionPage(sender, ownId, ownOrigin)) return undefined;
    if (fromPopup.type === 'popup-bg-check-dns') return checkDns(fromPopup.query);
    return loadTabState(fromPopup.tabId);
  }
  return undefined;
});

async function onPageRead(tabId: number, page: PageRead): Promise<void> {
  if (page.state !== 'message') {
    await saveTabState(tabId, { state: page.state });
    await setBadgeState(tabId, 'badgeMissing');
    return;
  }
  const report = analyzeMessage(page.text);
  const state: TabState = {
    state: 'report',
    report,
    truncated: page.truncated,
    analyzedAt: new Date().toISOString(),
  };
  await saveTabState(tabId, state);
  await setBadge(tabId, report);
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
