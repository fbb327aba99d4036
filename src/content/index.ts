/**
 * Content script, injected at document_start only on Show original pages (manifest include_globs
 * `*view=om*`, and checked again here): it does nothing on any other Gmail page. It reads the
 * header section while the page is still loading and hands it to the background, which analyzes
 * it and sets the badge; when the background says the message is a delivery report, it also
 * reads the start of the body, once. Only when the user asks to verify signatures does it read
 * the whole message (read-original.ts). Nothing else.
 *
 * Small on purpose (a budget of 4 KiB gzipped, pinned in test/e2e/manifest.test.ts): it imports
 * only the core's definition of where the header section ends, the limits, and the platform's
 * message checks — no parser, no webextension-polyfill.
 */
import { DKIM_LIMITS } from '../core/dkim/dkim-limits.ts';
import { LIMITS } from '../core/limits.ts';
import { answerBackground } from '../platform/answer-background.ts';
import {
  isRecord,
  parseBackgroundToContent,
  type ContentToBackground,
} from '../platform/messages.ts';
import { sendToBackground } from '../platform/send-to-background.ts';
import { isShowOriginalUrl } from '../platform/show-original-url.ts';
import { readOriginal, type PageFetch } from './read-original.ts';
import { RAW_MESSAGE_SELECTOR, watchShowOriginal } from './show-original-page.ts';

/** Sends a page read; resolves to the body characters the background wants (0 when none). */
async function send(message: ContentToBackground): Promise<number> {
  // The background restarts on demand; a lost message only means no badge until a reload.
  const answer = await sendToBackground(message).catch(() => null);
  return parseBackgroundToContent(answer)?.bodyChars ?? 0;
}

if (isShowOriginalUrl(location.href)) {
  // User Timing marks (visible in DevTools' Performance panel and read by `npm run bench`).
  performance.mark('header-lens:read-start');
  let reported = false;
  // A popup opened while the page loads says the message is being read — when the header section
  // is not read in the parser's first task. Sent at once, the background's work for it would share
  // the CPU with that task, the one that makes the 8 MB page's first text appear.
  setTimeout(() => {
    if (!reported) void send({ type: 'content-bg-page-read', page: { state: 'loading' } });
  }, 0);
  const page = watchShowOriginal(document, LIMITS.headerSectionChars, (read) => {
    reported = true;
    performance.mark('header-lens:read-end');
    void send({ type: 'content-bg-page-read', page: read }).then((bodyChars) => {
      if (bodyChars === 0 || read.state !== 'message' || read.truncated) return;
      page.readBody(bodyChars, (text) => {
        void send({
          type: 'content-bg-page-read',
          page: { state: 'message', text, truncated: false },
        });
      });
    });
  });
}

/**
 * The page's own fetch for "Download original": Firefox's `content.fetch` sends the request as
 * the page would (with Gmail's session); Chrome's content scripts fetch with the page's origin.
 */
const pageFetch: PageFetch = (url) => {
  const page = (globalThis as { content?: { fetch?: (u: string) => Promise<Response> } }).content;
  return typeof page?.fetch === 'function' ? page.fetch(url) : fetch(url);
};

if (isShowOriginalUrl(location.href)) {
  answerBackground((message) =>
    isRecord(message) && message['type'] === 'bg-content-read-original'
      ? readOriginal(
          location.href,
          () => document.querySelector(RAW_MESSAGE_SELECTOR)?.textContent ?? null,
          pageFetch,
          DKIM_LIMITS.messageBytes,
        )
      : null,
  );
}
