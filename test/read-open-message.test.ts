// @vitest-environment happy-dom
/**
 * The script injected into Gmail's normal view (src/content/read-open-message.ts): which message
 * it reads, the Show original URL it fetches, how it reads that page (the same reader as a Show
 * original tab), how much of it it downloads, and every way the fetch can fail — with a fake
 * fetch standing in for Gmail.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchShowOriginal, MAX_MARKUP_CHARS } from '../src/content/fetch-show-original.ts';
import { readOpenMessage, readShowOriginalMarkup } from '../src/content/read-open-message.ts';
import {
  parseOpenMessageRead,
  parseOpenMessageRequest,
} from '../src/platform/open-message-read.ts';
import { escapeHtml, MISSING_PAGE, showOriginalPage } from './e2e/show-original-page.ts';

// happy-dom's environment gives import.meta.url another scheme: paths from the repository root.
const read = (path: string): string => readFileSync(resolve(path), 'utf8');
const gmailPass = read('test/fixtures/gmail-pass.eml');
const normal = (name: string): Document =>
  new DOMParser().parseFromString(read(`test/fixtures/gmail-normal/${name}`), 'text/html');
const AT = 'https://mail.google.com/mail/u/1/#inbox/FMfcgzQXJWDsKmxLbvmKXnQhHGZqZrPq';

/** A fetch answering like Gmail: a body streamed in chunks, and the URLs asked for. */
function fakeGmail(answer: (url: string) => Response): {
  fetcher: (url: string, init: RequestInit) => Promise<Response>;
  asked: { url: string; init: RequestInit }[];
} {
  const asked: { url: string; init: RequestInit }[] = [];
  return {
    asked,
    fetcher: (url, init) => {
      asked.push({ url, init });
      return Promise.resolve(answer(url));
    },
  };
}

/** A streamed HTML response; counts the chunks the reader pulled. */
function streamed(html: string, chunk = 64 * 1024): { response: Response; pulled: () => number } {
  let offset = 0;
  let pulls = 0;
  const bytes = new TextEncoder().encode(html);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulls += 1;
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + chunk));
      offset += chunk;
    },
  });
  return {
    response: new Response(body, { status: 200, headers: { 'content-type': 'text/html' } }),
    pulled: () => pulls,
  };
}

