import { DOH_ENDPOINTS } from '../core/dns/doh-endpoints.ts';
import { browser } from './browser.ts';

/**
 * The user's choices, in storage.local (this device only, never synced). The DNS check sends the
 * message's domain names to the chosen resolver, so it runs only when the user asks, or on every
 * popup if they turned that on.
 */
export interface Settings {
  resolver: 'cloudflare' | 'google' | 'custom';
  /** An https:// DNS-over-HTTPS JSON endpoint, used when `resolver` is 'custom'. */
  customUrl: string;
  /** Check current DNS as soon as the popup opens. */
  autoCheck: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  resolver: 'cloudflare',
  customUrl: '',
  autoCheck: false,
};

export async function loadSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get('settings'))['settings'];
  return parseSettings(stored) ?? DEFAULT_SETTINGS;
}

export async function saveSettings(settings: Settings): Promise<void> {
  await browser.storage.local.set({ settings });
}

export function parseSettings(value: unknown): Settings | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const resolver = v['resolver'];
  if (resolver !== 'cloudflare' && resolver !== 'google' && resolver !== 'custom') return null;
  const customUrl = typeof v['customUrl'] === 'string' ? v['customUrl'] : '';
  if (resolver === 'custom' && !isDohUrl(customUrl)) return null;
  return { resolver, customUrl, autoCheck: v['autoCheck'] === true };
}

/** The extension only talks to https endpoints (its CSP allows nothing else). */
export function isDohUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (
      url.protocol === 'https:' &&
      url.hostname.length > 0 &&
      url.username === '' &&
      url.password === ''
    );
  } catch {
    return false;
  }
}

/** The resolver's name and URL, as the popup shows them. */
export function resolverOf(settings: Settings): { name: string; url: string } {
  if (settings.resolver === 'google')
    return { name: 'Google Public DNS', url: DOH_ENDPOINTS.google };
  if (settings.resolver === 'custom')
    return { name: new URL(settings.customUrl).host, url: settings.customUrl };
  return { name: 'Cloudflare', url: DOH_ENDPOINTS.cloudflare };
}
