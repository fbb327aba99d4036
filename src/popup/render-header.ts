import { t } from '../platform/i18n.ts';
import { nativeApi } from '../platform/native-api.ts';
import { h } from '../ui/dom.ts';

/** The product's name and the way to its options (no polyfill: the first paint draws it). */
export function header(): HTMLElement {
  const options = h(
    'button',
    { type: 'button', class: 'link', 'data-testid': 'open-options' },
    t('optionsLink'),
  );
  options.addEventListener('click', () => {
    void nativeApi()?.runtime.openOptionsPage();
  });
  return h('header', { class: 'top' }, h('h1', {}, t('extName')), options);
}
