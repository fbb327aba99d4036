import type { Report } from '../core/index.ts';
import { browser } from '../platform/browser.ts';
import { t, type MessageKey } from '../platform/i18n.ts';

/** Badge colour and short label per SPF result: visible before any click. */
const BADGE: Record<string, { key: MessageKey; color: string }> = {
  pass: { key: 'badgePass', color: '#188038' },
  fail: { key: 'badgeFail', color: '#c5221f' },
  softfail: { key: 'badgeSoftfail', color: '#e37400' },
  neutral: { key: 'badgeNeutral', color: '#e37400' },
  none: { key: 'badgeNone', color: '#c5221f' },
  temperror: { key: 'badgeError', color: '#c5221f' },
  permerror: { key: 'badgeError', color: '#c5221f' },
};
const UNKNOWN = { key: 'badgeUnknown', color: '#5f6368' } as const;
const FORGED = '#a142f4';

export async function setBadge(tabId: number, report: Report): Promise<void> {
  const spf = report.spf.result;
  const style = (spf === null ? undefined : BADGE[spf]) ?? UNKNOWN;
  const forged = report.warnings.some((w) => w.code === 'untrusted-auth-header');
  const title = t('badgeTitle', {
    result: spf === null ? t('resultUnknown') : spf,
    ip: report.spf.clientIp ?? '?',
    domain: report.spf.domain ?? '?',
  });
  await Promise.all([
    browser.action.setBadgeText({ tabId, text: t(style.key) + (forged ? '!' : '') }),
    browser.action.setBadgeBackgroundColor({ tabId, color: forged ? FORGED : style.color }),
    browser.action.setTitle({ tabId, title: forged ? `${title} — ${t('badgeForged')}` : title }),
  ]);
}

export async function setBadgeState(tabId: number, key: 'badgeMissing'): Promise<void> {
  await Promise.all([
    browser.action.setBadgeText({ tabId, text: t(key) }),
    browser.action.setBadgeBackgroundColor({ tabId, color: UNKNOWN.color }),
  ]);
}

export async function clearBadge(tabId: number): Promise<void> {
  await browser.action.setBadgeText({ tabId, text: '' });
}
