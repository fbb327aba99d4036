// Over 300 lines: one table, one entry per hint, each its condition, severity and text side by
// side; split, the choice of advice would be spread over files.
import { orgDomain } from '../psl/domain-name.ts';
import { ipVersion } from '../parse/parse-ip.ts';
import type {
  ArcVerdict,
  Bounce,
  DkimVerdict,
  DmarcVerdict,
  Hop,
  Severity,
  SpfVerdict,
  VerdictStatus,
} from '../report.ts';

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
  arc: ArcVerdict;
  /** The overall verdict (verdict/derive-verdict.ts). */
  status: VerdictStatus;
}

export type HintParams = Record<string, string>;

/**
 * One diagnostic: when `match` returns parameters (one set per hint), the hint's text and record
 * are its templates with `{name}` replaced. Keeping the wording here, as data, makes it reviewable
 * and translatable (the popup looks texts up by `code`).
 *
 * Longer than most files: it is one table, every hint with its condition and English text, kept
 * together so it reads (and is reviewed and translated) as the catalogue it is.
 */
export interface HintRule {
  code: string;
  severity: Severity;
  text: string;
  /** A complete record, safe to publish as it stands (never a placeholder). */
  record?: string;
  recordName?: string;
  /** Verdicts under which the hint is not shown: advice for the sender is wrong for the
   * recipient of a forged message, and for mail a forwarder changed. */
  unless?: readonly VerdictStatus[];
  match: (f: HintFacts) => HintParams | HintParams[] | null;
}

/** Advice for the domain's owner: never shown on a message with forged results, whose recipient
 * must not authorize the sender. */
const FOR_SENDER: readonly VerdictStatus[] = ['suspicious'];
/** Advice that a forwarder's change (a list footer, a new envelope) makes wrong. */
const NOT_FORWARDED: readonly VerdictStatus[] = ['suspicious', 'forwarded'];

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
/**
 * What the receiver's comment blames for a permerror. Not plain "lookup": every Gmail permerror
 * says `permanent error in processing during lookup of x@example.com: <why>`, so only the part
 * after the address is read.
 */
function permerrorCause(f: HintFacts): 'lookups' | 'records' | 'syntax' | 'unknown' {
  const why = permerrorDetail(f).toLowerCase();
  if (/too many|lookup limit|void lookup|\b10\b/.test(why)) return 'lookups';
  if (/duplicate|multiple|more than one|two (spf )?records/.test(why)) return 'records';
  if (/syntax|invalid|unknown mechanism|parse|malformed|unrecognized/.test(why)) return 'syntax';
  return 'unknown';
}

/** The receiver's reason for a permerror: its comment after the domain or address it names. */
function permerrorDetail(f: HintFacts): string {
  const comment = f.spf.comment ?? '';
  const lookup = comment.toLowerCase().indexOf('lookup of ');
  const tail = lookup === -1 ? comment : comment.slice(lookup + 10);
  const colon = tail.indexOf(': ');
  return (colon === -1 ? tail : tail.slice(colon + 2)).trim() || comment;
}

/** SPF failed because of the IP (softfail, fail, neutral, or Gmail's bounce saying SPF did not
 * pass), not because the record or DNS is broken. */
function isAboutTheIp(f: HintFacts): boolean {
  const r = f.spf.result;
  return r === 'softfail' || r === 'fail' || r === 'neutral' || r === null;
}

function spfParams(f: HintFacts, ip: string): HintParams {
  return { domain: spfDomain(f), ip, mechanism: `ip${ipVersion(ip)}:${ip}` };
}

