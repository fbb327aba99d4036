/**
 * Header Lens core: pure TypeScript shared by the extension, the CLI and the tests. No DOM, no
 * browser APIs, no Node modules; DNS and crypto, when a feature needs them, are passed in.
 */
export { analyzeMessage } from './analyze-message.ts';
export { renderMarkdown } from './present/render-markdown.ts';
export { presentReport } from './present/present-report.ts';
export type * from './present/presentation.ts';
export { formatDuration } from './present/format-duration.ts';
export type * from './report.ts';
export { createDohResolver, DOH_ENDPOINTS, type FetchLike } from './dns/doh-resolver.ts';
export type { DnsResult, DnsType, Resolver } from './dns/resolver.ts';
export {
  checkLive,
  liveQueryOf,
  parseLiveQuery,
  withLive,
  type LiveQuery,
  type LiveResults,
} from './live/check-live.ts';
export { evaluateSpf, parseSpfRecord, type SpfEvaluation } from './spf/index.ts';
export {
  createWebCryptoDkim,
  DKIM_LIMITS,
  verifyMessage,
  verifySignatures,
  withVerification,
  type DkimCrypto,
  type MessageVerification,
  type SignatureVerification,
  type SubtleLike,
  type VerifyOptions,
} from './dkim/index.ts';