describe('reading the message open in Gmail', () => {
  it('one message: its Show original, fetched on the account of the tab with the page key, read as a Show original tab is', async () => {
    const gmail = fakeGmail(() => new Response(showOriginalPage(gmailPass), { status: 200 }));
    const result = await readOpenMessage(
      normal('single-message.html'),
      AT,
      { ik: '0123abcd45', pick: null },
      gmail.fetcher,
    );
    const id = `msg-f:${BigInt('0x18e0042e9a1b2bf6').toString()}`;
    expect(gmail.asked.map((a) => a.url)).toEqual([
      `https://mail.google.com/mail/u/1/?ik=0123abcd45&view=om&permmsgid=${encodeURIComponent(id)}`,
    ]);
    // The tab's own session; a redirect (the sign-in page) is not followed.
    expect(gmail.asked[0]?.init).toMatchObject({ credentials: 'include', redirect: 'manual' });
    expect(result.state).toBe('read');
    if (result.state !== 'read') return;
    expect(result.chosen).toBe(0);
    expect(result.page.state).toBe('message');
    if (result.page.state !== 'message') return;
    // The header section only, exactly as the content script reads it: no body.
    const end = gmailPass.search(/\r?\n\r?\n/);
    expect(result.page.text.trimEnd()).toBe(gmailPass.slice(0, end).trimEnd());
    expect(result.page.text).not.toContain('Hello');
    expect(result.page.truncated).toBe(false);
    // What crosses into the popup passes its schema check unchanged.
    expect(parseOpenMessageRead(result)).toEqual(result);
  });

  it('a thread: the last expanded message by default, the one picked otherwise, never one not in the page', async () => {
    const asked: string[] = [];
    const fetcher = (url: string): Promise<Response> => {
      asked.push(new URL(url).searchParams.get('permmsgid') ?? '');
      return Promise.resolve(new Response(showOriginalPage(gmailPass), { status: 200 }));
    };
    const doc = normal('thread.html');
    const first = await readOpenMessage(doc, AT, { ik: null, pick: null }, fetcher);
    expect(first.state === 'read' && first.chosen).toBe(2);
    const picked = await readOpenMessage(
      doc,
      AT,
      { ik: null, pick: `msg-f:${BigInt('0x18e0042e9a1b2b01').toString()}` },
      fetcher,
    );
    expect(picked.state === 'read' && picked.chosen).toBe(0);
    expect(asked).toEqual([
      `msg-f:${BigInt('0x18e0042e9a1b3003').toString()}`,
      `msg-f:${BigInt('0x18e0042e9a1b2b01').toString()}`,
    ]);
    expect(await readOpenMessage(doc, AT, { ik: null, pick: 'msg-f:1' }, fetcher)).toEqual({
      state: 'unrecognized',
    });
    expect(asked).toHaveLength(2);
  });

  it('unknown markup, conflicting ids, every message collapsed: "not recognized", and nothing is fetched', async () => {
    const gmail = fakeGmail(() => new Response('', { status: 200 }));
    for (const name of ['unknown-markup.html', 'conflicting-ids.html']) {
      expect(
        await readOpenMessage(normal(name), AT, { ik: null, pick: null }, gmail.fetcher),
      ).toEqual({ state: 'unrecognized' });
    }
    const collapsed = new DOMParser().parseFromString(
      '<div aria-expanded="false"><div data-legacy-message-id="ff"></div></div>',
      'text/html',
    );
    expect(await readOpenMessage(collapsed, AT, { ik: null, pick: null }, gmail.fetcher)).toEqual({
      state: 'unrecognized',
    });
    expect(gmail.asked).toEqual([]);
  });

  it('the inbox (no conversation open) or a page that is not the app: nothing to read', async () => {
    const gmail = fakeGmail(() => new Response('', { status: 200 }));
    const doc = normal('single-message.html');
    for (const href of [
      'https://mail.google.com/mail/u/0/#inbox',
      'https://mail.google.com/mail/u/0/?view=om&permmsgid=msg-f:1',
      'https://example.com/mail/u/0/#inbox/FMfcgzQXJWDsKmxLbvmKXnQhHGZqZrPq',
    ]) {
      expect(await readOpenMessage(doc, href, { ik: null, pick: null }, gmail.fetcher)).toEqual({
        state: 'no-conversation',
      });
    }
    expect(gmail.asked).toEqual([]);
  });

  it('fetch failures, each its own state: signed out (redirect, 401, 403), HTTP errors, no connection', async () => {
    const url = 'https://mail.google.com/mail/u/0/?view=om&permmsgid=msg-f:1';
    const redirect = Object.defineProperty(new Response(null, { status: 200 }), 'type', {
      value: 'opaqueredirect',
    });
    expect(await fetchShowOriginal(url, () => Promise.resolve(redirect))).toEqual({
      state: 'signed-out',
    });
    for (const status of [401, 403]) {
      expect(
        await fetchShowOriginal(url, () => Promise.resolve(new Response('', { status }))),
      ).toEqual({ state: 'signed-out' });
    }
    expect(
      await fetchShowOriginal(url, () => Promise.resolve(new Response('', { status: 500 }))),
    ).toEqual({ state: 'http-error', status: 500 });
    expect(await fetchShowOriginal(url, () => Promise.reject(new TypeError('offline')))).toEqual({
      state: 'network-error',
    });
  });

  it('Gmail\'s "does not exist" page and a page without the raw message: the Show original tab\'s states', () => {
    expect(readShowOriginalMarkup(MISSING_PAGE)).toEqual({ state: 'missing' });
    expect(readShowOriginalMarkup('<!DOCTYPE html><title>Gmail</title><p>Inbox</p>')).toEqual({
      state: 'no-message',
    });
  });

  it('HTML in header values stays text: read from the escaped <pre>, never as markup', () => {
    const hostile = gmailPass.replace(
      'Subject: ',
      'Subject: <img src=x onerror=alert(1)><script>alert(2)</script> ',
    );
    const read = readShowOriginalMarkup(showOriginalPage(hostile));
    expect(read.state === 'message' && read.text).toContain('<img src=x onerror=alert(1)>');
  });

  it('a delivery report: the start of its body is read too, bounded, as the background asks for one', () => {
    const bounce = [
      'From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>',
      'To: shop@example.com',
      'Subject: Delivery Status Notification (Failure)',
      '',
      '550 5.7.26 This mail has been blocked because the sender is unauthenticated.',
      'x'.repeat(200_000),
    ].join('\r\n');
    const read = readShowOriginalMarkup(showOriginalPage(bounce));
    expect(read.state).toBe('message');
    if (read.state !== 'message') return;
    expect(read.text).toContain('550 5.7.26');
    expect(read.text.length).toBeLessThan(bounce.length);
    expect(read.text.length).toBeLessThanOrEqual(bounce.indexOf('550') + 64 * 1024);
  });

  it('an 8 MB message: the download stops soon after the header section, never the whole page', async () => {
    const huge = gmailPass.replace(
      /\r?\n\r?\n[\s\S]*$/,
      `\r\n\r\n${'body line\r\n'.repeat(800_000)}`,
    );
    const html = showOriginalPage(huge);
    expect(html.length).toBeGreaterThan(MAX_MARKUP_CHARS);
    const { response, pulled } = streamed(html);
    const fetched = await fetchShowOriginal('https://mail.google.com/x', () =>
      Promise.resolve(response),
    );
    expect(fetched.state).toBe('markup');
    if (fetched.state !== 'markup') return;
    // Header section + the escaped body allowance, in 64 KiB chunks: well under the page.
    expect(fetched.html.length).toBeLessThan(1024 * 1024);
    expect(pulled()).toBeLessThan(20);
    const read = readShowOriginalMarkup(fetched.html);
    expect(read.state === 'message' && read.text.trimEnd()).toBe(
      gmailPass.slice(0, gmailPass.search(/\r?\n\r?\n/)).trimEnd(),
    );
  });

  it('a header section escaped on the page (&amp;, &lt;) ends where the raw text ends it', () => {
    const raw = `${gmailPass.replace('Subject: ', 'Subject: a & b <c> ')}`;
    const html = showOriginalPage(raw);
    expect(html).toContain(escapeHtml('a & b <c>'));
    const read = readShowOriginalMarkup(html);
    expect(read.state === 'message' && read.text).toContain('Subject: a & b <c> ');
  });
});

