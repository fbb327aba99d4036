import { nativeApi } from './native-api.ts';

/**
 * runtime.sendMessage for the content script, without webextension-polyfill: the content script
 * runs on every Show original page and must stay small (the polyfill alone is 3 KiB gzipped).
 */
export function sendToBackground(message: unknown): Promise<unknown> {
  const api = nativeApi();
  if (api === undefined) return Promise.reject(new Error('no extension runtime'));
  return api.runtime.sendMessage(message);
}
