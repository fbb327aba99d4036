import { t } from '../platform/i18n.ts';
import { h } from '../ui/dom.ts';

/** A button that copies `text` and says so (in words, for screen readers too). */
export function copyButton(text: string, label: string): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'copy', title: label }, label);
  button.addEventListener('click', () => {
    void copyText(text).then((ok) => {
      button.textContent = ok ? t('copied') : t('copyFailed');
      window.setTimeout(() => {
        button.textContent = label;
      }, 1500);
    });
  });
  return button;
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
