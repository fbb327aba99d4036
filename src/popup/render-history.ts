import { historyOf, type History } from '../core/history/history.ts';
import { presentTimeline } from '../core/present/present-history.ts';
import { t } from '../platform/i18n.ts';
import { h } from '../ui/dom.ts';
import { safeDomain } from '../ui/safe-domain.ts';

/**
 * The domain's before/after: "Mar 5 10:02 softfail via 192.0.2.145 → Mar 5 11:40 pass", the
 * latest few verdicts shown for it. Nothing when it has fewer than two (one is the report above).
 */
export function renderHistory(history: History, domain: string): HTMLElement | null {
  const steps = presentTimeline(historyOf(history, domain, 5));
  if (steps.length < 2) return null;
  const items = steps.map((s, i) =>
    h(
      'li',
      { class: `history-step ${s.tone}`, 'data-testid': 'history-step' },
      i === 0 ? null : h('span', { class: 'muted', 'aria-hidden': 'true' }, '→ '),
      h('time', {}, when(s.at)),
      ' ',
      s.text,
      s.live === null ? null : h('span', { class: 'small muted' }, ` (${s.live})`),
    ),
  );
  return h(
    'section',
    { class: 'card history', 'aria-labelledby': 'history-title', 'data-testid': 'history' },
    h('h2', { id: 'history-title' }, t('historyTitle', { domain: safeDomain(domain) })),
    h('ol', { class: 'history-steps' }, ...items),
  );
}

function when(ms: number): string {
  return new Date(ms).toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
