/**
 * The one definition of a valid name: `isDnsName` for any name Header Lens looks up or reports
 * (RFC 1035 §2.3.4 lengths; letters, digits, hyphen, and underscore for `_dmarc`, `_domainkey`),
 * and `isHostName` for a host (RFC 1123 §2.1: no label starts or ends with a hyphen), lowercase.
 */
export function isDnsName(name: string): boolean {
  return checkLabels(name, false);
}

/** A lowercase host name: a DNS name whose labels neither start nor end with `-`. */
export function isHostName(name: string): boolean {
  return checkLabels(name, true);
}

function checkLabels(name: string, host: boolean): boolean {
  if (name.length === 0 || name.length > 253) return false;
  let start = 0;
  for (let i = 0; i <= name.length; i += 1) {
    const c = i === name.length ? DOT : name.charCodeAt(i);
    if (c === DOT) {
      const length = i - start;
      if (length === 0 || length > 63) return false;
      if (host && (name.charCodeAt(start) === HYPHEN || name.charCodeAt(i - 1) === HYPHEN)) {
        return false;
      }
      start = i + 1;
      continue;
    }
    const ok =
      (c >= 0x61 && c <= 0x7a) ||
      (!host && c >= 0x41 && c <= 0x5a) ||
      (c >= 0x30 && c <= 0x39) ||
      c === HYPHEN ||
      c === UNDERSCORE;
    if (!ok) return false;
  }
  return true;
}

const DOT = 0x2e;
const HYPHEN = 0x2d;
const UNDERSCORE = 0x5f;
