import { equalsLower, startsWithLower } from '../starts-with-lower.ts';

/**
 * TLS version and cipher from the comments, the words after `with`, and the protocol of a
 * Received field, in the forms MTAs write:
 *   postfix   `(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) ...)`
 *   Gmail, Microsoft, sendmail `(version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256)`
 *   Exim      `with esmtps (TLS1.3) tls TLS_AES_256_GCM_SHA384`, older `(TLSv1:DES-CBC3-SHA:168)`,
 *             `tls_cipher=...`; `(Cipher TLSv1:DES-CBC3-SHA:168)`
 *   Courier   `(TLS: TLSv1/SSLv3, 168bits,DES-CBC3-SHA)`
 *   others    `with ESMTP/TLS/DHE-RSA-AES256-SHA`
 * With no details, RFC 3848 protocol names that say TLS was used (`ESMTPS`, `ESMTPSA`...) give
 * `TLS`. Returns null when nothing says TLS.
 */
export function readTls(
  comments: readonly string[][],
  extras: readonly string[],
  protocol: string | null,
): string | null {
  let version: string | null = null;
  let cipher: string | null = null;
  for (const comment of comments) {
    if (version !== null && cipher !== null) break;
    const words = splitCommas(comment);
    for (let i = 0; i < words.length; i += 1) {
      const w = words[i] ?? '';
      const next = words[i + 1] ?? null;
      if (version === null && startsWithLower(w, 'version=')) version = w.slice(8);
      else if (cipher === null && startsWithLower(w, 'cipher=')) cipher = w.slice(7);
      else if (cipher === null && startsWithLower(w, 'tls_cipher=')) cipher = w.slice(11);
      else if (equalsLower(w, 'using') && next?.toUpperCase().startsWith('TLS')) version ??= next;
      else if (equalsLower(w, 'cipher') && i > 0 && equalsLower(words[i - 1] ?? '', 'with'))
        cipher ??= next;
      else if ((equalsLower(w, 'cipher') || equalsLower(w, 'tls:')) && next !== null) {
        // `(Cipher TLSv1:DES-CBC3-SHA:168)`, `(TLS: TLSv1/SSLv3, 168bits,DES-CBC3-SHA)`
        const parts = next.split(':');
        version ??= parts[0] ?? null;
        if (parts.length > 1) cipher ??= parts[1] ?? null;
        else cipher ??= words.slice(i + 2).find((x) => x.includes('-')) ?? null;
      } else if (words.length === 1 && startsWithLower(w, 'tls')) {
        // Exim: `(TLS1.3)`, or `(TLSv1:DES-CBC3-SHA:168)` with the cipher after a colon.
        const parts = w.split(':');
        version ??= parts[0] ?? null;
        if (parts.length > 1) cipher ??= parts[1] ?? null;
      }
    }
  }
  for (let i = 0; i < extras.length; i += 1) {
    const w = extras[i] ?? '';
    if (equalsLower(w, 'tls')) cipher ??= extras[i + 1] ?? null;
    else if (startsWithLower(w, 'tls_cipher=')) cipher ??= w.slice(11);
  }
  if (protocol !== null) {
    // `ESMTP/TLS/DHE-RSA-AES256-SHA`
    const slash = protocol.toUpperCase().indexOf('/TLS/');
    if (slash !== -1) {
      version ??= 'TLS';
      cipher ??= protocol.slice(slash + 5).split(' ')[0] || null;
    }
  }
  if (version !== null || cipher !== null) return joinPresent(version, cipher);
  if (protocol === null) return null;
  const space = protocol.indexOf(' ');
  const proto = space === -1 ? protocol : protocol.slice(0, space);
  return TLS_PROTOCOLS.has(proto.toUpperCase()) ? 'TLS' : null;
}

function joinPresent(a: string | null, b: string | null): string {
  if (a && b) return `${a} ${b}`;
  return a || b || '';
}

/** A comment's words split at commas too: `(version=TLS1_2, cipher=...)`. */
function splitCommas(words: readonly string[]): readonly string[] {
  if (!words.some((w) => w.includes(','))) return words;
  const parts: string[] = [];
  for (const w of words) for (const part of w.split(',')) if (part.length > 0) parts.push(part);
  return parts;
}

const TLS_PROTOCOLS = new Set([
  'ESMTPS',
  'ESMTPSA',
  'LMTPS',
  'LMTPSA',
  'UTF8SMTPS',
  'UTF8SMTPSA',
  'SMTPS',
]);
