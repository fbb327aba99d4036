import type { LiveQuery, LiveResults, MessageVerification, Report } from '../core/index.ts';
import type { Runtime } from './browser.ts';

/**
 * Messages between the extension's contexts: a discriminated union named by direction
 * (`content-bg-…`, `bg-content-…`, `popup-bg-…`). Every message is schema-checked on arrival and
 * accepted only from this extension's own contexts; so is every answer the background gives.
 *
 * This module has no runtime imports, so the content script and the popup can use its checks
 * without loading anything else. The background's checks of what it receives are in
 * parse-requests.ts.
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
  | { state: 'no-message' }
  /** A Show original page has started loading; its message follows. */
  | { state: 'loading' };

export type ContentToBackground = { type: 'content-bg-page-read'; page: PageRead };

/**
 * The background's answer to a page read: how many characters of the body, after the header
 * section, its analysis wants (a delivery report's diagnostic text is in the body); 0 for none.
 * The content script reads no body unless asked.
 */
export type BackgroundToContent = { type: 'bg-content-page-read'; bodyChars: number };

/** "Verify signatures now": the background asks the Show original page for the whole message
 * (read-original.ts); the content script answers with an OriginalRead. */
export type BackgroundToContentRequest = { type: 'bg-content-read-original' };

/** Why Gmail's "Download original" was not used, as a code the popup translates. */
export type DownloadFailure =
  /** The page's URL names no message id to download. */
  | 'no-url'
  /** The request failed (offline, blocked) or Gmail answered with an HTTP error. */
  | 'http-error'
  /** Gmail answered with a page (a sign-in page, "does not exist"), not a message. */
  | 'not-a-message'
  /** The download does not start like the message on the page: not the same message. */
  | 'other-message';

/** The whole message as the content script read it for verification. */
export type OriginalRead =
  /** Gmail's "Download original": the bytes as stored, base64 (messages carry JSON only). */
  | {
      source: 'download';
      base64: string;
      /** The download's size when Gmail said it (Content-Length), else null. */
      totalBytes: number | null;
      /** The download was longer than the cap: only the first `cap + 1` bytes were read. */
      truncated: boolean;
    }
  /** The text of Show original's `<pre>` (its CRs lost), because the download failed. */
  | { source: 'pre'; text: string; failure: DownloadFailure; detail: string }
  /** Neither: the page holds no message. */
  | { source: 'none'; failure: DownloadFailure; detail: string };

export type PopupToBackground =
  /** Check current DNS over DoH; the background answers with LiveAnswer. */
  | { type: 'popup-bg-check-dns'; query: LiveQuery }
  /** Analyze pasted, dropped or selected text (the popup loads no analyzer); AnalyzeAnswer. */
  | { type: 'popup-bg-analyze'; text: string }
  /** Verify the DKIM signatures and ARC chain of the message in this tab; VerifyAnswer. */
  | { type: 'popup-bg-verify'; tabId: number }
  /** Start watching current DNS for this message's records (watch-runner.ts). */
  | { type: 'popup-bg-watch-start'; query: LiveQuery; domain: string }
  | { type: 'popup-bg-watch-stop' };

export type LiveAnswer = { ok: true; live: LiveResults } | { ok: false; error: string };
export type AnalyzeAnswer = { ok: true; report: Report } | { ok: false; error: string };
/** `fallback`: why the `<pre>` text was verified instead of the download (null: it was not). */
export type VerifyAnswer =
  | {
      ok: true;
      verification: MessageVerification;
      fallback: { failure: DownloadFailure; detail: string } | null;
    }
  | { ok: false; error: string };

/** What the background knows about a tab, for the popup (stored per tab: tab-state.ts). */
export type TabState =
  | { state: 'none' }
  | { state: 'missing' }
  | { state: 'no-message' }
  /** The content script is reading a Show original page still loading: the report follows. */
  | { state: 'reading' }
  | { state: 'report'; report: Report; truncated: boolean; analyzedAt: string };

/** More than the core ever reads (1 MiB header section + 64 KiB of a bounce's body). */
export const MAX_PAGE_TEXT = 1024 * 1024 + 64 * 1024 + 16;

/**
 * Text the popup sends to be analyzed: the analyzer reads the header section (≤ 1 MiB) and a
 * bounce's first 64 KiB after it, so a longer paste is cut here (as a dropped file always was).
 */
export const MAX_ANALYZE_TEXT = 2 * 1024 * 1024;

/** The body characters a delivery report's analysis reads (LIMITS.bounceBodyChars), at most. */
const MAX_BODY_CHARS = 64 * 1024;

export function parseBackgroundToContent(value: unknown): BackgroundToContent | null {
  if (!isRecord(value) || value['type'] !== 'bg-content-page-read') return null;
  const bodyChars = value['bodyChars'];
  if (
    typeof bodyChars !== 'number' ||
    !Number.isInteger(bodyChars) ||
    bodyChars < 0 ||
    bodyChars > MAX_BODY_CHARS
  ) {
    return null;
  }
  return { type: 'bg-content-page-read', bodyChars };
}

export function parseTabState(value: unknown): TabState | null {
  if (!isRecord(value)) return null;
  switch (value['state']) {
    case 'none':
    case 'missing':
    case 'no-message':
    case 'reading':
      return { state: value['state'] };
    case 'report': {
      const { report, truncated, analyzedAt } = value;
      if (!isReport(report) || typeof truncated !== 'boolean' || typeof analyzedAt !== 'string') {
        return null;
      }
      return { state: 'report', report, truncated, analyzedAt };
    }
    default:
      return null;
  }
}

export function parseAnalyzeAnswer(value: unknown): AnalyzeAnswer | null {
  if (!isRecord(value)) return null;
  if (value['ok'] === true)
    return isReport(value['report']) ? { ok: true, report: value['report'] } : null;
  return value['ok'] === false && typeof value['error'] === 'string'
    ? { ok: false, error: value['error'] }
    : null;
}

/** The background's answer to a DNS check: results of the right kinds, or why it failed. */
export function parseLiveAnswer(value: unknown): LiveAnswer | null {
  if (!isRecord(value)) return null;
  if (value['ok'] === false) {
    return typeof value['error'] === 'string' ? { ok: false, error: value['error'] } : null;
  }
  const live = value['live'];
  if (value['ok'] !== true || !isRecord(live) || !Array.isArray(live['dkim'])) return null;
  const nullOrRecord = (k: string): boolean => live[k] === null || isRecord(live[k]);
  return ['spf', 'dmarc', 'ptr'].every(nullOrRecord)
    ? { ok: true, live: live as unknown as LiveResults }
    : null;
}

/**
 * A report's shape, as the popup reads it: every part it draws is of the right kind. The
 * background built it with the core; this guards against a worker of another version (an update
 * while the popup was open) or a bug, not against a hostile sender (only this extension answers).
 */
function isReport(value: unknown): value is Report {
  if (!isRecord(value)) return false;
  const { spf, dmarc, arc, message, input } = value;
  return (
    isRecord(spf) &&
    isRecord(dmarc) &&
    isRecord(arc) &&
    isRecord(message) &&
    ['dkim', 'hops', 'hints', 'warnings', 'dkimSignatures', 'untrustedResults'].every((k) =>
      Array.isArray(value[k]),
    ) &&
    (value['bounce'] === null || isRecord(value['bounce'])) &&
    (input === 'message' || input === 'bounce' || input === 'empty')
  );
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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
