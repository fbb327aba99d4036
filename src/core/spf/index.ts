/**
 * RFC 7208 SPF: `evaluateSpf` runs check_host() against an injected resolver; `parseSpfRecord`
 * reads a record without DNS (for building and checking suggested records).
 */
export { evaluateSpf } from './evaluate-spf.ts';
export type { SpfCheckInput, SpfEvaluation, SpfMatch } from './evaluate-spf.ts';
export { isDnsTerm, parseSpfRecord } from './parse-spf-record.ts';
export type {
  SpfMechanism,
  SpfMechanismKind,
  SpfModifier,
  SpfQualifier,
  SpfRecordParse,
  SpfTerm,
} from './parse-spf-record.ts';
export { isSpfRecord, selectSpfRecord } from './select-spf-record.ts';
export { SPF_LIMITS } from './spf-limits.ts';
