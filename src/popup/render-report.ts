// Over 300 lines: the report's cards, one small function each, in the order the popup draws them.
import type {
  Action,
  Fact,
  Hint,
  MethodRow,
  Presentation,
  SignatureView,
  Warning,
} from '../core/index.ts';
import { variantOf } from '../core/findings/warning-variant.ts';
import { messageKey, t } from '../platform/i18n.ts';
import { copyButton } from './copy.ts';
import { h } from '../ui/dom.ts';
import { renderPath } from './render-hops.ts';
import { renderVerdict } from './render-verdict.ts';
import { say } from './say.ts';
import { safeDomain } from '../ui/safe-domain.ts';

export interface ReportContext {
  /** Where the headers came from, shown under the verdict. */
  sourceLabel: string;
  truncated: boolean;
  /** "Check current DNS" from the next step: the same check as the live panel's button. */
  onCheckDns: (() => void) | null;
  /** Drawn at the end of the DKIM row ("Verify signatures now", render-verify.ts). */
  dkimFooter?: () => HTMLElement | false;
  /** Drawn under each DKIM signature (its answer with today's key). */
  signatureFooter?: (signature: SignatureView) => HTMLElement | false;
}

/**
 * A presentation as the popup draws it (the core decides; this lays out): the verdict in words
 * and colour, SPF/DKIM/DMARC as three rows, forgery alerts, the one next step, then the hints by
 * severity, the path and the other warnings. The live panel goes right after the next step.
 */
export function renderReport(p: Presentation, context: ReportContext): HTMLElement {
  return h(
    'div',
    { class: 'report' },
    renderVerdict(p.verdict, summary(p), context.sourceLabel),
    p.alerts.length > 0 &&
      h(
        'section',
        { class: 'alert', role: 'alert', 'aria-labelledby': 'forged-title' },
        h('h2', { id: 'forged-title' }, t('forgedTitle')),
        h('ul', {}, ...p.alerts.map(warningItem)),
      ),
    context.truncated && h('p', { class: 'note' }, t('pageTruncated')),
    p.bounce !== null && bounceCard(p),
    p.rows.length > 0 &&
      h(
        'section',
        { class: 'rows3', 'aria-labelledby': 'results-title' },
        h('h2', { id: 'results-title' }, t('resultsTitle')),
        h('ul', { class: 'method-rows' }, ...p.rows.map((row) => methodRow(row, context))),
      ),
    actionCard(p.action, context),
    hintsSection(p.hints),
    p.path.hops.length > 0 &&
      h(
        'section',
        { class: 'hops', 'aria-labelledby': 'hops-title' },
        h('h2', { id: 'hops-title' }, t('pathTitle')),
        renderPath(p.path),
      ),
    p.warnings.length > 0 &&
      h(
        'section',
        { class: 'warnings', 'aria-labelledby': 'warnings-title' },
        h('h2', { id: 'warnings-title' }, t('warningsTitle')),
        h('ul', {}, ...p.warnings.map(warningItem)),
      ),
  );
}

function summary(p: Presentation): HTMLElement | false {
  const m = p.message;
  if (m.from === null && m.subject === null) return false;
  return h(
    'dl',
    { class: 'summary small' },
    m.from !== null && h('dt', {}, t('fieldFrom')),
    m.from !== null && h('dd', {}, m.from),
    m.subject !== null && h('dt', {}, t('fieldSubject')),
    m.subject !== null && h('dd', {}, m.subject),
  );
}

/** Test hooks other suites rely on, per row fact. */
const FACT_TESTIDS: Readonly<Record<string, string>> = {
  clientIp: 'spf-client-ip',
  domain: 'spf-domain',
  domainHelo: 'spf-domain',
};

function methodRow(row: MethodRow, context: ReportContext): HTMLElement {
  const name = row.method.toUpperCase();
  return h(
    'li',
    { class: 'method-row', 'data-result': row.tone },
    h('span', { class: 'method' }, name),
    chip(row.result, `${row.method}-result`),
    row.method === 'dkim'
      ? h(
          'div',
          { class: 'row-facts' },
          row.signatures.length === 0
            ? h('span', { class: 'muted', 'data-testid': 'dkim-missing' }, t('dkimNone'))
            : h(
                'ul',
                { class: 'signatures' },
                ...row.signatures.map((d) =>
                  h(
                    'li',
                    {},
                    // The row's chip says it for a single signature.
                    row.signatures.length > 1 && chip(d.result, 'dkim-signature-result'),
                    row.signatures.length > 1 && ' ',
                    h(
                      'span',
                      { class: 'mono' },
                      d.domain === null ? '?' : `d=${safeDomain(d.domain)}`,
                    ),
                    d.selector !== null && h('span', { class: 'mono' }, ` s=${d.selector}`),
                    d.aligned !== null &&
                      h(
                        'span',
                        { class: 'muted' },
                        ` · ${d.aligned ? t('aligned') : t('notAligned')}`,
                      ),
                    d.reason !== null && h('div', { class: 'muted small' }, d.reason),
                    context.signatureFooter?.(d) ?? false,
                  ),
                ),
              ),
          context.dkimFooter?.() ?? false,
        )
      : h(
          'dl',
          { class: 'row-facts' },
          ...row.facts.flatMap((f) => [
            h('dt', {}, t(messageKey('fact', f.code), {}, f.label)),
            h(
              'dd',
              {
                class: f.mono ? 'mono' : undefined,
                'data-testid': row.method === 'spf' ? FACT_TESTIDS[f.code] : undefined,
              },
              f.mono && f.code === 'domain' ? safeDomain(f.value) : factValue(f),
            ),
          ]),
        ),
  );
}

