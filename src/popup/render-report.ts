import type { DkimVerdict, Hint, Report, Warning } from '../core/index.ts';
import { messageKey, t } from '../platform/i18n.ts';
import { copyButton } from './copy.ts';
import { h } from './dom.ts';
import { renderHops } from './render-hops.ts';
import { safeDomain } from './safe-domain.ts';

export interface ReportContext {
  /** Where the headers came from, shown above the verdict. */
  sourceLabel: string;
  truncated: boolean;
}

/**
 * A report as the popup shows it: forgery warnings first, the SPF verdict card with the record to
 * publish, then DKIM, DMARC, ARC, hints, the path and the remaining warnings.
 */
export function renderReport(report: Report, context: ReportContext): HTMLElement {
  const forged = report.warnings.filter((w) => w.code === 'untrusted-auth-header');
  const others = report.warnings.filter((w) => w.code !== 'untrusted-auth-header');
  return h(
    'div',
    { class: 'report' },
    h('p', { class: 'source' }, context.sourceLabel),
    summary(report),
    forged.length > 0 &&
      h(
        'section',
        { class: 'alert', role: 'alert', 'aria-labelledby': 'forged-title' },
        h('h2', { id: 'forged-title' }, t('forgedTitle')),
        h('ul', {}, ...forged.map(warningItem)),
      ),
    context.truncated && h('p', { class: 'note' }, t('pageTruncated')),
    report.bounce !== null && bounceCard(report),
    report.input === 'message' && spfCard(report),
    report.input === 'bounce' && report.spf.fix !== null && spfCard(report),
    report.input === 'message' && dkimSection(report),
    report.input === 'message' && dmarcSection(report),
    report.input === 'message' && arcLine(report),
    hintsSection(report.hints.filter((x) => x.code !== 'spf-fix')),
    report.hops.length > 0 &&
      h(
        'section',
        { class: 'hops', 'aria-labelledby': 'hops-title' },
        h('h2', { id: 'hops-title' }, t('pathTitle')),
        renderHops(report.hops, report.totalSeconds),
      ),
    others.length > 0 &&
      h(
        'section',
        { class: 'warnings', 'aria-labelledby': 'warnings-title' },
        h('h2', { id: 'warnings-title' }, t('warningsTitle')),
        h('ul', {}, ...others.map(warningItem)),
      ),
  );
}

function summary(report: Report): HTMLElement | false {
  const m = report.message;
  if (m.from === null && m.subject === null) return false;
  return h(
    'dl',
    { class: 'summary' },
    m.from !== null && h('dt', {}, t('fieldFrom')),
    m.from !== null && h('dd', {}, m.from),
    m.subject !== null && h('dt', {}, t('fieldSubject')),
    m.subject !== null && h('dd', {}, m.subject),
  );
}

function spfCard(report: Report): HTMLElement {
  const spf = report.spf;
  const result = spf.result ?? 'unknown';
  const fix = spf.fix;
  return h(
    'section',
    { class: 'card verdict', 'data-result': tone(spf.result), 'aria-labelledby': 'spf-title' },
    h(
      'div',
      { class: 'verdict-head' },
      h('h2', { id: 'spf-title' }, 'SPF'),
      h(
        'span',
        { class: 'chip', 'data-testid': 'spf-result', 'data-result': result },
        resultWord(spf.result),
      ),
    ),
    h('p', { class: 'verdict-words' }, t(messageKey('spfSays', result), {}, '')),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('clientIp')),
      h('dd', { 'data-testid': 'spf-client-ip' }, spf.clientIp ?? t('unknownValue')),
      h('dt', {}, spf.identity === 'helo' ? t('domainCheckedHelo') : t('domainChecked')),
      h(
        'dd',
        { 'data-testid': 'spf-domain' },
        spf.domain === null ? t('unknownValue') : safeDomain(spf.domain),
      ),
      spf.mailFrom !== null && h('dt', {}, t('mailFrom')),
      spf.mailFrom !== null && h('dd', {}, spf.mailFrom),
      spf.helo !== null && h('dt', {}, t('heloResult')),
      spf.helo !== null && h('dd', {}, spf.helo.result),
      spf.gateway !== null && h('dt', {}, t('gatewaySpf')),
      spf.gateway !== null && h('dd', {}, spf.gateway),
    ),
    fix !== null &&
      h(
        'div',
        { class: 'fix' },
        h('h3', {}, t('publishRecord', { domain: spf.domain ?? '?' })),
        h(
          'div',
          { class: 'record' },
          h('code', { 'data-testid': 'spf-fix-record' }, fix.record),
          copyButton(fix.record, t('copyRecord')),
        ),
        h('p', { class: 'fix-text' }, hintText(report.hints.find((x) => x.code === 'spf-fix'))),
      ),
  );
}

function dkimSection(report: Report): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'dkim-title' },
    h('h2', { id: 'dkim-title' }, 'DKIM'),
    report.dkim.length === 0
      ? h('p', { class: 'muted', 'data-testid': 'dkim-missing' }, t('dkimNone'))
      : h('ul', { class: 'rows' }, ...report.dkim.map(dkimRow)),
  );
}

