import { analyzeArc } from './analyze-arc.ts';
import { analyzeDkim } from './analyze-dkim.ts';
import { analyzeDmarc } from './analyze-dmarc.ts';
import { analyzeSpf } from './analyze-spf.ts';
import { isKnownResult, KNOWN_RESULTS } from './auth-result-tokens.ts';
import { buildHops } from './build-hops.ts';
import { decodeEncodedWords } from './decode-encoded-words.ts';
import { deriveHints, fill } from './derive-hints.ts';
import { deriveVerdict, VERDICT_TEXTS } from './verdict/derive-verdict.ts';
import { domainOf, OrgDomainMemo } from './domain-name.ts';
import { isDeliveryReport } from './is-delivery-report.ts';
import { LIMITS } from './limits.ts';
import { countMailboxes, parseAddress } from './parse-address.ts';
import { parseAuthenticationResults, type MethodResult } from './parse-authentication-results.ts';
import { parseBounce } from './parse-bounce.ts';
import { parseDate, toIso } from './parse-date.ts';
import { parseDkimSignature } from './parse-dkim-signature.ts';
import { parseHeaderSection, type HeaderField } from './parse-header-section.ts';
import { parseReceivedSpf } from './parse-received-spf.ts';
import { parseReceived } from './received/parse-received.ts';
import type {
  AuthResultSummary,
  Bounce,
  DkimSignature,
  Report,
  SpfVerdict,
  Warning,
} from './report.ts';
import {
  selectTrustedResults,
  type AuthHeader,
  type TraceHop,
  type UntrustedHeader,
  type UntrustReason,
} from './trust/select-trusted-results.ts';

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
    report.warnings.push({
      code: 'internal-error',
      text: `Header Lens could not analyze this input (${error instanceof Error ? error.message : 'unknown error'}). Please report it with the headers.`,
      params: { message: error instanceof Error ? error.message : 'unknown error' },
    });
    return report;
  }
}

