import { formatDuration } from '../core/present/format-duration.ts';
import type { HopView, PathView } from '../core/present/presentation.ts';
import { messageKey, t } from '../platform/i18n.ts';
import { h } from '../ui/dom.ts';
import { localTime } from '../ui/local-time.ts';
import { safeDomain } from '../ui/safe-domain.ts';

/**
 * The path as a timeline, oldest first: who handed the message to whom, how (in plain words), when
 * (local time, UTC on hover), and a bar for the delay scaled to at least a minute, so a second
 * looks small. The receiver's internal hops are one line. Negative delays (clock skew) get a
 * marker instead of a bar.
 */
export function renderPath(path: PathView): HTMLElement {
  const list = h('ol', { class: 'timeline' }, ...path.hops.map(hopItem));
  if (path.internal !== null) {
    list.append(
      h(
        'li',
        { class: 'internal small muted', 'data-testid': 'internal-hops' },
        t('internalHops', { count: String(path.internal.count), by: safeDomain(path.internal.by) }),
        path.internal.seconds === null ? '' : ` (+${formatDuration(path.internal.seconds)})`,
      ),
    );
  }
  if (path.totalSeconds === null) return list;
  return h(
    'div',
    {},
    list,
    h('p', { class: 'small muted' }, t('totalTime', { time: formatDuration(path.totalSeconds) })),
  );
}

function hopItem(hop: HopView): HTMLElement {
  const bar = h('span', { class: 'bar', 'aria-hidden': 'true' });
  bar.style.width = `${hop.bar}%`;
  const protocol =
    hop.protocol === null
      ? null
      : t(messageKey('protocol', hop.protocol.code), hop.protocol.params, hop.protocol.text) +
        (hop.tls === null ? '' : ` (${hop.tls})`);
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
      [hop.ip, protocol]
        .filter((x): x is string => typeof x === 'string' && x.length > 0)
        .join(' · '),
      hop.inbound ? ` · ${t('receivedHere')}` : '',
      hop.date !== null && ' · ',
      hop.date !== null &&
        h(
          'time',
          { title: `${hop.date.replace('T', ' ').replace('Z', '')} UTC` },
          localTime(hop.date),
        ),
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
}

function delayLabel(hop: HopView): string {
  if (hop.delaySeconds === null) return '—';
  if (hop.clockSkew) return t('clockSkew', { time: formatDuration(hop.delaySeconds) });
  return `+${formatDuration(hop.delaySeconds)}`;
}
