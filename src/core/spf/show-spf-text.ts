/**
 * Record text and addresses quoted in problem messages. They come from DNS and from the message,
 * so they are hostile: control characters and non-ASCII are shown as `U+XXXX` and the quote is
 * cut at 100 characters (a TXT record can be 64 KiB).
 */
export function showSpfText(text: string): string {
  const max = 100;
  let out = '';
  for (const ch of text.length > max ? text.slice(0, max) : text) {
    const c = ch.codePointAt(0) ?? 0;
    out += c >= 0x20 && c < 0x7f ? ch : `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return text.length > max ? `${out}…` : out;
}
