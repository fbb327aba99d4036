import { analyzeArc } from './verdicts/analyze-arc.ts';
import { analyzeDkim } from './verdicts/analyze-dkim.ts';
import { analyzeDmarc } from './verdicts/analyze-dmarc.ts';
import { analyzeFreeText } from './analyze-free-text.ts';
import { analyzeSpf } from './verdicts/analyze-spf.ts';
import { isKnownResult } from './parse/auth-result-tokens.ts';
import { buildHops } from './verdicts/build-hops.ts';
import { deriveHints, fixFrom } from './findings/derive-hints.ts';
import { domainOf, OrgDomainMemo } from './psl/domain-name.ts';
import { multipleFromWarnings, resultWarnings } from './findings/field-warnings.ts';
import { summarizeUntrusted, trustWarnings } from './findings/trust-warnings.ts';
import { warning } from './findings/warning-catalogue.ts';
import { isDeliveryReport } from './parse/is-delivery-report.ts';
import { LIMITS } from './limits.ts';
import { parseAddress } from './parse/parse-address.ts';
import type { MethodResult } from './parse/parse-authentication-results.ts';
import { parseBounce } from './parse/parse-bounce.ts';
import { parseDate } from './parse/parse-date.ts';
import { parseDkimSignature } from './parse/parse-dkim-signature.ts';
import { parseHeaderSection, type HeaderField } from './read/parse-header-section.ts';
import { readAuthFields, readTrace } from './parse/read-auth-fields.ts';
import {
  emptyReport,
  firstValue,
  firstValueBefore,
  summarizeMessage,
  withFix,
  withoutB,
} from './report-parts.ts';
import type { Report } from './report.ts';
import type { ReceivedSpf } from './parse/parse-received-spf.ts';
import { selectTrustedResults } from './trust/select-trusted-results.ts';
import { deriveVerdict } from './verdicts/derive-verdict.ts';

/**
 * Analyzes a raw message, its header section alone, or a pasted bounce / SMTP reply / postfix
 * log line, and returns the report. Never throws; the report is always well-formed. Only the
 * header section is read (and, for a delivery-status notification, a bounded prefix of its body).
 */
export function analyzeMessage(raw: string): Report {
  try {
    // Inside the try: String() throws on an object whose toString is not callable, and an
    // untyped caller (a message from another context) can pass one.
    return analyze(typeof raw === 'string' ? raw : String(raw ?? ''));
  } catch (error) {
    const report = emptyReport('empty');
    const message = error instanceof Error ? error.message : 'unknown error';
    report.warnings.push(warning('internal-error', { message }));
    return report;
  }
}

/**
 * The pipeline: read the header section; parse the trace and the authentication fields; decide
 * which results are the receiver's own (trust/); turn those into verdicts per method; derive
 * the overall verdict and the hints. Each stage returns its findings; they are reported in
 * pipeline order.
 */
