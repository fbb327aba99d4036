import { ARC_TEXTS, NOTE_TEXTS, partCodeOf, VERIFY_TEXTS } from '../dkim/verify-texts.ts';
import type { DkimVerification, SignatureCheck } from '../dkim/verify-types.ts';
import type { Report } from '../report.ts';
import { phraseOf } from './phrase.ts';
import type { Phrase, SignatureVerifyView, Tone, VerifyView } from './presentation.ts';

/** Our own results' colours: as the receiver's (present-rows.ts toneOf), and ARC's `none`
 * (no ARC headers) neutral. */
const TONES: Readonly<Record<string, Tone>> = {
  pass: 'good',
  policy: 'neutral',
  none: 'neutral',
  neutral: 'warn',
  temperror: 'warn',
  fail: 'bad',
  permerror: 'bad',
};
const toneOf = (result: string): Tone => TONES[result] ?? 'bad';

/** What the views say about the copy verified and when, by code (`verifyView_<code>`). */
export const VERIFY_VIEW_TEXTS: Readonly<Record<string, string>> = {
  'as-of': 'Verified now with the keys in current DNS as of {time} via {resolver}.',
  download: 'Checked over the message as Gmail stores it ("Download original", {bytes} bytes).',
  eml: 'Checked over the message as given ({bytes} bytes).',
  pre: 'Approximate: checked over the Show original text ({bytes} bytes), which has lost the message’s CR line ends and any 8-bit bytes; a body that fails may be this copy, not the message.',
  approximate:
    'Approximate: the copy had to be rebuilt ({approximations}); a body that fails may be this copy, not the message.',
  truncated:
    'The message is {total} bytes, more than the {cap} Header Lens verifies: the signed header fields were checked, the body hashes were not.',
  'arc-title': 'ARC chain, verified now',
  'arc-instance':
    'i={instance} sealed by {sealedBy}: seal {seal}, message signature {messageSignature}',
};

const say = (code: string, params: Record<string, string> = {}): Phrase =>
  phraseOf('verifyView', VERIFY_VIEW_TEXTS, code, params);

/**
 * Local verification (dkim[i].verify, arc.verify), when it ran, as the views draw it: when and
 * via whom, what copy was checked and whether it is approximate or was cut at the cap, and the
 * ARC chain. Each signature's own answer is on its line (signatureVerifyView), beside the
 * receiver's verdict at delivery.
 */
export function presentVerify(report: Report): VerifyView | null {
  const input = report.verifyInput;
  const arc = report.arc.verify;
  if (input === undefined || arc === undefined) return null;
  const bytes = String(input.bytes);
  const copy: Phrase[] = [];
  if (input.source === 'pre') copy.push(say('pre', { bytes }));
  else {
    copy.push(say(input.source, { bytes }));
    if (input.approximate)
      copy.push(say('approximate', { approximations: input.approximations.join(', ') }));
  }
  if (input.truncated)
    copy.push(say('truncated', { total: String(input.totalBytes), cap: String(input.capBytes) }));
  return {
    asOf: arc.checkedAt,
    resolver: arc.resolver,
    status: say('as-of', { time: arc.checkedAt, resolver: arc.resolver }),
    source: input.source,
    approximate: input.approximate,
    truncated: input.truncated,
    copy,
    arc:
      arc.result === 'none' && report.arc.instance === null
        ? null
        : {
            result: arc.result,
            tone: toneOf(arc.result),
            text: phraseOf('arcVerify', ARC_TEXTS, arc.reason ?? arc.result, arc.params),
            receiver: report.arc.result,
            instances: arc.instances.map((x) =>
              say('arc-instance', {
                instance: String(x.instance),
                sealedBy: x.sealedBy ?? '?',
                seal: word(x.seal),
                messageSignature: word(x.messageSignature),
              }),
            ),
          },
  };
}

/** One signature's answer with today's key, as its line shows it. */
export function signatureVerifyView(v: DkimVerification): SignatureVerifyView {
  const mismatch = v.bodyHash !== null && !v.bodyHash.matches;
  return {
    result: v.result,
    tone: toneOf(v.result),
    reason: v.reason,
    // From the table, not v.text: a note the answer appended is drawn once, as a note.
    text: phraseOf('verifyReason', VERIFY_TEXTS, v.reason ?? 'pass', v.params),
    parts: Object.fromEntries(
      Object.entries(v.params).flatMap(([name, value]) => {
        const code = partCodeOf(value);
        return code === null ? [] : [[name, code]];
      }),
    ),
    notes: v.notes.map((n) => phraseOf('verifyNote', NOTE_TEXTS, n.code, n.params)),
    bodyHash:
      mismatch && v.bodyHash !== null
        ? {
            expected: v.bodyHash.expected,
            computed: v.bodyHash.computed,
            length: v.bodyHash.length,
          }
        : null,
    key:
      v.key === null
        ? null
        : {
            name: v.key.name,
            bits: v.key.bits,
            algorithm: v.key.algorithm,
            revoked: v.key.revoked,
            testing: v.key.testing,
          },
    approximate: v.approximate,
  };
}

function word(check: SignatureCheck | null): string {
  if (check === null) return 'missing';
  return check.reason === null ? check.result : `${check.result} (${check.reason})`;
}