export const HINT_RULES: readonly HintRule[] = [
  {
    code: 'forged-results',
    severity: 'error',
    text:
      'Do not trust what this message claims: authentication results were written into it by the ' +
      "sending side, in {receiver}'s name or a look-alike. Judge it by the receiving server's own " +
      'verdict only, and check who really sent it: it came from {ip}. Do not change any DNS ' +
      'record because of it.',
    match: (f) =>
      f.status === 'suspicious'
        ? { receiver: receiverName(f), ip: f.spf.clientIp ?? f.inbound?.ip ?? 'an unknown address' }
        : null,
  },
  {
    code: 'forwarded-arc',
    severity: 'info',
    text:
      'A forwarder (a mailing list or a forwarding rule) changed the message, so the original ' +
      "signature no longer matches and DMARC failed; {receiver} trusted the forwarder's ARC seal " +
      '(instance {instance}) and accepted it. Nothing for the original sender to fix.',
    match: (f) =>
      f.status === 'forwarded'
        ? { receiver: receiverName(f), instance: String(f.arc.instance ?? '?') }
        : null,
  },
  {
    code: 'spf-fix-new',
    severity: 'error',
    text:
      '{domain} has no SPF record. If {ip} is your sending server, publish this TXT record at ' +
      '{domain} (if it is not, someone else sent this message: change nothing). If an SPF record ' +
      'has been published since, add {mechanism} to that one instead: a domain must have exactly ' +
      "one. DNS changes take up to the record's TTL (often an hour) to be seen.",
    record: 'v=spf1 {mechanism} ~all',
    recordName: '{domain}',
    unless: NOT_FORWARDED,
    match: (f) =>
      f.spf.result === 'none' && f.spf.clientIp !== null && f.spf.domain !== null
        ? spfParams(f, f.spf.clientIp)
        : null,
  },
  {
    code: 'spf-fix-add',
    severity: 'error',
    text:
      'If {ip} is your sending server, add {mechanism} to the SPF record of {domain}, before its ' +
      'final "all", and keep everything else in it (if it is not, someone else sent this message: ' +
      'change nothing). A check of current DNS builds the exact record from the one published today.',
    unless: NOT_FORWARDED,
    match: (f) =>
      spfFailed(f) && f.spf.result !== 'none' && isAboutTheIp(f) && f.spf.clientIp !== null
        ? spfParams(f, f.spf.clientIp)
        : null,
  },
  {
    code: 'spf-ipv6-client',
    severity: 'warning',
    unless: NOT_FORWARDED,
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
    unless: NOT_FORWARDED,
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
    unless: NOT_FORWARDED,
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
    unless: NOT_FORWARDED,
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
    unless: NOT_FORWARDED,
    text: '{domain} publishes no SPF record, so no server is authorized to send its mail.',
    // With the client IP known, spf-fix-new says this and gives the record.
    match: (f) =>
      f.spf.result === 'none' && f.spf.clientIp === null ? { domain: spfDomain(f) } : null,
  },
  {
    code: 'spf-permerror-lookups',
    severity: 'error',
    unless: FOR_SENDER,
    text:
      'SPF permerror: evaluating the record of {domain} needs more than 10 DNS lookups (include, a, ' +
      'mx, ptr, exists, redirect count; nested includes too). Adding the IP alone will not fix ' +
      'that: remove includes of services you no longer use, or replace them with their ip4:/ip6: ' +
      'ranges.',
    match: (f) =>
      f.spf.result === 'permerror' && permerrorCause(f) === 'lookups'
        ? { domain: spfDomain(f) }
        : null,
  },
  {
    code: 'spf-permerror-records',
    severity: 'error',
    unless: FOR_SENDER,
    text:
      'SPF permerror: {domain} publishes more than one v=spf1 record, which is an error by itself ' +
      '(RFC 7208 §4.5). Merge them into one record, keeping every mechanism; adding an IP will not ' +
      'fix this.',
    match: (f) =>
      f.spf.result === 'permerror' && permerrorCause(f) === 'records'
        ? { domain: spfDomain(f) }
        : null,
  },
  {
    code: 'spf-permerror-syntax',
    severity: 'error',
    unless: FOR_SENDER,
    text:
      'SPF permerror: the record of {domain} has a syntax error ({detail}). Correct the spelling of ' +
      'that term; adding an IP will not fix this.',
    match: (f) =>
      f.spf.result === 'permerror' && permerrorCause(f) === 'syntax'
        ? { domain: spfDomain(f), detail: permerrorDetail(f) }
        : null,
  },
  {
    code: 'spf-permerror',
    severity: 'error',
    unless: FOR_SENDER,
    text:
      'SPF permerror: the record of {domain} is broken — two v=spf1 records, a syntax error, or an ' +
      'include: that points to a domain without SPF; the receiver did not say which. Adding an IP ' +
      'will not fix it: "Check current DNS" evaluates the record and names the problem.',
    match: (f) =>
      f.spf.result === 'permerror' && permerrorCause(f) === 'unknown'
        ? { domain: spfDomain(f) }
        : null,
  },
  {
    code: 'spf-temperror',
    severity: 'warning',
    unless: FOR_SENDER,
    text:
      'SPF temperror: the receiver could not query the DNS of {domain} (timeout or server failure). ' +
      'This is not about the IP: check that the name servers answer TXT queries; Gmail defers ' +
      'such mail (4.7.26).',
    match: (f) => (f.spf.result === 'temperror' ? { domain: spfDomain(f) } : null),
  },
  {
    code: 'dkim-missing',
    severity: 'warning',
    unless: FOR_SENDER,
    text:
      'The message has no DKIM signature. Sign outgoing mail for {domain} (OpenDKIM or rspamd with ' +
      "postfix, or your provider's DKIM setting) and publish the public key your signer generates as " +
      'a TXT record at <selector>._domainkey.{domain} ("v=DKIM1; k=rsa; p=" and the key). Without ' +
      'DKIM, one SPF problem is enough for Gmail to reject.',
    match: (f) =>
      f.dkim.length === 0 && f.trusted ? { domain: fromDomain(f) ?? spfDomain(f) } : null,
  },
  {
    code: 'dkim-no-key',
    severity: 'error',
    unless: FOR_SENDER,
    text:
      'The DKIM signature by {domain} (selector {selector}) could not be checked: no public key at ' +
      '{keyName}. Publish the key your signer generated there (as one TXT record).',
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
    unless: NOT_FORWARDED,
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
    unless: NOT_FORWARDED,
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
    unless: FOR_SENDER,
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
    unless: NOT_FORWARDED,
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
    unless: NOT_FORWARDED,
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
    unless: NOT_FORWARDED,
    text:
      'Gmail requires every sender to pass SPF or DKIM; this message passes neither, so Gmail may ' +
      'reject messages like it with 550 5.7.26.',
    match: (f) => (f.receiver === 'Gmail' && spfNotPass(f) && !dkimPassed(f) ? {} : null),
  },
  {
    code: 'gmail-bulk-requirements',
    severity: 'info',
    unless: NOT_FORWARDED,
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
    unless: FOR_SENDER,
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
    unless: ['suspicious'],
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
