import { VERIFY_WARNINGS } from '../dkim/verify-warnings.ts';
import { READ_WARNINGS } from '../read/read-warnings.ts';
import { type WarningEntry, warningsOf } from './make-warning.ts';

/**
 * Every warning the core can report, as data (the reading stage's own and verification's, which
 * the content side and the popup load without the rest, are in read/read-warnings.ts and
 * dkim/verify-warnings.ts and are part of this table): its code, the `reason` that picks the variant
 * (reported in `params.reason`), its severity and its English template. `{name}` holes are
 * filled from the parameters, which go into the report too, so a translation
 * (`warning_<code>_<reason>` in _locales) can say the same with its own words.
 *
 * Severity orders them for display: `error` is a possible forgery (shown before everything
 * else), `warning` a finding the user should act on or know, `info` how the input was read.
 */

const FORGED_AR = 'Possible forgery: a {header} field says {says}, but it';
const FORGED_ARC = 'Possible forgery: an ARC set says {says}, but it';
const ARC_ONLY_INFO = 'ARC sets are only ever information; it was ignored.';

export const WARNINGS = {
  ...READ_WARNINGS,
  ...VERIFY_WARNINGS,
  'untrusted-auth-header-before-any-server': {
    code: 'untrusted-auth-header',
    reason: 'before-any-server',
    severity: 'error',
    text: `${FORGED_AR} was written into the message before any mail server handled it. It was ignored.`,
  },
  'untrusted-auth-header-no-authserv-id': {
    code: 'untrusted-auth-header',
    reason: 'no-authserv-id',
    severity: 'error',
    text: `${FORGED_AR} has no authserv-id (Microsoft's form) and sits outside the headers Microsoft's servers wrote on arrival. It was ignored.`,
  },
  'untrusted-auth-header-outside-block': {
    code: 'untrusted-auth-header',
    reason: 'outside-block',
    severity: 'error',
    text: `${FORGED_AR} claims to be from {claim} and sits outside the headers that server wrote on arrival, where the sender's side can write. It was ignored.`,
  },
  'untrusted-auth-header-look-alike': {
    code: 'untrusted-auth-header',
    reason: 'look-alike',
    severity: 'error',
    text: `${FORGED_AR} claims {claim}, a look-alike of {imitates}. It was ignored.`,
  },
  'untrusted-auth-header-earlier-server': {
    code: 'untrusted-auth-header',
    reason: 'earlier-server',
    severity: 'error',
    text: `${FORGED_AR} was written by an earlier server. It was ignored.`,
  },
  'untrusted-auth-header-contradicts': {
    code: 'untrusted-auth-header',
    reason: 'contradicts',
    severity: 'error',
    text: "Possible forgery: a {header} field that claims to be from {claim} says {says}, which contradicts the receiver's own {receiverSays}. It sits where the sender's side can write and was ignored.",
  },
  'untrusted-auth-header-repeats': {
    code: 'untrusted-auth-header',
    reason: 'repeats',
    severity: 'error',
    text: "Possible forgery: a {header} field that claims to be from {claim} reports {method} again ({says}), which the receiver had already reported. It sits where the sender's side can write and was ignored.",
  },
  'untrusted-auth-header-arc-before-any-server': {
    code: 'untrusted-auth-header',
    reason: 'arc-before-any-server',
    severity: 'error',
    text: `${FORGED_ARC} was written into the message before any mail server handled it. ${ARC_ONLY_INFO}`,
  },
  'untrusted-auth-header-arc-no-authserv-id': {
    code: 'untrusted-auth-header',
    reason: 'arc-no-authserv-id',
    severity: 'error',
    text: `${FORGED_ARC} names no server. ${ARC_ONLY_INFO}`,
  },
  'untrusted-auth-header-arc-outside-block': {
    code: 'untrusted-auth-header',
    reason: 'arc-outside-block',
    severity: 'error',
    text: `${FORGED_ARC} claims to be from {claim} and sits outside the headers that server wrote on arrival, where the sender's side can write. ${ARC_ONLY_INFO}`,
  },
  'untrusted-auth-header-arc-look-alike': {
    code: 'untrusted-auth-header',
    reason: 'arc-look-alike',
    severity: 'error',
    text: `${FORGED_ARC} claims {claim}, a look-alike of {imitates}. ${ARC_ONLY_INFO}`,
  },
  'untrusted-auth-header-arc-earlier-server': {
    code: 'untrusted-auth-header',
    reason: 'arc-earlier-server',
    severity: 'error',
    text: `${FORGED_ARC} was added by an earlier server. ${ARC_ONLY_INFO}`,
  },
  'no-trace': {
    code: 'no-trace',
    severity: 'warning',
    text: 'There is no Received field, so Header Lens cannot tell which server wrote these results; they are shown as given.',
  },
  'no-trusted-results': {
    code: 'no-trusted-results',
    severity: 'warning',
    text: 'None of the authentication fields sits among the headers the receiving server wrote on arrival, so none is used as a verdict.',
  },
  'multiple-from-fields': {
    code: 'multiple-from',
    reason: 'fields',
    severity: 'warning',
    text: 'The message has more than one From: field; DMARC receivers (Gmail among them) reject such messages.',
  },
  'multiple-from-addresses': {
    code: 'multiple-from',
    reason: 'addresses',
    severity: 'warning',
    text: 'The From: field holds more than one address; DMARC receivers (Gmail among them) reject such messages.',
  },
  'spf-results-disagree': {
    code: 'spf-results-disagree',
    severity: 'warning',
    text: "The receiver's Authentication-Results says spf={arResult} but its Received-SPF says {spfResult}; the Authentication-Results value is shown.",
  },
  'client-ip-mismatch': {
    code: 'client-ip-mismatch',
    severity: 'warning',
    text: 'The receiver checked SPF for {ip}, but its Received field shows the connection from {hopIp}.',
  },
  'truncated-received': {
    code: 'truncated',
    reason: 'received',
    severity: 'warning',
    text: 'The message has {count} Received fields; only the topmost {limit} were analyzed.',
  },
  'truncated-auth-results': {
    code: 'truncated',
    reason: 'auth-results',
    severity: 'warning',
    text: 'More than {limit} Authentication-Results or Received-SPF fields; only the topmost were analyzed.',
  },
  'truncated-results': {
    code: 'truncated',
    reason: 'results',
    severity: 'warning',
    text: 'An Authentication-Results field holds more than {limit} results; only the first {limit} were read.',
  },
  'truncated-arc-instance': {
    code: 'truncated',
    reason: 'arc-instance',
    severity: 'info',
    text: 'An ARC header has a missing or out-of-range instance (i= must be 1 to {limit}); it was skipped.',
  },
  'truncated-comment-depth': {
    code: 'truncated',
    reason: 'comment-depth',
    severity: 'info',
    text: 'An Authentication-Results comment is nested deeper than {limit} levels; it was read as plain text.',
  },
  'unknown-result': {
    code: 'unknown-result',
    severity: 'info',
    text: 'The receiver reported {method}={result}, which is not a defined result; it was ignored.',
  },
  'not-a-message': {
    code: 'not-a-message',
    severity: 'info',
    text: 'No header fields or SMTP reply found. Paste the full headers (Gmail: ⋮ → Show original), an .eml file, or a bounce / postfix log line.',
  },
  'internal-error': {
    code: 'internal-error',
    severity: 'warning',
    text: 'Header Lens could not analyze this input ({message}). Please report it with the headers.',
  },
} as const satisfies Readonly<Record<string, WarningEntry>>;

export type WarningVariant = keyof typeof WARNINGS;

/** The warning `variant` with its holes filled (make-warning.ts). */
export const warning = warningsOf(WARNINGS);
