import type { Report } from '../report.ts';
import type { DkimLive, DmarcLive, PtrLive, SpfLive } from './live-types.ts';

/**
 * The live check's query and results, and the two steps the popup takes with them — the query
 * from a report, the results merged into it — apart from the checks themselves (check-live.ts),
 * so the popup loads neither the SPF evaluator nor anything else the checks need.
 */

/**
 * What to check against current DNS: the names and address the message's report gives. Only
 * validated domain names and addresses are ever part of it (they are sent to a resolver).
 */
export interface LiveQuery {
  spf: { domain: string; clientIp: string; sender: string; helo: string } | null;
  fromDomain: string | null;
  dkimKeys: string[];
  ptrIp: string | null;
}

export interface LiveResults {
  spf: SpfLive | null;
  dmarc: DmarcLive | null;
  dkim: DkimLive[];
  ptr: PtrLive | null;
}

/** DKIM keys checked per message; each is one query. */
export const MAX_DKIM_KEYS = 8;

export function liveQueryOf(report: Report): LiveQuery {
  const spf = report.spf;
  const domain = spf.domain;
  const ip = spf.clientIp;
  return {
    spf:
      domain !== null && ip !== null
        ? {
            domain,
            clientIp: ip,
            sender: spf.identity === 'helo' ? '' : (spf.mailFrom ?? `postmaster@${domain}`),
            helo: report.hops.find((h) => h.inbound)?.helo ?? domain,
          }
        : null,
    fromDomain: report.dmarc.headerFrom,
    dkimKeys: report.dkim
      .map((d) => d.keyName)
      .filter((k): k is string => k !== null)
      .slice(0, MAX_DKIM_KEYS),
    ptrIp: ip,
  };
}

/** The report with each live result beside the verdict it belongs to. */
export function withLive(report: Report, live: LiveResults): Report {
  const merged: Report = {
    ...report,
    spf: live.spf === null ? report.spf : { ...report.spf, live: live.spf },
    dmarc: live.dmarc === null ? report.dmarc : { ...report.dmarc, live: live.dmarc },
    dkim: report.dkim.map((d) => {
      const key = live.dkim.find((k) => k.keyName === d.keyName);
      return key === undefined ? d : { ...d, live: key };
    }),
  };
  if (live.ptr !== null) merged.ptr = { live: live.ptr };
  return merged;
}
