import { fill } from '../fill-template.ts';
import type {
  ArcVerdict,
  Bounce,
  DkimVerdict,
  DmarcVerdict,
  SpfVerdict,
  Verdict,
  VerdictStatus,
} from '../report.ts';

/** What the overall verdict is decided from: the trusted verdicts and what was flagged. */
export interface VerdictFacts {
  spf: Pick<SpfVerdict, 'result' | 'domain'>;
  dkim: readonly Pick<DkimVerdict, 'result' | 'domain' | 'aligned'>[];
  dmarc: Pick<DmarcVerdict, 'result' | 'policy' | 'headerFrom' | 'spfAligned'>;
  arc: Pick<ArcVerdict, 'result' | 'instance'>;
  /** Provider name of the receiving server (`Gmail`, `Microsoft`...), or its host. */
  receiver: string | null;
  /** The receiver's own results were found and used. */
  trusted: boolean;
  /** Authentication headers claiming the receiver, a provider or a look-alike were found. */
  forged: boolean;
  /** The message came through a mailing list (`List-Id:`). */
  list: boolean;
  bounce: Bounce | null;
}

/**
 * Each headline, as data: code → status and English template (the popup translates by
 * `verdict_<code>`). Order of the decision: a bounce speaks for itself; forged results make the
 * message suspicious whatever else passed; without the receiver's results there is no verdict;
 * then DMARC (RFC 7489 §4.2: a pass needs an aligned SPF or DKIM pass), ARC for forwarded mail
 * (RFC 8617 §7.2: the receiver may accept a DMARC failure on a trusted ARC chain).
 */
export const VERDICT_TEXTS: Readonly<Record<string, { status: VerdictStatus; text: string }>> = {
  forged: {
    status: 'suspicious',
    text: 'Suspicious: authentication results were forged into this message',
  },
  'no-results': {
    status: 'unknown',
    text: "No verdict: the receiving server's own authentication results are not in these headers",
  },
  empty: { status: 'unknown', text: 'Nothing to analyze' },
  bounce: { status: 'unauthenticated', text: '{receiver} refused the message: {code}' },
  'bounce-other': { status: 'unknown', text: '{receiver} refused the message: {code}' },
  'dmarc-both': { status: 'authenticated', text: 'Authenticated — DMARC pass via SPF and DKIM' },
  'dmarc-dkim': {
    status: 'authenticated',
    text: 'Authenticated — DMARC pass via DKIM (SPF {spf})',
  },
  'dmarc-spf': {
    status: 'authenticated',
    text: 'Authenticated — DMARC pass via SPF (DKIM {dkim})',
  },
  'dmarc-pass': { status: 'authenticated', text: 'Authenticated — DMARC pass' },
  bestguess: {
    status: 'authenticated',
    text: 'Authenticated — it would pass DMARC, but {from} publishes no DMARC record',
  },
  'aligned-spf': {
    status: 'authenticated',
    text: 'Authenticated — SPF passes for {from} (no DMARC result)',
  },
  'aligned-dkim': {
    status: 'authenticated',
    text: 'Authenticated — DKIM passes for {from} (no DMARC result)',
  },
  'arc-list': {
    status: 'forwarded',
    text: 'Forwarded by a mailing list: DMARC failed for {from}, {receiver} accepted it on ARC',
  },
  arc: {
    status: 'forwarded',
    text: 'Forwarded: DMARC failed for {from}, {receiver} accepted it on ARC',
  },
  'gmail-reject': {
    status: 'unauthenticated',
    text: 'Gmail would reject mail like this (5.7.26): neither SPF nor DKIM passes for {domain}',
  },
  'dmarc-reject': {
    status: 'unauthenticated',
    text: '{receiver} would reject mail like this: DMARC failed for {from} (p=reject)',
  },
  'dmarc-fail': {
    status: 'unauthenticated',
    text: 'Not authenticated — DMARC failed for {from}: no SPF or DKIM pass aligned with it',
  },
  'no-pass': {
    status: 'unauthenticated',
    text: 'Not authenticated — neither SPF nor DKIM passes for {domain}',
  },
  'not-aligned': {
    status: 'unauthenticated',
    text: 'Not authenticated — SPF or DKIM passes, but not for the From: domain {from}',
  },
};

/** Gmail's codes that say the message failed authentication (findings/gmail-codes.ts). */
const AUTH_CODES = new Set(['5.7.26', '5.7.27', '5.7.30', '4.7.26', '5.7.25', '4.7.23', '4.7.32']);

export function deriveVerdict(f: VerdictFacts): Verdict {
  const receiver = f.receiver ?? 'the receiving server';
  const from = f.dmarc.headerFrom ?? '?';
  const domain = f.spf.domain ?? f.dmarc.headerFrom ?? '?';
  const verdict = (code: string, params: Record<string, string> = {}): Verdict => {
    const entry = VERDICT_TEXTS[code] as { status: VerdictStatus; text: string };
    return { status: entry.status, headline: fill(entry.text, params), code, params };
  };
  if (f.bounce !== null) {
    const code = [f.bounce.replyCode, f.bounce.enhancedCode].filter((x) => x !== null).join(' ');
    const params = { receiver: f.bounce.host ?? receiver, code: code || '?' };
    const auth = f.bounce.enhancedCode !== null && AUTH_CODES.has(f.bounce.enhancedCode);
    return verdict(auth ? 'bounce' : 'bounce-other', params);
  }
  if (f.forged) return verdict('forged');
  if (!f.trusted) return verdict('no-results');

  const spfPass = f.spf.result === 'pass';
  const spfAligned = spfPass && f.dmarc.spfAligned === true;
  const dkimPass = f.dkim.some((d) => d.result === 'pass');
  const dkimAligned = f.dkim.some((d) => d.result === 'pass' && d.aligned === true);
  const dmarc = f.dmarc.result;
  if (dmarc === 'pass') {
    if (spfAligned && dkimAligned) return verdict('dmarc-both');
    if (dkimAligned) return verdict('dmarc-dkim', { spf: f.spf.result ?? 'not reported' });
    if (spfAligned) return verdict('dmarc-spf', { dkim: dkimWord(f.dkim) });
    return verdict('dmarc-pass');
  }
  if (dmarc === 'bestguesspass') return verdict('bestguess', { from });
  if (f.arc.result === 'pass') return verdict(f.list ? 'arc-list' : 'arc', { from, receiver });
  if (dmarc === null || dmarc === 'none') {
    if (dkimAligned) return verdict('aligned-dkim', { from });
    if (spfAligned) return verdict('aligned-spf', { from });
  }
  if (!spfPass && !dkimPass && f.receiver === 'Gmail') return verdict('gmail-reject', { domain });
  if (dmarc === 'fail' && f.dmarc.policy === 'reject')
    return verdict('dmarc-reject', { from, receiver });
  if (dmarc === 'fail') return verdict('dmarc-fail', { from });
  if (!spfPass && !dkimPass) return verdict('no-pass', { domain });
  return verdict('not-aligned', { from });
}

function dkimWord(dkim: VerdictFacts['dkim']): string {
  if (dkim.length === 0) return 'no signature';
  const first = dkim.find((d) => d.result !== 'pass') ?? dkim[0];
  return first?.result === 'pass' ? 'pass, not aligned' : (first?.result ?? 'none');
}
