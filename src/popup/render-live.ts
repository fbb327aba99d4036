import type { LiveResults } from '../core/index.ts';
import { messageKey, t } from '../platform/i18n.ts';
import { copyButton } from './copy.ts';
import { h } from './dom.ts';
import { safeDomain } from './safe-domain.ts';

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

export function setLiveStatus(panel: HTMLElement, text: string, busy: boolean): void {
  const status = panel.querySelector('[data-testid="live-status"]');
  if (status !== null) status.textContent = text;
  const button = panel.querySelector<HTMLButtonElement>('[data-testid="check-dns"]');
  if (button !== null) button.disabled = busy;
  panel.setAttribute('aria-busy', busy ? 'true' : 'false');
}

export function showLiveResults(panel: HTMLElement, live: LiveResults): void {
  const target = panel.querySelector('.live-results');
  if (target === null) return;
  const meta = live.spf ?? live.dmarc ?? live.ptr ?? live.dkim[0];
  target.replaceChildren(
    ...(meta === undefined || meta === null
      ? [h('p', { class: 'muted' }, t('liveNothing'))]
      : [
          h(
            'p',
            { class: 'small muted', 'data-testid': 'live-meta' },
            t('liveAsOf', { time: meta.checkedAt, resolver: meta.resolver }),
          ),
          ...spfRows(live),
          ...dmarcRows(live),
          ...live.dkim.map((k) =>
            h(
              'p',
              { 'data-testid': 'live-dkim' },
              h('strong', {}, 'DKIM '),
              h('span', { class: 'mono' }, k.keyName),
              ': ',
              t(
                messageKey('liveDkim', k.status),
                { bits: k.keyBits === null ? '?' : String(k.keyBits), type: k.keyType ?? '?' },
                k.status,
              ),
              k.status === 'key' && k.keyType === 'rsa' && k.keyBits !== null && k.keyBits < 1024
                ? ` — ${t('liveDkimWeak', { bits: String(k.keyBits) })}`
                : '',
              (k.status === 'error' || k.status === 'invalid-name') && k.problem !== null
                ? ` — ${k.problem}`
                : '',
            ),
          ),
          ...ptrRows(live),
        ]),
  );
}

function spfRows(live: LiveResults): HTMLElement[] {
  const spf = live.spf;
  if (spf === null) return [];
  const rows: HTMLElement[] = [
    h(
      'p',
      {},
      h('strong', {}, t('liveSpfNow')),
      ' ',
      h(
        'span',
        { class: 'chip', 'data-result': spf.result, 'data-testid': 'live-spf-result' },
        t(messageKey('result', spf.result), {}, spf.result.toUpperCase()),
      ),
      ' ',
      h(
        'span',
        { 'data-testid': 'live-spf-summary' },
        t(spf.authorizesClientIp ? 'liveAuthorizes' : 'liveNotAuthorized', {
          ip: spf.clientIp,
          domain: safeDomain(spf.domain),
        }),
        spf.mechanism === null ? '' : ` (${spf.mechanism})`,
        ` · ${t('liveLookups', { n: String(spf.lookups) })}`,
        spf.ttl === null ? '' : ` · TTL ${spf.ttl} s`,
        spf.dnssec ? ` · ${t('liveDnssec')}` : '',
      ),
    ),
    h(
      'div',
      { class: 'record' },
      h('span', { class: 'record-name' }, t('livePublished')),
      h('code', { 'data-testid': 'live-spf-record' }, spf.record ?? t('liveNoRecord')),
    ),
  ];
  if (spf.problem !== null) rows.push(h('p', { class: 'small' }, spf.problem));
  if (spf.fix !== null) {
    const notes = [
      spf.fix.mergedRecords > 1 ? t('liveFixMerged', { n: String(spf.fix.mergedRecords) }) : null,
      spf.fix.droppedPtr ? t('liveFixDroppedPtr') : null,
      spf.fix.replacedPlusAll ? t('liveFixPlusAll') : null,
    ].filter((n): n is string => n !== null);
    const text = t(
      'liveFixText',
      {
        domain: spf.domain,
        added: spf.fix.added,
        lookups: String(spf.fix.lookups),
        ip: spf.clientIp,
      },
      spf.fix.text,
    );
    rows.push(
      h(
        'div',
        { class: 'fix' },
        h('h3', {}, t('liveFixTitle', { domain: safeDomain(spf.domain) })),
        h(
          'div',
          { class: 'record' },
          h('code', { 'data-testid': 'live-fix-record' }, spf.fix.record),
          copyButton(spf.fix.record, t('copyRecord')),
        ),
        spf.fix.strings.length > 1 &&
          h(
            'div',
            { class: 'record' },
            h('span', { class: 'record-name' }, t('liveAsStrings')),
            h('code', {}, spf.fix.strings.map((s) => `"${s}"`).join(' ')),
          ),
        h('p', { class: 'fix-text' }, [text, ...notes].join(' ')),
      ),
    );
  }
  if (spf.advice !== null) {
    const advice =
      spf.adviceCode === null
        ? spf.advice
        : t(messageKey('liveAdvice', spf.adviceCode), spf.adviceParams, spf.advice);
    rows.push(h('p', { class: 'note', 'data-testid': 'live-advice' }, advice));
  }
  return rows;
}

function dmarcRows(live: LiveResults): HTMLElement[] {
  const d = live.dmarc;
  if (d === null) return [];
  const row = h(
    'div',
    { 'data-testid': 'live-dmarc' },
    h('strong', {}, 'DMARC '),
    d.status === 'found'
      ? t('liveDmarcFound', { name: d.foundAt ?? d.name, policy: d.appliedPolicy ?? '?' })
      : d.status === 'none'
        ? t('liveDmarcNone', { name: d.name })
        : t('liveDmarcProblem', { problem: d.problem ?? d.status }),
  );
  if (d.record !== null) row.append(h('div', { class: 'record' }, h('code', {}, d.record)));
  if (d.fix !== null) {
    row.append(
      h(
        'div',
        { class: 'record' },
        h('span', { class: 'record-name' }, `TXT ${d.name}`),
        h('code', {}, d.fix.record),
        copyButton(d.fix.record, t('copyRecord')),
      ),
    );
  }
  return [row];
}

function ptrRows(live: LiveResults): HTMLElement[] {
  const p = live.ptr;
  if (p === null) return [];
  return [
    h(
      'p',
      { 'data-testid': 'live-ptr' },
      h('strong', {}, t('livePtr')),
      ' ',
      p.names.length === 0
        ? t('liveNoPtr', { ip: p.ip })
        : `${p.ip} → ${p.names.map(safeDomain).join(', ')}`,
      ' · ',
      p.forwardConfirmed
        ? t('liveFcrdnsYes')
        : p.names.length === 0
          ? t('liveFcrdnsNo')
          : t('livePtrNotBack', { names: p.names.join(', '), ip: p.ip }),
      p.status === 'error' && p.problem !== null ? ` — ${p.problem}` : '',
    ),
  ];
}
