/**
 * Bounds of the mail-log reader, each with what it protects against. Exceeding one never
 * throws: the summary counts what was cut (`overlongLines`, `ungrouped`, `recipientsCapped`).
 */
export const LOG_LIMITS = {
  /** Bytes of one line that are read. Syslog daemons cut messages at 8 KiB (rsyslog's default
   * maxMessageSize) and postfix its SMTP replies at 2 KiB, so real lines fit; a hostile or
   * corrupt file with a gigabyte and no newline costs this much memory, not a gigabyte. */
  lineBytes: 32 * 1024,
  /** Groups (status × recipient domain × code) kept: each holds texts and a recipient set. A
   * server's failures fall in a few dozen; a log of a million distinct domains can't grow the
   * summary past this (the rest are counted in `ungrouped`). */
  groups: 256,
  /** Distinct recipients counted per group; more are counted as "at least". */
  recipientsPerGroup: 256,
  /** Recipient domains whose successful deliveries are counted, to show "n sent" beside a
   * failing domain. Bounds the map on a server that sends to a million domains. */
  sentDomains: 10_000,
  /** Characters of a remote's reply kept per group (the report's bounce text limit). */
  textChars: 2000,
} as const;
