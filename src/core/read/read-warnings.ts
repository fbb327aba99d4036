import { type WarningEntry, warningsOf } from '../findings/make-warning.ts';

/**
 * The reading stage's warnings: a table of its own, so a context that only reads the header
 * section (the script injected into Gmail's normal view) carries five entries, not the whole
 * catalogue; findings/warning-catalogue.ts includes them.
 */
export const READ_WARNINGS = {
  'truncated-header-section': {
    code: 'truncated',
    reason: 'header-section',
    severity: 'warning',
    text: 'The header section is larger than {chars} characters or has more than {fields} fields; only the first part was analyzed.',
  },
  'long-line': {
    code: 'long-line',
    severity: 'info',
    text: "{count} header line(s) exceed RFC 5322's 998-character limit; some servers reject or rewrite such messages.",
  },
  'malformed-line': {
    code: 'malformed-line',
    severity: 'info',
    text: '{count} line(s) in the header section are not header fields and were skipped.',
  },
  'repaired-cr-line-ends': {
    code: 'repaired',
    reason: 'cr-line-ends',
    severity: 'info',
    text: 'The text uses CR alone as its line end; it was read as if each CR ended a line.',
  },
  'repaired-folding': {
    code: 'repaired',
    reason: 'folding',
    severity: 'info',
    text: '{count} line(s) that cannot start a header field were joined to the field above them: the text looks copied from a web page, which drops the indentation of continuation lines.',
  },
} as const satisfies Readonly<Record<string, WarningEntry>>;

/** A reading warning with its holes filled. */
export const readWarning = warningsOf(READ_WARNINGS);
