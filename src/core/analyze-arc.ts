import { isKnownResult } from './auth-result-tokens.ts';
import { LIMITS } from './limits.ts';
import type { MethodResult } from './parse-authentication-results.ts';
import type { HeaderField } from './parse-header-section.ts';
import { readTag } from './parse-tag-list.ts';
import type { ArcVerdict, Warning } from './report.ts';

/**
 * ARC (RFC 8617) is informational here: the receiver's own `arc=` result when it reported one,
 * else the `cv=` of the highest ARC-Seal. The chain's structure is checked (§5.1.1: instances
 * 1..N with exactly one ARC-Seal, ARC-Message-Signature and ARC-Authentication-Results each,
 * N ≤ 50); signatures are not verified.
 */
export function analyzeArc(
  fields: readonly HeaderField[],
  arResults: readonly MethodResult[],
  warnings: Warning[],
): ArcVerdict {
  const counts = new Map<number, [number, number, number]>();
  let highestSealCv: string | null = null;
  let highest = 0;
  let malformed = false;
  for (const f of fields) {
    const slot = arcSlot(f.key);
    if (slot === null) continue;
    // ARC-Authentication-Results: only the `i=N;` before the results is a tag.
    const tags = slot === 2 ? f.value.slice(0, f.value.indexOf(';') + 1) : f.value;
    const i = Number(readTag(tags, 'i') ?? Number.NaN);
    if (!Number.isInteger(i) || i < 1 || i > LIMITS.arcSets) {
      malformed = true;
      continue;
    }
    const c = counts.get(i) ?? [0, 0, 0];
    c[slot] += 1;
    counts.set(i, c);
    if (i >= highest) {
      highest = i;
      if (slot === 0) highestSealCv = readTag(tags, 'cv')?.toLowerCase() ?? null;
    }
  }
  if (counts.size === 0 && !malformed) {
    const own = receiverArc(arResults);
    return { result: own, instance: null, structureValid: null };
  }
  let complete = !malformed;
  for (let i = 1; i <= highest; i += 1) {
    const c = counts.get(i);
    if (c === undefined || c[0] !== 1 || c[1] !== 1 || c[2] !== 1) complete = false;
  }
  if (malformed) {
    warnings.push({
      code: 'truncated',
      text: `An ARC header has a missing or out-of-range instance (i= must be 1 to ${LIMITS.arcSets}); it was skipped.`,
      params: { reason: 'arc-instance', limit: String(LIMITS.arcSets) },
    });
  }
  const sealCv =
    highestSealCv !== null && isKnownResult('arc', highestSealCv) ? highestSealCv : null;
  return {
    result: receiverArc(arResults) ?? sealCv,
    instance: highest === 0 ? null : highest,
    structureValid: complete,
  };
}

/** ARC-Seal, ARC-Message-Signature and ARC-Authentication-Results as slots 0-2 of a set. */
function arcSlot(key: string): 0 | 1 | 2 | null {
  switch (key) {
    case 'arc-seal':
      return 0;
    case 'arc-message-signature':
      return 1;
    case 'arc-authentication-results':
      return 2;
    default:
      return null;
  }
}

function receiverArc(arResults: readonly MethodResult[]): string | null {
  const r = arResults.find((x) => x.method === 'arc' && isKnownResult('arc', x.result));
  return r?.result ?? null;
}
