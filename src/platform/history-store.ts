import {
  addToHistory,
  EMPTY_HISTORY,
  historyEntryOf,
  parseHistory,
  type History,
} from '../core/history/history.ts';
import type { Report } from '../core/report.ts';
import { browser } from './browser.ts';

/**
 * The verdict history in storage.local (this device only, never synced): summaries the core
 * builds (history.ts), kept until the user clears them or turns history off, within its caps.
 */
const KEY = 'history';
const OFF_KEY = 'historyOff';

export async function loadHistory(): Promise<History> {
  return parseHistory((await browser.storage.local.get(KEY))[KEY]);
}

export async function historyEnabled(): Promise<boolean> {
  return (await browser.storage.local.get(OFF_KEY))[OFF_KEY] !== true;
}

/** Turning history off also deletes what was kept. */
export async function setHistoryEnabled(on: boolean): Promise<void> {
  if (on) await browser.storage.local.remove(OFF_KEY);
  else await Promise.all([browser.storage.local.set({ [OFF_KEY]: true }), clearHistory()]);
}

export async function clearHistory(): Promise<void> {
  await browser.storage.local.remove(KEY);
}

/** Adds the verdict shown to the history (when it is on); returns the history as it now is. */
export async function recordVerdict(report: Report, now = Date.now()): Promise<History> {
  const history = await loadHistory();
  const entry = historyEntryOf(report, now);
  if (entry === null || !(await historyEnabled())) return history;
  const next = addToHistory(history, entry);
  await browser.storage.local.set({ [KEY]: next });
  return next;
}

export { EMPTY_HISTORY };
