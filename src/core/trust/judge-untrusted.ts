import { domainOf, type OrgDomainMemo } from '../psl/domain-name.ts';
import type { EarlierBlock } from './find-earlier-blocks.ts';
import { knownName, lookAlikeOf, type KnownName } from './look-alike.ts';
import { spfClaim } from './read-results-run.ts';
import { countWork } from '../work-meter.ts';
import { KNOWN_IDS, KNOWN_ORGS, profileForOrg } from './receivers.ts';
import type { AuthHeader, ReceiverNames } from './trust-types.ts';

export type UntrustReason =
  /** Below the oldest Received field: written before any server handled the message. */
  | 'before-any-server'
  /** Microsoft's form without authserv-id, outside Microsoft's own block. */
  | 'no-authserv-id'
  /** Claims the receiver or a mailbox provider, outside that server's block. */
  | 'outside-block'
  /** Claims a look-alike of the receiver or a mailbox provider. */
  | 'look-alike'
  /** An earlier server's own results (a relay, the sender's server): shown, not a verdict. */
  | 'earlier-server';

export interface UntrustedHeader {
  header: AuthHeader;
  /** It claims to come from the receiver or a known provider: a forgery candidate. */
  forged: boolean;
  reason: UntrustReason;
  /** The authserv-id (or Received-SPF receiver) it names. */
  claim: string | null;
  /** For a look-alike: the name it imitates. */
  imitates: string | null;
  /** The receiver's own result this one contradicts, e.g. `spf=fail` (it says spf=pass) or
   * `dmarc=fail` (it says dkim=pass for a signature aligned with From:). */
  contradicts: string | null;
  /** A method the receiver already reported that this one reports again (`spf`). */
  repeats: string | null;
}

export interface JudgeContext {
  receiver: ReceiverNames;
  earlier: readonly EarlierBlock[];
  /** Field index of the oldest Received field; -1 when there is none. */
  oldestReceived: number;
  trusted: readonly AuthHeader[];
  /** The From: domain, for telling an aligned signature. */
  fromDomain: string | null;
  names: OrgDomainMemo;
}

/**
 * Why an authentication header outside the receiver's block was not used, and whether it is a
 * forgery candidate (RFC 8601 §7.1, docs/trust-model.md): one that claims the receiver (its
 * authserv-id, its servers' or recipients' domain), a mailbox provider, or a look-alike of
 * either; one without authserv-id (Microsoft's form); one written before any server saw the
 * message. An honest earlier provider's own block (findEarlierBlocks) and an earlier relay's
 * results under its own name are information.
 */
export function judgeUntrusted(h: AuthHeader, ctx: JudgeContext): UntrustedHeader {
  const claim = h.kind === 'ar' ? h.parsed.authservId : spfClaim(h);
  const judged = judgeClaim(claim, h.field.index, h.kind, ctx);
  // Only a header in the receiver's own name can contradict or repeat it.
  const clash = judged.reason === 'outside-block' ? compareWithReceiver(h, ctx) : null;
  return {
    header: h,
    ...judged,
    claim,
    contradicts: clash?.kind === 'contradicts' ? clash.what : null,
    repeats: clash?.kind === 'repeats' ? clash.what : null,
  };
}

export interface ClaimJudgement {
  forged: boolean;
  reason: UntrustReason;
  imitates: string | null;
}

/**
 * The judgement of one claim (an authserv-id, a Received-SPF receiver, an ARC sealer's `d=`) made
 * by a field of `kind` at `index` outside the receiver's block. An Authentication-Results field
 * must name its server, so a missing name is Microsoft's form out of place.
 */
