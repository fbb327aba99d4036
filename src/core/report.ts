import type { SpfResult } from './parse/auth-result-tokens.ts';
import type { ArcVerification, DkimVerification, VerifyInput } from './dkim/verify-types.ts';
import type { DkimLive, DmarcLive, PtrLive, SpfLive } from './live/live-types.ts';

export type { DkimLive, DmarcLive, DnsFix, LiveMeta, PtrLive, SpfLive } from './live/live-types.ts';
export type * from './dkim/verify-types.ts';

/**
 * The report: a stable JSON contract (`inspect --json`, the popup, scripts). Names listed in the
 * README's "Report contract" are never renamed; fields are only added.
 */

/** RFC 7208 §2.6 results, lowercase. */
export type { SpfResult } from './parse/auth-result-tokens.ts';

export type Severity = 'error' | 'warning' | 'info';

/**
 * What to change in the SPF record, safe to follow as it stands:
 *   - `record`: a complete record, only where publishing it replaces nothing — the domain has no
 *     SPF record (result `none`); after "Check current DNS" the merged record is `spf.live.fix`;
 *   - `add`: otherwise, the mechanism to add before the final `all` of the existing record
 *     (`ip4:192.0.2.145`), with `record` null.
 * Null when there is nothing safe to suggest: SPF passed, the client IP is unknown, the failure is
 * not about the IP (permerror, temperror: the hints name the cause), or the message is
 * suspicious (its recipient should not authorize the sender).
 */
export interface SpfFix {
  record: string | null;
  add: string | null;
  /** Where to publish it or what to add, and what to keep. */
  text: string;
}

export type VerdictStatus =
  'authenticated' | 'forwarded' | 'unauthenticated' | 'suspicious' | 'unknown';

/** The answer at a glance: one status and one sentence (docs/trust-model.md for what is trusted). */
export interface Verdict {
  /**
   * `authenticated`: DMARC pass, or with no DMARC result an aligned SPF or DKIM pass;
   * `forwarded`: DMARC did not pass but the receiver's own ARC result passed;
   * `unauthenticated`: no aligned pass; `suspicious`: forged or untrusted authentication
   * headers were found; `unknown`: no results from the receiving server.
   */
  status: VerdictStatus;
  headline: string;
  /** The headline as a code and values, for translations (`verdict_<code>`). */
  code: string;
  params: Readonly<Record<string, string>>;
}

export type ClientIpSource =
  'received-spf' | 'received-spf-comment' | 'authentication-results' | 'inbound-hop' | 'bounce';

export interface SpfVerdict {
  result: SpfResult | null;
  /** The connecting client's address as the receiving server recorded it. */
  clientIp: string | null;
  /** The domain the SPF check was made for (MAIL FROM domain, or the HELO name). */
  domain: string | null;
  identity: 'mailfrom' | 'helo' | null;
  fix: SpfFix | null;
  /** The envelope sender as given (`smtp.mailfrom`, `envelope-from`), for display. */
  mailFrom: string | null;
  /** Where `clientIp` was read. */
  clientIpSource: ClientIpSource | null;
  /** The receiver's own explanation, e.g. `google.com: domain of x designates ... as permitted`. */
  comment: string | null;
  /** The HELO identity's result when reported separately (postfix policyd-spf). Not the verdict. */
  helo: { result: SpfResult; domain: string | null } | null;
  /** Google Workspace's inbound-gateway SPF (`gateway.spf=`). Not the verdict. */
  gateway: SpfResult | null;
  /** The same identity against current DNS, when a live check ran (`inspect --live`). */
  live?: SpfLive;
}

export interface DkimVerdict {
  /** RFC 8601 dkim result (`pass`, `fail`, `neutral`, `none`, `policy`, `temperror`, `permerror`). */
  result: string;
  /** Signing domain (d=). */
  domain: string | null;
  selector: string | null;
  reason: string | null;
  /** Relaxed alignment of d= with the From: domain; null when either is unknown. */
  aligned: boolean | null;
  /** Where the public key is published: `<selector>._domainkey.<domain>`. */
  keyName: string | null;
  /** The key record in current DNS, when a live check ran. */
  live?: DkimLive;
  /** The signature verified locally with the key in current DNS (`inspect --verify`). */
  verify?: DkimVerification;
}

export interface DmarcVerdict {
  result: string | null;
  /** Published policy p= (lowercase), as reported by the receiver. */
  policy: string | null;
  subdomainPolicy: string | null;
  /** The disposition the receiver applied (`dis=`, Microsoft `action=`). */
  disposition: string | null;
  /** The RFC5322.From domain. */
  headerFrom: string | null;
  /** The SPF domain and the From: domain share an organizational domain (relaxed alignment). */
  spfAligned: boolean | null;
  /** At least one DKIM signing domain aligns with From: (relaxed). Per signature: `dkim[i].aligned`. */
  dkimAligned: boolean | null;
  /** The From: domain's DMARC record in current DNS, when a live check ran. */
  live?: DmarcLive;
}

