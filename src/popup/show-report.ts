/**
 * A report in the popup: the verdict, the three rows and the next step (render-report.ts), and
 * the cards that follow it — Check current DNS, verify the signatures, watch for the new record,
 * the domain's history — each merged into the report as it comes, redrawn in place with the
 * keyboard focus kept on the control the user used.
 */
import type { LiveQuery, LiveResults, MessageVerification, Report } from '../core/index.ts';
import { withVerification } from '../core/dkim/with-verification.ts';
import type { History } from '../core/history/history.ts';
import { liveQueryOf, withLive } from '../core/live/live-query.ts';
import { presentReport } from '../core/present/present-report.ts';
import type { LiveView } from '../core/present/presentation.ts';
import { renderMarkdown } from '../core/present/render-markdown.ts';
import { browser } from '../platform/browser.ts';
import {
  currentDnsCheckConsent,
  dnsCheckNeedsConsent,
  requestDnsCheckConsent,
  type Consent,
} from '../platform/data-consent.ts';
import { recordVerdict } from '../platform/history-store.ts';
import { t } from '../platform/i18n.ts';
import { parseLiveAnswer, type LiveAnswer, type PopupToBackground } from '../platform/messages.ts';
import { loadSettings, resolverOf } from '../platform/settings.ts';
import { clear, h } from '../ui/dom.ts';
import { copyText } from './copy.ts';
import { markOnce } from './marks.ts';
import { renderHistory } from './render-history.ts';
import { header } from './render-header.ts';
import {
  liveStatusText,
  renderLivePanel,
  setLiveStatus,
  showLiveResults,
  showOneCheckButton,
} from './render-live.ts';
import { renderReport } from './render-report.ts';
import { renderSignatureVerify, renderVerifyBlock } from './render-verify.ts';
import { createWatchCard } from './render-watch.ts';
import { createVerifyFlow, type VerifyFlow } from './verify-flow.ts';

/** What a report view needs of the popup page around it. */
export interface PopupPage {
  app: HTMLElement;
  /** Opened with "Open in a tab": no "Open in a tab" button. */
  inTab: boolean;
  /** Back to the paste box ("Analyze other headers"). */
  showInput: (notice?: string) => void;
  /** The popup has drawn all it will without an answer from elsewhere. */
  markReady: () => void;
}