describe('what crosses between the popup and the injected script is schema-checked', () => {
  it('requests: a key-shaped ik and a permmsgid, or null', () => {
    expect(parseOpenMessageRequest({ ik: '0123abcd45', pick: null })).toEqual({
      ik: '0123abcd45',
      pick: null,
    });
    expect(parseOpenMessageRequest({ ik: 'a&view=att', pick: null })).toBeNull();
    expect(parseOpenMessageRequest({ ik: null, pick: 'msg-f:1&attid=0' })).toBeNull();
    expect(parseOpenMessageRequest('x')).toBeNull();
    // As Chromium's executeScript delivers `{ ik: null, pick: null }`: without the nulls.
    expect(parseOpenMessageRequest({})).toEqual({ ik: null, pick: null });
  });

  it('answers: a chosen index inside the list, a Show original on mail.google.com, bounded text', () => {
    const ok = {
      state: 'read',
      messages: [{ permmsgid: 'msg-f:1', expanded: true, from: 'A', date: 'B' }],
      chosen: 0,
      showOriginalUrl: 'https://mail.google.com/mail/u/0/?view=om&permmsgid=msg-f:1',
      page: { state: 'http-error', status: 502 },
    };
    expect(parseOpenMessageRead(ok)).toEqual(ok);
    expect(parseOpenMessageRead({ ...ok, chosen: 1 })).toBeNull();
    expect(parseOpenMessageRead({ ...ok, showOriginalUrl: 'https://evil.test/' })).toBeNull();
    expect(parseOpenMessageRead({ ...ok, page: { state: 'message', text: 1 } })).toBeNull();
    expect(
      parseOpenMessageRead({ ...ok, messages: [{ ...ok.messages[0], permmsgid: 'javascript:' }] }),
    ).toBeNull();
    expect(parseOpenMessageRead({ state: 'unrecognized' })).toEqual({ state: 'unrecognized' });
    expect(parseOpenMessageRead({ state: 'other' })).toBeNull();
  });
});
