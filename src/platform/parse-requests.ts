import { isDnsName } from '../core/psl/domain-name.ts';
import { parseLiveQuery } from '../core/live/check-live.ts';
import {
  isRecord,
  MAX_ANALYZE_TEXT,
  MAX_PAGE_TEXT,
  type ContentToBackground,
  type PopupToBackground,
} from './messages.ts';

/**
 * The background's schema checks of what it receives (messages.ts has the types). Apart from
 * messages.ts because they load the core's live-query checks, which the content script and the
 * popup must not.
 */

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
    case 'loading':
      return { type: 'content-bg-page-read', page: { state: 'loading' } };
    default:
      return null;
  }
}

export function parsePopupMessage(value: unknown): PopupToBackground | null {
  if (!isRecord(value)) return null;
  switch (value['type']) {
    case 'popup-bg-check-dns': {
      const query = parseLiveQuery(value['query']);
      return query === null ? null : { type: 'popup-bg-check-dns', query };
    }
    case 'popup-bg-analyze': {
      const text = value['text'];
      if (typeof text !== 'string' || text.length > MAX_ANALYZE_TEXT) return null;
      return { type: 'popup-bg-analyze', text };
    }
    case 'popup-bg-verify': {
      const tabId = value['tabId'];
      if (typeof tabId !== 'number' || !Number.isSafeInteger(tabId) || tabId < 0) return null;
      return { type: 'popup-bg-verify', tabId };
    }
    case 'popup-bg-watch-start': {
      const query = parseLiveQuery(value['query']);
      const domain = value['domain'];
      if (query === null || typeof domain !== 'string' || !isDnsName(domain)) return null;
      return { type: 'popup-bg-watch-start', query, domain: domain.toLowerCase() };
    }
    case 'popup-bg-watch-stop':
      return { type: 'popup-bg-watch-stop' };
    default:
      return null;
  }
}
