import { decodeEncodedWords } from './parse/decode-encoded-words.ts';
import type { HeaderField } from './read/parse-header-section.ts';
import { toIso } from './parse/parse-date.ts';
import type { Bounce, DkimSignature, Report, SpfVerdict } from './report.ts';
import { VERDICT_TEXTS } from './verdicts/derive-verdict.ts';

/**
 * The report's parts that are copies or look-ups, not analysis: the empty report every input
 * starts from, the message's own fields for display, and the verdicts in the report's key order.
 */

export function emptyReport(input: Report['input']): Report {
  return {
    verdict: {
      status: 'unknown',
      headline: VERDICT_TEXTS['empty']?.text ?? '',
      code: 'empty',
      params: {},
    },
    spf: {
      result: null,
      clientIp: null,
      domain: null,
      identity: null,
      fix: null,
      mailFrom: null,
      clientIpSource: null,
      comment: null,
      helo: null,
      gateway: null,
    },
    dkim: [],
    dmarc: {
      result: null,
      policy: null,
      subdomainPolicy: null,
      disposition: null,
      headerFrom: null,
      spfAligned: null,
      dkimAligned: null,
    },
    arc: { result: null, instance: null, structureValid: null },
    authservId: null,
    compauth: null,
    hops: [],
    totalSeconds: null,
    hints: [],
    warnings: [],
    bounce: null as Bounce | null,
    message: { from: null, to: null, subject: null, date: null, messageId: null, listId: null },
    dkimSignatures: [],
    untrustedResults: [],
    input,
  };
}

/** The message's own fields, for display; `sent` is its Date: as parsed. */
export function summarizeMessage(
  fields: readonly HeaderField[],
  sent: number | null,
): Report['message'] {
  return {
    from: decoded(firstValue(fields, 'from')),
    to: decoded(firstValue(fields, 'to')),
    subject: decoded(firstValue(fields, 'subject')),
    date: toIso(sent),
    messageId: firstValue(fields, 'message-id'),
    listId: firstValue(fields, 'list-id'),
  };
}

/** The first `key` field above field index `end` (the receiver's own part). */
export function firstValueBefore(
  fields: readonly HeaderField[],
  key: string,
  end: number,
): string | null {
  for (let i = 0; i < end && i < fields.length; i += 1) {
    const f = fields[i] as HeaderField;
    if (f.key === key) return f.value;
  }
  return null;
}

export function firstValue(fields: readonly HeaderField[], key: string): string | null {
  for (const f of fields) if (f.key === key) return f.value;
  return null;
}

function decoded(value: string | null): string | null {
  return value === null ? null : decodeEncodedWords(value);
}

// The two copies below are written out: object spread and rest cost a microsecond each here (V8
// clones through its runtime), as much as parsing a header field.

/** The verdict with its fix; the keys keep the report's order. */
export function withFix(spf: Omit<SpfVerdict, 'fix'>, fix: SpfVerdict['fix']): SpfVerdict {
  return {
    result: spf.result,
    clientIp: spf.clientIp,
    domain: spf.domain,
    identity: spf.identity,
    mailFrom: spf.mailFrom,
    clientIpSource: spf.clientIpSource,
    comment: spf.comment,
    helo: spf.helo,
    gateway: spf.gateway,
    fix,
  };
}

/** A DKIM-Signature as the report lists it: the leading b= characters are only for matching. */
export function withoutB(sig: DkimSignature & { b: string | null }): DkimSignature {
  return {
    domain: sig.domain,
    selector: sig.selector,
    algorithm: sig.algorithm,
    identity: sig.identity,
    canonicalization: sig.canonicalization,
    signedHeaders: sig.signedHeaders,
    timestamp: sig.timestamp,
    expires: sig.expires,
  };
}
