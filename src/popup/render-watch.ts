import type { LiveQuery } from '../core/live/live-query.ts';
import { presentWatch } from '../core/present/present-watch.ts';
import type { WatchState } from '../core/watch/watch-state.ts';
import { t } from '../platform/i18n.ts';
import { browser } from '../platform/browser.ts';
import type { PopupToBackground } from '../platform/messages.ts';
import { dnsCheckNeedsConsent } from '../platform/data-consent.ts';
import { requestWatchPermissions } from '../platform/watch-permission.ts';
import { loadWatch, onWatchChange } from '../platform/watch-store.ts';
import { h } from '../ui/dom.ts';
import { safeDomain } from '../ui/safe-domain.ts';

/**
 * "Tell me when the new record is live": a card that starts the watch (asking for the
 * notification permission, and Firefox's data consent, in the click), then shows each
 * resolver's progress as the worker stores it. The card is made once per report and re-placed
 * by each redraw; it redraws itself from storage.
 */
export function createWatchCard(query: LiveQuery, domain: string): HTMLElement {
  const card = h('section', {
    class: 'card watch',
    'aria-labelledby': 'watch-title',
    'data-testid': 'watch-panel',
  });
  let state: WatchState | null = null;
  let status = '';
  /** The button that starts a watch; a quieter one to start again after one ended. */
  const startButton = (again = false): HTMLElement => {
    const start = h(
      'button',
      { type: 'button', class: again ? '' : 'primary', 'data-testid': 'watch-start' },
      t('watchButton'),
    );
    start.addEventListener('click', () => {
      const begin = async (): Promise<void> => {
        const reply = (await send({ type: 'popup-bg-watch-start', query, domain })) as {
          ok?: boolean;
          error?: string;
        } | null;
        status = reply?.ok === true ? '' : t('watchFailed', { error: reply?.error ?? '?' });
        draw();
      };
      // Chrome closes the popup when it shows a permission prompt, and this page's promises
      // die with it: without a data consent to wait for, the worker is asked to start first,
      // and the notification permission asked after (the worker checks it when it's live).
      if (!dnsCheckNeedsConsent()) {
        void begin();
        void requestWatchPermissions();
        return;
      }
      const asked = requestWatchPermissions();
      void asked.then(async ({ consent }) => {
        if (consent !== 'granted') {
          status =
            consent === 'declined' || consent === 'not-asked'
              ? t('watchNoConsent')
              : t('watchFailed', { error: consent.error });
          draw();
          return;
        }
        await begin();
      });
    });
    return start;
  };
  const draw = (): void => {
    const mine = state !== null && state.domain === domain;
    const children: HTMLElement[] = [h('h2', { id: 'watch-title' }, t('watchButton'))];
    if (!mine || state === null || state.status === 'stopped') {
      children.push(h('p', { class: 'small muted' }, t('watchHelp')));
      if (state !== null && state.status === 'watching') {
        children.push(
          h('p', { class: 'small' }, t('watchOther', { domain: safeDomain(state.domain) })),
        );
      }
      children.push(h('div', { class: 'actions' }, startButton()));
    } else {
      children.push(...renderProgress(state));
      // Live or given up: the user may change DNS again and watch that.
      if (state.status !== 'watching')
        children.push(h('div', { class: 'actions' }, startButton(true)));
    }
    children.push(
      h(
        'p',
        { class: 'small', role: 'status', 'aria-live': 'polite', 'data-testid': 'watch-status' },
        status,
      ),
    );
    card.replaceChildren(...children);
  };
  draw();
  void loadWatch().then((s) => {
    state = s;
    draw();
  });
  onWatchChange((s) => {
    state = s;
    draw();
  });
  return card;
}

function renderProgress(state: WatchState): HTMLElement[] {
  const view = presentWatch(state, Date.now());
  const items = view.resolvers.map((r) =>
    h(
      'li',
      { class: `watch-resolver watch-${r.state}`, 'data-testid': `watch-resolver-${r.state}` },
      h('strong', {}, r.name),
      ' ',
      h(
        'span',
        {
          class: 'chip',
          'data-result': r.state === 'live' ? 'pass' : r.state === 'error' ? 'fail' : 'softfail',
        },
        r.state,
      ),
      h('span', { class: 'watch-serves' }, r.serves),
      r.record === null ? null : h('code', { class: 'mono small watch-record' }, r.record),
      h(
        'span',
        { class: 'small muted watch-meta' },
        [
          r.ttlLeft,
          r.checkedAt === null ? null : t('watchLastLooked', { time: clock(r.checkedAt) }),
        ]
          .filter((x): x is string => x !== null)
          .join(' · '),
      ),
    ),
  );
  const out: HTMLElement[] = [
    h(
      'p',
      { class: `watch-headline ${view.tone}`, 'data-testid': 'watch-headline' },
      view.headline,
    ),
    h('ul', { class: 'watch-resolvers' }, ...items),
  ];
  if (view.nextPollAt !== null) {
    out.push(
      h(
        'p',
        { class: 'small muted', 'data-testid': 'watch-next' },
        t('watchNext', { time: clock(view.nextPollAt) }),
      ),
    );
  }
  if (state.status === 'watching') {
    const stop = h('button', { type: 'button', 'data-testid': 'watch-stop' }, t('watchStop'));
    stop.addEventListener('click', () => void send({ type: 'popup-bg-watch-stop' }));
    out.push(h('div', { class: 'actions' }, stop));
  }
  return out;
}

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

function send(request: PopupToBackground): Promise<unknown> {
  return browser.runtime.sendMessage(request).catch((error: unknown) => ({
    ok: false,
    error: error instanceof Error ? error.message : String(error),
  }));
}
