// Over 300 lines: each piece of "Verify signatures now", in the order a click goes through them.
import { variantOf } from '../src/core/findings/warning-variant.ts';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { analyzeMessage, presentReport, withVerification } from '../src/core/index.ts';
import type { OriginalRead } from '../src/platform/messages.ts';
import { downloadOriginalUrl } from '../src/platform/download-original-url.ts';
import { parsePopupMessage } from '../src/platform/parse-requests.ts';
import { parseOriginalRead, parseVerifyAnswer } from '../src/platform/parse-verification.ts';
import { readOriginal } from '../src/content/read-original.ts';
import { bytes, rsaKey, signDkim, testMessage } from './helpers/dkim-signer.ts';
import { zoneResolver } from './helpers/doh-server.ts';
import { delivered, keyZone, verifyWith, type Keys } from './helpers/verify-zone.ts';

/**
 * "Verify signatures now" in the extension, piece by piece: the Download original URL, the
 * content script's capped read of it (and its fallback to the page's text), the schema checks of
 * both answers, the worker's verification of a tab, and the presentation the popup draws.
 */

const SHOW =
  'https://mail.google.com/mail/u/1/?ik=0123abcd&view=om&permmsgid=msg-f:1790000000000000001';

describe('downloadOriginalUrl', () => {
  it("keeps the account, ik and message id and asks for Gmail's download form", () => {
    expect(downloadOriginalUrl(SHOW)).toBe(
      'https://mail.google.com/mail/u/1/?ik=0123abcd&view=att&permmsgid=msg-f:1790000000000000001&attid=0&disp=comp&safe=1&zw',
    );
  });

  it('the older th= form keeps its hex id', () => {
    expect(
      downloadOriginalUrl(
        'https://mail.google.com/mail/u/0/?ui=2&ik=k&view=om&th=18e0a1b2c3d4e5f6',
      ),
    ).toBe(
      'https://mail.google.com/mail/u/0/?ik=k&view=att&th=18e0a1b2c3d4e5f6&attid=0&disp=comp&safe=1&zw',
    );
  });

  it('no download for another page, another origin or a page naming no message', () => {
    expect(downloadOriginalUrl('https://mail.google.com/mail/u/0/#inbox')).toBeNull();
    expect(
      downloadOriginalUrl('https://evil.example/mail/u/0/?view=om&permmsgid=msg-f:1'),
    ).toBeNull();
    expect(downloadOriginalUrl('https://mail.google.com/mail/u/0/?ik=k&view=om')).toBeNull();
    expect(downloadOriginalUrl('not a url')).toBeNull();
  });

  it('an id with URL syntax in it stays inside its parameter', () => {
    const url = downloadOriginalUrl(
      'https://mail.google.com/mail/u/0/?ik=k&view=om&permmsgid=msg-f:1%26view%3Dom',
    );
    expect(new URL(url ?? '').searchParams.get('view')).toBe('att');
    expect(new URL(url ?? '').searchParams.get('permmsgid')).toBe('msg-f:1&view=om');
  });
});

/** A response streamed in chunks of `chunk` bytes, counting the bytes the reader pulled. */
function streamed(
  body: Uint8Array,
  headers: Record<string, string> = { 'content-type': 'message/rfc822' },
  status = 200,
  chunk = 1000,
): { response: Response; pulled: () => number } {
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= body.length) {
        controller.close();
        return;
      }
      controller.enqueue(body.slice(at, at + chunk));
      at += chunk;
    },
  });
  return { response: new Response(stream, { status, headers }), pulled: () => at };
}

const decode = (read: OriginalRead): Uint8Array =>
  read.source === 'download'
    ? new Uint8Array(Buffer.from(read.base64, 'base64'))
    : new Uint8Array();

