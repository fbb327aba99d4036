/**
 * The only import of webextension-polyfill: one promise-based `browser.*` in Chrome and Firefox.
 * Everything else in the extension imports `browser` from here.
 */
import browser from 'webextension-polyfill';

export { browser };
export type { Runtime, Tabs } from 'webextension-polyfill';
