/** The pre-flight check of a sending domain against current DNS (`header-lens check`). */
export {
  checkDomain,
  checkSpfRecord,
  dkimProblem,
  MAX_SELECTORS,
  parseDomainQuery,
  type CheckVerdict,
  type DomainCheck,
  type DomainQuery,
  type SpfRecordCheck,
} from './check-domain.ts';