describe('readOriginal (the content script)', () => {
  // CRLF, a bare LF and 8-bit bytes: what the page's text can't carry.
  const message = testMessage('caf\xe9 line\r\nbare\nLF\r\n');
  const raw = bytes(message);
  const pageText = message.replace(/\r\n/g, '\n');

  it('reads the download as bytes: CRLF and 8-bit bytes arrive as they are', async () => {
    const urls: string[] = [];
    const read = await readOriginal(
      SHOW,
      () => pageText,
      (url) => {
        urls.push(url);
        return Promise.resolve(streamed(raw).response);
      },
      1024 * 1024,
    );
    expect(urls).toEqual([downloadOriginalUrl(SHOW)]);
    expect(read).toMatchObject({ source: 'download', truncated: false, totalBytes: null });
    expect(decode(read)).toEqual(raw);
  });

  it('stops at the cap: reads cap + 1 bytes, cancels the rest unread, says it was cut', async () => {
    const big = bytes(testMessage('x'.repeat(200_000)));
    const { response, pulled } = streamed(
      big,
      { 'content-type': 'message/rfc822', 'content-length': String(big.length) },
      200,
      4096,
    );
    const read = await readOriginal(
      SHOW,
      () => pageText,
      () => Promise.resolve(response),
      10_000,
    );
    expect(read).toMatchObject({ source: 'download', truncated: true, totalBytes: big.length });
    expect(decode(read)).toEqual(big.subarray(0, 10_001));
    expect(pulled()).toBeLessThan(10_001 + 2 * 4096);
  });

  it('an HTTP error, a page instead of a message, a failed request or another message: the page text, with the reason', async () => {
    const cases: [() => Promise<Response>, string, string][] = [
      [() => Promise.resolve(streamed(raw, {}, 404).response), 'http-error', 'HTTP 404'],
      [
        () =>
          Promise.resolve(
            streamed(bytes('<!DOCTYPE html>'), { 'content-type': 'text/html; charset=utf-8' })
              .response,
          ),
        'not-a-message',
        'text/html; charset=utf-8',
      ],
      [() => Promise.reject(new TypeError('Failed to fetch')), 'http-error', 'Failed to fetch'],
      [
        () => Promise.resolve(streamed(bytes('Received: from elsewhere\r\n\r\nhi')).response),
        'other-message',
        '',
      ],
      [() => Promise.resolve(streamed(new Uint8Array(0)).response), 'not-a-message', 'empty'],
    ];
    for (const [fetch, failure, detail] of cases) {
      expect(await readOriginal(SHOW, () => pageText, fetch, 1024 * 1024), failure).toEqual({
        source: 'pre',
        text: pageText,
        failure,
        detail,
      });
    }
  });

  it('no message id in the address: nothing is fetched, the page text is used', async () => {
    let fetched = 0;
    const read = await readOriginal(
      'https://mail.google.com/mail/u/0/?view=om',
      () => pageText,
      () => {
        fetched += 1;
        return Promise.resolve(streamed(raw).response);
      },
      1024,
    );
    expect(fetched).toBe(0);
    expect(read).toMatchObject({ source: 'pre', failure: 'no-url' });
  });

  it('the page text is cut one character past the cap too; a page without a message has nothing', async () => {
    const fail = (): Promise<Response> => Promise.resolve(streamed(raw, {}, 500).response);
    const cut = await readOriginal(SHOW, () => 'y'.repeat(50), fail, 10);
    expect(cut.source === 'pre' && cut.text.length).toBe(11);
    expect(await readOriginal(SHOW, () => null, fail, 10)).toEqual({
      source: 'none',
      failure: 'http-error',
      detail: 'HTTP 500',
    });
  });
});

