/**
 * What the toolbar badge says, as data (no browser APIs, so the e2e tests can measure every label
 * the extension can show).
 *
 * Width: Firefox draws badge text at 10px in a box at most 20px wide with 2px padding, so about
 * 16px of text — "pass" showed as "pas" there. Chromium allows 23px. Each label is one sign
 * (`✓`, `✗`, and SPF's own `~` and `?` qualifiers) so that even with the forgery marker in
 * front it fits Firefox's box in a wide font (DejaVu Sans); test/e2e/firefox.test.ts measures
 * each one as rendered.
 *
 * The forgery marker comes first: if a badge were ever cut off, the end goes, never the `!`.
 */
import type { SpfResult } from '../core/parse/auth-result-tokens.ts';

export const FORGERY_MARKER = '!';

export interface BadgeStyle {
  /** Message name of the label in _locales. */
  key: 'badgePass' | 'badgeFail' | 'badgeSoftfail' | 'badgeNeutral' | 'badgeNone' | 'badgeError';
  color: string;
}

/**
 * Background colours, each at least 4.5:1 against the white text (WCAG AA); the text colour is
 * set explicitly, because Firefox otherwise picks black on light backgrounds and Chromium white.
 */
export const BADGE_STYLES: Readonly<Record<SpfResult, BadgeStyle>> = {
  pass: { key: 'badgePass', color: '#188038' },
  fail: { key: 'badgeFail', color: '#c5221f' },
  softfail: { key: 'badgeSoftfail', color: '#b45309' },
  neutral: { key: 'badgeNeutral', color: '#b45309' },
  none: { key: 'badgeNone', color: '#c5221f' },
  temperror: { key: 'badgeError', color: '#c5221f' },
  permerror: { key: 'badgeError', color: '#c5221f' },
};
export const UNKNOWN_STYLE = { key: 'badgeUnknown', color: '#5f6368' } as const;
export const FORGED_COLOR = '#8430ce';
export const BADGE_TEXT_COLOR = '#ffffff';

/** Every message name a badge label comes from (the e2e tests measure each in both locales). */
export const BADGE_LABEL_KEYS = [
  ...new Set([...Object.values(BADGE_STYLES).map((s) => s.key), UNKNOWN_STYLE.key]),
  'badgeMissing',
] as const;

export function badgeText(label: string, forged: boolean): string {
  return forged ? `${FORGERY_MARKER}${label}` : label;
}
