import { joinBytes } from './build-signed-data.ts';
import { canonicalizeHeader } from './canonicalize-header.ts';
import { findSignatureCut } from './find-signature-cut.ts';
import type { SplitMessage } from './split-message.ts';

/** The header fields of one ARC set, as indexes into the message's fields. */
export interface ArcSetFields {
  aar: number;
  ams: number;
  as: number;
}

/**
 * RFC 8617 §5.1.1: the data the ARC-Seal of instance `n` signs — the ARC sets 1 to n in
 * increasing instance order, each as ARC-Authentication-Results, ARC-Message-Signature,
 * ARC-Seal, with relaxed header canonicalization; the ARC-Seal of instance n with its b= value
 * left out and without its final CRLF. `sets[i]` is instance i + 1.
 */
export function buildSealData(
  message: SplitMessage,
  sets: readonly ArcSetFields[],
  n: number,
): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < n; i += 1) {
    const set = sets[i];
    if (set === undefined) break;
    for (const index of [set.aar, set.ams, set.as]) {
      const field = message.fields[index];
      if (field === undefined) continue;
      const own = i === n - 1 && index === set.as;
      const canonical = canonicalizeHeader(
        message.bytes,
        field,
        'relaxed',
        own ? findSignatureCut(message.bytes, field) : null,
      );
      parts.push(own ? canonical.subarray(0, canonical.length - 2) : canonical);
    }
  }
  return joinBytes(parts);
}
