import { deriveHints, fixFrom } from './findings/derive-hints.ts';
import { parseBounce } from './parse/parse-bounce.ts';
import { emptyReport } from './report-parts.ts';
import type { Report, SpfVerdict, Warning } from './report.ts';
import { deriveVerdict } from './verdicts/derive-verdict.ts';
import { warning } from './findings/warning-catalogue.ts';

/** Input that is not a header section: a bounce, an SMTP reply or a log line — or nothing useful. */
export function analyzeFreeText(raw: string, warnings: Warning[]): Report {
  const bounce = parseBounce(raw);
  const report = emptyReport(bounce === null ? 'empty' : 'bounce');
  report.warnings.push(...warnings);
  if (bounce === null) {
    if (raw.trim().length > 0) {
      report.warnings.push(warning('not-a-message', {}));
    }
    return report;
  }
  report.bounce = bounce;
  const spf: Omit<SpfVerdict, 'fix'> = {
    ...report.spf,
    clientIp: bounce.clientIp,
    domain: bounce.spfDomain,
    identity: bounce.spfDomain === null ? null : 'mailfrom',
    clientIpSource: bounce.clientIp === null ? null : 'bounce',
  };
  report.verdict = deriveVerdict({
    spf,
    dkim: [],
    dmarc: report.dmarc,
    arc: report.arc,
    receiver: null,
    trusted: false,
    forged: false,
    list: false,
    bounce,
  });
  report.hints = deriveHints({
    spf,
    dkim: [],
    dmarc: report.dmarc,
    arc: report.arc,
    inbound: null,
    receiver: null,
    trusted: false,
    bounce,
    status: report.verdict.status,
  });
  report.spf = { ...spf, fix: fixFrom(report.hints) };
  return report;
}
