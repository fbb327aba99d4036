/**
 * Every assumption Header Lens makes about Gmail's normal message view (not Show original), in
 * one place. None of it is documented by Google: it comes from public notes of people who read
 * the page, so each assumption is small, tested against the saved pages in
 * test/fixtures/gmail-normal/ (test/gmail-selectors.test.ts has one test per assumption), and
 * being wrong about any of them ends in "markup not recognized", never in another message.
 *
 * 1. The app's URL is https://mail.google.com/mail/u/<N>/… (the account index N; `/mail/` alone
 *    is account 0), and an open conversation puts its token last in the fragment:
 *    `#inbox/FMfcgzQXJWDsKmxLbvmKXnQhHGZqZrPq`, `#label/Work/FMfcg…`, `#search/x/FMfcg…`.
 * 2. Each message of the open conversation that is in the DOM carries its id in hexadecimal,
 *    `data-legacy-message-id="18e0a1b2c3d4e5f6"`, on its container.
 * 3. The same container may carry `data-message-id="#msg-f:1792436912345678838"` (the decimal
 *    form; `msg-a:` for a message sent from this account). When present it must agree with the
 *    hex id; two ids that disagree are markup we don't understand.
 * 4. A collapsed message sits in (or is) an element with `aria-expanded="false"`; a message
 *    without that mark is shown expanded.
 * 5. Inside a message, its sender is the first element with an `email` attribute
 *    (`<span class="gD" email="a@example.com" name="Alice">Alice</span>`), its date the `title` of
 *    `span.g3` (`<span class="g3" title="Mon, Mar 4, 2024, 12:11 PM">`). Both are shown only to
 *    tell messages apart; a page without them still works.
 * 6. The `ik` key of Show original URLs is the string at index 9 of the page's `GLOBALS` array,
 *    or the `GM_ID_KEY` variable. Both live in the page's own JavaScript world.
 * 7. A message's Show original is
 *    `/mail/u/<N>/?ik=<key>&view=om&permmsgid=<msg-f:decimal | msg-a:…>`, same origin.
 */
export const GMAIL_APP_ORIGIN = 'https://mail.google.com';

/** Assumption 2. */
export const MESSAGE_SELECTOR = '[data-legacy-message-id]';
const LEGACY_ID_ATTRIBUTE = 'data-legacy-message-id';
/** Assumption 3. */
const MESSAGE_ID_ATTRIBUTE = 'data-message-id';
/** Assumption 4. */
const COLLAPSED_SELECTOR = '[aria-expanded="false"]';
/** Assumption 5. */
const SENDER_SELECTOR = '[email]';
const DATE_SELECTOR = 'span.g3[title]';

/** More messages than any real thread shows at once (Gmail caps a conversation at 100). */
export const MAX_MESSAGES = 200;
/** Display text kept per sender or date: enough to tell messages apart. */
const MAX_LABEL_CHARS = 200;

/** Where the page is, for reading it: the account's path, and whether a conversation is open. */
export interface GmailLocation {
  /** `/mail/u/<N>/` (assumption 1). */
  accountPath: string;
  conversationOpen: boolean;
}

/** Assumption 1: the Gmail app (not Show original, not another Google page), or null. */
export function readGmailLocation(href: string): GmailLocation | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.origin !== GMAIL_APP_ORIGIN || url.searchParams.has('view')) return null;
  const account = /^\/mail\/(?:u\/(\d{1,3})\/)?$/.exec(url.pathname);
  if (account === null) return null;
  const segments = url.hash.replace(/^#/, '').split('/');
  const last = segments.length > 1 ? (segments[segments.length - 1] ?? '') : '';
  return {
    accountPath: `/mail/u/${account[1] ?? '0'}/`,
    conversationOpen: /^[A-Za-z0-9]{16,}$/.test(last),
  };
}

