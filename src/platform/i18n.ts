import { fill } from '../core/fill-template.ts';
import { browser } from './browser.ts';
import type { MessageKey } from './message-keys.ts';

export { messageKey, type MessageKey } from './message-keys.ts';

/**
 * Localized text from _locales (browser.i18n). Messages use `{name}` placeholders, filled here
 * with the same one-pass substitution as the core's hint table, so a value containing braces is
 * never expanded. `key` is a name of the English catalogue (message-keys.ts); every name exists in
 * both catalogues (test/i18n.test.ts), so `fallback` (the core's English text) is only a guard.
 */
export function t(
  key: MessageKey,
  params: Readonly<Record<string, string>> = {},
  fallback?: string,
): string {
  const template = browser.i18n.getMessage(key);
  if (template === '') return fallback ?? key;
  return fill(template, params);
}

export function uiLanguage(): string {
  return browser.i18n.getUILanguage();
}