export function showReport(
  popup: PopupPage,
  report: Report,
  source: string,
  truncated: boolean,
  canGoBack = false,
  fromTab?: number,
  above: HTMLElement | null = null,
): void {
  // The report as shown: with today's DNS merged in once it has been checked. Copy report, the
  // next step and the panel all come from it.
  let current = report;
  let panel: HTMLElement | null = null;
  const query = liveQueryOf(report);
  const canCheck = report.input !== 'empty' && (query.spf !== null || query.fromDomain !== null);
  // Today's DNS and the signatures verified now, each merged in once it came.
  let liveResults: LiveResults | null = null;
  let verification: MessageVerification | null = null;
  const compose = (): void => {
    const withDns = liveResults === null ? report : withLive(report, liveResults);
    current = verification === null ? withDns : withVerification(withDns, verification);
  };
  // Only a Show original tab has the whole message to verify (its content script reads it).
  let verifier: VerifyFlow | null = null;
  const canVerify =
    fromTab !== undefined &&
    report.input === 'message' &&
    (report.dkimSignatures.length > 0 || report.arc.instance !== null);
  const watchDomain = query.spf?.domain ?? query.fromDomain;
  const watchCard = canCheck && watchDomain !== null ? createWatchCard(query, watchDomain) : null;
  let historyCard: HTMLElement | null = null;

  const draw = (): void => {
    // Keep the keyboard where it was: the control used keeps the focus across the redraw.
    const focused = document.activeElement?.getAttribute('data-testid') ?? null;
    clear(popup.app);
    const presentation = presentReport(current);
    const copy = h('button', { type: 'button', 'data-testid': 'copy-report' }, t('copyReport'));
    copy.addEventListener('click', () => {
      void copyText(renderMarkdown(current)).then((ok) => {
        copy.textContent = ok ? t('copied') : t('copyFailed');
      });
    });
    const back = h('button', { type: 'button', 'data-testid': 'analyze-other' }, t('analyzeOther'));
    back.addEventListener('click', () => popup.showInput());
    const rendered = renderReport(presentation, {
      sourceLabel: source,
      truncated,
      onCheckDns:
        panel === null
          ? null
          : () => panel?.querySelector<HTMLButtonElement>('[data-testid="check-dns"]')?.click(),
      ...(verifier === null
        ? {}
        : {
            dkimFooter: () =>
              verifier !== null &&
              renderVerifyBlock(presentation.verification, verifier.controls()),
            signatureFooter: (d) => d.verify !== null && renderSignatureVerify(d.verify, d.result),
          }),
    });
    const footer = h('footer', { class: 'actions' }, copy, back);
    // A popup is small: the same report in a tab of its own, for the timeline and copying.
    if (fromTab !== undefined && !popup.inTab) {
      const open = h('button', { type: 'button', 'data-testid': 'open-in-tab' }, t('openInTab'));
      open.addEventListener('click', () => {
        void browser.tabs
          .create({ url: `${location.pathname}?tab=${fromTab}` })
          .then(() => window.close());
      });
      footer.append(open);
    }
    popup.app.append(header(), ...(above === null ? [] : [above]), rendered, footer);
    // Right after the next step: "Check current DNS" is how it is followed.
    if (panel !== null) {
      rendered.querySelector('[data-testid="next-step"]')?.after(panel);
      showOneCheckButton(panel);
    }
    if (watchCard !== null) {
      (panel ?? rendered.querySelector('[data-testid="next-step"]'))?.after(watchCard);
    }
    // "Did my change fix it?" in one look: next to the next step and the watch, not at the end.
    if (historyCard !== null) {
      const above = watchCard ?? panel ?? rendered.querySelector('[data-testid="next-step"]');
      if (above?.isConnected === true) above.after(historyCard);
      else rendered.append(historyCard);
    }
    if (focused !== null) {
      // The control used may be gone (the next step changed with today's DNS): then the next
      // step's first control, so the keyboard stays where the answer is.
      const same = popup.app.querySelector<HTMLElement>(`[data-testid="${focused}"]:not([hidden])`);
      const next = popup.app.querySelector<HTMLElement>('[data-testid="next-step"] button');
      (same ?? next ?? copy).focus();
    }
    if (canGoBack && focused === null) copy.focus();
  };

  draw();
  markOnce('header-lens:verdict');
  markOnce('header-lens:report');
  const showHistory = (history: History): void => {
    const domain = report.dmarc.headerFrom ?? report.spf.domain;
    historyCard = domain === null ? null : renderHistory(history, domain);
    if (historyCard !== null) draw();
  };
  // Ready once every card started here is drawn, the history's too: no card moves the others
  // after it (a click aimed at a button must find it where it was).
  const history = recordVerdict(report).then(showHistory, () => undefined);
  if (!canCheck && !canVerify) {
    void history.finally(() => popup.markReady());
    return;
  }
  const settingsDrawn = loadSettings().then((settings) => {
    const resolver = resolverOf(settings);
    if (canVerify && fromTab !== undefined) {
      verifier = createVerifyFlow({
        tabId: fromTab,
        resolverName: resolver.name,
        consentText: consentStatus,
        requestConsent: requestDnsCheckConsent,
        onVerified: (answer) => {
          verification = answer;
          compose();
        },
        redraw: draw,
      });
    }
    let busy = false;
    const run = (consent: Promise<Consent>): void => {
      if (busy || panel === null) return;
      busy = true;
      const target = panel;
      void consent.then((answer) => {
        if (answer !== 'granted') {
          busy = false;
          setLiveStatus(target, consentStatus(answer), false);
          return;
        }
        void checkDns(target, resolver.name, query).then((results) => {
          busy = false;
          if (results === null) return;
          liveResults = results;
          compose();
          void recordVerdict(current);
          const live: LiveView | null = presentReport(current).live;
          draw();
          if (live !== null) {
            showLiveResults(target, live);
            setLiveStatus(target, liveStatusText(live), false);
          }
        });
      });
    };
    // The click asks at once: Firefox shows its prompt only inside the user's input handler.
    if (canCheck)
      panel = renderLivePanel(resolver.name, dnsCheckNeedsConsent(), () =>
        run(requestDnsCheckConsent()),
      );
    draw();
    // An automatic check has no click to ask in: it runs only once consent exists.
    if (settings.autoCheck) {
      run(currentDnsCheckConsent());
      verifier?.run(currentDnsCheckConsent());
    }
  });
  void Promise.allSettled([history, settingsDrawn]).then(() => popup.markReady());
}

async function checkDns(
  panel: HTMLElement,
  resolverName: string,
  query: LiveQuery,
): Promise<LiveResults | null> {
  setLiveStatus(panel, t('liveChecking', { resolver: resolverName }), true);
  const request: PopupToBackground = { type: 'popup-bg-check-dns', query };
  const reply: unknown = await browser.runtime.sendMessage(request).catch((error: unknown) => ({
    ok: false,
    error: error instanceof Error ? error.message : String(error),
  }));
  // No answer at all (the worker refused the request, or stopped) must end the check too.
  const answer: LiveAnswer = parseLiveAnswer(reply) ?? {
    ok: false,
    error: 'the background page gave no answer',
  };
  if (!answer.ok) {
    setLiveStatus(panel, t('liveFailed', { error: answer.error }), false);
    return null;
  }
  return answer.live;
}

/** Why the check did not run, and what to click. Nothing was sent in any of these cases. */
function consentStatus(answer: Exclude<Consent, 'granted'>): string {
  if (answer === 'declined') return t('liveConsentDeclined');
  if (answer === 'not-asked') return t('liveConsentNeeded');
  return t('liveConsentError', { error: answer.error });
}
