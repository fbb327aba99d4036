import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCAN_START, scanHeaderSection } from '../src/core/read/header-section-end.ts';
import { parseHeaderSection } from '../src/core/read/parse-header-section.ts';
import { HeaderSectionReader, type TextSource } from '../src/content/read-header-section.ts';
import { unitsOf } from './helpers/measure.ts';

/**
 * One definition of where the header section ends (src/core/read/header-section-end.ts), used by the
 * core's parser and by the content script, which reads Show original's `<pre>` while the page
 * streams in: both must cut the same text at the same place, whatever the line ends and however
 * the text arrives.
 */

/** A source that hands out `text` in the given piece sizes, then nothing until `more()`. */
function pieces(text: string, sizes: readonly number[]): TextSource & { more(): boolean } {
  let available = 0;
  let next = 0;
  let read = 0;
  const source = {
    read(max: number): string | null {
      if (read >= available) return null;
      const s = text.slice(read, Math.min(available, read + max));
      read += s.length;
      return s;
    },
    /** One more piece arrives; false when the text has ended. */
    more(): boolean {
      if (available >= text.length) return false;
      available = Math.min(text.length, available + Math.max(1, sizes[next % sizes.length] ?? 1));
      next += 1;
      return true;
    },
  };
  return source;
}

/** What the content script sends for `text` arriving in `sizes` pieces. */
function contentScriptRead(
  text: string,
  sizes: readonly number[],
  headerChars = 1024 * 1024,
): { text: string; truncated: boolean; piecesRead: number } {
  const source = pieces(text, sizes);
  const reader = new HeaderSectionReader(source, headerChars);
  let piecesRead = 0;
  for (;;) {
    const more = source.more();
    if (more) piecesRead += 1;
    const read = reader.headers(!more);
    if (read !== null) return { ...read, piecesRead };
  }
}

/** Where the core's parser finds the body, for text the parser reads as a message. */
function coreEnd(text: string): number | null {
  return parseHeaderSection(text).bodyOffset;
}

const gmail = readFileSync(new URL('./fixtures/gmail-pass.eml', import.meta.url), 'utf8');

const CASES: [string, string, number | null][] = [
  ['LF', 'Subject: a\nFrom: b@example.com\n\nbody\n', 32],
  ['CRLF', 'Subject: a\r\nFrom: b@example.com\r\n\r\nbody\r\n', 35],
  ['leading blank lines (Show original starts with one)', '\n\r\n  \nSubject: a\n\nbody', 18],
  [
    'a line of spaces continues the field; only an empty line ends the section',
    'Subject: a\n  \n\t\nTo: c\n\nbody',
    23,
  ],
  ['CRLF with a line of spaces before CR', 'Subject: a\r\n \r\n\r\nbody', 17],
  [
    'an mbox From line and a blank line before the fields',
    'From a@b Mon Mar  4 10:00:00 2024\n\nSubject: x\n\nb',
    47,
  ],
  ['a byte order mark', '\ufeffSubject: a\n\nb', 13],
  ['no empty line', 'Subject: a\nTo: b\n', null],
  ['only blank lines', '\n\n  \n', null],
];

