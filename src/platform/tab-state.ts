import { browser } from './browser.ts';
import { parseTabState, type TabState } from './messages.ts';

/**
 * Per-tab results, written by the background (which analyzed the page) and read by the popup
 * directly, without a round trip through the background: opening the popup costs one storage
 * read. The service worker can be stopped at any time, so the state lives in storage.session
 * (memory only, cleared when the browser closes; never synced or written to disk; readable by
 * the extension's own pages and worker, not by content scripts).
 */
const key = (tabId: number): string => `tab:${tabId}`;

export async function saveTabState(tabId: number, state: TabState): Promise<void> {
  await browser.storage.session.set({ [key(tabId)]: state });
}

/** The stored state, schema-checked (it may have been written by another version). */
export async function loadTabState(tabId: number): Promise<TabState> {
  const stored = await browser.storage.session.get(key(tabId));
  return parseTabState(stored[key(tabId)]) ?? { state: 'none' };
}

export async function forgetTab(tabId: number): Promise<void> {
  await browser.storage.session.remove(key(tabId));
}
