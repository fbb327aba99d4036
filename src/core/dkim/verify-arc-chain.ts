import { fill } from '../fill-template.ts';
import { readTag } from '../parse/parse-tag-list.ts';
import { buildSealData, type ArcSetFields } from './build-seal-data.ts';
import { buildSignedData } from './build-signed-data.ts';
import { checkSignature, type CheckContext } from './check-signature.ts';
import { DKIM_LIMITS } from './dkim-limits.ts';
import { latin1 } from './latin1.ts';
import { parseSignatureTags, type SignatureTags } from './parse-signature-tags.ts';
import type { SplitMessage } from './split-message.ts';
import { ARC_TEXTS, REASON_WORDS } from './verify-texts.ts';
import type {
  ArcInstanceCheck,
  ArcVerification,
  ArcVerifyReason,
  ArcVerifyResult,
  SignatureCheck,
} from './verify-types.ts';

export type ArcChainCheck = Omit<ArcVerification, 'checkedAt' | 'resolver'>;

/**
 * RFC 8617 §5.2 chain validation: collect the ARC sets (none: `none`); each instance 1..N has
 * exactly one ARC-Seal, ARC-Message-Signature and ARC-Authentication-Results, N ≤ 50
 * (§4.2.1); no cv=fail; cv=none at i=1 and cv=pass above (§5.1.1); then the newest
 * ARC-Message-Signature (DKIM rules, i= as the instance) and every ARC-Seal over its sets. The
 * older message signatures are verified too, for `oldestPass` (§5.2 step 6) and for showing
 * where the message changed. The answer names the instance that broke and who sealed each.
 * Structure and cv= failures stop before any key is fetched, as §5.2 does.
 */
export async function verifyArcChain(
  message: SplitMessage,
  ctx: CheckContext,
): Promise<ArcChainCheck> {
  const groups = new Map<number, { aar: number[]; ams: number[]; as: number[] }>();
  let unnumbered = false;
  let highest = 0;
  message.fields.forEach((field, index) => {
    const slot = SLOTS[field.key];
    if (slot === undefined) return;
    const value = latin1(message.bytes, field.colon + 1, field.end);
    const tags = slot === 'aar' ? value.slice(0, value.indexOf(';') + 1) : value;
    const i = instanceOf(readTag(tags, 'i'));
    if (i === null) {
      unnumbered = true;
      return;
    }
    highest = Math.max(highest, i);
    let group = groups.get(i);
    if (group === undefined) {
      group = { aar: [], ams: [], as: [] };
      groups.set(i, group);
    }
    group[slot].push(index);
  });
  if (groups.size === 0 && !unnumbered) return verdict('none', null, {}, [], null, null);
  if (highest > DKIM_LIMITS.arcSets)
    return verdict(
      'fail',
      'too-many-instances',
      { limit: String(DKIM_LIMITS.arcSets) },
      [],
      null,
      null,
    );

  const sets: ArcSetFields[] = [];
  const instances: ArcInstanceCheck[] = [];
  let broken: { instance: number | null; problem: string } | null = null;
  if (unnumbered) broken = { instance: null, problem: 'an ARC header field has no valid i=' };
  for (let i = 1; i <= highest; i += 1) {
    const group = groups.get(i) ?? { aar: [], ams: [], as: [] };
    const as = group.as[0];
    const seal = as === undefined ? null : fieldValue(message, as);
    const aar = group.aar[0];
    instances.push({
      instance: i,
      sealedBy: seal === null ? null : (readTag(seal, 'd')?.trim().toLowerCase() ?? null),
      selector: seal === null ? null : (readTag(seal, 's')?.trim().toLowerCase() ?? null),
      authservId: aar === undefined ? null : authservIdOf(fieldValue(message, aar)),
      cv: seal === null ? null : (readTag(seal, 'cv')?.trim().toLowerCase() ?? null),
      seal: null,
      messageSignature: null,
    });
    const problem = setProblem(group);
    if (problem !== null) broken ??= { instance: i, problem: `instance ${i}: ${problem}` };
    const ams = group.ams[0];
    if (problem === null && aar !== undefined && ams !== undefined && as !== undefined)
      sets.push({ aar, ams, as });
  }
  const sealer = (i: number): string => instances[i - 1]?.sealedBy ?? 'unknown';
  if (broken !== null) {
    return verdict(
      'fail',
      'structure',
      { problem: broken.problem },
      instances,
      broken.instance,
      null,
    );
  }
  const failed = instances.find((x) => x.cv === 'fail');
  if (failed !== undefined) {
    return verdict(
      'fail',
      'cv-fail',
      { instance: String(failed.instance), sealedBy: sealer(failed.instance) },
      instances,
      failed.instance,
      null,
    );
  }
  const wrongCv = instances.find((x) => x.cv !== (x.instance === 1 ? 'none' : 'pass'));
  if (wrongCv !== undefined) {
    return verdict(
      'fail',
      'cv-invalid',
      { instance: String(wrongCv.instance), cv: wrongCv.cv ?? '' },
      instances,
      wrongCv.instance,
      null,
    );
  }

  await Promise.all(
    sets.map(async (set, k) => {
      const entry = instances[k];
      if (entry === undefined) return;
      const amsTags = parseSignatureTags(fieldValue(message, set.ams), 'ams');
      const asTags = parseSignatureTags(fieldValue(message, set.as), 'as');
      const [ams, seal] = await Promise.all([
        checkSignature(ctx, amsTags, () =>
          buildSignedData(message, set.ams, signed(amsTags), headerCanon(amsTags)),
        ),
        checkSignature(ctx, asTags, () => buildSealData(message, sets, k + 1)),
      ]);
      entry.messageSignature = ams;
      entry.seal = seal;
    }),
  );

  let oldestPass: number | null = null;
  for (let i = highest; i >= 1 && instances[i - 1]?.messageSignature?.result === 'pass'; i -= 1)
    oldestPass = i;
  const badSeal = instances.find((x) => isFailure(x.seal));
  const newest = instances[highest - 1];
  const approximate = instances.some(
    (x) => x.seal?.approximate === true || x.messageSignature?.approximate === true,
  );
  if (badSeal !== undefined) {
    return verdict(
      'fail',
      'seal-failed',
      {
        instance: String(badSeal.instance),
        sealedBy: sealer(badSeal.instance),
        problem: words(badSeal.seal),
      },
      instances,
      badSeal.instance,
      oldestPass,
      approximate,
    );
  }
  if (newest !== undefined && isFailure(newest.messageSignature)) {
    return verdict(
      'fail',
      'message-signature-failed',
      {
        instance: String(highest),
        sealedBy: sealer(highest),
        problem: words(newest.messageSignature),
      },
      instances,
      highest,
      oldestPass,
      approximate,
    );
  }
  const checks = [
    ...instances.map((x) => ({ instance: x.instance, check: x.seal })),
    { instance: highest, check: newest?.messageSignature ?? null },
  ];
  const open = checks.find((c) => c.check !== null && c.check.result !== 'pass');
  if (open !== undefined) {
    return verdict(
      open.check?.result === 'temperror' ? 'temperror' : 'neutral',
      'not-checked',
      { problem: `${words(open.check)} at instance ${open.instance}` },
      instances,
      null,
      oldestPass,
    );
  }
  return verdict(
    'pass',
    null,
    { count: String(highest), sealedBy: sealer(highest) },
    instances,
    null,
    oldestPass,
  );
}

