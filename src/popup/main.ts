/**
 * The popup: shows the report for the Show original page in the active tab (from the
 * background), or — anywhere else — the selected text's analysis or a paste box. It renders a
 * report; it never parses headers: the background analyzes the page, and what the user pastes,
 * drops or selects is sent to the background to be analyzed too. So opening the popup loads
 * neither the analyzer nor the Public Suffix List (test/import-graph.test.ts pins that).
 */
import type { LiveQuery, LiveResults, MessageVerification, Report } from '../core/index.ts';
import { withVerification } from '../core/dkim/with-verification.ts';
import type { History } from '../core/history/history.ts';
import { liveQueryOf, withLive } from '../core/live/live-query.ts';
import { presentReport } from '../core/present/present-report.ts';
import type { LiveView } from '../core/present/presentation.ts';
import { renderMarkdown } from '../core/present/render-markdown.ts';
import { browser } from '../platform/browser.ts';
import { t, uiLanguage } from '../platform/i18n.ts';
import {
  MAX_ANALYZE_TEXT,
  parseAnalyzeAnswer,
  parseLiveAnswer,
  type AnalyzeAnswer,
  type LiveAnswer,
  type PopupToBackground,
  type TabState,
} from '../platform/messages.ts';
import {
  currentDnsCheckConsent,
  dnsCheckNeedsConsent,
  requestDnsCheckConsent,
  type Consent,
} from '../platform/data-consent.ts';
import { loadSettings, resolverOf } from '../platform/settings.ts';
import { isShowOriginalUrl } from '../platform/show-original-url.ts';
import { loadTabState } from '../platform/tab-state.ts';
import { readGmailLocation } from '../platform/gmail-selectors.ts';
import { showOpenMessage } from './show-open-message.ts';
import { copyText } from './copy.ts';
import { clear, h } from '../ui/dom.ts';
import { renderInput } from './render-input.ts';
import {
  liveStatusText,
  renderLivePanel,
  setLiveStatus,
  showLiveResults,
  showOneCheckButton,
} from './render-live.ts';
import { renderReport } from './render-report.ts';
import { renderSignatureVerify, renderVerifyBlock } from './render-verify.ts';
import { createVerifyFlow, type VerifyFlow } from './verify-flow.ts';
import { renderHistory } from './render-history.ts';
import { createWatchCard } from './render-watch.ts';
import { recordVerdict } from '../platform/history-store.ts';

const app = document.getElementById('app') as HTMLElement;
document.documentElement.lang = uiLanguage();
document.title = t('extName');
/** Opened with "Open in a tab": the page uses the tab's width. */
const inTab = new URLSearchParams(location.search).has('tab');
if (inTab) document.documentElement.classList.add('in-tab');

void start();

/**
 * The tab whose report to show: the active tab, or — when the report was opened in a tab of its
 * own ("Open in a tab", `?tab=<id>`) — the tab it was opened from. On a tab the background has
 * read, it set this tab's popup to `?for=<id>`: the id is known without asking the browser (the
 * URL, needed only when there is no report, is asked for then).
 */
async function reportTab(): Promise<{ id: number | undefined; url: string | undefined }> {
  const params = new URLSearchParams(location.search);
  const forTab = params.get('for');
  if (forTab !== null && /^\d{1,10}$/.test(forTab)) return { id: Number(forTab), url: undefined };
  const param = params.get('tab');
  if (param !== null && /^\d{1,10}$/.test(param)) {
    const id = Number(param);
    const tab = await browser.tabs.get(id).catch(() => undefined);
    return { id: tab === undefined ? undefined : id, url: tab?.url };
  }
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return { id: tab?.id, url: tab?.url };
}

async function start(): Promise<void> {
  const tab = await reportTab();
  if (tab.id === undefined) {
    showInput();
    return;
  }
  // The report the background stored for the tab: read directly, no round trip through it.
  const state: TabState = await loadTabState(tab.id).catch((): TabState => ({ state: 'none' }));
  switch (state.state) {
    case 'report':
      showReport(state.report, t('sourceShowOriginal'), state.truncated, false, tab.id);
      return;
    case 'missing':
      showInput(t('noticeMissing'));
      return;
    case 'no-message':
      showInput(t('noticeNoMessage'));
      return;
    case 'reading':
      showReading(tab.id);
      return;
    case 'none':
      break;
  }
  const url = tab.url ?? (await browser.tabs.get(tab.id).catch(() => undefined))?.url;
  if (url !== undefined && isShowOriginalUrl(url)) {
    showReading(tab.id);
    return;
  }
  // Gmail's normal view: the open message, read through its Show original (show-open-message.ts).
  if (url !== undefined && readGmailLocation(url) !== null) {
    const tabId = tab.id;
    showOpenMessage(
      {
        app,
        header,
        analyze,
        showReport: (report, source, truncated, above) =>
          showReport(report, source, truncated, false, undefined, above),
        showInput,
        otherPage: () => void fromSelection(tabId),
        markReady,
      },
      tabId,
      null,
    );
    return;
  }
  await fromSelection(tab.id);
}

/** Any other page: the selected text's analysis, or the paste box. */
async function fromSelection(tabId: number): Promise<void> {
  const selected = await selectedText(tabId);
  if (selected.trim().length > 0) {
    const answer = await analyze(selected);
    if (answer.ok && answer.report.input !== 'empty') {
      showReport(answer.report, t('sourceSelection'), false);
      return;
    }
  }
  showInput();
}

