import { parseWatchState, type WatchState } from '../core/watch/watch-state.ts';
import { browser } from './browser.ts';

/** The one running (or last) watch, in storage.local: written by the worker, read by the popup. */
export const WATCH_KEY = 'watch';

export async function loadWatch(): Promise<WatchState | null> {
  return parseWatchState((await browser.storage.local.get(WATCH_KEY))[WATCH_KEY]);
}

/** Calls `listener` with the watch whenever the worker stores a new state. */
export function onWatchChange(listener: (state: WatchState | null) => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    const change = changes[WATCH_KEY];
    if (area === 'local' && change !== undefined) listener(parseWatchState(change.newValue));
  });
}
