import { domainOf } from './domain-name.ts';
import { isKnownResult } from './auth-result-tokens.ts';
import type { MethodResult } from './parse-authentication-results.ts';
import { parseIp } from './parse-ip.ts';
import { readComment, type ReceivedSpf } from './parse-received-spf.ts';
import type { ReceivedHop } from './received/parse-received.ts';
import type { ClientIpSource, SpfResult, SpfVerdict, Warning } from './report.ts';

/**
 * The SPF verdict from the receiver's trusted results (RFC 7208 §9.1, RFC 8601 §2.7.2): the
 * MAIL FROM identity's result is the verdict; a HELO result is shown as such, and becomes the
 * verdict only for a null reverse-path (RFC 7208 §2.4). Google Workspace's `gateway.spf` is
 * reported apart. The client IP comes from the same trusted block, falling back to the inbound
 * hop's bracketed address; never from a HELO literal or a lower hop.
 */
export function analyzeSpf(
  arResults: readonly MethodResult[],
  receivedSpf: readonly ReceivedSpf[],
  inbound: ReceivedHop | null,
  warnings: Warning[],
): Omit<SpfVerdict, 'fix'> {
  const ar = arResults.find((r) => r.method === 'spf' && isKnownResult('spf', r.result));
  const gateway = arResults.find(
    (r) => r.method === 'gateway.spf' && isKnownResult('spf', r.result),
  );
  const mailfromSpf = receivedSpf.find((r) => r.identity !== 'helo' && r.result !== null);
  const heloSpf = receivedSpf.find((r) => r.identity === 'helo' && r.result !== null);

  const arMailFrom = ar?.props.get('smtp.mailfrom') ?? null;
  const arHelo = ar?.props.get('smtp.helo') ?? null;
  const arIsHelo = ar !== undefined && arMailFrom === null && arHelo !== null;

  let result: SpfResult | null = null;
  let identity: 'mailfrom' | 'helo' | null = null;
  if (ar !== undefined && ar.result !== 'policy') {
    result = ar.result as SpfResult;
    identity = arIsHelo ? 'helo' : 'mailfrom';
  } else if (mailfromSpf?.result != null) {
    result = mailfromSpf.result;
    identity = 'mailfrom';
  }
  if (
    ar !== undefined &&
    mailfromSpf?.result != null &&
    !arIsHelo &&
    mailfromSpf.result !== ar.result
  ) {
    warnings.push({
      code: 'spf-results-disagree',
      text: `The receiver's Authentication-Results says spf=${ar.result} but its Received-SPF says ${mailfromSpf.result}; the Authentication-Results value is shown.`,
      params: { arResult: ar.result, spfResult: mailfromSpf.result },
    });
  }

  const mailFrom = arMailFrom ?? mailfromSpf?.envelopeFrom ?? null;
  const nullSender = mailFrom !== null && (mailFrom === '<>' || mailFrom === '');
  if (result === null && heloSpf?.result != null && (mailfromSpf === undefined || nullSender)) {
    result = heloSpf.result;
    identity = 'helo';
  }

  let domain: string | null;
  if (identity === 'helo') {
    domain = domainOf(arHelo ?? heloSpf?.helo ?? heloSpf?.commentSubject ?? null);
  } else {
    domain =
      domainOf(arMailFrom) ??
      domainOf(mailfromSpf?.envelopeFrom) ??
      domainOf(mailfromSpf?.commentSubject) ??
      domainOf(ar === undefined ? null : commentFacts(ar).subject);
  }

  const client = clientIpOf(ar, arResults, receivedSpf, mailfromSpf, inbound);
  if (
    client.ip !== null &&
    inbound?.ip != null &&
    client.ip !== inbound.ip &&
    client.source !== 'inbound-hop'
  ) {
    warnings.push({
      code: 'client-ip-mismatch',
      text: `The receiver checked SPF for ${client.ip}, but its Received field shows the connection from ${inbound.ip}.`,
      params: { ip: client.ip, hopIp: inbound.ip },
    });
  }

  return {
    result,
    clientIp: client.ip,
    domain,
    identity,
    mailFrom,
    clientIpSource: client.source,
    comment: ar?.comments[0] ?? mailfromSpf?.comment ?? null,
    helo:
      heloSpf?.result != null && identity !== 'helo'
        ? { result: heloSpf.result, domain: domainOf(heloSpf.helo) }
        : null,
    gateway: gateway === undefined ? null : (gateway.result as SpfResult),
  };
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
