/**
 * Options: which DNS-over-HTTPS resolver the "Check current DNS" button uses, and whether it runs
 * by itself when the popup opens. Says plainly what a check sends and to whom.
 */
import { dnsCheckNeedsConsent, requestDnsCheckConsent } from '../platform/data-consent.ts';
import { t, uiLanguage } from '../platform/i18n.ts';
import {
  DEFAULT_SETTINGS,
  isDohUrl,
  loadSettings,
  saveSettings,
  type Settings,
} from '../platform/settings.ts';
import { h } from '../ui/dom.ts';
import { renderHistoryOptions } from './render-history-options.ts';

const app = document.getElementById('app') as HTMLElement;
document.documentElement.lang = uiLanguage();
document.title = `${t('extName')} — ${t('optionsTitle')}`;

void loadSettings().then(render);

function render(settings: Settings): void {
  const radio = (value: Settings['resolver'], label: string): HTMLElement => {
    const input = h('input', {
      type: 'radio',
      id: `resolver-${value}`,
      'data-testid': `resolver-${value}`,
    });
    input.name = 'resolver';
    input.value = value;
    input.checked = settings.resolver === value;
    return h(
      'label',
      { class: 'choice', for: `resolver-${value}`, id: `resolver-${value}-label` },
      input,
      ' ',
      label,
    );
  };
  const custom = h('input', {
    type: 'url',
    id: 'custom-url',
    placeholder: 'https://doh.example.net/dns-query',
    'data-testid': 'custom-url',
    // Named by its radio button's words ("Another resolver (JSON API):"), not the placeholder.
    'aria-labelledby': 'resolver-custom-label',
    'aria-describedby': 'custom-help',
  });
  custom.value = settings.customUrl;
  const auto = h('input', { type: 'checkbox', id: 'auto-check', 'data-testid': 'auto-check' });
  auto.checked = settings.autoCheck;
  const status = h('p', { role: 'status', 'aria-live': 'polite', 'data-testid': 'options-status' });
  const save = h(
    'button',
    { type: 'button', class: 'primary', 'data-testid': 'options-save' },
    t('optionsSave'),
  );
  save.addEventListener('click', () => {
    const chosen = (document.querySelector<HTMLInputElement>('input[name="resolver"]:checked')
      ?.value ?? 'cloudflare') as Settings['resolver'];
    if (chosen === 'custom' && !isDohUrl(custom.value.trim())) {
      status.textContent = t('optionsBadUrl');
      custom.focus();
      return;
    }
    // Turning the automatic check on is the one click an automatic check gets: Firefox's consent
    // prompt must be asked for now, inside it (it is shown only once; later saves return at once).
    const consent = auto.checked ? requestDnsCheckConsent() : Promise.resolve('granted' as const);
    const next: Settings = {
      ...DEFAULT_SETTINGS,
      resolver: chosen,
      customUrl: custom.value.trim(),
      autoCheck: auto.checked,
    };
    void Promise.all([saveSettings(next), consent]).then(([, answer]) => {
      status.textContent =
        answer === 'granted' ? t('optionsSaved') : `${t('optionsSaved')} ${t('optionsNoConsent')}`;
    });
  });
  app.replaceChildren(
    h('h1', {}, t('optionsTitle')),
    h('p', {}, t('optionsPrivacy')),
    h(
      'fieldset',
      {},
      h('legend', {}, t('optionsResolver')),
      radio('cloudflare', 'Cloudflare (cloudflare-dns.com)'),
      radio('google', 'Google Public DNS (dns.google)'),
      radio('custom', t('optionsCustom')),
      custom,
      h('p', { id: 'custom-help', class: 'small muted' }, t('optionsCustomHelp')),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('optionsAutoTitle')),
      h('label', { class: 'choice', for: 'auto-check' }, auto, ' ', t('optionsAuto')),
      dnsCheckNeedsConsent() &&
        h('p', { class: 'small muted', 'data-testid': 'options-consent' }, t('optionsConsent')),
    ),
    h('div', { class: 'actions' }, save),
    status,
    renderHistoryOptions(),
  );
  app.dataset['ready'] = 'true';
}
