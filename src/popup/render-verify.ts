import type { SignatureVerifyView, VerifyView } from '../core/index.ts';
import { messageKey, t } from '../platform/i18n.ts';
import type { DownloadFailure } from '../platform/messages.ts';
import { h } from '../ui/dom.ts';
import { localTime } from '../ui/local-time.ts';
import { say } from './say.ts';

/** "Verify signatures now" as the DKIM row shows it (verify-flow.ts runs it). */
export interface VerifyControls {
  onVerify: () => void;
  busy: boolean;
  /** The status line: progress, a failure, or why nothing was sent. */
  status: string | null;
  /** The download was not used: why, and the `<pre>` text was checked instead. */
  fallback: { failure: DownloadFailure; detail: string } | null;
  resolverName: string;
}

/**
 * Under one signature, once verified: our answer with today's key on a chip ("now"), beside the
 * receiver's verdict at delivery, its notes, and on a body hash mismatch the expected and
 * computed bh= with the canonical body length.
 */
export function renderSignatureVerify(v: SignatureVerifyView, receiver: string): HTMLElement {
  return h(
    'div',
    { class: 'verify-result small', 'data-testid': 'verify-signature', 'data-result': v.tone },
    h(
      'span',
      { class: 'chip', 'data-testid': 'verify-result', 'data-result': v.result },
      `${t('verifyNowLabel')}: ${t(messageKey('result', v.result), {}, v.result.toUpperCase())}`,
    ),
    ' ',
    h(
      'span',
      { class: 'muted' },
      t('verifyAtDelivery', {
        result: t(messageKey('result', receiver), {}, receiver.toUpperCase()),
      }),
    ),
    h(
      'p',
      { 'data-testid': 'verify-text', 'data-state': v.reason ?? 'pass' },
      say({
        ...v.text,
        params: {
          ...v.text.params,
          ...Object.fromEntries(
            Object.entries(v.parts).map(([name, code]) => [
              name,
              t(messageKey('verifyPart', code), {}, v.text.params[name] ?? ''),
            ]),
          ),
        },
      }),
    ),
    v.bodyHash !== null &&
      h(
        'p',
        { class: 'mono', 'data-testid': 'verify-body-hash' },
        t('verifyBodyHash', {
          expected: v.bodyHash.expected,
          computed: v.bodyHash.computed,
          length: String(v.bodyHash.length),
        }),
      ),
    v.notes.length > 0 &&
      h(
        'ul',
        { class: 'verify-notes' },
        ...v.notes.map((n) => h('li', { 'data-testid': 'verify-note' }, say(n))),
      ),
  );
}

/**
 * The end of the DKIM row: the button (it stays to verify again), the status, and once
 * verified, what copy was checked, when and via whom, and the ARC chain.
 */
export function renderVerifyBlock(view: VerifyView | null, controls: VerifyControls): HTMLElement {
  const button = h(
    'button',
    {
      type: 'button',
      class: view === null ? 'primary' : undefined,
      'data-testid': 'verify-signatures',
      'aria-disabled': controls.busy ? 'true' : 'false',
    },
    controls.busy ? t('verifyingButton') : t('verifyNow'),
  );
  button.addEventListener('click', () => {
    if (!controls.busy) controls.onVerify();
  });
  const arc = view?.arc ?? null;
  return h(
    'div',
    {
      class: 'verify',
      'data-testid': 'verify-panel',
      'aria-busy': controls.busy ? 'true' : 'false',
    },
    view === null &&
      h('p', { class: 'small muted' }, t('verifyExplain', { resolver: controls.resolverName })),
    h('div', { class: 'actions' }, button),
    h(
      'p',
      { class: 'small', role: 'status', 'aria-live': 'polite', 'data-testid': 'verify-status' },
      controls.status ??
        (view === null
          ? ''
          : say({
              ...view.status,
              params: { ...view.status.params, time: localTime(view.asOf) },
            })),
    ),
    view !== null &&
      controls.fallback !== null &&
      h(
        'p',
        { class: 'small note', 'data-testid': 'verify-fallback' },
        t(messageKey('verifyFallback', controls.fallback.failure), {
          detail: controls.fallback.detail,
        }),
      ),
    view !== null &&
      h(
        'ul',
        { class: 'verify-copy small muted' },
        ...view.copy.map((c) =>
          h('li', { 'data-testid': 'verify-copy', 'data-state': c.code }, say(c)),
        ),
      ),
    arc !== null &&
      h(
        'div',
        { class: 'verify-arc small', 'data-testid': 'verify-arc', 'data-result': arc.tone },
        h('strong', {}, t('verifyView_arc_title')),
        ' ',
        h(
          'span',
          { class: 'chip', 'data-testid': 'verify-arc-result', 'data-result': arc.result },
          t(messageKey('result', arc.result), {}, arc.result.toUpperCase()),
        ),
        arc.receiver !== null &&
          h(
            'span',
            { class: 'muted' },
            ` ${t('verifyAtDelivery', {
              result: t(messageKey('result', arc.receiver), {}, arc.receiver.toUpperCase()),
            })}`,
          ),
        h('p', { 'data-testid': 'verify-arc-text' }, say(arc.text)),
        arc.instances.length > 0 &&
          h('ul', { class: 'verify-notes mono' }, ...arc.instances.map((x) => h('li', {}, say(x)))),
      ),
  );
}