function dkimRow(d: DkimVerdict): HTMLElement {
  return h(
    'li',
    {},
    h(
      'span',
      { class: 'chip', 'data-testid': 'dkim-result', 'data-result': d.result },
      resultWord(d.result),
    ),
    ' ',
    h('span', { class: 'mono' }, d.domain === null ? '?' : `d=${safeDomain(d.domain)}`),
    d.selector !== null && h('span', { class: 'mono' }, ` s=${d.selector}`),
    d.aligned !== null &&
      h('span', { class: 'muted' }, ` · ${d.aligned ? t('aligned') : t('notAligned')}`),
    d.reason !== null && h('div', { class: 'muted small' }, d.reason),
  );
}

function dmarcSection(report: Report): HTMLElement {
  const d = report.dmarc;
  const yesNo = (v: boolean | null): string => (v === null ? '—' : v ? t('yes') : t('no'));
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'dmarc-title' },
    h('h2', { id: 'dmarc-title' }, 'DMARC'),
    h(
      'p',
      {},
      h(
        'span',
        { class: 'chip', 'data-testid': 'dmarc-result', 'data-result': d.result ?? 'unknown' },
        resultWord(d.result),
      ),
      d.policy !== null && h('span', { class: 'mono' }, ` p=${d.policy}`),
      d.headerFrom !== null && h('span', {}, ` · ${t('fieldFrom')} ${safeDomain(d.headerFrom)}`),
    ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('spfAligned')),
      h('dd', {}, yesNo(d.spfAligned)),
      h('dt', {}, t('dkimAligned')),
      h('dd', {}, yesNo(d.dkimAligned)),
    ),
  );
}

function arcLine(report: Report): HTMLElement | false {
  const arc = report.arc;
  if (arc.result === null && arc.instance === null) return false;
  return h(
    'p',
    { class: 'arc' },
    h('strong', {}, 'ARC '),
    h('span', { class: 'chip', 'data-result': arc.result ?? 'unknown' }, resultWord(arc.result)),
    arc.instance !== null && ` i=${arc.instance}`,
    report.compauth !== null && ` · compauth=${report.compauth.result}`,
  );
}

function bounceCard(report: Report): HTMLElement | false {
  const b = report.bounce;
  if (b === null) return false;
  const code = [b.replyCode, b.enhancedCode].filter((x) => x !== null).join(' ');
  return h(
    'section',
    { class: 'card verdict', 'data-result': 'bad', 'aria-labelledby': 'bounce-title' },
    h('h2', { id: 'bounce-title' }, t('bounceTitle')),
    h(
      'p',
      {},
      h(
        'span',
        { class: 'chip', 'data-testid': 'bounce-code', 'data-result': 'fail' },
        code || '?',
      ),
      b.host === null ? '' : ` ${t('bounceFrom', { host: b.host })}`,
    ),
    b.enhancedCode !== null && meaningOf(b.enhancedCode, b.meaning),
    b.enhancedCode !== null && fixOf(b.enhancedCode, b.fix),
    b.text.length > 0 && h('p', { class: 'mono small bounce-text' }, b.text),
  );
}

function meaningOf(code: string, fallback: string | null): HTMLElement | false {
  const text = t(messageKey('codeMeaning', code), {}, fallback ?? '');
  return text.length > 0 && h('p', {}, text);
}

function fixOf(code: string, fallback: string | null): HTMLElement | false {
  const text = t(messageKey('codeFix', code), {}, fallback ?? '');
  return text.length > 0 && h('p', { class: 'fix-text' }, text);
}

function hintsSection(hints: readonly Hint[]): HTMLElement | false {
  if (hints.length === 0) return false;
  return h(
    'section',
    { class: 'hints', 'aria-labelledby': 'hints-title' },
    h('h2', { id: 'hints-title' }, t('hintsTitle')),
    h(
      'ul',
      {},
      ...hints.map((hint) =>
        h(
          'li',
          { 'data-severity': hint.severity, 'data-testid': 'hint' },
          h(
            'span',
            { class: 'severity', 'aria-label': t(messageKey('severity', hint.severity)) },
            SEVERITY_MARK[hint.severity],
          ),
          h('span', {}, hintText(hint)),
          hint.record !== null &&
            h(
              'div',
              { class: 'record' },
              hint.recordName !== null &&
                h('span', { class: 'record-name' }, `TXT ${hint.recordName}`),
              h('code', {}, hint.record),
              copyButton(hint.record, t('copyRecord')),
            ),
        ),
      ),
    ),
  );
}

const SEVERITY_MARK = { error: '✗', warning: '!', info: 'i' } as const;

export function hintText(hint: Hint | undefined): string {
  if (hint === undefined) return '';
  return t(messageKey('hint', hint.code), hint.params, hint.text);
}

/** A warning in the UI language: `warning_<code>`, or `warning_<code>_<reason>` for variants. */
function warningItem(w: Warning): HTMLElement {
  const params = w.params ?? {};
  const variant = params['reason'] === undefined ? w.code : `${w.code}-${params['reason']}`;
  return h('li', { 'data-testid': 'warning' }, t(messageKey('warning', variant), params, w.text));
}

function resultWord(result: string | null): string {
  return t(messageKey('result', result ?? 'unknown'), {}, (result ?? '?').toUpperCase());
}

/** good / warn / bad: the verdict card's colour. */
function tone(result: string | null): string {
  if (result === 'pass') return 'good';
  if (result === 'softfail' || result === 'neutral' || result === null) return 'warn';
  return 'bad';
}
