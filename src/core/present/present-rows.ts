import type { DkimVerdict, Report } from '../report.ts';
import type { Fact, MethodRow, SignatureView, Tone } from './presentation.ts';
import { signatureVerifyView } from './present-verify.ts';

/** The colour of a result: green for a pass, neutral when nothing was reported or it doesn't
 * apply, amber for the soft results, red for failures and errors. */
export function toneOf(result: string | null): Tone {
  switch (result) {
    case 'pass':
    case 'bestguesspass':
      return 'good';
    case null:
    case 'none':
    case 'policy':
      return 'neutral';
    case 'softfail':
    case 'neutral':
    case 'temperror':
      return 'warn';
    default:
      return 'bad';
  }
}

/** Each fact's label, by code (the popup's `fact_<code>` names translate them). */
export const FACT_LABELS: Readonly<Record<string, string>> = {
  clientIp: 'client IP',
  domain: 'domain',
  domainHelo: 'HELO name',
  heloResult: 'HELO result',
  gatewaySpf: 'gateway SPF',
  headerFrom: 'From: domain',
  policy: 'policy',
  alignment: 'aligned',
  instance: 'instance',
};

/** Which aligned pass DMARC had, by code (`alignment_<code>` in the popup). */
export const ALIGNMENT_TEXTS: Readonly<Record<string, string>> = {
  'spf-and-dkim': 'SPF and DKIM',
  spf: 'SPF',
  dkim: 'DKIM',
  none: 'none',
};

const fact = (code: string, value: string, mono = true, valueCode: string | null = null): Fact => ({
  code,
  label: FACT_LABELS[code] ?? code,
  value,
  valueCode,
  mono,
});

/**
 * SPF, DKIM and DMARC as three compact rows, each with its key detail, as Gmail's own summary
 * shows them; ARC only when the receiver reported a result (on direct mail it reports none).
 */
export function presentRows(report: Report): MethodRow[] {
  const spf = report.spf;
  const rows: MethodRow[] = [
    {
      method: 'spf',
      result: spf.result,
      tone: toneOf(spf.result),
      facts: [
        fact('clientIp', spf.clientIp ?? 'unknown'),
        fact(spf.identity === 'helo' ? 'domainHelo' : 'domain', spf.domain ?? 'unknown'),
        ...(spf.helo === null ? [] : [fact('heloResult', spf.helo.result)]),
        ...(spf.gateway === null ? [] : [fact('gatewaySpf', spf.gateway)]),
      ],
      signatures: [],
    },
    {
      method: 'dkim',
      result: dkimResult(report.dkim),
      tone: toneOf(dkimResult(report.dkim)),
      facts: [],
      signatures: report.dkim.map(signatureView),
    },
    {
      method: 'dmarc',
      result: report.dmarc.result,
      tone: toneOf(report.dmarc.result),
      facts: [
        ...(report.dmarc.headerFrom === null ? [] : [fact('headerFrom', report.dmarc.headerFrom)]),
        ...(report.dmarc.policy === null ? [] : [fact('policy', `p=${report.dmarc.policy}`)]),
        alignmentFact(report),
      ],
      signatures: [],
    },
  ];
  if (report.arc.result !== null) {
    rows.push({
      method: 'arc',
      result: report.arc.result,
      tone: toneOf(report.arc.result),
      facts: report.arc.instance === null ? [] : [fact('instance', `i=${report.arc.instance}`)],
      signatures: [],
    });
  }
  return rows;
}

/** DKIM's row: pass when one signature passed, else the first signature's result. */
function dkimResult(dkim: readonly DkimVerdict[]): string | null {
  if (dkim.length === 0) return null;
  return dkim.some((d) => d.result === 'pass') ? 'pass' : (dkim[0]?.result ?? null);
}

function signatureView(d: DkimVerdict): SignatureView {
  return {
    result: d.result,
    tone: toneOf(d.result),
    domain: d.domain,
    selector: d.selector,
    // Alignment is said only of a pass: a failed signature aligns nothing.
    aligned: d.result === 'pass' ? d.aligned : null,
    reason: d.reason,
    keyName: d.keyName,
    verify: d.verify === undefined ? null : signatureVerifyView(d.verify),
  };
}

/** Which aligned pass DMARC had (or could have had), in words. */
function alignmentFact(report: Report): Fact {
  const spf = report.spf.result === 'pass' && report.dmarc.spfAligned === true;
  const dkim = report.dkim.some((d) => d.result === 'pass' && d.aligned === true);
  const code = spf && dkim ? 'spf-and-dkim' : spf ? 'spf' : dkim ? 'dkim' : 'none';
  return fact('alignment', ALIGNMENT_TEXTS[code] ?? code, false, code);
}
