import type { Phrase } from '../core/index.ts';
import { messageKey, t } from '../platform/i18n.ts';

/** A phrase in the UI language: its catalogue entry, or its English text. */
export function say(phrase: Phrase): string {
  if (phrase.family === null) return phrase.text;
  return t(messageKey(phrase.family, phrase.code), phrase.params, phrase.text);
}