describe('schema checks of the answers', () => {
  const key = rsaKey(2048);
  const keys: Keys = { 's1._domainkey.example.com': key.record };

  it('a real verification passes the popup’s check; a changed one of the wrong shape is refused whole', async () => {
    const v = await verifyWith(bytes(signDkim(testMessage(), { key })), keys, {
      source: 'download',
    });
    const good = JSON.parse(JSON.stringify({ ok: true, verification: v, fallback: null })) as {
      verification: Record<string, unknown> & { signatures: { verify: Record<string, unknown> }[] };
    };
    expect(parseVerifyAnswer(good)).toEqual(good);
    const broken = [
      (x: typeof good) => (x.verification['input'] = null),
      (x: typeof good) =>
        ((x.verification.signatures[0] ?? { verify: {} }).verify['result'] = 'ok'),
      (x: typeof good) =>
        ((x.verification.signatures[0] ?? { verify: {} }).verify['bodyHash'] = 'x'),
      (x: typeof good) =>
        ((x.verification.signatures[0] ?? { verify: {} }).verify['params'] = { a: 1 }),
      (x: typeof good) => (x.verification['arc'] = { result: 'pass' }),
      (x: typeof good) =>
        ((x as Record<string, unknown>)['fallback'] = { failure: 'gone', detail: '' }),
    ];
    for (const [i, change] of broken.entries()) {
      const copy = JSON.parse(JSON.stringify(good)) as typeof good;
      change(copy);
      expect(parseVerifyAnswer(copy), String(i)).toBeNull();
    }
    expect(parseVerifyAnswer({ ok: false, error: 'no' })).toEqual({ ok: false, error: 'no' });
    expect(parseVerifyAnswer({ ok: false })).toBeNull();
    expect(parseVerifyAnswer(null)).toBeNull();
  });

  it('the content script’s answer: each source with its fields, nothing else', () => {
    expect(
      parseOriginalRead({ source: 'download', base64: 'QQ==', totalBytes: null, truncated: false }),
    ).toEqual({ source: 'download', base64: 'QQ==', totalBytes: null, truncated: false });
    expect(
      parseOriginalRead({ source: 'pre', text: 'a', failure: 'http-error', detail: 'HTTP 500' }),
    ).toEqual({ source: 'pre', text: 'a', failure: 'http-error', detail: 'HTTP 500' });
    expect(parseOriginalRead({ source: 'none', failure: 'no-url', detail: '' })).toEqual({
      source: 'none',
      failure: 'no-url',
      detail: '',
    });
    for (const bad of [
      { source: 'download', base64: 1, totalBytes: null, truncated: false },
      { source: 'download', base64: 'x', totalBytes: -1, truncated: false },
      { source: 'pre', text: 'a', failure: 'elsewhere', detail: '' },
      { source: 'pre', failure: 'no-url', detail: '' },
      { source: 'file', failure: 'no-url', detail: '' },
      { error: 'Could not establish connection' },
      null,
    ])
      expect(parseOriginalRead(bad), JSON.stringify(bad)).toBeNull();
  });

  it('the popup’s request names a tab', () => {
    expect(parsePopupMessage({ type: 'popup-bg-verify', tabId: 7 })).toEqual({
      type: 'popup-bg-verify',
      tabId: 7,
    });
    for (const tabId of [-1, 1.5, '7', null])
      expect(parsePopupMessage({ type: 'popup-bg-verify', tabId })).toBeNull();
  });
});

const sent = vi.hoisted(() => ({ reply: null as unknown, messages: [] as unknown[] }));
vi.mock('../src/platform/browser.ts', () => ({
  browser: {
    tabs: {
      sendMessage: (_tab: number, message: unknown) => {
        sent.messages.push(message);
        return Promise.resolve(sent.reply);
      },
    },
    storage: { local: { get: () => Promise.resolve({}) } },
  },
}));

