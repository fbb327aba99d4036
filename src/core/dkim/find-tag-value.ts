/**
 * RFC 6376 §3.2 tag-list: where the value of tag `name` lies in `value` (a DKIM-Signature or
 * ARC field's value), from just after its `=` to the `;` that ends it (or the end) — the range
 * §3.7 treats as empty for b=, whitespace around the value included. null when the tag is absent.
 * The first tag of that name counts (a repeated tag makes the signature invalid anyway).
 */
export function findTagValue(value: string, name: string): { start: number; end: number } | null {
  // The first `=` at or after `start`, searched again only once passed: linear in the value.
  let eq = value.indexOf('=');
  for (let start = 0; start <= value.length && eq !== -1;) {
    let end = value.indexOf(';', start);
    if (end === -1) end = value.length;
    if (eq < end && value.slice(start, eq).trim().toLowerCase() === name) {
      return { start: eq + 1, end };
    }
    start = end + 1;
    if (eq < start) eq = value.indexOf('=', start);
  }
  return null;
}