function analyze(raw: string): Report {
  const section = parseHeaderSection(raw);
  const isMessage =
    section.fields.some((f) => MESSAGE_FIELDS.has(f.key)) ||
    section.warnings.some((w) => w.code === 'truncated');
  if (section.notHeaders || !isMessage) {
    // Log lines read like fields (`2025-03-05T12:00:01.123456+00:00 host postfix/smtp[123]: ...`,
    // journalctl's `4ABC123: to=<...>`): without a single message field it is not a message.
    return analyzeFreeText(raw, section.notHeaders ? section.warnings : []);
  }

  const fields = section.fields;
  const trace = readTrace(fields);
  const received = trace.items;
  const auth = readAuthFields(fields);
  const names = new OrgDomainMemo();
  const fromFields = fields.filter((f) => f.key === 'from');
  const fromAddress = fromFields[0] === undefined ? null : parseAddress(fromFields[0].value);
  const fromDomain = domainOf(fromAddress);
  const decision = selectTrustedResults(fields, received, auth.items, fromDomain, names);

  const trustedAr: MethodResult[] = [];
  const trustedSpf: ReceivedSpf[] = [];
  for (const h of decision.trusted) {
    if (h.kind === 'ar') trustedAr.push(...h.parsed.results);
    else trustedSpf.push(h.parsed);
  }

  const inbound = decision.inbound === null ? null : (received[decision.inbound]?.hop ?? null);
  const returnPath =
    decision.certainEnd > 0 ? firstValueBefore(fields, 'return-path', decision.certainEnd) : null;
  const spf = analyzeSpf(trustedAr, trustedSpf, inbound, returnPath);
  const signatures = limitedList(fields, 'dkim-signature', LIMITS.authResultsFields).map((f) =>
    parseDkimSignature(f.value),
  );
  const dkim = analyzeDkim(trustedAr, signatures, fromDomain, names);
  const dmarc = analyzeDmarc(trustedAr, fromDomain, spf.spf, dkim, names);
  const arc = analyzeArc(fields, trustedAr, {
    certainEnd: decision.certainEnd,
    judge: {
      receiver: decision.receiver,
      earlier: decision.earlier,
      oldestReceived: received.at(-1)?.field.index ?? -1,
      names,
    },
  });
  const forgeries = trustWarnings(decision.untrusted, decision.note);
  const warnings = [
    ...section.warnings,
    ...trace.warnings,
    ...auth.warnings,
    ...resultWarnings(trustedAr, auth.items),
    ...forgeries,
    ...spf.warnings,
    ...multipleFromWarnings(fromFields),
    ...arc.warnings,
  ];
  // An unknown compauth word is dropped like any other unknown result (reported above).
  const compauthResult = trustedAr.find(
    (r) => r.method === 'compauth' && isKnownResult('compauth', r.result),
  );
  const hops = buildHops(received, decision.inbound);
  const dateField = firstValue(fields, 'date');
  const sent = dateField === null ? null : parseDate(dateField);
  const message = summarizeMessage(fields, sent);
  const newest = received[0]?.hop.date ?? null;

  const bounce =
    isDeliveryReport(fields) && section.bodyOffset !== null
      ? parseBounce(raw.slice(section.bodyOffset, section.bodyOffset + LIMITS.bounceBodyChars))
      : null;
  const inboundHop = hops.find((h) => h.inbound) ?? null;
  const receiver = decision.profile?.name ?? inboundHop?.by ?? null;
  const trusted = decision.trusted.length > 0;
  const verdict = deriveVerdict({
    spf: spf.spf,
    dkim,
    dmarc,
    arc: arc.arc,
    receiver,
    trusted,
    forged: warnings.some((w) => w.code === 'untrusted-auth-header'),
    list: message.listId !== null,
    bounce,
  });
  const hints = deriveHints({
    spf: spf.spf,
    dkim,
    dmarc,
    arc: arc.arc,
    inbound: inboundHop,
    receiver: decision.profile?.name ?? null,
    trusted,
    bounce,
    status: verdict.status,
  });

  return {
    verdict,
    spf: withFix(spf.spf, fixFrom(hints)),
    dkim,
    dmarc,
    arc: arc.arc,
    authservId: trusted ? decision.authservId : null,
    compauth:
      compauthResult === undefined
        ? null
        : { result: compauthResult.result, reason: compauthResult.reason ?? null },
    hops,
    totalSeconds: sent !== null && newest !== null ? Math.round((newest - sent) / 1000) : null,
    hints,
    warnings,
    bounce,
    message,
    dkimSignatures: signatures.map(withoutB),
    untrustedResults: decision.untrusted.flatMap(summarizeUntrusted),
    input: bounce === null ? 'message' : 'bounce',
  };
}

/** Fields every message, or every pasted part of one, has at least one of. */
const MESSAGE_FIELDS = new Set([
  'received',
  'authentication-results',
  'received-spf',
  'arc-authentication-results',
  'dkim-signature',
  'from',
  'to',
  'cc',
  'subject',
  'date',
  'message-id',
  'return-path',
  'delivered-to',
  'mime-version',
  'content-type',
  'reply-to',
  'sender',
  'x-received',
]);

function limitedList(fields: readonly HeaderField[], key: string, max: number): HeaderField[] {
  return fields.filter((f) => f.key === key).slice(0, max);
}
