import type { Canonicalization } from './canonicalize-body.ts';
import { canonicalizeHeader } from './canonicalize-header.ts';
import { findSignatureCut } from './find-signature-cut.ts';
import type { SplitMessage } from './split-message.ts';

/**
 * RFC 6376 §3.7 and §5.4.2: the data b= signs. Each name in h=, in order, takes the lowest
 * field of that name not yet taken (a name listed twice takes the next one up; listed more often
 * than there are such fields, it adds nothing, which is how over-signing forbids adding one), the
 * signature's own field never among them. Each is canonicalized; then comes the signature's own
 * field with its b= value left out, canonicalized, without its final CRLF.
 */
export function buildSignedData(
  message: SplitMessage,
  own: number,
  names: readonly string[],
  canon: Canonicalization,
): Uint8Array {
  const parts: Uint8Array[] = [];
  const taken = new Map<string, number>();
  for (const name of names) {
    const list = message.byKey.get(name);
    if (list === undefined) continue;
    let used = taken.get(name) ?? 0;
    let pick = list[list.length - 1 - used];
    if (pick === own) {
      used += 1;
      pick = list[list.length - 1 - used];
    }
    taken.set(name, used + 1);
    const field = pick === undefined ? undefined : message.fields[pick];
    if (field !== undefined) parts.push(canonicalizeHeader(message.bytes, field, canon));
  }
  const self = message.fields[own];
  if (self !== undefined) {
    const cut = findSignatureCut(message.bytes, self);
    const last = canonicalizeHeader(message.bytes, self, canon, cut);
    parts.push(last.subarray(0, last.length - 2));
  }
  return joinBytes(parts);
}

/** The parts one after the other, in one buffer. */
export function joinBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
