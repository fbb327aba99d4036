import type { PageRead } from '../platform/messages.ts';
import { HeaderSectionReader, type TextSource } from './read-header-section.ts';

/**
 * Everything Header Lens assumes about Gmail's Show original page (docs/gmail-pages.md),
 * in one place; test/fixtures/pages/ holds saved pages these selectors are tested against.
 *
 * - URL: see src/platform/show-original-url.ts.
 * - The raw message is the text of <pre class="raw_message_text" id="raw_message_text">,
 *   HTML-escaped in the markup: it is read as text (never as markup).
 * - A wrong id answers with a page saying "The message you requested does not exist".
 * - The header section is at the top of the `<pre>`. An 8 MB message takes the browser seconds to
 *   parse, appending to the `<pre>`'s text as the bytes arrive (both browsers report each append
 *   to a MutationObserver as a characterData or childList record), so the header section is read
 *   while the page is still loading and the rest is never looked at.
 */
export const RAW_MESSAGE_SELECTOR = 'pre#raw_message_text, pre.raw_message_text';
export const MISSING_MESSAGE_TEXT = 'does not exist';

export interface ShowOriginalWatch {
  /**
   * After a header section was reported: reads `bodyChars` characters after it as they arrive,
   * then calls `onBody` with the header section and that prefix of the body, once.
   */
  readBody(bodyChars: number, onBody: (text: string) => void): void;
}

/**
 * Watches a Show original document from document_start: finds the `<pre>` as it is parsed, reads
 * its text as it grows until the header section is complete, and calls `onRead` once — with the
 * header section, or with the "missing" / "no message" state once the document has been parsed
 * without a `<pre>`. Every observer stops itself as soon as it has what it needs.
 */
export function watchShowOriginal(
  doc: Document,
  headerChars: number,
  onRead: (page: PageRead) => void,
): ShowOriginalWatch {
  let pre: Element | null = null;
  let reader: HeaderSectionReader | null = null;
  let observer: MutationObserver | null = null;
  let reported = false;
  /** While the body prefix the background asked for is awaited. */
  let pendingBody: { chars: number; done: (text: string) => void } | null = null;
  const parsed = (): boolean => doc.readyState !== 'loading';

  const stop = (): void => {
    observer?.disconnect();
    observer = null;
    doc.removeEventListener('DOMContentLoaded', step);
  };
  const watch = (target: Node, options: MutationObserverInit): void => {
    observer?.disconnect();
    observer = new MutationObserver(step);
    observer.observe(target, options);
  };

  function step(): void {
    if (reader === null) {
      pre = doc.querySelector(RAW_MESSAGE_SELECTOR);
      if (pre === null) {
        if (!parsed()) return;
        stop();
        reported = true;
        onRead(missingState(doc));
        return;
      }
      reader = new HeaderSectionReader(new GrowingText(pre), headerChars);
      // From now on only the <pre>'s own text matters.
      watch(pre, { childList: true, characterData: true, subtree: true });
    }
    if (!reported) {
      const headers = reader.headers(parsed());
      if (headers === null) return;
      reported = true;
      stop();
      onRead({ state: 'message', text: headers.text, truncated: headers.truncated });
      return;
    }
    if (pendingBody !== null) {
      const text = reader.withBody(pendingBody.chars, parsed());
      if (text === null) return;
      const { done } = pendingBody;
      pendingBody = null;
      stop();
      done(text);
    }
  }

  const start = (): void => {
    if (!parsed()) {
      // Until the <pre> exists, the elements the parser adds (the summary table above it is
      // small); then only the <pre>'s own text.
      if (pre === null) watch(doc, { childList: true, subtree: true });
      else watch(pre, { childList: true, characterData: true, subtree: true });
      doc.addEventListener('DOMContentLoaded', step);
    }
    step();
  };
  start();

  return {
    readBody(bodyChars, onBody) {
      if (reader === null || pendingBody !== null) return;
      pendingBody = { chars: bodyChars, done: onBody };
      start();
    },
  };
}

function missingState(doc: Document): PageRead {
  // Only on a page without the raw message: Gmail's short error page, not a message.
  const text = doc.body?.textContent ?? '';
  return text.includes(MISSING_MESSAGE_TEXT) ? { state: 'missing' } : { state: 'no-message' };
}

/**
 * The text under an element, read in order while the parser is still appending to it: new
 * characters at the end of the last text node, or new text nodes after it. Slices are copied with
 * CharacterData.substringData, never the whole text.
 */
class GrowingText implements TextSource {
  private readonly walker: TreeWalker;
  private node: Text | null = null;
  private offset = 0;

  constructor(root: Element) {
    this.walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  }

  read(max: number): string | null {
    for (;;) {
      if (this.node !== null && this.offset < this.node.length) {
        const s = this.node.substringData(this.offset, max);
        this.offset += s.length;
        return s;
      }
      // The walker stays on the last node it found, so a node appended later is found next.
      const next = this.walker.nextNode() as Text | null;
      if (next === null) return null;
      this.node = next;
      this.offset = 0;
    }
  }
}
