import { formatDuration } from '../core/format-duration.ts';
import type { Hop } from '../core/index.ts';
import { t } from '../platform/i18n.ts';
import { h } from './dom.ts';
import { safeDomain } from './safe-domain.ts';

/**
 * The path as a timeline, oldest first: each hop with who handed the message to whom, and a bar
 * whose length is that hop's share of the longest delay (people would rather look than read).
 * Negative delays (clock skew) get a marker instead of a bar.
 */
export function renderHops(hops: readonly Hop[], totalSeconds: number | null): HTMLElement {
  const longest = Math.max(1, ...hops.map((x) => Math.abs(x.delaySeconds ?? 0)));
  const list = h(
    'ol',
    { class: 'timeline' },
    ...hops.map((hop) => {
      const delay = hop.delaySeconds;
      const width =
        delay === null || delay < 0 ? 0 : Math.max(2, Math.round((delay / longest) * 100));
      const bar = h('span', { class: 'bar', 'aria-hidden': 'true' });
      bar.style.width = `${width}%`;
      return h(
        'li',
        { 'data-testid': 'hop', class: hop.inbound ? 'inbound' : undefined },
        h(
          'div',
          { class: 'hop-line' },
          h('span', { class: 'mono host' }, hop.from === null ? '—' : safeDomain(hop.from)),
          ' → ',
          h('span', { class: 'mono host' }, hop.by === null ? '—' : safeDomain(hop.by)),
        ),
        h(
          'div',
          { class: 'hop-meta small muted' },
          [hop.ip, hop.with, hop.tls !== null && hop.tls !== 'TLS' ? hop.tls.split(' ')[0] : null]
            .filter((x): x is string => typeof x === 'string' && x.length > 0)
            .join(' · '),
          hop.inbound ? ` · ${t('receivedHere')}` : '',
        ),
        h(
          'div',
          { class: 'delay' },
          bar,
          h(
            'span',
            { class: hop.clockSkew ? 'delay-label small skew' : 'delay-label small' },
            delayLabel(hop),
          ),
        ),
      );
    }),
  );
  if (totalSeconds === null) return list;
  return h(
    'div',
    {},
    list,
    h('p', { class: 'small muted' }, t('totalTime', { time: formatDuration(totalSeconds) })),
  );
}

function delayLabel(hop: Hop): string {
  if (hop.delaySeconds === null) return '—';
  if (hop.clockSkew) return t('clockSkew', { time: formatDuration(hop.delaySeconds) });
  return `+${formatDuration(hop.delaySeconds)}`;
}
