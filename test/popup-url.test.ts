import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyzeMessage } from '../src/core/index.ts';
import { popupUrlFor, readPopupUrl } from '../src/platform/popup-url.ts';
import { readFileSync } from 'node:fs';

/**
 * The popup URL carries the verdict so the popup paints it before it loads anything
 * (src/popup/first-paint.ts). What comes back out is the verdict that went in, or nothing.
 */
const PAGE = 'src/popup/index.html';

function roundTrip(url: string): ReturnType<typeof readPopupUrl> {
  return readPopupUrl(url.slice(url.indexOf('?')));
}

describe('the popup URL', () => {
  it('names the tab, and carries the verdict of a real report unchanged', () => {
    const { verdict } = analyzeMessage(
      readFileSync(new URL('./fixtures/gmail-pass.eml', import.meta.url), 'utf8'),
    );
    const read = roundTrip(popupUrlFor(PAGE, 42, verdict));
    expect(read.forTab).toBe(42);
    expect(read.verdict).toEqual({
      status: verdict.status,
      code: verdict.code,
      params: verdict.params,
    });
  });

  it('carries no verdict while the page is being read', () => {
    expect(popupUrlFor(PAGE, 7, null)).toBe(`${PAGE}?for=7`);
    expect(roundTrip(popupUrlFor(PAGE, 7, null))).toEqual({ forTab: 7, verdict: null });
  });

  it('round-trips any values, markup and URL syntax included', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('authenticated', 'forwarded', 'unauthenticated', 'suspicious', 'unknown'),
        fc.dictionary(fc.stringMatching(/^[a-z]{1,20}$/), fc.string({ maxLength: 256 }), {
          maxKeys: 4,
        }),
        (status, params) => {
          const verdict = { status, code: 'dmarc-fail', params };
          expect(roundTrip(popupUrlFor(PAGE, 1, verdict)).verdict).toEqual(verdict);
        },
      ),
    );
  });

  it.each([
    ['an unknown status', '{"status":"pass","code":"dmarc-fail","params":{}}'],
    ['a code that is no message name', '{"status":"unknown","code":"../x","params":{}}'],
    ['a value that is not a string', '{"status":"unknown","code":"empty","params":{"from":1}}'],
    ['params that are a list', '{"status":"unknown","code":"empty","params":["a"]}'],
    [
      'too many values',
      `{"status":"unknown","code":"empty","params":{"a":"","b":"","c":"","d":"","e":""}}`,
    ],
    [
      'a value too long',
      `{"status":"unknown","code":"empty","params":{"from":"${'a'.repeat(257)}"}}`,
    ],
    ['text that is no JSON', '{"status":'],
    ['null', 'null'],
  ])('reads %s as no verdict', (_name, json) => {
    const read = readPopupUrl(`?for=3&verdict=${encodeURIComponent(json)}`);
    expect(read).toEqual({ forTab: 3, verdict: null });
  });

  it('reads a tab id only when it is one', () => {
    expect(readPopupUrl('?for=12x').forTab).toBeNull();
    expect(readPopupUrl('?tab=12').forTab).toBeNull();
    expect(readPopupUrl('').forTab).toBeNull();
  });
});