describe('verifyTab (the service worker)', () => {
  const key = rsaKey(2048);
  const keys: Keys = { 's1._domainkey.example.com': key.record };
  const signed = signDkim(testMessage('line one\r\nline two\r\n'), { key, c: 'simple/simple' });
  const queried: string[] = [];
  const resolverFor = (url: string) => {
    queried.push(url);
    return zoneResolver(keyZone(keys));
  };
  beforeEach(() => {
    sent.messages.length = 0;
    queried.length = 0;
  });

  it('asks the tab for the original, verifies the download with the resolver of the settings', async () => {
    const { verifyTab } = await import('../src/background/verify-tab.ts');
    sent.reply = {
      source: 'download',
      base64: Buffer.from(signed, 'latin1').toString('base64'),
      totalBytes: null,
      truncated: false,
    };
    const answer = await verifyTab(3, resolverFor);
    expect(sent.messages).toEqual([{ type: 'bg-content-read-original' }]);
    expect(queried).toEqual(['https://cloudflare-dns.com/dns-query']);
    expect(answer.ok && answer.fallback).toBeNull();
    expect(answer.ok && answer.verification.input).toMatchObject({
      source: 'download',
      approximate: false,
    });
    expect(answer.ok && answer.verification.signatures.map((s) => s.verify.result)).toEqual([
      'pass',
    ]);
    expect(answer.ok && answer.verification.resolver).toBe(
      'Cloudflare (https://cloudflare-dns.com/dns-query)',
    );
  });

  it('the page text when the download failed: the same answer, marked approximate, and why', async () => {
    const { verifyTab } = await import('../src/background/verify-tab.ts');
    sent.reply = {
      source: 'pre',
      text: signed.replace(/\r\n/g, '\n'),
      failure: 'http-error',
      detail: 'HTTP 404',
    };
    const answer = await verifyTab(3, resolverFor);
    expect(answer.ok && answer.fallback).toEqual({ failure: 'http-error', detail: 'HTTP 404' });
    expect(answer.ok && answer.verification.input).toMatchObject({
      source: 'pre',
      approximate: true,
      approximations: ['line-ends'],
    });
    expect(answer.ok && answer.verification.signatures[0]?.verify.result).toBe('pass');
  });

  it('a download cut at the cap reports its real size', async () => {
    const { verifyTab } = await import('../src/background/verify-tab.ts');
    const { DKIM_LIMITS } = await import('../src/core/index.ts');
    const long = bytes(signed + 'z'.repeat(DKIM_LIMITS.messageBytes + 1 - signed.length));
    sent.reply = {
      source: 'download',
      base64: Buffer.from(long).toString('base64'),
      totalBytes: 40_000_000,
      truncated: true,
    };
    const answer = await verifyTab(3, resolverFor);
    expect(answer.ok && answer.verification.input).toMatchObject({
      truncated: true,
      totalBytes: 40_000_000,
      capBytes: DKIM_LIMITS.messageBytes,
    });
  }, 60_000);

  it('no content script, or a page without a message: a clear failure, nothing verified', async () => {
    const { verifyTab } = await import('../src/background/verify-tab.ts');
    sent.reply = undefined;
    expect(await verifyTab(3, resolverFor)).toEqual({
      ok: false,
      error: 'the Show original page did not answer; reload it and try again',
    });
    sent.reply = { source: 'none', failure: 'no-url', detail: '' };
    expect(await verifyTab(3, resolverFor)).toEqual({
      ok: false,
      error: 'the page holds no message to verify',
    });
    expect(queried).toEqual([]);
  });
});

