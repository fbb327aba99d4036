import { domainOf } from '../psl/domain-name.ts';
import { warning } from '../findings/warning-catalogue.ts';
import { isKnownResult, isSpfResult } from '../parse/auth-result-tokens.ts';
import type { MethodResult } from '../parse/parse-authentication-results.ts';
import { parseIp } from '../parse/parse-ip.ts';
import { readComment, type ReceivedSpf } from '../parse/parse-received-spf.ts';
import type { ReceivedHop } from '../parse/received/parse-received.ts';
import type { ClientIpSource, SpfResult, SpfVerdict, Warning } from '../report.ts';

/**
 * The SPF verdict from the receiver's trusted results (RFC 7208 §2.3-2.4 and §9.1, RFC 8601
 * §2.7.2). The MAIL FROM identity's result is the verdict, whatever the order of the `spf=`
 * results or of the Received-SPF fields (`spf=pass smtp.helo=x; spf=none smtp.mailfrom=y` is
 * none). A HELO result is shown apart (`helo`) and stands in only where the MAIL FROM identity
 * had none to check: a null reverse-path (`<>`, RFC 7208 §2.4), or a receiver that reported
 * only a HELO result in its Authentication-Results (Gmail writes `smtp.helo=` for bounces).
 * Google Workspace's `gateway.spf` is reported apart. The client IP comes from the same trusted
 * block, falling back to the inbound hop's address; never from HELO text or a lower hop.
 */
export function analyzeSpf(
  arResults: readonly MethodResult[],
  receivedSpf: readonly ReceivedSpf[],
  inbound: ReceivedHop | null,
  returnPath: string | null,
): { spf: Omit<SpfVerdict, 'fix'>; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const spfResults = arResults.filter((r) => r.method === 'spf' && isKnownResult('spf', r.result));
  const arMailFrom =
    spfResults.find((r) => r.props.has('smtp.mailfrom')) ??
    spfResults.find((r) => !r.props.has('smtp.helo'));
  const arHeloOnly = spfResults.find(
    (r) => r.props.has('smtp.helo') && !r.props.has('smtp.mailfrom'),
  );
  const gateway = arResults.find(
    (r) => r.method === 'gateway.spf' && isKnownResult('spf', r.result),
  );
  const mailfromSpf = receivedSpf.find((r) => r.identity !== 'helo' && r.result !== null);
  const heloSpf = receivedSpf.find((r) => r.identity === 'helo' && r.result !== null);

  const mailFrom =
    arMailFrom?.props.get('smtp.mailfrom') ??
    mailfromSpf?.envelopeFrom ??
    heloSpf?.envelopeFrom ??
    null;
  const nullSender =
    (mailFrom !== null && isNullPath(mailFrom)) || (returnPath !== null && isNullPath(returnPath));

  let result: SpfResult | null = null;
  let identity: 'mailfrom' | 'helo' | null = null;
  if (arMailFrom !== undefined && isSpfResult(arMailFrom.result)) {
    result = arMailFrom.result;
    identity = 'mailfrom';
  } else if (mailfromSpf?.result != null) {
    result = mailfromSpf.result;
    identity = 'mailfrom';
  }
  if (
    arMailFrom !== undefined &&
    mailfromSpf?.result != null &&
    mailfromSpf.result !== arMailFrom.result
  ) {
    warnings.push(
      warning('spf-results-disagree', {
        arResult: arMailFrom.result,
        spfResult: mailfromSpf.result,
      }),
    );
  }

  const heloResult: SpfResult | null =
    (arHeloOnly !== undefined && isSpfResult(arHeloOnly.result) ? arHeloOnly.result : null) ??
    heloSpf?.result ??
    null;
  const heloName = arHeloOnly?.props.get('smtp.helo') ?? heloSpf?.helo ?? null;
  // A receiver whose only SPF result names the HELO identity checked nothing else: the MAIL FROM
  // was null, or it says so only through that choice (Gmail's bounces).
  const heloStandsIn =
    nullSender ||
    (arHeloOnly !== undefined &&
      arMailFrom === undefined &&
      mailfromSpf === undefined &&
      mailFrom === null);
  if (result === null && heloResult !== null && heloStandsIn) {
    result = heloResult;
    identity = 'helo';
  }

  let domain: string | null;
  if (identity === 'helo') {
    domain = domainOf(heloName ?? heloSpf?.commentSubject ?? null);
  } else {
    domain =
      domainOf(arMailFrom?.props.get('smtp.mailfrom')) ??
      domainOf(mailfromSpf?.envelopeFrom) ??
      domainOf(mailfromSpf?.commentSubject) ??
      domainOf(arMailFrom === undefined ? null : commentFacts(arMailFrom).subject);
  }

  const ar = identity === 'helo' ? arHeloOnly : arMailFrom;
  const client = clientIpOf(ar, arResults, receivedSpf, mailfromSpf, inbound);
  if (
    client.ip !== null &&
    inbound?.ip != null &&
    client.ip !== inbound.ip &&
    client.source !== 'inbound-hop'
  ) {
    warnings.push(warning('client-ip-mismatch', { ip: client.ip, hopIp: inbound.ip }));
  }

  const spf = {
    result,
    clientIp: client.ip,
    domain,
    identity,
    mailFrom,
    clientIpSource: client.source,
    comment: ar?.comments[0] ?? (identity === 'helo' ? heloSpf : mailfromSpf)?.comment ?? null,
    helo:
      heloResult !== null && identity !== 'helo'
        ? { result: heloResult, domain: domainOf(heloName) }
        : null,
    gateway: gateway !== undefined && isSpfResult(gateway.result) ? gateway.result : null,
  };
  return { spf, warnings };
}

/** RFC 5321 §4.1.2 null reverse-path: `<>` (some receivers write it empty). */
function isNullPath(path: string): boolean {
  const p = path.trim();
  return p === '<>' || p === '' || p === '""';
}

function commentFacts(r: MethodResult): ReturnType<typeof readComment> {
  return readComment(r.comments.join(' '));
}

function clientIpOf(
  ar: MethodResult | undefined,
  arResults: readonly MethodResult[],
  all: readonly ReceivedSpf[],
  mailfromSpf: ReceivedSpf | undefined,
  inbound: ReceivedHop | null,
): { ip: string | null; source: ClientIpSource | null } {
  const fromPairs = mailfromSpf?.clientIp ?? all.find((r) => r.clientIp !== null)?.clientIp ?? null;
  if (fromPairs !== null) return { ip: fromPairs, source: 'received-spf' };
  const fromComment =
    mailfromSpf?.commentIp ?? all.find((r) => r.commentIp !== null)?.commentIp ?? null;
  if (fromComment !== null) return { ip: fromComment, source: 'received-spf-comment' };
  // Microsoft: `spf=pass (sender IP is 192.0.2.1)`; Fastmail: `iprev=pass smtp.remote-ip=IP`;
  // RFC 8601 §2.7.3: `iprev=pass policy.iprev=IP`.
  const iprev = arResults.find((r) => r.method === 'iprev');
  const ip =
    (ar === undefined ? null : commentFacts(ar).ip) ??
    parseIp(iprev?.props.get('smtp.remote-ip') ?? '') ??
    parseIp(iprev?.props.get('policy.iprev') ?? '');
  if (ip !== null) return { ip, source: 'authentication-results' };
  if (inbound?.ip != null) return { ip: inbound.ip, source: 'inbound-hop' };
  return { ip: null, source: null };
}
