/**
 * The service worker's side of "Tell me when the new record is live": the core watch
 * (src/core/watch/) driven by `alarms`, so it survives the worker being stopped. The state is
 * in storage.local under `watch` (one watch at a time); each alarm loads it, polls, saves it and
 * arms the next alarm at `nextPollAt`. On every worker start the alarm is re-armed from the
 * stored state, in case the browser dropped it (a restart clears Firefox's alarms).
 * When the watch ends live, a notification — if the user granted the optional `notifications`
 * permission when turning watching on. The toolbar badge shows the watch's progress.
 */
import {
  createDohResolver,
  isPollDue,
  pollWatch,
  startWatch,
  stopWatch,
  WATCH_ENDPOINTS,
  type DohEndpoint,
  type LiveQuery,
  type WatchState,
} from '../core/index.ts';
import { browser } from '../platform/browser.ts';
import { t } from '../platform/i18n.ts';
import { loadWatch, WATCH_KEY } from '../platform/watch-store.ts';
import { showWatchBadge } from './watch-badge.ts';

const ALARM = 'header-lens-watch';

export function installWatch(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) void runDuePoll();
  });
  void rearm();
}

async function saveWatch(state: WatchState): Promise<void> {
  await browser.storage.local.set({ [WATCH_KEY]: state });
  await showWatchBadge(state);
}

export async function beginWatch(query: LiveQuery, domain: string): Promise<WatchState> {
  const target = { spf: query.spf, fromDomain: query.fromDomain, dkimKeys: query.dkimKeys };
  const state = startWatch(target, domain, WATCH_ENDPOINTS, Date.now());
  await saveWatch(state);
  return poll(state);
}

export async function endWatch(): Promise<WatchState | null> {
  const state = await loadWatch();
  await browser.alarms.clear(ALARM);
  if (state === null) return null;
  const stopped = stopWatch(state);
  await saveWatch(stopped);
  return stopped;
}

/** The stored watch, polled if it is due, and its alarm armed: on every worker start. */
async function rearm(): Promise<void> {
  const state = await loadWatch();
  if (state === null) return;
  await showWatchBadge(state);
  if (state.status !== 'watching') return;
  if (isPollDue(state, Date.now())) await poll(state);
  else await arm(state);
}

async function runDuePoll(): Promise<void> {
  const state = await loadWatch();
  if (state !== null && state.status === 'watching') await poll(state);
}

export type WatchAnswer = { ok: true } | { ok: false; error: string };

/** A popup request, answered once the first poll is stored (the popup redraws from storage). */
export async function answerWatch(
  request: { type: 'start'; query: LiveQuery; domain: string } | { type: 'stop' },
): Promise<WatchAnswer> {
  try {
    if (request.type === 'start') await beginWatch(request.query, request.domain);
    else await endWatch();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** One poll at a time: an alarm and a popup may ask at once. */
let running: Promise<WatchState> | null = null;

function poll(state: WatchState): Promise<WatchState> {
  running ??= (async () => {
    try {
      const resolverFor = (e: DohEndpoint) =>
        createDohResolver({ endpoint: e.url, format: e.format, fetch: (u, i) => fetch(u, i) });
      const next = await pollWatch(state, resolverFor, Date.now);
      // The user may have stopped it while the poll ran.
      const latest = await loadWatch();
      if (latest !== null && latest.startedAt === state.startedAt && latest.status !== 'watching') {
        return latest;
      }
      await saveWatch(next);
      await arm(next);
      if (next.status === 'live') await notifyLive(next);
      return next;
    } finally {
      running = null;
    }
  })();
  return running;
}

async function arm(state: WatchState): Promise<void> {
  if (state.status !== 'watching' || state.nextPollAt === null) {
    await browser.alarms.clear(ALARM);
    return;
  }
  // Browsers fire alarms no sooner than 30 s from now (Chrome's minimum).
  browser.alarms.create(ALARM, { when: Math.max(state.nextPollAt, Date.now() + 30_000) });
}

async function notifyLive(state: WatchState): Promise<void> {
  const granted = await browser.permissions.contains({ permissions: ['notifications'] });
  if (!granted) return;
  await browser.notifications.create(`header-lens-live-${state.startedAt}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('icons/icon-128.png'),
    title: t('watchNotifyTitle'),
    message: t('watchNotifyBody', { domain: state.domain }),
  });
}
