import { LIMITS } from '../limits.ts';

/**
 * Limits of local DKIM and ARC verification, each with what it protects against. None throws:
 * what is over a limit is reported as not checked (`neutral`, reason `not-checked` or
 * `body-not-checked`) and the rest is verified as usual.
 */
export const DKIM_LIMITS = {
  /**
   * Bytes of a message verified. Verification holds the message and one canonical copy of its
   * body in memory (in the extension, in the service worker, beside the page's own copy); this
   * bounds that to about 3 × 32 MiB. Gmail accepts messages of up to 25 MB of attachments
   * (about 34 MB once base64-encoded), so nearly every message fits. Over the cap the message is
   * cut there: the signed header fields are still verified, the body hashes are not.
   */
  messageBytes: 32 * 1024 * 1024,
  /** Header section size in bytes, as the analyzer's limit (../limits.ts): a message that never
   * ends its header section is not scanned further. */
  headerSectionBytes: LIMITS.headerSectionChars,
  /** Header fields read, as the analyzer's limit: each one is an object in memory. */
  headerFields: LIMITS.headerFields,
  /** DKIM-Signature fields verified, topmost first. Each costs a DNS query at most; real
   * messages carry one to three. */
  signatures: 16,
  /** RFC 8617 §4.2.1: ARC instances are 1 to 50; more is a failed chain. */
  arcSets: LIMITS.arcSets,
  /**
   * Distinct key names (`<s>._domainkey.<d>`) asked of the resolver in one verification. Every
   * query goes to the user's DNS-over-HTTPS resolver; a hostile message naming hundreds of
   * selectors must not turn a click into a flood of queries.
   */
  keyLookups: 32,
  /**
   * Distinct (canonicalization, l=) body hashes computed. Each is a pass over the body (up to
   * `messageBytes`); signatures usually share one or two, a hostile message could ask for one
   * per signature.
   */
  bodyHashes: 8,
  /** Signed header fields (h= entries) read per signature: h= is part of a header field of at
   * most 1 MiB, and each entry costs a lookup and a copy of a field. */
  signedHeaderNames: 1024,
} as const;