describe('where the header section ends: the core and the content script agree', () => {
  for (const [name, text, end] of CASES) {
    it(name, () => {
      expect(coreEnd(text)).toBe(end);
      expect(scanHeaderSection(text).end).toBe(end ?? -1);
      const read = contentScriptRead(text, [1]);
      expect(read.text).toBe(end === null ? text : text.slice(0, end));
      expect(read.truncated).toBe(false);
    });
  }

  it('`From : x` is a field (obsolete syntax), not an mbox separator', () => {
    const text = 'From : a@example.com\n\nbody';
    expect(parseHeaderSection(text).fields.map((f) => f.key)).toEqual(['from']);
    expect(scanHeaderSection(text).end).toBe(coreEnd(text));
  });

  it('text that is not headers: the core reads no section, the end found is not used', () => {
    const text = 'hello world\n\nSubject: x\n\n';
    expect(parseHeaderSection(text).notHeaders).toBe(true);
    expect(coreEnd(text)).toBeNull();
  });

  it('a Gmail message, CRLF and LF, arriving in pieces of every size from 1 to 40', () => {
    for (const text of [gmail, gmail.replaceAll('\r\n', '\n')]) {
      const end = coreEnd(text);
      expect(end).not.toBeNull();
      for (let size = 1; size <= 40; size += 1) {
        expect(contentScriptRead(text, [size]).text).toBe(text.slice(0, end ?? 0));
      }
    }
  });

  it('property: any text of header-like pieces, cut anywhere, is cut where the core cuts it', () => {
    const piece = fc.constantFrom(
      '\n',
      '\r\n',
      '\r',
      ' ',
      '\t',
      'From ',
      'From',
      ':',
      'Subject',
      'X-A',
      'a',
      'b@c',
      '\ufeff',
      '  \n',
      'Received: x',
      ' : ',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 8 }),
        (parts, sizes) => {
          const text = parts.join('');
          // parseHeaderSection reads CR-only text with CR as the line end; a page has no CR
          // without LF, and the content script never sees such text.
          if (!text.includes('\n') && text.includes('\r')) return;
          const section = parseHeaderSection(text);
          const read = contentScriptRead(text, sizes);
          const scan = scanHeaderSection(text);
          if (section.bodyOffset !== null) {
            expect(read.text).toBe(text.slice(0, section.bodyOffset));
          } else if (!section.notHeaders) {
            // No empty line after a field: the whole text (the section never ended).
            expect(read.text).toBe(scan.end === -1 ? text : text.slice(0, scan.end));
            expect(parseHeaderSection(read.text).fields).toEqual(section.fields);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('the resumable scan gives the same answer as one scan of the whole text', () => {
    const text = gmail + 'body\r\n';
    let scan = SCAN_START;
    for (let n = 1; n <= text.length && scan.end === -1; n += 7) {
      scan = scanHeaderSection(text.slice(0, n), scan, false);
    }
    expect(scan.end).toBe(scanHeaderSection(text).end);
  });
});

describe('the content script stops at the empty line', () => {
  it('never reads past the piece that holds the empty line, however long the body', () => {
    const body = 'x'.repeat(1000) + '\n';
    const text = gmail + body.repeat(8000);
    const read = contentScriptRead(text, [4096]);
    expect(read.text).toBe(gmail.slice(0, coreEnd(gmail) ?? 0));
    expect(read.piecesRead).toBe(Math.ceil((coreEnd(gmail) ?? 0) / 4096));
  });

  it('scanning costs the header section, not the body (counted work)', () => {
    const headers = unitsOf((t) => scanHeaderSection(t), gmail);
    const withBody = unitsOf((t) => scanHeaderSection(t), gmail + 'body line\n'.repeat(100_000));
    expect(withBody).toBe(headers);
  });

  it('more than headerChars without an empty line: the first headerChars, flagged truncated', () => {
    const text = `Subject: ${'a'.repeat(5000)}\n`;
    expect(contentScriptRead(text, [700], 1000)).toMatchObject({
      text: text.slice(0, 1000),
      truncated: true,
    });
  });

  it('a section that ends exactly at headerChars is whole', () => {
    const text = 'Subject: a\n\nbody';
    expect(contentScriptRead(text, [3], 12)).toMatchObject({
      text: text.slice(0, 12),
      truncated: false,
    });
  });

  it('the body prefix a bounce needs, once asked for', () => {
    const text = 'Subject: Undelivered Mail\n\n' + 'diagnostic '.repeat(100);
    const source = pieces(text, [10]);
    const reader = new HeaderSectionReader(source, 1024);
    let headers = null;
    while (headers === null) headers = reader.headers(!source.more());
    expect(headers.text).toBe('Subject: Undelivered Mail\n\n');
    let withBody: string | null = null;
    while (withBody === null) withBody = reader.withBody(50, !source.more());
    expect(withBody).toBe(text.slice(0, headers.text.length + 50));
  });
});
