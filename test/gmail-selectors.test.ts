// @vitest-environment happy-dom
/**
 * One test per assumption about Gmail's normal view (src/platform/gmail-selectors.ts), against
 * the saved pages in test/fixtures/gmail-normal/. When Gmail changes, the test of the assumption
 * that broke says which one.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findOpenMessages,
  isPageKey,
  lastExpanded,
  readGmailLocation,
  readPageKey,
  showOriginalUrl,
} from '../src/platform/gmail-selectors.ts';

const page = (name: string): Document =>
  new DOMParser().parseFromString(
    // happy-dom's environment gives import.meta.url another scheme: paths from the repository root.
    readFileSync(resolve('test/fixtures/gmail-normal', name), 'utf8'),
    'text/html',
  );
const CONVERSATION = '#inbox/FMfcgzQXJWDsKmxLbvmKXnQhHGZqZrPq';

describe('Gmail normal view: one test per assumption', () => {
  it('1. the account index comes from /mail/u/<N>/, and an open conversation ends the fragment with its token', () => {
    expect(readGmailLocation(`https://mail.google.com/mail/u/1/${CONVERSATION}`)).toEqual({
      accountPath: '/mail/u/1/',
      conversationOpen: true,
    });
    expect(readGmailLocation(`https://mail.google.com/mail/${CONVERSATION}`)?.accountPath).toBe(
      '/mail/u/0/',
    );
    expect(
      readGmailLocation(
        'https://mail.google.com/mail/u/0/#label/Work/FMfcgzQXJWDsKmxLbvmKXnQhHGZqZrPq',
      )?.conversationOpen,
    ).toBe(true);
    expect(readGmailLocation('https://mail.google.com/mail/u/0/#inbox')?.conversationOpen).toBe(
      false,
    );
    expect(
      readGmailLocation('https://mail.google.com/mail/u/0/#search/invoice')?.conversationOpen,
    ).toBe(false);
    // Not the app: Show original, another host, another path.
    expect(
      readGmailLocation('https://mail.google.com/mail/u/0/?ik=a&view=om&permmsgid=msg-f:1'),
    ).toBeNull();
    expect(
      readGmailLocation(`https://mail.google.com.evil.test/mail/u/0/${CONVERSATION}`),
    ).toBeNull();
    expect(readGmailLocation(`https://mail.google.com/forum/${CONVERSATION}`)).toBeNull();
    expect(readGmailLocation('not a url')).toBeNull();
  });

  it('2. each message carries its hex id in data-legacy-message-id; its decimal is the Show original id', () => {
    const messages = findOpenMessages(page('single-message.html'));
    expect(messages?.map((m) => m.permmsgid)).toEqual([
      `msg-f:${BigInt('0x18e0042e9a1b2bf6').toString()}`,
    ]);
    // Without the attribute, nothing is recognized: no message is guessed.
    expect(findOpenMessages(page('unknown-markup.html'))).toBeNull();
  });

  it('3. data-message-id must agree with the hex id; msg-a: (sent from this account) is used as given', () => {
    expect(findOpenMessages(page('conflicting-ids.html'))).toBeNull();
    expect(findOpenMessages(page('sent-message.html'))?.map((m) => m.permmsgid)).toEqual([
      'msg-a:r-4728194632117263801',
    ]);
    const doc = new DOMParser().parseFromString(
      '<div data-legacy-message-id="18e0042e9a1b2bf6" data-message-id="javascript:alert(1)"></div>',
      'text/html',
    );
    expect(findOpenMessages(doc)).toBeNull();
    const bad = new DOMParser().parseFromString(
      '<div data-legacy-message-id="../../x"></div>',
      'text/html',
    );
    expect(findOpenMessages(bad)).toBeNull();
  });

  it('4. a collapsed message is marked aria-expanded="false"; the last expanded one is read', () => {
    const messages = findOpenMessages(page('thread.html'));
    // The quoted copy inside the second message is not a message of its own.
    expect(messages?.map((m) => m.expanded)).toEqual([false, true, true]);
    expect(lastExpanded(messages ?? [])).toBe(2);
    expect(
      lastExpanded([{ permmsgid: 'msg-f:1', expanded: false, from: '', date: '' }]),
    ).toBeNull();
  });

  it('5. the sender is the first [email] element, the date the title of span.g3 (display only)', () => {
    const messages = findOpenMessages(page('thread.html'));
    expect(messages?.map((m) => [m.from, m.date])).toEqual([
      ['Bob', 'Sun, Mar 3, 2024, 9:00 AM'],
      ['Carol', 'Mon, Mar 4, 2024, 10:30 AM'],
      ['Example Shop', 'Mon, Mar 4, 2024, 12:11 PM'],
    ]);
    const bare = new DOMParser().parseFromString(
      '<div data-legacy-message-id="ff"></div>',
      'text/html',
    );
    expect(findOpenMessages(bare)).toEqual([
      { permmsgid: 'msg-f:255', expanded: true, from: '', date: '' },
    ]);
  });

  it('6. ik is GLOBALS[9], or GM_ID_KEY; only a key-shaped string is taken', () => {
    const scope = globalThis as { GLOBALS?: unknown; GM_ID_KEY?: unknown };
    try {
      scope.GLOBALS = [null, null, 1, 'x', 'y', null, null, null, null, '0123abcd45'];
      expect(readPageKey()).toBe('0123abcd45');
      delete scope.GLOBALS;
      scope.GM_ID_KEY = '9f8e7d6c5b';
      expect(readPageKey()).toBe('9f8e7d6c5b');
      delete scope.GM_ID_KEY;
      expect(readPageKey()).toBeNull();
    } finally {
      delete scope.GLOBALS;
      delete scope.GM_ID_KEY;
    }
    expect(isPageKey('0123abcd45')).toBe(true);
    expect(isPageKey('a&view=att')).toBe(false);
    expect(isPageKey({ toString: () => 'x' })).toBe(false);
  });

  it('7. the Show original URL: the account path, ik, view=om, permmsgid, on mail.google.com', () => {
    expect(showOriginalUrl('/mail/u/1/', 'msg-f:42', '0123abcd45')).toBe(
      'https://mail.google.com/mail/u/1/?ik=0123abcd45&view=om&permmsgid=msg-f%3A42',
    );
    expect(showOriginalUrl('/mail/u/0/', 'msg-a:r-1', null)).toBe(
      'https://mail.google.com/mail/u/0/?view=om&permmsgid=msg-a%3Ar-1',
    );
  });
});
