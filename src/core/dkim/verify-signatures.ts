import type { Report } from '../report.ts';
import { verifyMessage, type VerifyOptions } from './verify-message.ts';
import { withVerification } from './with-verification.ts';

/**
 * Verifies the message's DKIM signatures and ARC chain against current DNS and returns the
 * report with `dkim[i].verify`, `arc.verify` and `verifyInput` (verifyMessage, then
 * withVerification). `raw` is the whole message: bytes as given for an .eml file or Gmail's
 * "Download original", the `<pre>` text of Show original with `source: 'pre'`.
 */
export async function verifySignatures(
  raw: Uint8Array | string,
  report: Report,
  options: VerifyOptions,
): Promise<Report> {
  return withVerification(report, await verifyMessage(raw, options));
}
