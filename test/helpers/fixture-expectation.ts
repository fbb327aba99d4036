import { variantOf } from '../../src/core/findings/warning-variant.ts';
import type { Report } from '../../src/core/index.ts';

/**
 * What a fixture's `.expect.json` pins of its report: the verdict, each method's result with
 * the facts it rests on (the envelope sender, each signature's reason and key record, the
 * subdomain policy), whose results they were, the path with each hop's date, and the codes of
 * the hints and warnings. Texts are left out (the i18n test checks them against the catalogue),
 * so rewording a hint does not touch every fixture; any change in what the report concludes does.
 */
export function summarizeForFixture(r: Report): unknown {
  return {
    verdict: { status: r.verdict.status, code: r.verdict.code },
    authservId: r.authservId,
    spf: {
      result: r.spf.result,
      clientIp: r.spf.clientIp,
      clientIpSource: r.spf.clientIpSource,
      domain: r.spf.domain,
      identity: r.spf.identity,
      mailFrom: r.spf.mailFrom,
      helo: r.spf.helo,
      gateway: r.spf.gateway,
      fix: r.spf.fix === null ? null : { record: r.spf.fix.record, add: r.spf.fix.add },
    },
    dkim: r.dkim.map((d) => ({
      result: d.result,
      domain: d.domain,
      selector: d.selector,
      reason: d.reason,
      keyName: d.keyName,
      aligned: d.aligned,
    })),
    dmarc: {
      result: r.dmarc.result,
      policy: r.dmarc.policy,
      subdomainPolicy: r.dmarc.subdomainPolicy,
      disposition: r.dmarc.disposition,
      headerFrom: r.dmarc.headerFrom,
      spfAligned: r.dmarc.spfAligned,
      dkimAligned: r.dmarc.dkimAligned,
    },
    arc: r.arc,
    compauth: r.compauth,
    hops: r.hops.map((h) => ({
      from: h.from,
      ip: h.ip,
      by: h.by,
      date: h.date,
      delaySeconds: h.delaySeconds,
      inbound: h.inbound,
    })),
    hints: r.hints.map((h) => h.code),
    warnings: r.warnings.map(variantOf),
    untrusted: r.untrustedResults.map((u) => `${u.method}=${u.result} (${u.reason})`),
  };
}
