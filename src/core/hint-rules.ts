import { orgDomain } from './domain-name.ts';
import { ipVersion } from './parse-ip.ts';
import type { Bounce, DkimVerdict, DmarcVerdict, Hop, Severity, SpfVerdict } from './report.ts';

/** What the rules look at: the verdicts, before hints are added. */
export interface HintFacts {
  spf: Omit<SpfVerdict, 'fix'>;
  dkim: readonly DkimVerdict[];
  dmarc: DmarcVerdict;
  inbound: Hop | null;
  /** Provider name of the receiving server (`Gmail`, `Microsoft`...), when known. */
  receiver: string | null;
  /** The receiver's results were found and used. */
  trusted: boolean;
  bounce: Bounce | null;
}

export type HintParams = Record<string, string>;

/**
 * One diagnostic: when `match` returns parameters (one set per hint), the hint's text and record
 * are its templates with `{name}` replaced. Keeping the wording here, as data, makes it reviewable
 * and translatable (the popup looks texts up by `code`).
 */
export interface HintRule {
  code: string;
  severity: Severity;
  text: string;
  record?: string;
  recordName?: string;
  match: (f: HintFacts) => HintParams | HintParams[] | null;
}

const spfNotPass = (f: HintFacts): boolean => f.spf.result !== 'pass';
/** SPF is known not to have passed: the receiver said so, or Gmail's bounce did
 * (`SPF [example.com] with ip: [203.0.113.5] = did not pass`). No result at all is not evidence. */
const spfFailed = (f: HintFacts): boolean =>
  f.spf.result !== null ? f.spf.result !== 'pass' : f.bounce?.clientIp != null;
const dkimPassed = (f: HintFacts): boolean => f.dkim.some((d) => d.result === 'pass');
const alignedDkimPassed = (f: HintFacts): boolean =>
  f.dkim.some((d) => d.result === 'pass' && d.aligned === true);
const spfDomain = (f: HintFacts): string => f.spf.domain ?? 'the MAIL FROM (Return-Path) domain';
const fromDomain = (f: HintFacts): string | null => f.dmarc.headerFrom;
const receiverName = (f: HintFacts): string =>
  f.receiver ?? f.inbound?.by ?? 'the receiving server';
/** The receiver blamed the lookup limit. Not plain "lookup": every Gmail permerror says
 * `permanent error in processing during lookup of x@example.com: <why>`. */
const tooManyLookups = (f: HintFacts): boolean =>
  /too many|lookups|limit/i.test(f.spf.comment ?? '');

