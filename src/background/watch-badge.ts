import { presentWatch, type WatchState } from '../core/index.ts';
import { browser } from '../platform/browser.ts';
import { t } from '../platform/i18n.ts';
import { BADGE_TEXT_COLOR } from './badge-text.ts';

/**
 * The watch on the toolbar, for every tab (no tabId): `1/3` while watching, `✓` once live; a tab
 * showing a message's verdict keeps its own badge, which the browser shows first.
 */
export async function showWatchBadge(state: WatchState): Promise<void> {
  const view = presentWatch(state, Date.now());
  const { live, total } = view.progress;
  const text =
    state.status === 'watching' ? `${live}/${total}` : state.status === 'live' ? '✓' : '';
  await Promise.all([
    browser.action.setBadgeText({ text }),
    browser.action.setBadgeBackgroundColor({
      color: state.status === 'live' ? '#137333' : '#5f6368',
    }),
    browser.action.setBadgeTextColor({ color: BADGE_TEXT_COLOR }),
    browser.action.setTitle({
      title:
        state.status === 'watching'
          ? t('badgeWatchTitle', { domain: state.domain, live: String(live), total: String(total) })
          : state.status === 'live'
            ? view.headline
            : t('actionTitle'),
    }),
  ]);
}
