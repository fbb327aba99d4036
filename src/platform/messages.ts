import { parseLiveQuery, type LiveQuery, type LiveResults, type Report } from '../core/index.ts';
import type { Runtime } from './browser.ts';

/**
 * Messages between the extension's contexts: a discriminated union named by direction
 * (`content-bg-…`, `popup-bg-…`). Every message is schema-checked on arrival and accepted only
 * from this extension's own contexts.
 */

/** What the content script found on a Show original page. */
export type PageRead =
  | {
      state: 'message';
      /** The header section (and, for a bounce, a bounded prefix of its body). */
      text: string;
      /** The page's text was longer than what was read. */
      truncated: boolean;
    }
  /** Gmail's "The message you requested does not exist" page. */
  | { state: 'missing' }
  /** A view=om page without the raw message (`<pre id="raw_message_text">`). */
  | { state: 'no-message' };

export type ContentToBackground = { type: 'content-bg-page-read'; page: PageRead };
export type PopupToBackground =
  | { type: 'popup-bg-get-tab'; tabId: number }
  /** Check current DNS over DoH; the background answers with LiveAnswer. */
  | { type: 'popup-bg-check-dns'; query: LiveQuery };

export type LiveAnswer = { ok: true; live: LiveResults } | { ok: false; error: string };

/** What the background knows about a tab, for the popup. */
export type TabState =
  | { state: 'none' }
  | { state: 'missing' }
  | { state: 'no-message' }
  | { state: 'report'; report: Report; truncated: boolean; analyzedAt: string };

/** More than the core ever reads (1 MiB header section + 64 KiB of a bounce's body). */
export const MAX_PAGE_TEXT = 1024 * 1024 + 64 * 1024 + 16;

export function parseContentMessage(value: unknown): ContentToBackground | null {
  if (!isRecord(value) || value['type'] !== 'content-bg-page-read') return null;
  const page = value['page'];
  if (!isRecord(page)) return null;
  switch (page['state']) {
    case 'message': {
      const text = page['text'];
      const truncated = page['truncated'];
      if (
        typeof text !== 'string' ||
        text.length > MAX_PAGE_TEXT ||
        typeof truncated !== 'boolean'
      ) {
        return null;
      }
      return { type: 'content-bg-page-read', page: { state: 'message', text, truncated } };
    }
    case 'missing':
      return { type: 'content-bg-page-read', page: { state: 'missing' } };
    case 'no-message':
      return { type: 'content-bg-page-read', page: { state: 'no-message' } };
    default:
      return null;
  }
}

export function parsePopupMessage(value: unknown): PopupToBackground | null {
  if (!isRecord(value)) return null;
  if (value['type'] === 'popup-bg-check-dns') {
    const query = parseLiveQuery(value['query']);
    return query === null ? null : { type: 'popup-bg-check-dns', query };
  }
  if (value['type'] !== 'popup-bg-get-tab') return null;
  const tabId = value['tabId'];
  if (typeof tabId !== 'number' || !Number.isInteger(tabId) || tabId < 0) return null;
  return { type: 'popup-bg-get-tab', tabId };
}

/** Gmail's origin: the only pages whose content script may report a message. */
export const GMAIL_ORIGIN = 'https://mail.google.com';

/** A message from this extension's own pages or content scripts (Bitwarden's senderIsInternal). */
export function isFromThisExtension(sender: Runtime.MessageSender, ownId: string): boolean {
  return sender.id === ownId;
}

/**
 * A popup message must come from one of this extension's own pages (the popup, or the report
 * opened in a tab), not a content script: content scripts run in web pages, and the sender's URL
 * is then the page's, never this extension's origin.
 */
export function isFromExtensionPage(
  sender: Runtime.MessageSender,
  ownId: string,
  ownOrigin: string,
): boolean {
  return isFromThisExtension(sender, ownId) && (sender.url ?? '').startsWith(ownOrigin);
}

/** A content script message must come from a Gmail tab of this extension's content script. */
export function isFromGmailContentScript(sender: Runtime.MessageSender, ownId: string): boolean {
  if (!isFromThisExtension(sender, ownId) || sender.tab?.id === undefined) return false;
  try {
    return new URL(sender.url ?? '').origin === GMAIL_ORIGIN;
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
