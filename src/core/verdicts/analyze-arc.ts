import { isKnownResult } from '../parse/auth-result-tokens.ts';
import { LIMITS } from '../limits.ts';
import {
  parseAuthenticationResults,
  readAuthservId,
  type MethodResult,
} from '../parse/parse-authentication-results.ts';
import type { HeaderField } from '../read/parse-header-section.ts';
import { readTag } from '../parse/parse-tag-list.ts';
import type { ArcVerdict, Warning } from '../report.ts';
import { warning } from '../findings/warning-catalogue.ts';
import { judgeClaim, type JudgeContext } from '../trust/judge-untrusted.ts';

/** What analyzeArc needs to know about the receiver's block. */
export interface ArcTrust {
  /** Fields above this index are the receiving system's own. */
  certainEnd: number;
  judge: Omit<JudgeContext, 'trusted' | 'fromDomain'>;
}

/**
 * ARC (RFC 8617) is informational here. The result is the receiver's own: the `arc=` of its
 * trusted Authentication-Results, else of its own ARC-Authentication-Results (above its inbound
 * hop). `cv=` values and ARC sets below the receiver's block are claims: never a result, and a
 * forgery candidate when they claim the receiver, a mailbox provider or a look-alike (an earlier
 * provider's own set, as Google Groups adds, is information). The structure is checked (§5.1.1:
 * instances 1..N with exactly one ARC-Seal, ARC-Message-Signature and ARC-Authentication-Results
 * each, N ≤ 50); signatures are not verified here.
 */
export function analyzeArc(
  fields: readonly HeaderField[],
  arResults: readonly MethodResult[],
  trust: ArcTrust,
): { arc: ArcVerdict; warnings: Warning[] } {
  const counts = new Map<number, [number, number, number]>();
  const sets = new Map<number, ArcSetFields>();
  let highest = 0;
  let malformed = false;
  let ownAar: string | null = null;
  for (const f of fields) {
    const slot = arcSlot(f.key);
    if (slot === null) continue;
    // ARC-Authentication-Results: only the `i=N;` before the results is a tag.
    const semi = f.value.indexOf(';');
    const tags = slot === 2 ? f.value.slice(0, semi + 1) : f.value;
    const i = Number(readTag(tags, 'i') ?? Number.NaN);
    if (!Number.isInteger(i) || i < 1 || i > LIMITS.arcSets) {
      malformed = true;
      continue;
    }
    const c = counts.get(i) ?? [0, 0, 0];
    c[slot] += 1;
    counts.set(i, c);
    if (i > highest) highest = i;
    const set = sets.get(i) ?? { fields: [], cv: null };
    let claim: string | null;
    if (slot === 2) {
      const rest = semi === -1 ? '' : f.value.slice(semi + 1);
      if (f.index < trust.certainEnd) {
        const aar = parseAuthenticationResults(rest);
        claim = aar.authservId;
        ownAar ??= receiverArc(aar.results);
      } else {
        // Below the receiver's block only the name it claims matters.
        claim = readAuthservId(rest);
      }
    } else {
      claim = readTag(tags, 'd')?.toLowerCase() ?? null;
      if (slot === 0) set.cv ??= readTag(tags, 'cv')?.toLowerCase() ?? null;
    }
    set.fields.push({ index: f.index, claim });
    sets.set(i, set);
  }
  const warnings = arcClaimWarnings(sets, trust);
  const result = receiverArc(arResults) ?? ownAar;
  if (counts.size === 0 && !malformed) {
    return { arc: { result, instance: null, structureValid: null }, warnings };
  }
  let complete = !malformed;
  for (let i = 1; i <= highest; i += 1) {
    const c = counts.get(i);
    if (c === undefined || c[0] !== 1 || c[1] !== 1 || c[2] !== 1) complete = false;
  }
  if (malformed) {
    warnings.push(warning('truncated-arc-instance', { limit: String(LIMITS.arcSets) }));
  }
  return {
    arc: { result, instance: highest === 0 ? null : highest, structureValid: complete },
    warnings,
  };
}

interface ArcSetFields {
  /** Each field of the set: where it is and whom it names (the ARC-Seal's and
   * ARC-Message-Signature's `d=`, the ARC-Authentication-Results' authserv-id). */
  fields: { index: number; claim: string | null }[];
  cv: string | null;
}

/**
 * One warning per ARC instance whose fields below the receiver's block claim the receiver, a
 * mailbox provider or a look-alike. Each field is judged where it stands: a forged set that
 * reuses an honest earlier set's instance number is judged apart from it.
 */
function arcClaimWarnings(sets: ReadonlyMap<number, ArcSetFields>, trust: ArcTrust): Warning[] {
  const out: Warning[] = [];
  for (const [instance, set] of sets) {
    for (const { index, claim } of set.fields) {
      if (index < trust.certainEnd || claim === null) continue;
      const judged = judgeClaim(claim, index, 'arc', trust.judge);
      if (!judged.forged) continue;
      const says = `cv=${set.cv ?? '?'} (instance ${instance})`;
      out.push(
        warning(`untrusted-auth-header-arc-${judged.reason}`, {
          header: 'ARC',
          says,
          claim,
          imitates: judged.imitates ?? '',
        }),
      );
      break;
    }
  }
  return out;
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
