import type { PageRead } from '../platform/messages.ts';

/**
 * Everything Header Lens assumes about Gmail's Show original page (../shared/docs/domain.md §1),
 * in one place; test/fixtures/pages/ holds saved pages these selectors are tested against.
 *
 * - URL: see src/platform/show-original-url.ts.
 * - The raw message is the text of <pre class="raw_message_text" id="raw_message_text">,
 *   HTML-escaped in the markup: it is read as text (never as markup).
 * - A wrong id answers with a page saying "The message you requested does not exist".
 */
export const RAW_MESSAGE_SELECTOR = 'pre#raw_message_text, pre.raw_message_text';
export const MISSING_MESSAGE_TEXT = 'does not exist';

/** Characters read per DOM call: the page's text is copied in slices, not all at once. */
const CHUNK = 64 * 1024;

/**
 * Reads the header section from the page, slice by slice (CharacterData.substringData), so an
 * 8 MB message costs about what its headers cost. `bodyChars` more characters after the empty
 * line are included when `wantBody` says the headers need them (a bounce's diagnostic text).
 */
export function readShowOriginal(
  doc: Document,
  limits: { headerChars: number; bodyChars: number },
  wantBody: (headers: string) => boolean,
): PageRead {
  const pre = doc.querySelector(RAW_MESSAGE_SELECTOR);
  if (pre === null) {
    const text = doc.body?.textContent ?? '';
    return text.includes(MISSING_MESSAGE_TEXT) ? { state: 'missing' } : { state: 'no-message' };
  }
  const reader = new TextReader(pre);
  let text = '';
  let end = -1;
  let start = -1;
  while (end === -1 && text.length < limits.headerChars) {
    const chunk = reader.read(CHUNK);
    if (chunk === null) break;
    const from = Math.max(0, text.length - 2);
    text += chunk;
    if (start === -1) start = firstNonBlank(text);
    if (start !== -1) end = blankLineAfter(text, Math.max(from, start));
  }
  if (end === -1) {
    const truncated = reader.read(1) !== null;
    return { state: 'message', text: text.slice(0, limits.headerChars), truncated };
  }
  const headers = text.slice(0, end);
  if (!wantBody(headers)) return { state: 'message', text: headers, truncated: false };
  while (text.length < end + limits.bodyChars) {
    const chunk = reader.read(CHUNK);
    if (chunk === null) break;
    text += chunk;
  }
  return { state: 'message', text: text.slice(0, end + limits.bodyChars), truncated: false };
}

/** Index just past the first empty line (LF LF or LF CR LF) at or after `from`, or -1. */
function blankLineAfter(text: string, from: number): number {
  for (let i = text.indexOf('\n', from); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (text.charCodeAt(i + 1) === 0x0a) return i + 2;
    if (text.charCodeAt(i + 1) === 0x0d && text.charCodeAt(i + 2) === 0x0a) return i + 3;
  }
  return -1;
}

function firstNonBlank(text: string): number {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c !== 0x0a && c !== 0x0d && c !== 0x20 && c !== 0x09) return i;
  }
  return -1;
}

/** Sequential reads over the text nodes under an element, without materializing all of it. */
class TextReader {
  private readonly walker: TreeWalker;
  private node: Text | null;
  private offset = 0;

  constructor(root: Element) {
    this.walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    this.node = this.walker.nextNode() as Text | null;
  }

  read(max: number): string | null {
    while (this.node !== null && this.offset >= this.node.length) {
      this.node = this.walker.nextNode() as Text | null;
      this.offset = 0;
    }
    if (this.node === null) return null;
    const s = this.node.substringData(this.offset, max);
    this.offset += s.length;
    return s;
  }
}
