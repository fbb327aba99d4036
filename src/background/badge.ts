import type { Report } from '../core/index.ts';
import { browser } from '../platform/browser.ts';
import { t } from '../platform/i18n.ts';
import {
  BADGE_STYLES,
  BADGE_TEXT_COLOR,
  badgeText,
  FORGED_COLOR,
  UNKNOWN_STYLE,
} from './badge-text.ts';

/**
 * Badge colour and short label per SPF result: visible before any click. Resolves once the badge
 * shows them; `titled` once the tooltip says the result, IP and domain in words too.
 */
export function setBadge(
  tabId: number,
  report: Report,
): { shown: Promise<void>; titled: Promise<void> } {
  const spf = report.spf.result;
  const style = (spf === null ? undefined : BADGE_STYLES[spf]) ?? UNKNOWN_STYLE;
  const forged = report.warnings.some((w) => w.code === 'untrusted-auth-header');
  const title = t('badgeTitle', {
    result: spf === null ? t('resultUnknown') : spf,
    ip: report.spf.clientIp ?? '?',
    domain: report.spf.domain ?? '?',
  });
  const shown = Promise.all([
    browser.action.setBadgeText({ tabId, text: badgeText(t(style.key), forged) }),
    browser.action.setBadgeBackgroundColor({ tabId, color: forged ? FORGED_COLOR : style.color }),
    browser.action.setBadgeTextColor({ tabId, color: BADGE_TEXT_COLOR }),
  ]).then(() => undefined);
  const titled = browser.action.setTitle({
    tabId,
    title: forged ? `${title} — ${t('badgeForged')}` : title,
  });
  return { shown, titled };
}

export async function setBadgeState(tabId: number, key: 'badgeMissing'): Promise<void> {
  await Promise.all([
    browser.action.setBadgeText({ tabId, text: t(key) }),
    browser.action.setBadgeBackgroundColor({ tabId, color: UNKNOWN_STYLE.color }),
    browser.action.setBadgeTextColor({ tabId, color: BADGE_TEXT_COLOR }),
  ]);
}

export async function clearBadge(tabId: number): Promise<void> {
  await browser.action.setBadgeText({ tabId, text: '' });
}
