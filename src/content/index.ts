/**
 * Content script, injected only on Show original pages (manifest include_globs `*view=om*`, and
 * checked again here). Reads the header section and hands it to the background, which analyzes it
 * and sets the badge; it does nothing else and touches no other Gmail page.
 */
import { wantsBounceBody } from '../core/is-delivery-report.ts';
import { LIMITS } from '../core/limits.ts';
import { browser } from '../platform/browser.ts';
import type { ContentToBackground } from '../platform/messages.ts';
import { isShowOriginalUrl } from '../platform/show-original-url.ts';
import { readShowOriginal } from './show-original-page.ts';

if (isShowOriginalUrl(location.href)) {
  // User Timing marks (visible in DevTools' Performance panel and read by `npm run bench`).
  performance.mark('header-lens:read-start');
  const page = readShowOriginal(
    document,
    { headerChars: LIMITS.headerSectionChars, bodyChars: LIMITS.bounceBodyChars },
    wantsBounceBody,
  );
  performance.mark('header-lens:read-end');
  const message: ContentToBackground = { type: 'content-bg-page-read', page };
  browser.runtime.sendMessage(message).catch(() => {
    // The background restarts on demand; a lost message only means no badge until a reload.
  });
}
