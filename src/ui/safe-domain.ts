/**
 * Host names from headers are shown in their ASCII (punycode) form when they contain non-ASCII
 * characters, so a look-alike such as `gооgle.com` (Cyrillic o) reads as `xn--ggle-55da.com`
 * (uBlock's popup does the same). Text that is not a host name is shown unchanged.
 */
export function safeDomain(name: string): string {
  if (/^[\x20-\x7e]*$/.test(name)) return name;
  try {
    return new URL(`http://${name}/`).hostname;
  } catch {
    return name;
  }
}
