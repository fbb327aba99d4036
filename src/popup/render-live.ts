import type { LiveView } from '../core/index.ts';
import { t } from '../platform/i18n.ts';
import { h } from '../ui/dom.ts';
import { localTime } from '../ui/local-time.ts';
import { say } from './say.ts';
import { safeDomain } from '../ui/safe-domain.ts';

/**
 * "Check current DNS": a button naming the resolver the names will be sent to, progress while
 * it runs, then today's answers — labelled with the time and the resolver, apart from the
 * delivery-time verdict above.
 */
export function renderLivePanel(
  resolverName: string,
  asksConsent: boolean,
  onCheck: () => void,
): HTMLElement {
  const button = h(
    'button',
    { type: 'button', class: 'primary', 'data-testid': 'check-dns' },
    t('checkDns'),
  );
  button.addEventListener('click', onCheck);
  return h(
    'section',
    { class: 'card live', 'aria-labelledby': 'live-title', 'data-testid': 'live-panel' },
    h('h2', { id: 'live-title' }, t('liveTitle')),
    h('p', { class: 'small muted' }, t('liveExplain', { resolver: resolverName })),
    // Firefox's own prompt names the "extension developer" as the recipient: say who really is.
    asksConsent &&
      h(
        'p',
        { class: 'small muted', 'data-testid': 'live-consent' },
        t('liveConsentNote', { resolver: resolverName }),
      ),
    h('div', { class: 'actions' }, button),
    h('p', { class: 'small', role: 'status', 'aria-live': 'polite', 'data-testid': 'live-status' }),
    h('div', { class: 'live-results' }),
  );
}

/**
 * The check's progress: the status line (announced), and every button that starts the check —
 * the panel's and the next step's — says it is busy. Busy is said, not done by disabling: a
 * disabled button loses the keyboard focus.
 */
export function setLiveStatus(panel: HTMLElement, text: string, busy: boolean): void {
  const status = panel.querySelector('[data-testid="live-status"]');
  if (status !== null) status.textContent = text;
  const root = panel.ownerDocument;
  for (const button of root.querySelectorAll<HTMLButtonElement>(CHECK_BUTTONS)) {
    button.dataset['label'] ??= button.textContent ?? '';
    button.setAttribute('aria-disabled', busy ? 'true' : 'false');
    button.textContent = busy ? t('liveCheckingButton') : (button.dataset['label'] ?? '');
  }
  panel.setAttribute('aria-busy', busy ? 'true' : 'false');
}

const CHECK_BUTTONS = '[data-testid="check-dns"], [data-testid="action-check-dns"]';

/** One way to start the check on screen: when the next step has its own button, the panel's
 * is hidden (it still shows the explanation, the status and the results). */
export function showOneCheckButton(panel: HTMLElement): void {
  const own = panel.querySelector<HTMLButtonElement>('[data-testid="check-dns"]');
  const inStep = panel.ownerDocument.querySelector('[data-testid="action-check-dns"]');
  if (own !== null) own.hidden = inStep !== null;
}

/** The status line once the check is done: when (in local time), via whom, and what failed. */
export function liveStatusText(live: LiveView): string {
  const params = live.status.params;
  return say({
    ...live.status,
    params: params['time'] === undefined ? params : { ...params, time: localTime(params['time']) },
  });
}

/** Today's answers, one line each; a lookup that failed says so and concludes nothing. */
export function showLiveResults(panel: HTMLElement, live: LiveView): void {
  const target = panel.querySelector('.live-results');
  if (target === null) return;
  target.replaceChildren(
    h(
      'ul',
      { class: 'live-items' },
      ...live.items.map((item) =>
        h(
          'li',
          {
            'data-testid': `live-${item.method}`,
            'data-result': item.state === 'error' ? 'unreported' : item.tone,
          },
          h('strong', {}, `${item.method.toUpperCase()} `),
          h('span', { class: 'mono' }, safeDomain(item.name)),
          ': ',
          h(
            'span',
            { 'data-testid': `live-${item.method}-summary`, 'data-state': item.state },
            say(item.summary),
          ),
          item.details.length > 0 &&
            h('span', { class: 'muted' }, ` · ${item.details.map(say).join(' · ')}`),
          item.record !== null &&
            h(
              'div',
              { class: 'record' },
              h('code', { 'data-testid': `live-${item.method}-record` }, item.record),
            ),
        ),
      ),
    ),
  );
}