export interface ArcVerdict {
  /** The receiver's `arc=` result, or the highest ARC-Seal's `cv=` when it reported none. */
  result: string | null;
  /** Highest ARC instance (i=) present. */
  instance: number | null;
  /** The ARC header sets are complete and gap-free (RFC 8617 §5.1.1 structure only). */
  structureValid: boolean | null;
  /** The chain verified locally with the keys in current DNS (`inspect --verify`). */
  verify?: ArcVerification;
}

export interface Hop {
  /** What the sending host said it was: the HELO name, or the rDNS name when there was no HELO. */
  from: string | null;
  /** The connecting IP address (normalized; IPv4-mapped IPv6 becomes IPv4). */
  ip: string | null;
  by: string | null;
  /** Protocol (`ESMTPS`, `SMTP`, `LMTP`, `HTTP`...). */
  with: string | null;
  /** ISO 8601 UTC. */
  date: string | null;
  /** Seconds since the previous (older) hop; null when either date is unknown. */
  delaySeconds: number | null;
  helo: string | null;
  rdns: string | null;
  tls: string | null;
  id: string | null;
  for: string | null;
  /** The delay is negative: the two servers' clocks disagree. */
  clockSkew: boolean;
  /** This hop is where the receiving server accepted the message from outside. */
  inbound: boolean;
}

export interface Hint {
  code: string;
  severity: Severity;
  text: string;
  record: string | null;
  /** Where the record goes (`example.com`, `_dmarc.example.com`). */
  recordName: string | null;
  /** Values interpolated into `text`, for translations. */
  params: Readonly<Record<string, string>>;
}

export interface Warning {
  code: string;
  /** `error`: a possible forgery, shown before everything else; `warning`: a finding to act on
   * or know; `info`: how the input was read (findings/warning-catalogue.ts). */
  severity: Severity;
  text: string;
  /** Values in `text`, for translations (`reason` picks a variant of the message). */
  params?: Readonly<Record<string, string>>;
}

export interface Bounce {
  replyCode: number | null;
  enhancedCode: string | null;
  host: string | null;
  text: string;
  /** What the code means and what to change, when it is one of Gmail's documented codes. */
  meaning: string | null;
  fix: string | null;
  /** What Gmail's reply says it checked: `SPF [example.com] with ip: [203.0.113.5]`. */
  spfDomain: string | null;
  clientIp: string | null;
}

export interface AuthResultSummary {
  authservId: string | null;
  method: string;
  result: string;
  /** Why the result was not used as a verdict. */
  why: string;
  /** The same as a code: `before-any-server`, `no-authserv-id`, `outside-block`, `look-alike`
   * or `earlier-server`. */
  reason: string;
  /** It claims the receiver, a mailbox provider or a look-alike: a forgery candidate. */
  forged: boolean;
  /** Index of the header field it came from (0 is the topmost), shared by its methods. */
  header: number;
}

export interface MessageSummary {
  from: string | null;
  to: string | null;
  subject: string | null;
  date: string | null;
  messageId: string | null;
  /** `List-Id:`, when the message came through a mailing list. */
  listId: string | null;
}

export interface DkimSignature {
  domain: string | null;
  selector: string | null;
  algorithm: string | null;
  identity: string | null;
  canonicalization: string | null;
  signedHeaders: string[];
  /** Signature timestamp / expiry, ISO 8601 UTC. */
  timestamp: string | null;
  expires: string | null;
}

export interface Report {
  /** The answer at a glance. */
  verdict: Verdict;
  spf: SpfVerdict;
  dkim: DkimVerdict[];
  dmarc: DmarcVerdict;
  arc: ArcVerdict;
  /** The receiving server's authserv-id (RFC 8601 `authserv-id`) whose results were used. */
  authservId: string | null;
  /** Microsoft's composite authentication (`compauth=pass reason=100`). */
  compauth: { result: string; reason: string | null } | null;
  /** Oldest first. */
  hops: Hop[];
  /** Seconds from the Date: header to the newest hop. */
  totalSeconds: number | null;
  hints: Hint[];
  warnings: Warning[];
  bounce: Bounce | null;
  message: MessageSummary;
  dkimSignatures: DkimSignature[];
  /** Auth results found outside the receiver's trace block: shown, never used as verdicts. */
  untrustedResults: AuthResultSummary[];
  /** What the input was read as. */
  input: 'message' | 'bounce' | 'empty';
  /** Reverse DNS of the client IP in current DNS, when a live check ran. */
  ptr?: { live: PtrLive };
  /** The copy of the message the signatures were verified on, when they were. */
  verifyInput?: VerifyInput;
}
