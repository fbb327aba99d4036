/**
 * runtime.sendMessage for the content script, without webextension-polyfill: the content script
 * runs on every Show original page and must stay small (the polyfill alone is 3 KiB gzipped).
 * Both browsers have a promise-based sendMessage natively: Firefox's `browser.runtime` and, in
 * Manifest V3, Chrome's `chrome.runtime` (when no callback is passed). Content scripts run in an
 * isolated world, so these are the extension's own objects, never the page's.
 */
interface RuntimeApi {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
}

export function sendToBackground(message: unknown): Promise<unknown> {
  const scope = globalThis as { browser?: RuntimeApi; chrome?: RuntimeApi };
  const api = scope.browser ?? scope.chrome;
  if (api === undefined) return Promise.reject(new Error('no extension runtime'));
  return api.runtime.sendMessage(message);
}
