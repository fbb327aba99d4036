/**
 * The popup's entry: what it can draw before anything loads. On a tab the background has read,
 * the popup URL carries the verdict (platform/popup-url.ts), so the verdict is painted at once —
 * no storage read, no polyfill, one classic script of a few KiB, built on its own
 * (vite.config.ts, fastPopup) — and the rest of the popup (main.ts, which reads the full report
 * and draws it in place of this) loads meanwhile.
 */
import { messageKey, t, uiLanguage } from '../platform/i18n.ts';
import { nativeApi } from '../platform/native-api.ts';
import { readPopupUrl } from '../platform/popup-url.ts';
import { VERDICT_TONE } from '../core/present/verdict-tone.ts';
import { markOnce } from './marks.ts';
import { header } from './render-header.ts';
import { renderVerdict } from './render-verdict.ts';

/** The built main.ts, named by the build (vite.config.ts, fastPopup). */
declare const __POPUP_MAIN__: string;

function loadTheRest(): void {
  // eslint-disable-next-line no-unsanitized/method -- a file name fixed at build time, not data
  void import(/* @vite-ignore */ __POPUP_MAIN__);
}

/** Once, when the first frame is on screen (or after a bound, where paint timing is not
 * reported). */
function afterFirstPaint(then: () => void): void {
  const once = (): void => {
    observer.disconnect();
    clearTimeout(timer);
    then();
  };
  const observer = new PerformanceObserver(once);
  const timer = setTimeout(once, 250);
  observer.observe({ type: 'paint', buffered: true });
}

document.documentElement.lang = uiLanguage();
document.title = t('extName');
// Opened with "Open in a tab": the page uses the tab's width.
if (new URLSearchParams(location.search).has('tab')) {
  document.documentElement.classList.add('in-tab');
}

const { verdict } = readPopupUrl(location.search);
const app = document.getElementById('app');
// Only a verdict the catalogue has words for (the code came through a URL).
if (
  verdict !== null &&
  app !== null &&
  (nativeApi()?.i18n.getMessage(messageKey('verdict', verdict.code)) ?? '') !== ''
) {
  app.append(
    header(),
    renderVerdict(
      { ...verdict, headline: verdict.code, tone: VERDICT_TONE[verdict.status] },
      false,
      t('sourceShowOriginal'),
    ),
  );
  markOnce('header-lens:verdict');
  // The rest once the verdict is on screen: loading it first would hold the first frame back.
  afterFirstPaint(loadTheRest);
} else {
  loadTheRest();
}
