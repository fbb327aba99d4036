import { fill } from '../core/fill-template.ts';
import { nativeApi } from './native-api.ts';
import type { MessageKey } from './message-keys.ts';

export { messageKey, type MessageKey } from './message-keys.ts';

/**
 * Localized text from _locales (browser.i18n). Messages use `{name}` placeholders, filled here
 * with the same one-pass substitution as the core's hint table, so a value containing braces is
 * never expanded. It calls the browser's own i18n (synchronous in both browsers), not the
 * polyfill, so the popup's first paint loads no polyfill. `key` is a name of the English
 * catalogue (message-keys.ts); every name exists in both catalogues (test/i18n.test.ts), so
 * `fallback` (the core's English text) is only a guard.
 */
export function t(
  key: MessageKey,
  params: Readonly<Record<string, string>> = {},
  fallback?: string,
): string {
  const template = nativeApi()?.i18n.getMessage(key) ?? '';
  if (template === '') return fallback ?? key;
  return fill(template, params);
}

export function uiLanguage(): string {
  return nativeApi()?.i18n.getUILanguage() ?? 'en';
}
