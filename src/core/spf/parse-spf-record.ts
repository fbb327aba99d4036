/**
 * RFC 7208 §4.5 and §4.6.1: one SPF record as a list of terms (`parseSpfTerm` reads each).
 * Never throws; any syntax error makes the whole record an error, as §4.6 asks ("If there are any
 * syntax errors anywhere in the record, check_host() returns immediately with the result
 * permerror"). Terms are separated by spaces only: a tab, CR or LF is part of a term, and an
 * error. `redirect` and `exp` may appear once each (§6); unknown modifiers are kept and may
 * repeat. Not handled: the DNS lookup limit, which depends on what the includes contain
 * (`isDnsTerm` says which terms count); evaluation.
 */
import { parseSpfTerm, type SpfModifier, type SpfTerm } from './parse-spf-term.ts';
import { isSpfRecord } from './select-spf-record.ts';
import { showSpfText } from './show-spf-text.ts';

export type {
  SpfMechanism,
  SpfMechanismKind,
  SpfModifier,
  SpfQualifier,
  SpfTerm,
} from './parse-spf-term.ts';
export { isDnsTerm } from './parse-spf-term.ts';

export type SpfRecordParse =
  | {
      ok: true;
      /** Mechanisms and modifiers in record order. */
      terms: SpfTerm[];
      redirect: SpfModifier | null;
      exp: SpfModifier | null;
    }
  | {
      ok: false;
      /** For people: `syntax error at 'ip4:1.2.3': '1.2.3' is not an IPv4 address`. */
      problem: string;
      /** The offending term as written; null when the record as a whole is wrong. */
      term: string | null;
      /** What is wrong with it: `'1.2.3' is not an IPv4 address`. */
      reason: string;
    };

export function parseSpfRecord(text: string): SpfRecordParse {
  if (!isSpfRecord(text)) {
    const reason = 'the record does not start with "v=spf1 "';
    return { ok: false, problem: reason, term: null, reason };
  }
  const terms: SpfTerm[] = [];
  let redirect: SpfModifier | null = null;
  let exp: SpfModifier | null = null;
  for (const raw of text.slice(6).split(' ')) {
    if (raw === '') continue;
    const term = parseSpfTerm(raw);
    if (typeof term === 'string') {
      const problem = `syntax error at '${showSpfText(raw)}': ${term}`;
      return { ok: false, problem, term: raw, reason: term };
    }
    if (term.type === 'modifier' && (term.name === 'redirect' || term.name === 'exp')) {
      if ((term.name === 'redirect' ? redirect : exp) !== null) {
        const reason = `${term.name}= appears more than once`;
        return { ok: false, problem: reason, term: raw, reason };
      }
      if (term.name === 'redirect') redirect = term;
      else exp = term;
    }
    terms.push(term);
  }
  return { ok: true, terms, redirect, exp };
}
