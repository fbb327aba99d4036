import type { Report } from '../core/report.ts';
import { browser } from '../platform/browser.ts';
import type { OpenMessage } from '../platform/gmail-selectors.ts';
import { t, type MessageKey } from '../platform/i18n.ts';
import type { AnalyzeAnswer } from '../platform/messages.ts';
import type { FetchedShowOriginal } from '../platform/open-message-read.ts';
import { clear, h } from '../ui/dom.ts';
import { readOpenMessageIn } from './read-open-message.ts';

/** What the popup's main module lends this view: its frame, the report and the paste box. */
export interface OpenMessageHost {
  app: HTMLElement;
  header(): HTMLElement;
  analyze(text: string): Promise<AnalyzeAnswer>;
  /** Draws the report, `above` it (the message picker) when given. */
  showReport(report: Report, source: string, truncated: boolean, above: HTMLElement | null): void;
  showInput(notice?: string): void;
  /** Not a conversation, or no access: what the popup shows on any other page. */
  otherPage(): void;
  markReady(): void;
}

/** Google's help page on Show original ("Trace an email with its full headers"). */
const SHOW_ORIGINAL_HELP = 'https://support.google.com/mail/answer/29436';

const FETCH_PROBLEMS: Record<Exclude<FetchedShowOriginal['state'], 'message'>, MessageKey> = {
  'signed-out': 'openMessageSignedOut',
  'http-error': 'openMessageHttpError',
  'network-error': 'openMessageNetworkError',
  missing: 'openMessageMissing',
  'no-message': 'openMessageNoRaw',
};

/**
 * The popup over Gmail's normal view: "Reading the message open in Gmail…", then the same report
 * as on Show original — with, in a thread, the message read and a list to pick another — or what
 * went wrong, in words, with a way to Show original. `pick` is the message chosen (null: the last
 * expanded one).
 */
export function showOpenMessage(host: OpenMessageHost, tabId: number, pick: string | null): void {
  clear(host.app);
  host.app.append(
    host.header(),
    h(
      'p',
      { class: 'reading', role: 'status', 'data-testid': 'reading-open-message' },
      t('readingOpenMessage'),
    ),
  );
  host.markReady();
  void readOpenMessageIn(tabId, pick).then(async (answer) => {
    switch (answer.state) {
      case 'no-access':
      case 'no-conversation':
        host.otherPage();
        return;
      case 'failed':
        showProblem(host, 'open-message-failed', t('openMessageFailed'), null, null);
        return;
      case 'unrecognized':
        showProblem(host, 'open-message-unrecognized', t('openMessageUnrecognized'), null, null);
        return;
      case 'read':
        break;
    }
    const choose = (permmsgid: string): void => showOpenMessage(host, tabId, permmsgid);
    const picker =
      answer.messages.length > 1 ? renderPicker(answer.messages, answer.chosen, choose) : null;
    const { page } = answer;
    if (page.state !== 'message') {
      const text =
        page.state === 'http-error'
          ? t(FETCH_PROBLEMS[page.state], { status: String(page.status) })
          : t(FETCH_PROBLEMS[page.state]);
      showProblem(host, `open-message-${page.state}`, text, answer.showOriginalUrl, picker);
      return;
    }
    const analyzed = await host.analyze(page.text);
    if (!analyzed.ok) {
      host.showInput(t('analyzeFailed', { error: analyzed.error }));
      return;
    }
    host.showReport(analyzed.report, t('sourceOpenMessage'), page.truncated, picker);
  });
}

/**
 * A state without a report: what happened, and the way on — the message's own Show original
 * when it is known, Google's instructions when it is not (the message was not recognized, so
 * no URL is guessed), and the paste box.
 */
function showProblem(
  host: OpenMessageHost,
  testId: string,
  text: string,
  showOriginalUrl: string | null,
  picker: HTMLElement | null,
): void {
  const open = h(
    'button',
    { type: 'button', class: 'primary', 'data-testid': 'open-show-original' },
    showOriginalUrl === null ? t('openMessageHelp') : t('openShowOriginal'),
  );
  open.addEventListener('click', () => {
    void browser.tabs
      .create({ url: showOriginalUrl ?? SHOW_ORIGINAL_HELP })
      .then(() => window.close());
  });
  const paste = h(
    'button',
    { type: 'button', 'data-testid': 'open-message-paste' },
    t('openMessagePaste'),
  );
  paste.addEventListener('click', () => host.showInput());
  clear(host.app);
  host.app.append(
    host.header(),
    ...(picker === null ? [] : [picker]),
    h(
      'section',
      { class: 'open-message-problem', role: 'alert', 'data-testid': testId },
      h('p', {}, text),
      h('footer', { class: 'actions' }, open, paste),
    ),
  );
  open.focus();
  host.markReady();
}

/** "Message 2 of 3 — from Alice, Mar 4", opening a list of the thread's messages to pick from. */
function renderPicker(
  messages: readonly OpenMessage[],
  chosen: number,
  onPick: (permmsgid: string) => void,
): HTMLElement {
  const items = messages.map((m, i) => {
    const button = h(
      'button',
      {
        type: 'button',
        class: 'link',
        'data-testid': 'pick-message',
        'aria-current': i === chosen ? 'true' : undefined,
      },
      messageLabel(m, i, messages.length),
    );
    button.addEventListener('click', () => {
      if (i !== chosen) onPick(m.permmsgid);
    });
    return h('li', {}, button);
  });
  const current = messages[chosen];
  return h(
    'details',
    { class: 'message-picker', 'data-testid': 'message-picker' },
    h(
      'summary',
      { 'data-testid': 'message-chosen' },
      current === undefined ? '' : messageLabel(current, chosen, messages.length),
    ),
    h('ol', {}, ...items),
  );
}

function messageLabel(m: OpenMessage, index: number, count: number): string {
  let text = t('messageOf', { n: String(index + 1), count: String(count) });
  if (m.from !== '') text += ` — ${t('messageFrom', { from: m.from })}`;
  if (m.date !== '') text += `, ${m.date}`;
  return text;
}
