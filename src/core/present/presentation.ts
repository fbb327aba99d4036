import type { Bounce, Hint, MessageSummary, Verdict, Warning } from '../report.ts';

/**
 * What every view of a report draws — the popup, the terminal report, Copy report — decided once
 * here (presentReport). A view picks words for codes and lays things out; it decides nothing.
 * Every sentence is a Phrase: an English text and, for translations, its code and values.
 */

export type Tone = 'good' | 'warn' | 'bad' | 'neutral';

/** Where a phrase's translation lives: `<family>_<code>` in _locales (null: English only, as
 * the text current DNS checks write). */
export type PhraseFamily =
  | 'verdict'
  | 'action'
  | 'liveSays'
  | 'protocol'
  | 'hint'
  | 'liveAdvice'
  | 'codeFix'
  | 'verifyReason'
  | 'verifyNote'
  | 'arcVerify'
  | 'verifyView';

export interface Phrase {
  family: PhraseFamily | null;
  code: string;
  text: string;
  params: Readonly<Record<string, string>>;
}

export interface Presentation {
  verdict: Verdict & { tone: Tone };
  message: MessageSummary;
  /** SPF, DKIM and DMARC, in that order; ARC only when the receiver reported a result. */
  rows: MethodRow[];
  /** The one next step. */
  action: Action;
  /** Forgery warnings, shown before anything else. */
  alerts: Warning[];
  bounce: Bounce | null;
  /** Every other hint, errors first, without the one the action shows. */
  hints: Hint[];
  path: PathView;
  /** The other warnings (truncation, repairs, odd fields). */
  warnings: Warning[];
  /** Current DNS, when it was checked. */
  live: LiveView | null;
  /** Signatures verified with today's keys, when that ran (each answer is on its signature). */
  verification: VerifyView | null;
}

export interface Fact {
  /** What it is, as a code (`clientIp`, `domain`, `selector`...) and English label. */
  code: string;
  label: string;
  value: string;
  /** The value as a code when it is a word to translate (`alignment_<code>`), else null. */
  valueCode: string | null;
  /** A machine value (address, domain, record): shown in a monospace font. */
  mono: boolean;
}

export interface MethodRow {
  method: 'spf' | 'dkim' | 'dmarc' | 'arc';
  /** The RFC result token, or null when the receiver reported none. */
  result: string | null;
  tone: Tone;
  /** The row's key details: SPF's client IP and domain, DMARC's policy and alignment. */
  facts: Fact[];
  /** One line per DKIM signature (DKIM's row only). */
  signatures: SignatureView[];
}

export interface SignatureView {
  result: string;
  tone: Tone;
  domain: string | null;
  selector: string | null;
  /** `aligned` only beside a pass; a failed signature aligns nothing. */
  aligned: boolean | null;
  reason: string | null;
  keyName: string | null;
  /** Verified now with the key in current DNS; null until that ran. */
  verify: SignatureVerifyView | null;
}

/** A signature checked with today's key, beside the receiver's `result` at delivery. */
export interface SignatureVerifyView {
  result: string;
  tone: Tone;
  /** Why it did not pass (`body-hash-mismatch`, `key-missing`, `dns-error`…); null on a pass. */
  reason: string | null;
  text: Phrase;
  /** Values of `text` that are fixed words, by parameter: their code (`verifyPart_<code>`) for
   * a translation (`{ body: 'body-matches' }`). */
  parts: Readonly<Record<string, string>>;
  notes: Phrase[];
  /** Expected and computed bh= and the canonical body length, on a body hash mismatch only. */
  bodyHash: { expected: string; computed: string; length: number } | null;
  key: {
    name: string;
    bits: number | null;
    algorithm: string;
    revoked: boolean;
    testing: boolean;
  } | null;
  /** The failure may come from a rebuilt copy (the Show original text). */
  approximate: boolean;
}

export interface VerifyView {
  asOf: string;
  resolver: string;
  /** When and via whom: "Verified now with the keys in current DNS as of …". */
  status: Phrase;
  source: 'eml' | 'pre' | 'download';
  approximate: boolean;
  /** Over the size cap: the body hashes were not computed. */
  truncated: boolean;
  /** What copy was checked, whether it is approximate, whether it was cut. */
  copy: Phrase[];
  /** The ARC chain verified now (informational), beside the receiver's `arc=`; null when the
   * message has no ARC headers. */
  arc: {
    result: string;
    tone: Tone;
    text: Phrase;
    receiver: string | null;
    instances: Phrase[];
  } | null;
}

export type ActionKind =
  /** Forged results: the recipient's advice, no record. */
  | 'caution'
  /** Publish a complete record: nothing is published there yet. */
  | 'publish-record'
  /** Add a mechanism to the existing SPF record; "Check current DNS" gives the exact record. */
  | 'add-mechanism'
  /** The record built from today's DNS, safe to publish as it stands. */
  | 'publish-merged'
  /** Current DNS already authorizes the client: send a new test message. */
  | 'retest'
  /** Current DNS could not be read: nothing is known about it yet. */
  | 'dns-error'
  /** Change the record some other way (lookup limit, syntax, two records). */
  | 'fix-record'
  /** Follow a hint (DKIM, DMARC, alignment). */
  | 'hint'
  /** What the refusing server's code asks to change (a delivery report). */
  | 'bounce'
  /** Nothing to change. */
  | 'none';

export interface Action {
  kind: ActionKind;
  title: Phrase;
  text: Phrase | null;
  /** A complete record, safe to publish as it stands: never a placeholder, never a partial one. */
  record: { name: string; value: string; strings: string[] } | null;
  /** The mechanism to add and where. */
  add: { domain: string; mechanism: string } | null;
  /** What else the record changes (records merged, ptr dropped, +all replaced). */
  notes: Phrase[];
  /** "Check current DNS" is the way on (it builds the exact record). */
  checkDns: boolean;
  /** The hint this action shows, left out of `hints`. */
  hint: string | null;
}

export interface PathView {
  /** Oldest first: the sender's hops, the receiver's inbound hop, then the receiver's own. */
  hops: HopView[];
  /** The receiver's internal hops after its inbound one, folded into one line. */
  internal: { count: number; by: string; seconds: number | null } | null;
  totalSeconds: number | null;
}

export interface HopView {
  from: string | null;
  by: string | null;
  ip: string | null;
  /** ISO 8601 UTC; views show it in local time, with UTC on hover. */
  date: string | null;
  /** The protocol in plain words: "encrypted SMTP". */
  protocol: Phrase | null;
  /** The TLS version, when the hop names one: "TLS 1.3" (views show it after the words). */
  tls: string | null;
  delaySeconds: number | null;
  /** Bar length 0-100: delays are scaled to at least a minute, so +1 s looks small. */
  bar: number;
  clockSkew: boolean;
  inbound: boolean;
}

export interface LiveView {
  asOf: string;
  resolver: string;
  /** Every lookup answered. When false, `errors` says what could not be read. */
  complete: boolean;
  errors: Phrase[];
  /** The status line: what was checked, or what failed. */
  status: Phrase;
  items: LiveItem[];
}

export interface LiveItem {
  method: 'spf' | 'dmarc' | 'dkim' | 'ptr';
  /** `error`: the lookup failed and nothing is known; never shown as "no record". */
  state: 'ok' | 'problem' | 'error';
  tone: Tone;
  /** What current DNS says, in one sentence. */
  summary: Phrase;
  /** The record published now, when there is one. */
  record: string | null;
  name: string;
  /** Facts beside the summary: lookups used, TTL, DNSSEC, a key too short. */
  details: Phrase[];
}