function factValue(f: Fact): string {
  if ((f.code === 'clientIp' || f.code === 'domain') && f.value === 'unknown') {
    return t('unknownValue');
  }
  if (f.code === 'alignment' && f.valueCode !== null) {
    return t(messageKey('alignment', f.valueCode), {}, f.value);
  }
  return f.value;
}

/** The result word on a chip whose colour says good, amber, bad or neutral ("not reported"). */
function chip(result: string | null, testid: string): HTMLElement {
  return h(
    'span',
    { class: 'chip', 'data-testid': testid, 'data-result': result ?? 'unreported' },
    t(messageKey('result', result ?? 'unknown'), {}, (result ?? 'not reported').toUpperCase()),
  );
}

function actionCard(a: Action, context: ReportContext): HTMLElement {
  const safeRecord = a.kind === 'publish-record' || a.kind === 'publish-merged';
  const words = [a.text, ...a.notes].filter((x) => x !== null).map(say);
  return h(
    'section',
    {
      class: 'card action',
      'data-testid': 'next-step',
      'data-result': a.kind,
      'aria-labelledby': 'action-title',
    },
    h('h2', { id: 'action-title' }, t('nextStep')),
    h('h3', { class: 'action-title' }, say(a.title)),
    // What to paste comes first, with its copy button; the words say where and why after it.
    a.record !== null &&
      h(
        'div',
        { class: 'record' },
        a.record.name !== '' && h('span', { class: 'record-name' }, `TXT ${a.record.name}`),
        h('code', { 'data-testid': safeRecord ? 'spf-fix-record' : 'hint-record' }, a.record.value),
        copyButton(a.record.value, t('copyRecord')),
        a.record.strings.length > 1 &&
          h(
            'p',
            { class: 'small muted' },
            t('liveFixStrings'),
            ' ',
            h('code', {}, a.record.strings.map((s) => `"${s}"`).join(' ')),
          ),
      ),
    a.add !== null &&
      h(
        'div',
        { class: 'record add' },
        h('span', { class: 'record-name' }, t('addMechanism', { domain: a.add.domain })),
        h('code', { 'data-testid': 'spf-fix-add' }, a.add.mechanism),
        copyButton(a.add.mechanism, t('copyRecord')),
      ),
    words.length > 0 && h('p', { class: 'fix-text' }, words.join(' ')),
    a.checkDns && context.onCheckDns !== null && checkButton(context.onCheckDns),
  );
}

function checkButton(onCheck: () => void): HTMLElement {
  const button = h(
    'button',
    { type: 'button', class: 'primary', 'data-testid': 'action-check-dns' },
    t('checkDnsForRecord'),
  );
  button.addEventListener('click', onCheck);
  return h('div', { class: 'actions' }, button);
}

function bounceCard(p: Presentation): HTMLElement | false {
  const b = p.bounce;
  if (b === null) return false;
  const code = [b.replyCode, b.enhancedCode].filter((x) => x !== null).join(' ');
  return h(
    'section',
    { class: 'card', 'data-result': 'bad', 'aria-labelledby': 'bounce-title' },
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
    // The fix is the next step below, unless a more exact one (the SPF change) took its place.
    b.enhancedCode !== null && p.action.kind !== 'bounce' && fixOf(b.enhancedCode, b.fix),
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
          // A mark to see, the severity in words to hear: a mark alone reads as "!".
          h('span', { class: 'severity', 'aria-hidden': 'true' }, SEVERITY_MARK[hint.severity]),
          h(
            'span',
            {},
            h(
              'span',
              { class: 'visually-hidden' },
              `${t(messageKey('severity', hint.severity))}: `,
            ),
            hintText(hint),
          ),
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

const SEVERITY_MARK: Readonly<Record<Hint['severity'], string>> = {
  error: '✗',
  warning: '!',
  info: 'i',
};

export function hintText(hint: Hint | undefined): string {
  if (hint === undefined) return '';
  return t(messageKey('hint', hint.code), hint.params, hint.text);
}

/** A warning in the UI language: `warning_<code>`, or `warning_<code>_<reason>` for variants. */
function warningItem(w: Warning): HTMLElement {
  const key = messageKey('warning', variantOf(w));
  return h('li', { 'data-testid': 'warning' }, t(key, w.params ?? {}, w.text));
}
