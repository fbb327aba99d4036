/** Mail logs read as a stream: postfix and exim delivery lines, summarized by domain and code. */
export { createLogSummarizer, findBytes } from './summarize-log.ts';
export type {
  ByteFind,
  LogGroup,
  LogSource,
  LogSummarizer,
  LogSummary,
  LogSummaryOptions,
} from './summarize-log.ts';
export { parseLogLine, type LogDelivery } from './parse-log-line.ts';
export { readLogStamp, toEpochMs, type LogStamp } from './read-log-stamp.ts';
export { parseSince } from './parse-since.ts';
export { explainStatus } from './explain-status.ts';
export { LOG_LIMITS } from './log-limits.ts';