const SLOTS: Readonly<Record<string, 'aar' | 'ams' | 'as'>> = Object.assign(
  Object.create(null) as Record<string, 'aar' | 'ams' | 'as'>,
  {
    'arc-authentication-results': 'aar',
    'arc-message-signature': 'ams',
    'arc-seal': 'as',
  },
);

function words(check: SignatureCheck | null): string {
  return check === null ? 'missing' : check.reason === null ? 'pass' : REASON_WORDS[check.reason];
}

/** A definite failure: the signature does not verify, or can't for a reason that won't pass. */
function isFailure(check: SignatureCheck | null): boolean {
  return (
    check === null ||
    check.result === 'fail' ||
    check.result === 'permerror' ||
    check.result === 'policy'
  );
}

function setProblem(group: { aar: number[]; ams: number[]; as: number[] }): string | null {
  const names: [keyof typeof group, string][] = [
    ['as', 'ARC-Seal'],
    ['ams', 'ARC-Message-Signature'],
    ['aar', 'ARC-Authentication-Results'],
  ];
  for (const [slot, name] of names) {
    const n = group[slot].length;
    if (n === 0) return `no ${name}`;
    if (n > 1) return `${n} ${name} fields`;
  }
  return null;
}

function signed(tags: ReturnType<typeof parseSignatureTags>): string[] {
  return 'problem' in tags ? [] : tags.signedHeaders;
}

function headerCanon(tags: ReturnType<typeof parseSignatureTags>): SignatureTags['headerCanon'] {
  return 'problem' in tags ? 'relaxed' : tags.headerCanon;
}

function fieldValue(message: SplitMessage, index: number): string {
  const field = message.fields[index];
  return field === undefined ? '' : latin1(message.bytes, field.colon + 1, field.end);
}

/** `i=2; mx.google.com; dkim=pass …` → `mx.google.com`. */
function authservIdOf(value: string): string | null {
  const semi = value.indexOf(';');
  if (semi === -1) return null;
  const rest = value.slice(semi + 1).trimStart();
  let end = 0;
  while (end < rest.length && rest.charCodeAt(end) > 0x20 && rest[end] !== ';') end += 1;
  return end === 0 ? null : rest.slice(0, end).toLowerCase();
}

/** i= as an instance number: digits only (1 to 3 of them; anything larger is over the limit). */
function instanceOf(value: string | undefined): number | null {
  if (value === undefined) return null;
  const s = value.trim();
  if (!/^\d{1,3}$/.test(s)) return /^\d+$/.test(s) ? DKIM_LIMITS.arcSets + 1 : null;
  const n = Number(s);
  return n >= 1 ? n : null;
}

function verdict(
  result: ArcVerifyResult,
  reason: ArcVerifyReason | null,
  params: Record<string, string>,
  instances: ArcInstanceCheck[],
  brokenInstance: number | null,
  oldestPass: number | null,
  approximate = false,
): ArcChainCheck {
  return {
    result,
    reason,
    text: fill(ARC_TEXTS[reason ?? (result === 'none' ? 'none' : 'pass')], params),
    params,
    brokenInstance,
    oldestPass,
    instances,
    approximate,
  };
}
