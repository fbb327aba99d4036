import { wantsBounceBody } from '../core/parse/is-delivery-report.ts';
import { LIMITS } from '../core/limits.ts';
import {
  findOpenMessages,
  lastExpanded,
  readGmailLocation,
  showOriginalUrl,
} from '../platform/gmail-selectors.ts';
import type { PageRead } from '../platform/messages.ts';
import type {
  FetchedShowOriginal,
  OpenMessageRead,
  OpenMessageRequest,
} from '../platform/open-message-read.ts';
import { fetchShowOriginal, type Fetcher } from './fetch-show-original.ts';
import { watchShowOriginal } from './show-original-page.ts';

/**
 * Reads the message open in Gmail's normal view: finds the conversation's messages
 * (src/platform/gmail-selectors.ts), fetches the chosen one's Show original from the page's own
 * origin, and reads its header section exactly as the content script reads a Show original tab
 * (show-original-page.ts). The fetched markup is parsed into a detached document by DOMParser,
 * which runs no script and loads nothing; it is never put into the page.
 */
export async function readOpenMessage(
  doc: Document,
  href: string,
  request: OpenMessageRequest,
  fetcher: Fetcher,
): Promise<OpenMessageRead> {
  const where = readGmailLocation(href);
  if (where === null || !where.conversationOpen) return { state: 'no-conversation' };
  const messages = findOpenMessages(doc);
  if (messages === null) return { state: 'unrecognized' };
  const chosen =
    request.pick === null
      ? lastExpanded(messages)
      : messages.findIndex((m) => m.permmsgid === request.pick);
  const message = chosen === null ? undefined : messages[chosen];
  if (chosen === null || message === undefined) return { state: 'unrecognized' };
  const url = showOriginalUrl(where.accountPath, message.permmsgid, request.ik);
  const fetched = await fetchShowOriginal(url, fetcher);
  const page: FetchedShowOriginal =
    fetched.state === 'markup' ? readShowOriginalMarkup(fetched.html) : fetched;
  return { state: 'read', messages, chosen, showOriginalUrl: url, page };
}

/**
 * A Show original page's markup, read as the content script reads the live page: the header
 * section, and for a delivery report the start of its body (as the background asks for one).
 */
export function readShowOriginalMarkup(html: string): Exclude<PageRead, { state: 'loading' }> {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  let read: PageRead = { state: 'no-message' };
  // The document is parsed whole: the watch reports at once, synchronously.
  const watch = watchShowOriginal(parsed, LIMITS.headerSectionChars, (page) => {
    read = page;
  });
  const headers = read as PageRead;
  if (headers.state === 'loading') return { state: 'no-message' };
  if (headers.state !== 'message' || headers.truncated || !wantsBounceBody(headers.text)) {
    return headers;
  }
  let withBody = headers.text;
  watch.readBody(LIMITS.bounceBodyChars, (text) => {
    withBody = text;
  });
  return { state: 'message', text: withBody, truncated: false };
}