/** Text analyzed by the background (the popup has no analyzer); at most what it reads. */
async function analyze(text: string): Promise<AnalyzeAnswer> {
  const request: PopupToBackground = {
    type: 'popup-bg-analyze',
    text: text.length > MAX_ANALYZE_TEXT ? text.slice(0, MAX_ANALYZE_TEXT) : text,
  };
  const reply: unknown = await browser.runtime.sendMessage(request).catch((error: unknown) => ({
    ok: false,
    error: error instanceof Error ? error.message : String(error),
  }));
  return parseAnalyzeAnswer(reply) ?? { ok: false, error: 'the background page gave no answer' };
}

/** How long the popup waits for a Show original page still loading before it suggests a
 * reload: an 8 MB page is read within a few seconds of navigation. */
const READING_TIMEOUT_MS = 20_000;

/**
 * A Show original page whose message the content script has not reported yet (it is still
 * loading): say so, and draw the verdict as soon as the worker stores it.
 */
function showReading(tabId: number): void {
  clear(app);
  app.append(
    header(),
    h('p', { class: 'reading', role: 'status', 'data-testid': 'reading' }, t('readingMessage')),
  );
  const key = `tab:${tabId}`;
  let waiting = true;
  const done = (): void => {
    waiting = false;
    browser.storage.session.onChanged.removeListener(listener);
    window.clearTimeout(timer);
  };
  const listener = (changes: Record<string, { newValue?: unknown }>): void => {
    if (!(key in changes) || !waiting) return;
    // Still reading (the content script's first word): keep waiting for the report.
    const next = changes[key]?.newValue;
    if (typeof next === 'object' && next !== null && 'state' in next && next.state === 'reading') {
      return;
    }
    done();
    void start();
  };
  const timer = window.setTimeout(() => {
    done();
    showInput(t('noticeReload'));
  }, READING_TIMEOUT_MS);
  browser.storage.session.onChanged.addListener(listener);
  // The report may have been stored between the first look and the listener.
  void loadTabState(tabId)
    .catch((): TabState => ({ state: 'none' }))
    .then((state) => {
      if (waiting && state.state !== 'none' && state.state !== 'reading') {
        done();
        void start();
      }
    });
  markReady();
}

/** The page's selected text, through activeTab + scripting; empty where scripts can't run. */
async function selectedText(tabId: number): Promise<string> {
  try {
    const [result] = await browser.scripting.executeScript({
      target: { tabId },
      func: () => String(globalThis.getSelection?.() ?? ''),
    });
    return typeof result?.result === 'string' ? result.result : '';
  } catch {
    return '';
  }
}

function showInput(notice?: string): void {
  clear(app);
  app.append(
    header(),
    renderInput((text, source) => {
      void analyze(text).then((answer) => {
        if (answer.ok) showReport(answer.report, source, false, true);
        else showInput(t('analyzeFailed', { error: answer.error }));
      });
    }, notice),
  );
  document.getElementById('paste')?.focus();
  markReady();
}

function showReport(
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
    clear(app);
    const presentation = presentReport(current);
    const copy = h('button', { type: 'button', 'data-testid': 'copy-report' }, t('copyReport'));
    copy.addEventListener('click', () => {
      void copyText(renderMarkdown(current)).then((ok) => {
        copy.textContent = ok ? t('copied') : t('copyFailed');
      });
    });
    const back = h('button', { type: 'button', 'data-testid': 'analyze-other' }, t('analyzeOther'));
    back.addEventListener('click', () => showInput());
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
    if (fromTab !== undefined && !inTab) {
      const open = h('button', { type: 'button', 'data-testid': 'open-in-tab' }, t('openInTab'));
      open.addEventListener('click', () => {
        void browser.tabs
          .create({ url: `${location.pathname}?tab=${fromTab}` })
          .then(() => window.close());
      });
      footer.append(open);
    }
    app.append(header(), ...(above === null ? [] : [above]), rendered, footer);
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
      const same = app.querySelector<HTMLElement>(`[data-testid="${focused}"]:not([hidden])`);
      const next = app.querySelector<HTMLElement>('[data-testid="next-step"] button');
      (same ?? next ?? copy).focus();
    }
    if (canGoBack && focused === null) copy.focus();
  };

  draw();
  markOnce('header-lens:verdict');
  const showHistory = (history: History): void => {
    const domain = report.dmarc.headerFrom ?? report.spf.domain;
    historyCard = domain === null ? null : renderHistory(history, domain);
    if (historyCard !== null) draw();
  };
  void recordVerdict(report).then(showHistory);
  if (!canCheck && !canVerify) {
    markReady();
    return;
  }
  void loadSettings().then((settings) => {
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
    markReady();
  });
}

/** The product's name and the way to its options. */
function header(): HTMLElement {
  const options = h(
    'button',
    { type: 'button', class: 'link', 'data-testid': 'open-options' },
    t('optionsLink'),
  );
  options.addEventListener('click', () => {
    void browser.runtime.openOptionsPage();
  });
  return h('header', { class: 'top' }, h('h1', {}, t('extName')), options);
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

/** The popup has rendered: a mark for tests and `npm run bench` (User Timing, shown in DevTools). */
function markReady(): void {
  app.dataset['ready'] = 'true';
  markOnce('header-lens:ready');
}

/** User Timing marks for `npm run bench`: `header-lens:verdict` when a report is in the page,
 * `header-lens:ready` when the popup is done (the live-check panel included). */
function markOnce(name: string): void {
  if (performance.getEntriesByName(name).length === 0) performance.mark(name);
}
