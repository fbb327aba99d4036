import { browser } from '../platform/browser.ts';
import type { TabState } from '../platform/messages.ts';

/**
 * Per-tab results. The service worker can be stopped at any time, so the state lives in
 * storage.session (memory only, cleared when the browser closes; never synced or written to disk).
 */
const key = (tabId: number): string => `tab:${tabId}`;

export async function saveTabState(tabId: number, state: TabState): Promise<void> {
  await browser.storage.session.set({ [key(tabId)]: state });
}

export async function loadTabState(tabId: number): Promise<TabState> {
  const stored = await browser.storage.session.get(key(tabId));
  const state = stored[key(tabId)] as TabState | undefined;
  return state ?? { state: 'none' };
}

export async function forgetTab(tabId: number): Promise<void> {
  await browser.storage.session.remove(key(tabId));
}