export function judgeClaim(
  claim: string | null,
  index: number,
  kind: 'ar' | 'spf' | 'arc',
  ctx: Omit<JudgeContext, 'trusted' | 'fromDomain'>,
): ClaimJudgement {
  const mustName = kind === 'ar';
  const verdict = (
    forged: boolean,
    reason: UntrustReason,
    imitates: string | null = null,
  ): ClaimJudgement => ({ forged, reason, imitates });
  if (ctx.oldestReceived >= 0 && index > ctx.oldestReceived) {
    return verdict(true, 'before-any-server');
  }
  const block = ctx.earlier.find((b) => inEarlierBlock(b, index, kind));
  if (block !== undefined) {
    const org = claim === null ? null : ctx.names.orgDomain(domainOf(claim));
    const own =
      claim === null
        ? !mustName || block.provider.noAuthservId
        : profileForOrg(org) === block.provider || block.provider.ids.includes(claim);
    if (own) return verdict(false, 'earlier-server');
  }
  if (claim === null) {
    return mustName ? verdict(true, 'no-authserv-id') : verdict(false, 'earlier-server');
  }
  const org = ctx.names.orgDomain(domainOf(claim));
  if (
    ctx.receiver.ids.includes(claim) ||
    KNOWN_IDS.includes(claim) ||
    (org !== null && (ctx.receiver.orgs.includes(org) || KNOWN_ORGS.includes(org)))
  ) {
    return verdict(true, 'outside-block');
  }
  const imitates = lookAlikeOf(claim, knownNames(ctx.receiver));
  if (imitates !== null) return verdict(true, 'look-alike', imitates);
  return verdict(false, 'earlier-server');
}

/**
 * The field at `index` is where the earlier provider writes such a field: anywhere between the
 * hop it handed the message over on and its own inbound hop for an 'above' provider (Microsoft)
 * and for ARC sets; for a 'below' provider (Gmail) results only in the run under its inbound
 * hop — it writes exactly one Authentication-Results, so another in its name is not its own.
 */
function inEarlierBlock(b: EarlierBlock, index: number, kind: 'ar' | 'spf' | 'arc'): boolean {
  if (kind === 'arc' || b.provider.block === 'above')
    return index > b.after && index <= b.resultsEnd;
  return index > b.until && index <= b.resultsEnd;
}

const PROVIDER_NAMES: readonly KnownName[] = KNOWN_IDS.map(knownName);

function knownNames(receiver: ReceiverNames): readonly KnownName[] {
  const own = [...receiver.ids, ...receiver.orgs].filter((n) => !KNOWN_IDS.includes(n));
  return own.length === 0 ? PROVIDER_NAMES : [...own.map(knownName), ...PROVIDER_NAMES];
}

/**
 * How this header relates to the receiver's own results: it contradicts one (`spf=pass` where
 * the receiver wrote `Received-SPF: Fail`; an aligned `dkim=pass` beside the receiver's
 * `dmarc=fail`, since DMARC passes whenever an aligned signature does), or repeats a method the
 * receiver already reported (a second `spf=` where it gave SPF in Received-SPF).
 */
function compareWithReceiver(
  h: AuthHeader,
  ctx: JudgeContext,
): { kind: 'contradicts' | 'repeats'; what: string } | null {
  const own = ownResults(ctx.trusted);
  if (own.size === 0) return null;
  const claimed: { method: string; result: string; signer: string | null }[] =
    h.kind === 'spf'
      ? [
          {
            method: 'spf',
            result: (h.parsed.result ?? h.parsed.rawResult).toLowerCase(),
            signer: null,
          },
        ]
      : h.parsed.results.map((r) => ({
          method: r.method,
          result: r.result,
          signer: domainOf(r.props.get('header.d') ?? r.props.get('header.i') ?? null),
        }));
  for (const c of claimed) {
    const mine = own.get(c.method);
    if (mine !== undefined && mine !== c.result) {
      return { kind: 'contradicts', what: `${c.method}=${mine}` };
    }
  }
  if (own.get('dmarc') === 'fail') {
    const aligned = claimed.some(
      (c) =>
        c.method === 'dkim' &&
        c.result === 'pass' &&
        ctx.names.relaxedAligned(c.signer, ctx.fromDomain) === true,
    );
    if (aligned) return { kind: 'contradicts', what: 'dmarc=fail' };
  }
  const repeated = claimed.find((c) => own.has(c.method));
  return repeated === undefined ? null : { kind: 'repeats', what: repeated.method };
}

function ownResults(trusted: readonly AuthHeader[]): Map<string, string> {
  const own = new Map<string, string>();
  for (const h of trusted) {
    countWork(h.kind === 'spf' ? 1 : h.parsed.results.length + 1);
    if (h.kind === 'spf') {
      if (h.parsed.result !== null && h.parsed.identity !== 'helo' && !own.has('spf')) {
        own.set('spf', h.parsed.result);
      }
      continue;
    }
    for (const r of h.parsed.results) if (!own.has(r.method)) own.set(r.method, r.result);
  }
  return own;
}
