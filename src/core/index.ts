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
export {
  createDohResolver,
  DOH_ENDPOINTS,
  type DohFormat,
  type FetchLike,
} from './dns/doh-resolver.ts';
export { WATCH_ENDPOINTS, type DohEndpoint } from './dns/doh-endpoints.ts';
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
export * from './watch/index.ts';
export { presentWatch, type ResolverRow, type WatchView } from './present/present-watch.ts';
export {
  addToHistory,
  EMPTY_HISTORY,
  exportHistory,
  HISTORY_LIMITS,
  historyEntryOf,
  historyOf,
  parseHistory,
  type History,
  type HistoryEntry,
} from './history/history.ts';
export { presentTimeline, type TimelineStep } from './present/present-history.ts';
