import type { DownloadFailure, OriginalRead } from '../platform/messages.ts';
import { downloadOriginalUrl } from '../platform/download-original-url.ts';

/** How the page's own fetch is reached (Gmail's session cookies go with a same-origin request). */
export type PageFetch = (url: string) => Promise<Response>;

/**
 * The whole message, for "Verify signatures now" only (never on its own): Gmail's "Download
 * original" of the message on this Show original page, fetched from the page's origin with the
 * user's session, read as bytes so CRLF line ends and 8-bit bytes stay as signed. At most
 * `cap + 1` bytes are read — the rest of the response is cancelled unread — so a huge message
 * costs the tab and the worker a bounded amount of memory and time; one over the cap is said to
 * be cut (the signed header fields are still verified, the body hashes are not).
 *
 * When the download fails, is not a message (Gmail answers a sign-in page or "does not exist"
 * with HTML) or does not start like the message on the page, the text of the page's `<pre>` is
 * sent instead, with the reason: its CRs are lost, so the body check is approximate.
 */
export async function readOriginal(
  href: string,
  pageText: () => string | null,
  pageFetch: PageFetch,
  cap: number,
): Promise<OriginalRead> {
  let text: string | null | undefined;
  const page = (): string | null => (text === undefined ? (text = pageText()) : text);
  const fallback = (failure: DownloadFailure, detail: string): OriginalRead => {
    const pre = page();
    if (pre === null) return { source: 'none', failure, detail };
    // One character more than the cap: the core then says the copy was cut.
    return { source: 'pre', text: pre.length > cap ? pre.slice(0, cap + 1) : pre, failure, detail };
  };
  const url = downloadOriginalUrl(href);
  if (url === null) return fallback('no-url', '');
  let response: Response;
  try {
    response = await pageFetch(url);
  } catch (error) {
    return fallback('http-error', error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) {
    void response.body?.cancel().catch(() => undefined);
    return fallback('http-error', `HTTP ${response.status}`);
  }
  const type = response.headers.get('content-type') ?? '';
  if (/^\s*text\/html\b/i.test(type)) {
    void response.body?.cancel().catch(() => undefined);
    return fallback('not-a-message', type);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readCapped(response, cap + 1);
  } catch (error) {
    return fallback('http-error', error instanceof Error ? error.message : String(error));
  }
  if (bytes.length === 0) return fallback('not-a-message', 'empty');
  const pre = page();
  if (
    pre !== null &&
    firstLine(new TextDecoder().decode(bytes.subarray(0, 4096))) !== firstLine(pre)
  )
    return fallback('other-message', '');
  const length = Number(response.headers.get('content-length') ?? '');
  return {
    source: 'download',
    base64: toBase64(bytes),
    totalBytes: Number.isSafeInteger(length) && length >= bytes.length ? length : null,
    truncated: bytes.length > cap,
  };
}

/** The response's first `max` bytes; the rest is cancelled, never read. */
async function readCapped(response: Response, max: number): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (reader === undefined) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < max) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  if (size >= max) void reader.cancel().catch(() => undefined);
  const out = new Uint8Array(Math.min(size, max));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, out.length - at);
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The first line, without its line end: the page's text has lost its CRs. */
function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return (end === -1 ? text : text.slice(0, end)).replace(/\r$/, '');
}

/** RFC 4648 base64, in slices (String.fromCharCode takes a bounded number of arguments). */
function toBase64(bytes: Uint8Array): string {
  let out = '';
  // A multiple of 3, so no slice but the last is padded.
  const slice = 3 * 8192;
  for (let i = 0; i < bytes.length; i += slice)
    out += btoa(String.fromCharCode(...bytes.subarray(i, i + slice)));
  return out;
}
