import type catalogue from '../../_locales/en/messages.json';

/**
 * Message names: the English catalogue is the list, so `t('noSuchKey')` is a type error. Firefox
 * logs "Unknown localization message" for every name it lacks (Chromium says nothing), so a name
 * built at run time from a code the core reports must exist too: test/i18n.test.ts walks every
 * code of every family below against both catalogues.
 */
export type MessageKey = keyof typeof catalogue;

/** The prefixes of names built from codes (`hint_spf_fix` from the hint code `spf-fix`). */
export const KEY_FAMILIES = [
  'hint',
  'warning',
  'codeMeaning',
  'codeFix',
  'result',
  'severity',
  'liveAdvice',
  'verdict',
  'action',
  'liveSays',
  'protocol',
  'fact',
  'alignment',
  'verifyReason',
  'verifyNote',
  'arcVerify',
  'verifyView',
  'verifyFallback',
  'verifyPart',
] as const;
export type KeyFamily = (typeof KEY_FAMILIES)[number];

/** Message name for a code from the core (`spf-fix` → `hint_spf_fix`). */
export function messageKey(family: KeyFamily, code: string): MessageKey {
  // Built at run time: test/i18n.test.ts proves every code the core can report has its name.
  return `${family}_${code.replace(/[^A-Za-z0-9]/g, '_')}` as MessageKey;
}
