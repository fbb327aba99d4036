/** Watching current DNS until a changed record is live on several public resolvers. */
export {
  MAX_POLL_MS,
  MIN_POLL_MS,
  parseWatchState,
  startWatch,
  stopWatch,
  WATCH_LIMIT_MS,
  type ResolverWatch,
  type WatchState,
  type WatchTarget,
} from './watch-state.ts';
export { isPollDue, pollWatch } from './poll-watch.ts';
