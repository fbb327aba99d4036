import { isPageKey, type OpenMessage } from './gmail-selectors.ts';
import { isRecord, MAX_PAGE_TEXT } from './messages.ts';

/**
 * What the script injected into a Gmail tab (src/content/open-message.ts) is asked, and what it
 * answers: the open conversation's messages and, for the one read, what its Show original gave.
 * The answer comes from a page the user has open (the script runs in the extension's isolated
 * world there, but reads Gmail's DOM), so the popup schema-checks it before using any of it.
 */
export interface OpenMessageRequest {
  /** The page's `ik` key, read in its own world (gmail-selectors.ts readPageKey), or null. */
  ik: string | null;
  /** The message the user picked in the popup (its permmsgid); null: the last expanded one. */
  pick: string | null;
}

/** A Show original fetched and read: the same states a Show original tab reports, and the ways
 * a fetch can fail. */
export type FetchedShowOriginal =
  | { state: 'message'; text: string; truncated: boolean }
  | { state: 'missing' }
  | { state: 'no-message' }
  /** Gmail answered with a redirect or 401/403: the account is signed out in this tab. */
  | { state: 'signed-out' }
  | { state: 'http-error'; status: number }
  | { state: 'network-error' };

export type OpenMessageRead =
  /** The Gmail app, but no conversation is open (the inbox, a list). */
  | { state: 'no-conversation' }
  /** A conversation is open, but its messages are not where Header Lens looks. */
  | { state: 'unrecognized' }
  | {
      state: 'read';
      messages: OpenMessage[];
      /** Index in `messages` of the message read. */
      chosen: number;
      /** Its Show original, for the user to open when reading it failed. */
      showOriginalUrl: string;
      page: FetchedShowOriginal;
    };

/** The name the injected script registers its reader under, in the isolated world only. */
export const OPEN_MESSAGE_READER = 'headerLensReadOpenMessage';

export function parseOpenMessageRead(value: unknown): OpenMessageRead | null {
  if (!isRecord(value)) return null;
  switch (value['state']) {
    case 'no-conversation':
    case 'unrecognized':
      return { state: value['state'] };
    case 'read': {
      const { messages, chosen, showOriginalUrl, page } = value;
      if (!Array.isArray(messages) || messages.length === 0 || messages.length > 200) return null;
      const parsed = messages.map(parseOpenMessage);
      if (parsed.some((m) => m === null)) return null;
      const fetched = parseFetched(page);
      if (
        typeof chosen !== 'number' ||
        !Number.isInteger(chosen) ||
        chosen < 0 ||
        chosen >= parsed.length ||
        typeof showOriginalUrl !== 'string' ||
        !showOriginalUrl.startsWith('https://mail.google.com/mail/') ||
        fetched === null
      ) {
        return null;
      }
      return {
        state: 'read',
        messages: parsed as OpenMessage[],
        chosen,
        showOriginalUrl,
        page: fetched,
      };
    }
    default:
      return null;
  }
}

function parseOpenMessage(value: unknown): OpenMessage | null {
  if (!isRecord(value)) return null;
  const { permmsgid, expanded, from, date } = value;
  if (
    typeof permmsgid !== 'string' ||
    !/^msg-[af]:r?-?\d{1,20}$/.test(permmsgid) ||
    typeof expanded !== 'boolean' ||
    typeof from !== 'string' ||
    from.length > 200 ||
    typeof date !== 'string' ||
    date.length > 200
  ) {
    return null;
  }
  return { permmsgid, expanded, from, date };
}

function parseFetched(value: unknown): FetchedShowOriginal | null {
  if (!isRecord(value)) return null;
  switch (value['state']) {
    case 'message': {
      const { text, truncated } = value;
      if (typeof text !== 'string' || text.length > MAX_PAGE_TEXT || typeof truncated !== 'boolean')
        return null;
      return { state: 'message', text, truncated };
    }
    case 'missing':
    case 'no-message':
    case 'signed-out':
    case 'network-error':
      return { state: value['state'] };
    case 'http-error': {
      const status = value['status'];
      return typeof status === 'number' && Number.isInteger(status) && status >= 0 && status < 1000
        ? { state: 'http-error', status }
        : null;
    }
    default:
      return null;
  }
}

/** The request as the injected script receives it (an argument serialized through the page). */
export function parseOpenMessageRequest(value: unknown): OpenMessageRequest | null {
  if (!isRecord(value)) return null;
  // Chromium's executeScript drops properties whose value is null from `args` (seen in Chromium
  // 150: `{ ik: 'k', pick: null }` arrives as `{ ik: 'k' }`): a missing one means null.
  const ik = value['ik'] ?? null;
  const pick = value['pick'] ?? null;
  if (ik !== null && !isPageKey(ik)) return null;
  if (pick !== null && (typeof pick !== 'string' || !/^msg-[af]:r?-?\d{1,20}$/.test(pick)))
    return null;
  return { ik, pick };
}
