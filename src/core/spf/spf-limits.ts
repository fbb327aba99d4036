/**
 * RFC 7208 processing limits (§4.6.4, §7.3), each with what it protects against. The evaluator
 * never throws when one is reached: the DNS-term, void-lookup and MX limits end the evaluation
 * with permerror as the RFC asks; the others make a term not match.
 */
export const SPF_LIMITS = {
  /**
   * §4.6.4: include, a, mx, ptr, exists and redirect together, across the whole evaluation
   * (includes and redirects included); the 11th is permerror. Bounds the DNS traffic one message
   * makes a receiver send, so a record cannot turn receivers into a flood aimed at someone's name
   * servers. It also bounds recursion: every include and redirect counts, so nesting is ≤ 10 deep.
   */
  dnsTerms: 10,
  /**
   * §4.6.4: terms whose lookup got NXDOMAIN or an empty answer; the 3rd is permerror. Stops
   * records that use sender-chosen macros (`exists:%{l}.example.com`) to make receivers query
   * names that do not exist, which costs the queried zone's servers most.
   */
  voidLookups: 2,
  /** §4.6.4: MX names one mx mechanism may look up; more is permerror (the publisher chose them). */
  mxNames: 10,
  /**
   * §4.6.4: PTR names one ptr mechanism or %{p} macro validates; the rest are ignored, not an
   * error, since whoever controls the connecting address controls its PTR records.
   */
  ptrNames: 10,
  /** RFC 1035 §2.3.4: a domain name in text form without the trailing dot. §7.3 truncates longer
   * macro expansions from the left to fit. */
  domainChars: 253,
  /** RFC 1035 §2.3.4: one label. */
  labelChars: 63,
  /**
   * Characters one macro expansion may produce. Legitimate expansions are a few hundred
   * characters; a hostile record of `%{s}%{s}…` applied to a hostile 1 MiB envelope sender would
   * otherwise build gigabytes. Over the limit a domain-spec names nothing (the mechanism does not
   * match) and an explanation is dropped (§6.2 lets implementations limit its length).
   */
  expandedChars: 8192,
} as const;
