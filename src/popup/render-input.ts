import { t } from '../platform/i18n.ts';
import { h } from '../ui/dom.ts';

/** Largest file read from a drop or the file picker; the analyzer reads the header section only. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * The way in when the tab isn't a Show original page: how to open it in Gmail, and a paste box
 * and drop zone that take headers, a whole .eml file, or a bounce / postfix log line. The text is
 * analyzed by the extension's background page (the popup loads no analyzer); it never leaves the
 * browser.
 */
export function renderInput(
  onText: (text: string, source: string) => void,
  notice?: string,
): HTMLElement {
  const textarea = h('textarea', {
    id: 'paste',
    rows: '6',
    'data-testid': 'paste-input',
    placeholder: t('pastePlaceholder'),
    'aria-describedby': 'paste-help',
  });
  const analyze = h(
    'button',
    { type: 'button', class: 'primary', 'data-testid': 'paste-analyze' },
    t('analyzeButton'),
  );
  const fileInput = h('input', {
    type: 'file',
    id: 'file',
    accept: '.eml,.txt,.log,message/rfc822,text/plain',
    class: 'visually-hidden',
    // The label below is the control; the input itself is no second tab stop.
    tabindex: '-1',
    'aria-hidden': 'true',
  });
  const fileLabel = h(
    'label',
    { for: 'file', class: 'button', tabindex: '0', role: 'button' },
    t('chooseFile'),
  );
  const status = h('p', { class: 'small muted', 'aria-live': 'polite' });
  const zone = h(
    'section',
    { class: 'input', 'data-testid': 'input-panel', 'aria-labelledby': 'input-title' },
    notice !== undefined && h('p', { class: 'note', role: 'status' }, notice),
    h('h2', { id: 'input-title' }, t('emptyTitle')),
    h(
      'ol',
      { class: 'howto' },
      h('li', {}, t('howto1')),
      h('li', {}, t('howto2')),
      h('li', {}, t('howto3')),
    ),
    h('label', { for: 'paste' }, t('pasteLabel')),
    h('p', { id: 'paste-help', class: 'small muted' }, t('pasteHelp')),
    textarea,
    h('div', { class: 'actions' }, analyze, fileLabel, fileInput),
    status,
  );

  analyze.addEventListener('click', () => {
    if (textarea.value.trim().length === 0) {
      status.textContent = t('pasteEmpty');
      textarea.focus();
      return;
    }
    onText(textarea.value, t('sourcePasted'));
  });
  fileLabel.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      fileInput.click();
    }
  });
  const readFile = (file: File | undefined): void => {
    if (file === undefined) return;
    if (file.size > MAX_FILE_BYTES) {
      status.textContent = t('fileTooLarge');
      return;
    }
    // The header section is at the start: read at most what the analyzer can use.
    void file
      .slice(0, 2 * 1024 * 1024)
      .text()
      .then((text) => onText(text, t('sourceFile', { name: file.name })))
      .catch(() => {
        status.textContent = t('fileUnreadable');
      });
  };
  fileInput.addEventListener('change', () => readFile(fileInput.files?.[0]));
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    const file = event.dataTransfer?.files[0];
    if (file !== undefined) readFile(file);
    else {
      const text = event.dataTransfer?.getData('text/plain') ?? '';
      if (text.length > 0) onText(text, t('sourceDropped'));
    }
  });
  return zone;
}
