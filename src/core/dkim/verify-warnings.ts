import { type WarningEntry, warningsOf } from '../findings/make-warning.ts';

const DISAGREES =
  "The receiver verified the DKIM signature {who} at delivery, but Header Lens's check fails now ({reasonWords}).";

/**
 * Verification's warnings (with-verification.ts): a table of their own, so the popup, which
 * merges a verification into its report, carries four entries, not the whole catalogue;
 * findings/warning-catalogue.ts includes them.
 */
export const VERIFY_WARNINGS = {
  'dkim-verify-disagrees-changed-copy': {
    code: 'dkim-verify-disagrees',
    reason: 'changed-copy',
    severity: 'warning',
    text: `${DISAGREES} The copy verified is not the one the receiver checked: it was changed after delivery (some mail clients and forwards rewrite a message when saving it).`,
  },
  'dkim-verify-disagrees-page-copy': {
    code: 'dkim-verify-disagrees',
    reason: 'page-copy',
    severity: 'warning',
    text: `${DISAGREES} The copy was rebuilt from the Show original text, which may explain it: verify the downloaded original (⋮ → Download original) to be sure.`,
  },
  'dkim-verify-disagrees-rebuilt-copy': {
    code: 'dkim-verify-disagrees',
    reason: 'rebuilt-copy',
    severity: 'warning',
    text: `${DISAGREES} The copy verified had to be rebuilt (its line ends or characters), which may explain it: verify the message as the receiver stored it to be sure.`,
  },
  'truncated-verify-size': {
    code: 'truncated',
    reason: 'verify-size',
    severity: 'warning',
    text: 'The message is {bytes} bytes, more than the {limit} Header Lens verifies; only the signed header fields were checked, not the body hashes.',
  },
} as const satisfies Readonly<Record<string, WarningEntry>>;

/** A verification warning with its holes filled. */
export const verifyWarning = warningsOf(VERIFY_WARNINGS);
