import type { DkimVerdict, Report, Warning } from '../report.ts';
import type { MessageVerification } from './verify-message.ts';
import { fill } from '../fill-template.ts';
import { verifyWarning } from './verify-warnings.ts';
import { NOTE_TEXTS, REASON_WORDS } from './verify-texts.ts';
import type { DkimVerification, VerifyNote, VerifyNoteCode } from './verify-types.ts';

/**
 * The report with each signature's verification beside the receiver's verdict for it: a
 * `report.dkim[i]` takes the first not yet matched DKIM-Signature with the same d= and s=, in
 * message order, as the analyzer matched them (two signatures with the same d= and s= are told
 * apart by order only). Compared with the receiver's word:
 * - the receiver passed it and b= now fails over intact headers and body: the key changed since
 *   delivery (a note, appended to the answer);
 * - the receiver passed it and our check fails in a way our copy could explain (a body hash
 *   mismatch, or any mismatch on a rebuilt copy): a `dkim-verify-disagrees` warning;
 * - the receiver failed it and it verifies now: a note.
 * A copy cut at the size cap adds a `truncated` warning.
 */
export function withVerification(report: Report, verification: MessageVerification): Report {
  const warnings: Warning[] = [...report.warnings];
  const used = new Set<number>();
  const input = verification.input;
  const dkim = report.dkim.map((d): DkimVerdict => {
    const index = verification.signatures.findIndex(
      (s, i) => !used.has(i) && s.domain === d.domain && s.selector === d.selector,
    );
    const found = verification.signatures[index];
    if (found === undefined) return d;
    used.add(index);
    const verify = compared(found.verify, d, input.source, warnings);
    return { ...d, verify };
  });
  if (input.truncated) {
    const size = { bytes: String(input.totalBytes), limit: String(input.capBytes) };
    warnings.push(verifyWarning('truncated-verify-size', size));
  }
  return {
    ...report,
    dkim,
    arc: { ...report.arc, verify: verification.arc },
    warnings,
    verifyInput: input,
  };
}

/** Receiver words that are a definite "did not verify" (none and temperror say nothing). */
const RECEIVER_FAILED = new Set(['fail', 'neutral', 'policy', 'permerror']);

function compared(
  verify: DkimVerification,
  d: DkimVerdict,
  source: string,
  warnings: Warning[],
): DkimVerification {
  const notes: VerifyNote[] = [...verify.notes];
  let text = verify.text;
  const note = (code: VerifyNoteCode, params: Record<string, string>): void => {
    const n = { code, text: fill(NOTE_TEXTS[code], params), params };
    notes.push(n);
    if (code === 'key-changed-since-delivery') text = `${text} ${n.text}`;
  };
  const keyName = d.keyName ?? verify.key?.name ?? '';
  if (d.result === 'pass' && verify.reason === 'signature-mismatch' && !verify.approximate) {
    if (verify.bodyHash?.matches === true) note('key-changed-since-delivery', { keyName });
  }
  if (RECEIVER_FAILED.has(d.result) && verify.result === 'pass')
    note('receiver-disagrees', { receiver: d.result });
  const explainable =
    verify.reason === 'body-hash-mismatch' ||
    verify.reason === 'body-too-short' ||
    (verify.reason === 'signature-mismatch' && verify.approximate);
  if (d.result === 'pass' && explainable) {
    const variant = !verify.approximate
      ? 'dkim-verify-disagrees-changed-copy'
      : source === 'pre'
        ? 'dkim-verify-disagrees-page-copy'
        : 'dkim-verify-disagrees-rebuilt-copy';
    warnings.push(
      verifyWarning(variant, {
        who: `d=${d.domain ?? '?'} s=${d.selector ?? '?'}`,
        reasonWords: verify.reason === null ? '' : REASON_WORDS[verify.reason],
        domain: d.domain ?? '',
        selector: d.selector ?? '',
        receiver: d.result,
        verifyReason: verify.reason ?? '',
        source,
        approximate: String(verify.approximate),
      }),
    );
  }
  return { ...verify, text, notes };
}