/** One message of the open conversation, as the popup lists it. */
export interface OpenMessage {
  /** The `permmsgid` of its Show original: `msg-f:<decimal>` or `msg-a:…`. */
  permmsgid: string;
  expanded: boolean;
  /** Display only: the sender's name or address, '' when not found. */
  from: string;
  /** Display only: the date as Gmail shows it, '' when not found. */
  date: string;
}

/**
 * Assumptions 2–5: the conversation's messages in document order, or null when the page holds no
 * message we recognize (none found, an id of unknown form, two ids that disagree, too many).
 */
export function findOpenMessages(root: ParentNode): OpenMessage[] | null {
  const elements = root.querySelectorAll(MESSAGE_SELECTOR);
  if (elements.length === 0 || elements.length > MAX_MESSAGES) return null;
  const messages: OpenMessage[] = [];
  const seen = new Set<string>();
  for (const el of elements) {
    // A message element inside another (a quoted copy) is not a message of its own.
    if (el.parentElement?.closest(MESSAGE_SELECTOR) != null) continue;
    const permmsgid = permmsgidOf(el);
    if (permmsgid === null) return null;
    if (seen.has(permmsgid)) continue;
    seen.add(permmsgid);
    messages.push({
      permmsgid,
      expanded: el.closest(COLLAPSED_SELECTOR) === null,
      from: senderOf(el),
      date: label(el.querySelector(DATE_SELECTOR)?.getAttribute('title')),
    });
  }
  return messages;
}

/**
 * The message to read when the user has not picked one: the last expanded one (the one Gmail
 * scrolled to and opened), or null when every message is collapsed.
 */
export function lastExpanded(messages: readonly OpenMessage[]): number | null {
  for (let i = messages.length - 1; i >= 0; i -= 1) if (messages[i]?.expanded === true) return i;
  return null;
}

/** Assumptions 2 and 3: the element's Show original id, or null when its ids are not understood. */
export function permmsgidOf(el: Element): string | null {
  const hex = el.getAttribute(LEGACY_ID_ATTRIBUTE) ?? '';
  if (!/^[0-9a-f]{1,16}$/i.test(hex)) return null;
  const decimal = BigInt(`0x${hex}`).toString();
  const stated = el.getAttribute(MESSAGE_ID_ATTRIBUTE);
  if (stated === null) return `msg-f:${decimal}`;
  const id = /^#?(msg-([af]):(r?-?\d{1,20}))$/.exec(stated);
  if (id === null) return null;
  // A received message's decimal id is its hex id; a sent one (`msg-a:r…`) has its own.
  if (id[2] === 'f' && id[3] !== decimal) return null;
  return id[1] ?? null;
}

function senderOf(el: Element): string {
  const sender = el.querySelector(SENDER_SELECTOR);
  if (sender === null) return '';
  return label(sender.getAttribute('name') ?? sender.textContent ?? sender.getAttribute('email'));
}

function label(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_LABEL_CHARS);
}

/** Assumption 6: a key of this form, or nothing (anything else the page holds is ignored). */
export function isPageKey(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value);
}

/**
 * Assumption 6, run in the page's own world (scripting.executeScript with world MAIN): it only
 * reads two globals and returns a string or null. Self-contained, as executeScript requires: it
 * is sent to the page as source text, so it may use nothing from this module.
 */
export function readPageKey(): string | null {
  const scope = globalThis as { GLOBALS?: unknown; GM_ID_KEY?: unknown };
  const globals = scope.GLOBALS;
  const fromGlobals: unknown = Array.isArray(globals) ? globals[9] : undefined;
  if (typeof fromGlobals === 'string') return fromGlobals;
  return typeof scope.GM_ID_KEY === 'string' ? scope.GM_ID_KEY : null;
}

/** Assumption 7: the Show original URL of a message, on the page's own origin. */
export function showOriginalUrl(accountPath: string, permmsgid: string, ik: string | null): string {
  const params = new URLSearchParams();
  if (ik !== null) params.set('ik', ik);
  params.set('view', 'om');
  params.set('permmsgid', permmsgid);
  return `${GMAIL_APP_ORIGIN}${accountPath}?${params.toString()}`;
}
