/**
 * The popup: shows the report for the Show original page in the active tab (from the
 * background), or — anywhere else — the selected text's analysis or a paste box. It renders a
 * report; it never parses headers: the background analyzes the page, and what the user pastes,
 * drops or selects is sent to the background to be analyzed too. So opening the popup loads
 * neither the analyzer nor the Public Suffix List (test/import-graph.test.ts pins that).
 */
import type { AnalyzeAnswer, PopupToBackground, TabState } from '../platform/messages.ts';
import { MAX_ANALYZE_TEXT, parseAnalyzeAnswer } from '../platform/messages.ts';
import { browser } from '../platform/browser.ts';
import { t } from '../platform/i18n.ts';
import { readPopupUrl } from '../platform/popup-url.ts';
import { isShowOriginalUrl } from '../platform/show-original-url.ts';
import { loadTabState } from '../platform/tab-state.ts';
import { readGmailLocation } from '../platform/gmail-selectors.ts';
import { clear, h } from '../ui/dom.ts';
import { markOnce } from './marks.ts';
import { header } from './render-header.ts';
import { renderInput } from './render-input.ts';
import { showOpenMessage } from './show-open-message.ts';
import { showReport, type PopupPage } from './show-report.ts';

const app = document.getElementById('app') as HTMLElement;
/** Opened with "Open in a tab" (first-paint.ts set the page's width for it). */
const inTab = new URLSearchParams(location.search).has('tab');

/** What the report views need of this page (show-report.ts). */
const popup: PopupPage = { app, inTab, showInput, markReady };

void start();

/**
 * The tab whose report to show: the active tab, or — when the report was opened in a tab of its
 * own ("Open in a tab", `?tab=<id>`) — the tab it was opened from. On a tab the background has
 * read, it set this tab's popup to `?for=<id>`: the id is known without asking the browser (the
 * URL, needed only when there is no report, is asked for then).
 */
async function reportTab(): Promise<{ id: number | undefined; url: string | undefined }> {
  const { forTab } = readPopupUrl(location.search);
  if (forTab !== null) return { id: forTab, url: undefined };
  const params = new URLSearchParams(location.search);
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
      showReport(popup, state.report, t('sourceShowOriginal'), state.truncated, false, tab.id);
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
          showReport(popup, report, source, truncated, false, undefined, above),
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
      showReport(popup, answer.report, t('sourceSelection'), false);
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
        if (answer.ok) showReport(popup, answer.report, source, false, true);
        else showInput(t('analyzeFailed', { error: answer.error }));
      });
    }, notice),
  );
  document.getElementById('paste')?.focus();
  markReady();
}

/** The popup has rendered: a mark for tests and `npm run bench` (User Timing, shown in DevTools). */
function markReady(): void {
  app.dataset['ready'] = 'true';
  markOnce('header-lens:ready');
}
