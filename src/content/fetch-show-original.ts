import {
  SCAN_START,
  scanHeaderSection,
  type HeaderSectionScan,
} from '../core/read/header-section-end.ts';
import { LIMITS } from '../core/limits.ts';
import type { FetchedShowOriginal } from '../platform/open-message-read.ts';

/** A Show original's markup as fetched: all of it, or a prefix long enough to read. */
export type FetchedMarkup =
  | { state: 'markup'; html: string }
  | Extract<FetchedShowOriginal, { state: 'signed-out' | 'http-error' | 'network-error' }>;

export type Fetcher = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Markup read at most. Show original escapes the raw message (`<` is `&lt;`), so a 1 MiB header
 * section can take up to 6 MiB of markup; an 8 MB message beyond it is never downloaded whole.
 */
export const MAX_MARKUP_CHARS = 8 * 1024 * 1024;
/** Markup read past the header section's end: a delivery report's body prefix, escaped. */
const BODY_MARKUP_CHARS = 6 * LIMITS.bounceBodyChars;

/**
 * Fetches a Show original page with the tab's own session (same origin as the Gmail tab the
 * script runs in: no host permission involved) and reads its markup as it arrives, stopping once
 * the header section and a bounded part of the body are in, or at the end of the `<pre>`. A
 * redirect (Gmail's sign-in page) is not followed.
 */
export async function fetchShowOriginal(url: string, fetcher: Fetcher): Promise<FetchedMarkup> {
  let response: Response;
  try {
    response = await fetcher(url, { credentials: 'include', redirect: 'manual' });
  } catch {
    return { state: 'network-error' };
  }
  if (response.type === 'opaqueredirect' || response.status === 401 || response.status === 403) {
    return { state: 'signed-out' };
  }
  if (response.status !== 200) return { state: 'http-error', status: response.status };
  try {
    return { state: 'markup', html: await readEnough(response) };
  } catch {
    return { state: 'network-error' };
  }
}

async function readEnough(response: Response): Promise<string> {
  const body = response.body;
  if (body === null) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const progress = new MarkupProgress();
  let html = '';
  for (;;) {
    const { done, value } = await reader.read();
    html += decoder.decode(value, { stream: !done });
    if (done) return html;
    if (html.length >= MAX_MARKUP_CHARS || progress.enough(html)) {
      await reader.cancel().catch(() => undefined);
      return html.slice(0, MAX_MARKUP_CHARS);
    }
  }
}

/**
 * Decides, from the markup read so far, whether more is needed. It never decides the header
 * section's end (the parsed `<pre>` text does that, in read-open-message.ts): it only finds a
 * point at or after it. Escaping never writes a line feed, so the raw text's empty line is an
 * empty line in the markup too, found with the same definition (src/core/read/header-section-end.ts).
 */
class MarkupProgress {
  private pre = -1;
  private scan: HeaderSectionScan = SCAN_START;

  enough(html: string): boolean {
    if (this.pre === -1) {
      const id = html.indexOf('raw_message_text');
      const open = id === -1 ? -1 : html.indexOf('>', id);
      if (open === -1) return false;
      this.pre = open + 1;
    }
    if (html.indexOf('</pre>', this.pre) !== -1) return true;
    this.scan = scanHeaderSection(html.slice(this.pre), this.scan, false);
    return this.scan.end !== -1 && html.length >= this.pre + this.scan.end + BODY_MARKUP_CHARS;
  }
}
