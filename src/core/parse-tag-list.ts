/**
 * RFC 6376 §3.2 tag=value lists (DKIM-Signature, ARC-Seal, ARC-Message-Signature):
 *   tag-list = tag-spec *( ";" tag-spec ) [ ";" ] ; tag-spec = [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]
 * Returns a Map (a `__proto__` tag is data, not a prototype). Whitespace inside values is kept
 * except at the ends; b=, bh= and h= are compacted by the caller where it matters.
 * A repeated tag makes the list invalid per §3.2; `duplicate` reports it and the first one is kept.
 */
export function parseTagList(value: string): { tags: Map<string, string>; duplicate: boolean } {
  const tags = new Map<string, string>();
  let duplicate = false;
  for (const spec of value.split(';')) {
    const eq = spec.indexOf('=');
    if (eq === -1) continue;
    const name = spec.slice(0, eq).trim().toLowerCase();
    if (name.length === 0) continue;
    const val = spec.slice(eq + 1).trim();
    if (tags.has(name)) duplicate = true;
    else tags.set(name, val);
  }
  return { tags, duplicate };
}

/** Removes all whitespace (folding inside base64 and header lists). */
export function compact(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) out += value.charAt(i);
  }
  return out;
}