export const HINT_RULES: readonly HintRule[] = [
  {
    code: 'spf-fix',
    severity: 'error',
    text:
      'If {ip} is your sending server, publish this as a TXT record at {domain} (if it is not, ' +
      'someone else sent this message: change nothing). Header Lens cannot see the current record ' +
      'offline: if {domain} already has an SPF record, add {mechanism} to it before the final ' +
      '"all" and keep every include: it has — a domain must have exactly one SPF record. DNS ' +
      "changes take up to the record's TTL (often an hour) to be seen.",
    record: 'v=spf1 {mechanism} ~all',
    recordName: '{domain}',
    match: (f) =>
      spfFailed(f) && f.spf.clientIp !== null
        ? {
            domain: spfDomain(f),
            ip: f.spf.clientIp,
            mechanism: `ip${ipVersion(f.spf.clientIp)}:${f.spf.clientIp}`,
          }
        : null,
  },
  {
    code: 'spf-ipv6-client',
    severity: 'warning',
    text:
      'Your server reached {receiver} over IPv6 ({ip}). A record that lists only ip4: addresses does ' +
      "not cover it: add ip6:{ip} (or your server's /64), or make postfix send over IPv4 with " +
      '"smtp_address_preference = ipv4" in main.cf.',
    match: (f) =>
      spfFailed(f) && f.spf.clientIp !== null && ipVersion(f.spf.clientIp) === 6
        ? { ip: f.spf.clientIp, receiver: receiverName(f) }
        : null,
  },
  {
    code: 'spf-fail',
    severity: 'error',
    text:
      'SPF hard fail: the record of {domain} ends in -all and does not list {ip}. Gmail rejects such ' +
      'mail with 550 5.7.26 unless DKIM passes. Add the IP; ~all instead of -all softens the failure ' +
      'while you fix the record.',
    match: (f) =>
      f.spf.result === 'fail'
        ? { domain: spfDomain(f), ip: f.spf.clientIp ?? 'the sending IP' }
        : null,
  },
  {
    code: 'spf-softfail',
    severity: 'warning',
    text:
      'SPF softfail: the record of {domain} ends in ~all and does not list {ip}. The message is ' +
      'treated as suspicious; without a DKIM pass Gmail may reject it (5.7.26) or file it as spam.',
    match: (f) =>
      f.spf.result === 'softfail'
        ? { domain: spfDomain(f), ip: f.spf.clientIp ?? 'the sending IP' }
        : null,
  },
  {
    code: 'spf-neutral',
    severity: 'warning',
    text:
      'SPF neutral: the record of {domain} neither authorizes nor denies {ip} (it ends in ?all, or ' +
      'the receiver guessed a record). Neutral is not a pass.',
    match: (f) =>
      f.spf.result === 'neutral'
        ? { domain: spfDomain(f), ip: f.spf.clientIp ?? 'the sending IP' }
        : null,
  },
  {
    code: 'spf-none',
    severity: 'error',
    text: '{domain} publishes no SPF record, so no server is authorized to send its mail.',
    match: (f) => (f.spf.result === 'none' ? { domain: spfDomain(f) } : null),
  },
  {
    code: 'spf-permerror-lookups',
    severity: 'error',
    text:
      'SPF permerror: evaluating the record of {domain} needs more than 10 DNS lookups (include, a, ' +
      'mx, ptr, exists, redirect count; nested includes too). Adding the IP alone will not fix ' +
      'that: remove includes of services you no longer use, or replace them with their ip4:/ip6: ' +
      'ranges.',
    match: (f) =>
      f.spf.result === 'permerror' && tooManyLookups(f) ? { domain: spfDomain(f) } : null,
  },
  {
    code: 'spf-permerror',
    severity: 'error',
    text:
      'SPF permerror: the record of {domain} is broken — two v=spf1 records, a syntax error, or an ' +
      'include: that points to a domain without SPF. Merge everything into one record and check ' +
      "each mechanism's spelling.",
    match: (f) =>
      f.spf.result === 'permerror' && !tooManyLookups(f) ? { domain: spfDomain(f) } : null,
  },
  {
    code: 'spf-temperror',
    severity: 'warning',
    text:
      'SPF temperror: the receiver could not query the DNS of {domain} (timeout or server failure). ' +
      'This is not about the IP: check that the name servers answer TXT queries; Gmail defers ' +
      'such mail (4.7.26).',
    match: (f) => (f.spf.result === 'temperror' ? { domain: spfDomain(f) } : null),
  },
  {
    code: 'dkim-missing',
    severity: 'warning',
    text:
      'The message has no DKIM signature. Sign outgoing mail for {domain} (OpenDKIM or rspamd with ' +
      "postfix, or your provider's DKIM setting) and publish the public key as a TXT record at " +
      '<selector>._domainkey.{domain}. Without DKIM, one SPF problem is enough for Gmail to reject.',
    record: 'v=DKIM1; k=rsa; p=<public key from your signer>',
    recordName: '<selector>._domainkey.{domain}',
    match: (f) =>
      f.dkim.length === 0 && f.trusted ? { domain: fromDomain(f) ?? spfDomain(f) } : null,
  },
  {
    code: 'dkim-no-key',
    severity: 'error',
    text:
      'The DKIM signature by {domain} (selector {selector}) could not be checked: no public key at ' +
      '{keyName}. Publish the key your signer generated there (as one TXT record).',
    record: 'v=DKIM1; k=rsa; p=<public key from your signer>',
    recordName: '{keyName}',
    match: (f) =>
      f.dkim
        .filter(
          (d) => d.keyName !== null && /no key|key not found|no public key/i.test(d.reason ?? ''),
        )
        .map((d) => dkimParams(d)),
  },
  {
    code: 'dkim-fail',
    severity: 'error',
    text:
      'The DKIM signature by {domain} (selector {selector}) did not verify ({reason}). Check that the ' +
      'key at {keyName} matches the signer\'s private key; "body hash did not verify" means the ' +
      'message changed after signing (a footer, a relay, a mailing list).',
    match: (f) =>
      f.dkim
        .filter(
          (d) =>
            (d.result === 'fail' || d.result === 'neutral' || d.result === 'permerror') &&
            !/no key|key not found|no public key/i.test(d.reason ?? ''),
        )
        .map((d) => dkimParams(d)),
  },
  {
    code: 'dkim-not-aligned',
    severity: 'warning',
    text:
      'DKIM passed for {dkimDomain}, which is not aligned with the From: domain {domain}. DMARC ' +
      'needs a signature with d={org} or one of its subdomains: configure your sender to sign with ' +
      'your own domain.',
    match: (f) => {
      const from = fromDomain(f);
      const passed = f.dkim.find((d) => d.result === 'pass' && d.aligned === false);
      return from !== null && passed !== undefined && !alignedDkimPassed(f)
        ? { dkimDomain: passed.domain ?? '?', domain: from, org: orgDomain(from) ?? from }
        : null;
    },
  },
  {
    code: 'dmarc-missing',
    severity: 'warning',
    text:
      '{domain} publishes no DMARC record. Start with monitoring only (p=none) and reports to an ' +
      'address you read; tighten to quarantine or reject once the reports are clean.',
    record: 'v=DMARC1; p=none; rua=mailto:dmarc-reports@{domain}',
    recordName: '_dmarc.{domain}',
    match: (f) => {
      const from = fromDomain(f);
      return from !== null && (f.dmarc.result === 'none' || f.dmarc.result === 'bestguesspass')
        ? { domain: from }
        : null;
    },
  },
  {
    code: 'dmarc-fail',
    severity: 'error',
    text:
      'DMARC failed for {domain}: neither SPF nor DKIM passed with a domain aligned to From: ' +
      '(published policy p={policy}). With p=reject receivers refuse such mail (Gmail: 550 ' +
      '5.7.26), with p=quarantine they file it as spam, with p=none they deliver it.',
    match: (f) => {
      const from = fromDomain(f);
      return from !== null && f.dmarc.result === 'fail'
        ? { domain: from, policy: f.dmarc.policy ?? 'none' }
        : null;
    },
  },
  {
    code: 'from-not-aligned',
    severity: 'warning',
    text:
      'SPF passed for {spfDomain}, which is not aligned with the From: domain {domain}, and no aligned ' +
      'DKIM signature passed. Use a MAIL FROM (Return-Path) address in {domain}, or sign DKIM with ' +
      'd={domain} (Gmail: 4.7.32).',
    match: (f) => {
      const from = fromDomain(f);
      return from !== null &&
        f.spf.result === 'pass' &&
        f.dmarc.spfAligned === false &&
        !alignedDkimPassed(f)
        ? { spfDomain: f.spf.domain ?? '?', domain: from }
        : null;
    },
  },
  {
    code: 'gmail-unauthenticated',
    severity: 'error',
    text:
      'Gmail requires every sender to pass SPF or DKIM; this message passes neither, so Gmail may ' +
      'reject messages like it with 550 5.7.26.',
    match: (f) => (f.receiver === 'Gmail' && spfNotPass(f) && !dkimPassed(f) ? {} : null),
  },
  {
    code: 'gmail-bulk-requirements',
    severity: 'info',
    text:
      'If you send more than 5,000 messages a day to Gmail you also need: SPF and DKIM both passing, ' +
      'a DMARC record (p=none is enough), From: aligned with SPF or DKIM, and one-click unsubscribe.',
    match: (f) =>
      f.receiver === 'Gmail' && (!dkimPassed(f) || spfNotPass(f) || f.dmarc.result === 'none')
        ? {}
        : null,
  },
  {
    code: 'no-tls',
    severity: 'warning',
    text:
      'The message reached {receiver} without TLS ({protocol}). Gmail requires TLS from bulk senders ' +
      '(4.7.29); in postfix set "smtp_tls_security_level = may".',
    match: (f) =>
      f.inbound !== null &&
      f.inbound.tls === null &&
      /^(E?SMTP|UTF8SMTP)$/i.test(f.inbound.with ?? '')
        ? { receiver: receiverName(f), protocol: f.inbound.with ?? '' }
        : null,
  },
  {
    code: 'no-results',
    severity: 'warning',
    text:
      'No authentication results from the receiving server were found. Open the message in the ' +
      "recipient's mailbox (Gmail: ⋮ → Show original) and analyze that copy.",
    match: (f) => (!f.trusted && f.bounce === null ? {} : null),
  },
];

function dkimParams(d: DkimVerdict): HintParams {
  return {
    domain: d.domain ?? '?',
    selector: d.selector ?? '?',
    keyName: d.keyName ?? '?',
    reason: d.reason ?? d.result,
  };
}
