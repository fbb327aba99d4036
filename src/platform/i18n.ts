import { fill } from '../core/derive-hints.ts';
import { browser } from './browser.ts';

/**
 * Localized text from _locales (browser.i18n). Messages use `{name}` placeholders, filled here
 * with the same one-pass substitution as the core's hint table, so a value containing braces is
 * never expanded. A missing message falls back to `fallback` (the core's English text) or the key.
 */
export function t(
  key: string,
  params: Readonly<Record<string, string>> = {},
  fallback?: string,
): string {
  const template = browser.i18n.getMessage(key);
  if (template === '') return fallback ?? key;
  return fill(template, params);
}

/** Message name for a code from the core (`spf-fix` → `hint_spf_fix`). */
export function messageKey(prefix: string, code: string): string {
  return `${prefix}_${code.replace(/[^A-Za-z0-9]/g, '_')}`;
}

export function uiLanguage(): string {
  return browser.i18n.getUILanguage();
}
