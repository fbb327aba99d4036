import { exportHistory } from '../core/history/history.ts';
import { t } from '../platform/i18n.ts';
import {
  clearHistory,
  historyEnabled,
  loadHistory,
  setHistoryEnabled,
} from '../platform/history-store.ts';
import { h } from '../ui/dom.ts';

/**
 * Options, History: the switch (off deletes what was kept), how many entries are stored,
 * "Clear history" and "Export as JSON" (a download of the stored summaries, nothing else).
 */
export function renderHistoryOptions(): HTMLElement {
  const toggle = h('input', { type: 'checkbox', id: 'history-on', 'data-testid': 'history-on' });
  const count = h('p', { class: 'small muted', 'data-testid': 'history-count' });
  const status = h('p', { role: 'status', 'aria-live': 'polite', 'data-testid': 'history-status' });
  const refresh = async (): Promise<void> => {
    const [on, history] = await Promise.all([historyEnabled(), loadHistory()]);
    toggle.checked = on;
    const n = history.entries.length;
    count.textContent =
      n === 1 ? t('optionsHistoryCountOne') : t('optionsHistoryCount', { count: String(n) });
  };
  toggle.addEventListener('change', () => {
    void setHistoryEnabled(toggle.checked).then(refresh);
  });
  const clear = h(
    'button',
    { type: 'button', 'data-testid': 'history-clear' },
    t('optionsHistoryClear'),
  );
  clear.addEventListener('click', () => {
    void clearHistory()
      .then(refresh)
      .then(() => {
        status.textContent = t('optionsHistoryCleared');
      });
  });
  const download = h(
    'button',
    { type: 'button', 'data-testid': 'history-export' },
    t('optionsHistoryExport'),
  );
  download.addEventListener('click', () => {
    void loadHistory().then((history) => {
      const blob = new Blob([exportHistory(history, Date.now())], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `header-lens-history-${new Date().toISOString().slice(0, 10)}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });
  });
  void refresh();
  return h(
    'fieldset',
    { 'data-testid': 'history-options' },
    h('legend', {}, t('optionsHistoryTitle')),
    h('label', { class: 'choice', for: 'history-on' }, toggle, ' ', t('optionsHistory')),
    count,
    h('div', { class: 'actions' }, clear, download),
    status,
  );
}