function analyze(raw: string): Report {
  const section = parseHeaderSection(raw);
  const warnings: Warning[] = [...section.warnings];
  const isMessage =
    section.fields.some((f) => MESSAGE_FIELDS.has(f.key)) ||
    section.warnings.some((w) => w.code === 'truncated');
  if (section.notHeaders || !isMessage) {
    // Log lines read like fields (`2025-03-05T12:00:01.123456+00:00 host postfix/smtp[123]: ...`,
    // journalctl's `4ABC123: to=<...>`): without a single message field it is not a message.
    return analyzeFreeText(raw, section.notHeaders ? warnings : []);
  }

  const fields = section.fields;
  const received = limited(
    fields.filter((f) => f.key === 'received'),
    LIMITS.receivedFields,
    'Received',
    warnings,
  ).map((field): TraceHop => ({ field, hop: parseReceived(field.value) }));
  const auth = authHeaders(fields, warnings);
  const names = new OrgDomainMemo();
  const fromFields = fields.filter((f) => f.key === 'from');
  const fromAddress = fromFields[0] === undefined ? null : parseAddress(fromFields[0].value);
  const fromDomain = domainOf(fromAddress);
  const decision = selectTrustedResults(fields, received, auth, fromDomain, names);

  const trustedAr: MethodResult[] = [];
  const trustedSpf = [];
  for (const h of decision.trusted) {
    if (h.kind === 'ar') trustedAr.push(...h.parsed.results);
    else trustedSpf.push(h.parsed);
  }
  for (const r of trustedAr) {
    if (KNOWN_RESULTS.has(r.method) && !isKnownResult(r.method, r.result)) {
      warnings.push({
        code: 'unknown-result',
        text: `The receiver reported ${r.method}=${r.result}, which is not a defined result; it was ignored.`,
        params: { method: r.method, result: r.result },
      });
    }
  }
  if (auth.some((h) => h.kind === 'ar' && h.parsed.resultsTruncated)) {
    warnings.push({
      code: 'truncated',
      text: `An Authentication-Results field holds more than ${LIMITS.resultsPerField} results; only the first ${LIMITS.resultsPerField} were read.`,
      params: { reason: 'results', limit: String(LIMITS.resultsPerField) },
    });
  }
  if (auth.some((h) => h.kind === 'ar' && h.parsed.depthExceeded)) {
    warnings.push({
      code: 'truncated',
      text: `An Authentication-Results comment is nested deeper than ${LIMITS.commentDepth} levels; it was read as plain text.`,
      params: { reason: 'comment-depth', limit: String(LIMITS.commentDepth) },
    });
  }
  warnings.push(...trustWarnings(decision.untrusted, decision.note));

  const inbound = decision.inbound === null ? null : (received[decision.inbound]?.hop ?? null);
  const returnPath =
    decision.certainEnd > 0 ? firstValueBefore(fields, 'return-path', decision.certainEnd) : null;
  const spf = analyzeSpf(trustedAr, trustedSpf, inbound, returnPath, warnings);
  warnings.push(...multipleFromWarnings(fromFields));
  const signatures = limitedList(fields, 'dkim-signature', LIMITS.authResultsFields).map((f) =>
    parseDkimSignature(f.value),
  );
  const dkim = analyzeDkim(trustedAr, signatures, fromDomain, names);
  const dmarc = analyzeDmarc(trustedAr, fromDomain, spf, dkim, names);
  const arc = analyzeArc(
    fields,
    trustedAr,
    {
      certainEnd: decision.certainEnd,
      judge: {
        receiver: decision.receiver,
        earlier: decision.earlier,
        oldestReceived: received.at(-1)?.field.index ?? -1,
        names,
      },
    },
    warnings,
  );
  // An unknown compauth word is dropped like any other unknown result (reported above).
  const compauthResult = trustedAr.find(
    (r) => r.method === 'compauth' && isKnownResult('compauth', r.result),
  );
  const hops = buildHops(received, decision.inbound);
  const dateField = firstValue(fields, 'date');
  const sent = dateField === null ? null : parseDate(dateField);
  const message = summarize(fields, sent);
  const newest = received[0]?.hop.date ?? null;

  const bounce =
    isDeliveryReport(fields) && section.bodyOffset !== null
      ? parseBounce(raw.slice(section.bodyOffset, section.bodyOffset + LIMITS.bounceBodyChars))
      : null;
  const inboundHop = hops.find((h) => h.inbound) ?? null;
  const receiver = decision.profile?.name ?? inboundHop?.by ?? null;
  const trusted = decision.trusted.length > 0;
  const verdict = deriveVerdict({
    spf,
    dkim,
    dmarc,
    arc,
    receiver,
    trusted,
    forged: warnings.some((w) => w.code === 'untrusted-auth-header'),
    list: message.listId !== null,
    bounce,
  });
  const hints = deriveHints({
    spf,
    dkim,
    dmarc,
    arc,
    inbound: inboundHop,
    receiver: decision.profile?.name ?? null,
    trusted,
    bounce,
    status: verdict.status,
  });
  const untrustedResults = decision.untrusted.flatMap(summarizeUntrusted);

  return {
    verdict,
    spf: withFix(spf, fixFrom(hints)),
    dkim,
    dmarc,
    arc,
    authservId: decision.trusted.length > 0 ? decision.authservId : null,
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
    untrustedResults,
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

/** Input that is not a header section: a bounce, an SMTP reply or a log line — or nothing useful. */
function analyzeFreeText(raw: string, warnings: Warning[]): Report {
  const bounce = parseBounce(raw);
  const report = emptyReport(bounce === null ? 'empty' : 'bounce');
  report.warnings.push(...warnings);
  if (bounce === null) {
    if (raw.trim().length > 0) {
      report.warnings.push({
        code: 'not-a-message',
        text: 'No header fields or SMTP reply found. Paste the full headers (Gmail: ⋮ → Show original), an .eml file, or a bounce / postfix log line.',
      });
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

/** spf.fix from the hint that carries it: a whole record only where nothing is published
 * (spf-fix-new), else the mechanism to add (spf-fix-add). */
function fixFrom(hints: Report['hints']): SpfVerdict['fix'] {
  const whole = hints.find((x) => x.code === 'spf-fix-new');
  if (whole !== undefined && whole.record !== null) {
    return { record: whole.record, add: null, text: whole.text };
  }
  const add = hints.find((x) => x.code === 'spf-fix-add');
  return add === undefined
    ? null
    : { record: null, add: add.params['mechanism'] ?? null, text: add.text };
}

// The two copies below are written out: object spread and rest cost a microsecond each here (V8
// clones through its runtime), as much as parsing a header field.

/** The verdict with its fix; the keys keep the report's order. */
function withFix(spf: Omit<SpfVerdict, 'fix'>, fix: SpfVerdict['fix']): SpfVerdict {
  return {
    result: spf.result,
    clientIp: spf.clientIp,
    domain: spf.domain,
    identity: spf.identity,
    mailFrom: spf.mailFrom,
    clientIpSource: spf.clientIpSource,
    comment: spf.comment,
    helo: spf.helo,
    gateway: spf.gateway,
    fix,
  };
}

/** A DKIM-Signature as the report lists it: the leading b= characters are only for matching. */
function withoutB(sig: DkimSignature & { b: string | null }): DkimSignature {
  return {
    domain: sig.domain,
    selector: sig.selector,
    algorithm: sig.algorithm,
    identity: sig.identity,
    canonicalization: sig.canonicalization,
    signedHeaders: sig.signedHeaders,
    timestamp: sig.timestamp,
    expires: sig.expires,
  };
}

function authHeaders(fields: readonly HeaderField[], warnings: Warning[]): AuthHeader[] {
  const out: AuthHeader[] = [];
  let ar = 0;
  let spf = 0;
  let dropped = false;
  for (const field of fields) {
    if (field.key === 'authentication-results') {
      if (ar >= LIMITS.authResultsFields) {
        dropped = true;
        continue;
      }
      ar += 1;
      out.push({ kind: 'ar', field, parsed: parseAuthenticationResults(field.value) });
    } else if (field.key === 'received-spf') {
      if (spf >= LIMITS.authResultsFields) {
        dropped = true;
        continue;
      }
      spf += 1;
      out.push({ kind: 'spf', field, parsed: parseReceivedSpf(field.value) });
    }
  }
  if (dropped) {
    warnings.push({
      code: 'truncated',
      text: `More than ${LIMITS.authResultsFields} Authentication-Results or Received-SPF fields; only the topmost were analyzed.`,
      params: { reason: 'auth-results', limit: String(LIMITS.authResultsFields) },
    });
  }
  return out;
}

function limited<T>(xs: T[], max: number, name: string, warnings: Warning[]): T[] {
  if (xs.length <= max) return xs;
  warnings.push({
    code: 'truncated',
    text: `The message has ${xs.length} ${name} fields; only the topmost ${max} were analyzed.`,
    params: { reason: 'received', count: String(xs.length), limit: String(max) },
  });
  return xs.slice(0, max);
}

function limitedList(fields: readonly HeaderField[], key: string, max: number): HeaderField[] {
  return fields.filter((f) => f.key === key).slice(0, max);
}

/** RFC 7489 §6.6.1: a message with several From: fields, or several addresses in one, has no
 * single author domain to check; DMARC receivers reject it. */
function multipleFromWarnings(fromFields: readonly HeaderField[]): Warning[] {
  const addresses = fromFields.reduce((n, f) => n + countMailboxes(f.value), 0);
  if (fromFields.length <= 1 && addresses <= 1) return [];
  return [
    {
      code: 'multiple-from',
      text:
        fromFields.length > 1
          ? 'The message has more than one From: field; DMARC receivers (Gmail among them) reject such messages.'
          : 'The From: field holds more than one address; DMARC receivers (Gmail among them) reject such messages.',
      params: {
        reason: fromFields.length > 1 ? 'fields' : 'addresses',
        fields: String(fromFields.length),
        addresses: String(addresses),
      },
    },
  ];
}

/** English for each reason a header was not trusted; the popup translates by `reason`. */
const UNTRUST_WHY: Record<UntrustReason, string> = {
  'before-any-server': 'was written into the message before any mail server handled it',
  'no-authserv-id':
    "has no authserv-id (Microsoft's form) and sits outside the headers Microsoft's servers wrote on arrival",
  'outside-block':
    "claims to be from {claim} and sits outside the headers that server wrote on arrival, where the sender's side can write",
  'look-alike': 'claims {claim}, a look-alike of {imitates}',
  'earlier-server': 'was written by an earlier server',
};

export function untrustedWhy(u: UntrustedHeader): string {
  return fill(UNTRUST_WHY[u.reason], { claim: u.claim ?? '', imitates: u.imitates ?? '' });
}

function trustWarnings(untrusted: readonly UntrustedHeader[], note: string | null): Warning[] {
  const out: Warning[] = [];
  for (const u of untrusted) {
    if (!u.forged) continue;
    const header = u.header.kind === 'ar' ? 'Authentication-Results' : 'Received-SPF';
    const says = claimOf(u.header);
    const params = { header, says, claim: u.claim ?? '', imitates: u.imitates ?? '' };
    if (u.contradicts !== null) {
      out.push({
        code: 'untrusted-auth-header',
        text: `Possible forgery: a ${header} field that claims to be from ${u.claim ?? 'the receiver'} says ${says}, which contradicts the receiver's own ${u.contradicts}. It sits where the sender's side can write and was ignored.`,
        params: { ...params, reason: 'contradicts', receiverSays: u.contradicts },
      });
    } else if (u.repeats !== null) {
      out.push({
        code: 'untrusted-auth-header',
        text: `Possible forgery: a ${header} field that claims to be from ${u.claim ?? 'the receiver'} reports ${u.repeats} again (${says}), which the receiver had already reported. It sits where the sender's side can write and was ignored.`,
        params: { ...params, reason: 'repeats', method: u.repeats },
      });
    } else {
      out.push({
        code: 'untrusted-auth-header',
        text: `Possible forgery: a ${header} field says ${says}, but it ${untrustedWhy(u)}. It was ignored.`,
        params: { ...params, reason: u.reason },
      });
    }
  }
  if (note === 'no-trace') {
    out.push({
      code: 'no-trace',
      text: 'There is no Received field, so Header Lens cannot tell which server wrote these results; they are shown as given.',
    });
  } else if (note === 'no-receiver-block') {
    out.push({
      code: 'no-trusted-results',
      text: 'None of the authentication fields sits among the headers the receiving server wrote on arrival, so none is used as a verdict.',
    });
  }
  return out;
}

function claimOf(h: AuthHeader): string {
  if (h.kind === 'spf') return `SPF ${h.parsed.rawResult.toLowerCase() || '(no result)'}`;
  const parts = h.parsed.results.slice(0, 5).map((r) => `${r.method}=${r.result}`);
  return parts.length === 0 ? 'nothing' : parts.join(', ');
}

function summarizeUntrusted(u: UntrustedHeader): AuthResultSummary[] {
  if (u.header.kind === 'spf') {
    const p = u.header.parsed;
    return [
      {
        authservId: p.receiver ?? p.commentReceiver,
        method: 'spf',
        result: p.rawResult.toLowerCase(),
        why: untrustedWhy(u),
        reason: u.reason,
        forged: u.forged,
        header: u.header.field.index,
      },
    ];
  }
  const p = u.header.parsed;
  return p.results.map((r) => ({
    authservId: p.authservId,
    method: r.method,
    result: r.result,
    why: untrustedWhy(u),
    reason: u.reason,
    forged: u.forged,
    header: u.header.field.index,
  }));
}

/** The message's own fields, for display; `sent` is its Date: as parsed. */
function summarize(fields: readonly HeaderField[], sent: number | null): Report['message'] {
  return {
    from: decoded(firstValue(fields, 'from')),
    to: decoded(firstValue(fields, 'to')),
    subject: decoded(firstValue(fields, 'subject')),
    date: toIso(sent),
    messageId: firstValue(fields, 'message-id'),
    listId: firstValue(fields, 'list-id'),
  };
}

/** The first `key` field above field index `end` (the receiver's own part). */
function firstValueBefore(fields: readonly HeaderField[], key: string, end: number): string | null {
  for (let i = 0; i < end && i < fields.length; i += 1) {
    const f = fields[i] as HeaderField;
    if (f.key === key) return f.value;
  }
  return null;
}

function firstValue(fields: readonly HeaderField[], key: string): string | null {
  for (const f of fields) if (f.key === key) return f.value;
  return null;
}

function decoded(value: string | null): string | null {
  return value === null ? null : decodeEncodedWords(value);
}

function emptyReport(input: Report['input']): Report {
  return {
    verdict: {
      status: 'unknown',
      headline: VERDICT_TEXTS['empty']?.text ?? '',
      code: 'empty',
      params: {},
    },
    spf: {
      result: null,
      clientIp: null,
      domain: null,
      identity: null,
      fix: null,
      mailFrom: null,
      clientIpSource: null,
      comment: null,
      helo: null,
      gateway: null,
    },
    dkim: [],
    dmarc: {
      result: null,
      policy: null,
      subdomainPolicy: null,
      disposition: null,
      headerFrom: null,
      spfAligned: null,
      dkimAligned: null,
    },
    arc: { result: null, instance: null, structureValid: null },
    authservId: null,
    compauth: null,
    hops: [],
    totalSeconds: null,
    hints: [],
    warnings: [],
    bounce: null as Bounce | null,
    message: { from: null, to: null, subject: null, date: null, messageId: null, listId: null },
    dkimSignatures: [],
    untrustedResults: [],
    input,
  };
}
