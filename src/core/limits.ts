/**
 * Every limit the parsers enforce, with what it protects against. Exceeding one never throws:
 * the analysis goes on with what fits and the report carries a `truncated` warning.
 * README.md ("Limits") says what each one means for a user.
 */
export const LIMITS = {
  /** Header section size in UTF-16 code units. A real header section is a few KiB; this bounds the
   * work on a message that never ends its header section (a pasted log, a hostile 1 GB line). */
  headerSectionChars: 1024 * 1024,
  /** RFC 5322 §2.1.1: lines must not exceed 998 characters. Longer lines are only flagged. */
  lineChars: 998,
  /** Received fields analyzed. Real paths have under 20 hops; a loop or a hostile message has
   * thousands, and each hop costs a date parse and a table row in the popup. */
  receivedFields: 100,
  /** Authentication-Results (and ARC-Authentication-Results) fields analyzed. */
  authResultsFields: 64,
  /** ARC sets considered; RFC 8617 §4.2.1 caps instances at 50. */
  arcSets: 50,
  /** Results read from one Authentication-Results field. A receiver writes under twenty; the
   * rest of a field of a million `spf=pass;` is skipped (and reported). */
  resultsPerField: 100,
  /** Comments kept per result (or Received-SPF field); more are skipped unread. Receivers write
   * one or two (`(google.com: domain of ...)`, `(p=REJECT sp=REJECT dis=NONE)`). */
  commentsKept: 8,
  /** Properties kept per result (`smtp.mailfrom=`, `header.d=`...): real results have under 10. */
  propertiesPerResult: 32,
  /** Comment nesting kept as structure. Deeper nesting is read as flat text (still linear): it
   * exists only to exhaust recursive parsers. */
  commentDepth: 32,
  /** Body bytes read for a delivery-status notification's diagnostic text: bounded so a bounce
   * that quotes an 8 MB message costs no more than a short one. */
  bounceBodyChars: 64 * 1024,
  /** Characters of free text (an SMTP reply, a log line) kept in the report. */
  bounceTextChars: 2000,
  /** Header fields parsed in total; each one is an object in memory. */
  headerFields: 5000,
} as const;
