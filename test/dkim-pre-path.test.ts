import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../src/core/index.ts';
import { prepareMessage } from '../src/core/dkim/prepare-message.ts';
import { withVerification } from '../src/core/dkim/with-verification.ts';
import { bytes, rsaKey, signDkim, testMessage } from './helpers/dkim-signer.ts';
import { assertReportShape } from './helpers/report-shape.ts';
import { delivered, verifyWith, type Keys } from './helpers/verify-zone.ts';

/**
 * The same message verified from Show original's `<pre>` text (HTML turned every CRLF into LF)
 * and from "Download original" (the bytes): test/fixtures/dkim-signed.eml is the download,
 * test/fixtures/pages/show-original-dkim.html the page, dkim-keys.json the key records.
 */
const fixture = (name: string): Buffer =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const download = new Uint8Array(fixture('dkim-signed.eml'));
const KEYS = JSON.parse(fixture('dkim-keys.json').toString('utf8')) as Keys;

/** The `<pre>`'s textContent, as the content script reads it: the markup unescaped. */
function preText(html: string): string {
  const open = '<pre class="raw_message_text" id="raw_message_text">';
  const start = html.indexOf(open) + open.length;
  return html
    .slice(start, html.indexOf('</pre>', start))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
const pre = preText(fixture('pages/show-original-dkim.html').toString('utf8'));

const summary = (v: Awaited<ReturnType<typeof verifyWith>>) => ({
  dkim: v.signatures.map((s) => [
    s.selector,
    s.verify.result,
    s.verify.reason,
    s.verify.bodyHash?.computed,
  ]),
  arc: [v.arc.result, v.arc.reason, v.arc.instances.map((x) => x.seal?.result)],
});

describe('Show original <pre> text and Download original', () => {
  it('the page holds the message with LF only and the download with CRLF', () => {
    expect(pre).not.toContain('\r');
    expect(pre.replace(/\n/g, '\r\n')).toBe(Buffer.from(download).toString('latin1'));
  });

  it('give the same answer for every signature and the ARC chain on a CRLF message', async () => {
    const fromDownload = await verifyWith(download, KEYS, { source: 'download' });
    const fromPre = await verifyWith(pre, KEYS, { source: 'pre' });
    expect(summary(fromPre)).toEqual(summary(fromDownload));
    expect(summary(fromDownload)).toMatchObject({
      dkim: [
        ['ed1', 'pass', null, expect.any(String)],
        ['s1', 'pass', null, expect.any(String)],
      ],
      arc: ['pass', null, ['pass']],
    });
    // The rebuilt copy is approximate, but a pass proves it matched: no answer is marked so.
    expect(fromPre.input).toMatchObject({
      source: 'pre',
      approximate: true,
      approximations: ['line-ends'],
    });
    expect(fromPre.signatures.every((s) => !s.verify.approximate)).toBe(true);
    expect(fromDownload.input).toMatchObject({
      source: 'download',
      approximate: false,
      approximations: [],
    });
  });

  it('beside the receiver’s verdicts in the report, with no disagreement', async () => {
    const report = withVerification(
      analyzeMessage(pre),
      await verifyWith(pre, KEYS, { source: 'pre' }),
    );
    expect(report.dkim.map((d) => [d.selector, d.result, d.verify?.result])).toEqual([
      ['s1', 'pass', 'pass'],
      ['ed1', 'pass', 'pass'],
    ]);
    expect(report.arc.verify?.instances[0]?.sealedBy).toBe('google.com');
    assertReportShape(report);
    expect(report.warnings.map((w) => w.code)).not.toContain('dkim-verify-disagrees');
  });

  it('a leading blank line in the page text (as Gmail sometimes shows) changes nothing', async () => {
    const v = await verifyWith(`\n${pre}`, KEYS, { source: 'pre' });
    expect(v.signatures.map((s) => s.verify.result)).toEqual(['pass', 'pass']);
  });

  it('an .eml saved with Unix line ends is rebuilt as CRLF, and says so', async () => {
    const lf = new Uint8Array(
      Buffer.from(Buffer.from(download).toString('latin1').replace(/\r\n/g, '\n'), 'latin1'),
    );
    const v = await verifyWith(lf, KEYS, { source: 'eml' });
    expect(v.input.approximations).toEqual(['line-ends']);
    expect(v.signatures.map((s) => s.verify.result)).toEqual(['pass', 'pass']);
  });
});

describe('what the <pre> text can’t show: "approximate"', () => {
  const key = rsaKey(2048);
  const keys: Keys = { 's1._domainkey.example.com': key.record };
  /** The message as delivered (Gmail said pass), as bytes and as the page's text would be. */
  function both(message: string, pageText: (s: string) => string = (s) => s) {
    const sig = signDkim(message, { key, c: 'simple/simple' });
    const b = /\bb=([^;]{8})/.exec(sig.replace(/\s/g, ''))?.[1] ?? '';
    const raw = delivered(sig, `dkim=pass header.i=@example.com header.s=s1 header.b=${b}`);
    return { raw, text: pageText(raw.replace(/\r\n|\r|\n/g, '\n')) };
  }

  it('a body with a bare LF: the download passes; from the page it fails, approximate, with a warning', async () => {
    const { raw, text } = both(testMessage('first line\nsecond half of it\r\n'));
    expect(
      (await verifyWith(bytes(raw), keys, { source: 'download' })).signatures[0]?.verify.result,
    ).toBe('pass');
    const v = await verifyWith(text, keys, { source: 'pre' });
    const r = v.signatures[0]?.verify;
    expect([r?.result, r?.reason, r?.approximate]).toEqual(['fail', 'body-hash-mismatch', true]);
    expect(r?.notes.map((n) => n.code)).toContain('approximate-copy');
    const report = withVerification(analyzeMessage(text), v);
    const w = report.warnings.find((x) => x.code === 'dkim-verify-disagrees');
    expect(w?.params).toMatchObject({
      receiver: 'pass',
      verifyReason: 'body-hash-mismatch',
      reason: 'page-copy',
      approximate: 'true',
      source: 'pre',
    });
    expect(w?.text).toContain('Download original');
    assertReportShape(report);
  });

  it.each([
    ['as Latin-1 characters', (s: string) => s, ['line-ends', 'non-ascii']],
    [
      'as U+FFFD',
      (s: string) => s.replace(/[\x80-\xff]/g, '\ufffd'),
      ['line-ends', 'non-ascii', 'replacement'],
    ],
  ])(
    'a body with 8-bit bytes shown %s: the download passes, the page text is approximate',
    async (_, show, flags) => {
      const { raw, text } = both(
        testMessage('Caf\xe9 cr\xe8me, \xe0 bient\xf4t.\r\n').replace(
          'charset=UTF-8',
          'charset=ISO-8859-1',
        ),
        show,
      );
      expect(
        (await verifyWith(bytes(raw), keys, { source: 'download' })).signatures[0]?.verify.result,
      ).toBe('pass');
      const v = await verifyWith(text, keys, { source: 'pre' });
      expect(v.input.approximations).toEqual(flags);
      expect([v.signatures[0]?.verify.reason, v.signatures[0]?.verify.approximate]).toEqual([
        'body-hash-mismatch',
        true,
      ]);
    },
  );

  it('UTF-8 text from the page is encoded back exactly: non-ASCII, but it verifies', async () => {
    const utf8 = Buffer.from('Grüße aus Köln — 東京 🚀\r\n', 'utf8').toString('latin1');
    const { text } = both(testMessage(utf8));
    const v = await verifyWith(
      text.replace(/[\x80-\xff]+/g, (m) => Buffer.from(m, 'latin1').toString('utf8')),
      keys,
      { source: 'pre' },
    );
    expect(v.input.approximations).toEqual(['line-ends', 'non-ascii']);
    expect(v.signatures[0]?.verify.result).toBe('pass');
  });
});

describe('the size cap', () => {
  it('over the cap the body is not hashed; the signed header fields still are, and a warning says so', async () => {
    const headerBytes = Buffer.from(download).indexOf('\r\n\r\n') + 4;
    const v = await verifyWith(download, KEYS, { source: 'download', capBytes: headerBytes + 10 });
    expect(v.input).toMatchObject({
      truncated: true,
      bytes: headerBytes + 10,
      totalBytes: download.length,
    });
    expect(
      v.signatures.map((s) => [
        s.verify.result,
        s.verify.reason,
        s.verify.headerSignature,
        s.verify.bodyHash,
      ]),
    ).toEqual([
      ['neutral', 'body-not-checked', 'valid', null],
      ['neutral', 'body-not-checked', 'valid', null],
    ]);
    expect(v.signatures[0]?.verify.text).toContain('larger than');
    const report = withVerification(analyzeMessage(Buffer.from(download).toString('latin1')), v);
    expect(report.warnings.find((w) => w.params?.['reason'] === 'verify-size')?.code).toBe(
      'truncated',
    );
  });

  it('the cap applies to text too, never splitting a character', () => {
    const p = prepareMessage('From: a\n\n€€€', 'pre', 12);
    // "From: a\r\n\r\n" is 11 bytes; each € is 3, so none fits under 12.
    expect([p.input.bytes, p.input.totalBytes, p.input.truncated]).toEqual([11, 20, true]);
  });
});
