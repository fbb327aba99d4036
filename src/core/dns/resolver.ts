/**
 * DNS as the core sees it: a function passed in (mailauth passes a `resolver` into every check the
 * same way). The extension and the CLI pass a DNS-over-HTTPS resolver; tests pass one built from
 * a zone table. The core never imports a DNS client.
 */

/** Record types the checks use. */
export type DnsType = 'TXT' | 'A' | 'AAAA' | 'MX' | 'PTR';

export type DnsResult =
  /** NOERROR. An empty `records` is a NODATA answer (RFC 7208 §4.6.4 counts it as void). */
  | {
      status: 'ok';
      /**
       * TXT: each record's character-strings joined without separators (RFC 7208 §3.3).
       * A/AAAA: addresses. MX: exchange names, lowest preference first. PTR: names.
       * Names are lowercase without the trailing dot.
       */
      records: string[];
      /** Smallest TTL of the answer's records in seconds, when known. */
      ttl: number | null;
      /** The resolver said the answer was DNSSEC-validated (shown, never used to raise trust). */
      authenticated: boolean;
    }
  /** NXDOMAIN (RFC 7208 counts it as a void lookup). */
  | { status: 'nxdomain'; ttl: number | null }
  /** SERVFAIL, REFUSED, a timeout, a truncated or unreadable answer: RFC 7208 temperror. */
  | { status: 'error'; reason: string };

export type Resolver = (name: string, type: DnsType) => Promise<DnsResult>;