describe('the presentation of a verification', () => {
  const key = rsaKey(2048);
  const rotated = rsaKey(2048);
  const message = testMessage('Hello.\r\n');
  const signed = signDkim(message, { key });
  const b = /\bb=([^;]{8})/.exec(signed.replace(/\s/g, ''))?.[1] ?? '';
  const raw = delivered(signed, `dkim=pass header.i=@example.com header.s=s1 header.b=${b}`);
  const view = async (
    copy: string,
    keys: Keys | Record<string, 'SERVFAIL'>,
    source: 'download' | 'pre' = 'download',
  ) => {
    const v = await verifyWith(source === 'pre' ? copy.replace(/\r\n/g, '\n') : bytes(copy), keys, {
      source,
    });
    return presentReport(withVerification(analyzeMessage(copy), v));
  };
  const signature = (p: Awaited<ReturnType<typeof view>>) =>
    p.rows.find((r) => r.method === 'dkim')?.signatures[0]?.verify;

  it('pass with today’s key, beside the receiver’s pass; when and via whom; the copy as stored', async () => {
    const p = await view(raw, { 's1._domainkey.example.com': key.record });
    expect(signature(p)).toMatchObject({
      result: 'pass',
      tone: 'good',
      reason: null,
      bodyHash: null,
      key: { name: 's1._domainkey.example.com', bits: 2048, algorithm: 'rsa', revoked: false },
    });
    expect(signature(p)?.text).toMatchObject({ family: 'verifyReason', code: 'pass' });
    expect(p.verification?.status.text).toBe(
      'Verified now with the keys in current DNS as of 2026-11-27T12:00:00Z via test resolver.',
    );
    expect(p.verification?.copy.map((c) => c.code)).toEqual(['download']);
    expect(p.rows.find((r) => r.method === 'dkim')?.signatures[0]?.result).toBe('pass');
  });

  it('a rotated key: signature mismatch, and "changed since delivery" once, as a note', async () => {
    const p = await view(raw, { 's1._domainkey.example.com': rotated.record });
    const s = signature(p);
    expect([s?.result, s?.reason, s?.tone]).toEqual(['fail', 'signature-mismatch', 'bad']);
    expect(s?.notes.map((n) => n.code)).toEqual(['key-changed-since-delivery']);
    expect(s?.notes[0]?.text).toBe(
      'The receiver verified this signature at delivery, so the key at s1._domainkey.example.com changed since delivery.',
    );
    expect(s?.text.text).not.toContain('changed since delivery');
  });

  it('a body changed after signing: expected and computed bh= and the canonical length', async () => {
    const p = await view(raw.replace('Hello.', 'Hello!'), {
      's1._domainkey.example.com': key.record,
    });
    const s = signature(p);
    expect(s?.reason).toBe('body-hash-mismatch');
    expect(s?.bodyHash?.expected).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(s?.bodyHash?.computed).not.toBe(s?.bodyHash?.expected);
    expect(s?.bodyHash?.length).toBe('Hello!\r\n'.length);
    // The receiver passed it: our downloaded copy is not the one it checked.
    expect(p.warnings.map(variantOf)).toContain('dkim-verify-disagrees-changed-copy');
  });

  it('a failed key lookup is a lookup failure (temperror), never "no key"', async () => {
    const s = signature(await view(raw, { 's1._domainkey.example.com': 'SERVFAIL' }));
    expect([s?.result, s?.reason, s?.tone]).toEqual(['temperror', 'dns-error', 'warn']);
    expect(s?.text.text).toMatch(/could not be read from DNS now/);
  });

  it('from the page text: the copy is said to be approximate; a rebuilt-copy mismatch raises the warning', async () => {
    const p = await view(raw, { 's1._domainkey.example.com': key.record }, 'pre');
    expect(p.verification?.copy.map((c) => c.code)).toEqual(['pre']);
    expect(p.verification?.approximate).toBe(true);
    expect(signature(p)?.result).toBe('pass');
    const bareLf = delivered(
      signDkim(testMessage('a\nb\r\n'), { key, c: 'simple/simple' }),
      'dkim=pass header.i=@example.com header.s=s1',
    );
    const q = await view(bareLf, { 's1._domainkey.example.com': key.record }, 'pre');
    const w = q.warnings.find((x) => variantOf(x) === 'dkim-verify-disagrees-page-copy');
    expect(w?.params?.['verifyReason']).toBe('body-hash-mismatch');
  });

  it('cut at the cap: the size, the cap, and the truncated warning', async () => {
    const v = await verifyWith(
      bytes(raw),
      { 's1._domainkey.example.com': key.record },
      {
        source: 'download',
        capBytes: 200,
      },
    );
    const p = presentReport(withVerification(analyzeMessage(raw), v));
    expect(p.verification?.truncated).toBe(true);
    expect(p.verification?.copy.map((c) => c.code)).toEqual(['download', 'truncated']);
    expect(p.warnings.map((w) => `${w.code}-${w.params?.['reason'] ?? ''}`)).toContain(
      'truncated-verify-size',
    );
  });

  it('no verification yet: nothing to show', () => {
    const p = presentReport(analyzeMessage(raw));
    expect(p.verification).toBeNull();
    expect(p.rows.find((r) => r.method === 'dkim')?.signatures[0]?.verify).toBeNull();
  });
});
