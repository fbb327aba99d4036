import { browser } from './browser.ts';

/**
 * Firefox's built-in data-collection consent: the Firefox build declares that a DNS check sends
 * the message's domain names out (`data_collection_permissions.optional: personalCommunications`,
 * vite.config.ts), so the user grants that before the first check. Chrome has no such
 * permission: the check itself is the user's explicit request there.
 */
const DNS_CHECK_DATA = { data_collection: ['personalCommunications'] };

interface DataPermissions {
  contains(p: typeof DNS_CHECK_DATA): Promise<boolean>;
  request(p: typeof DNS_CHECK_DATA): Promise<boolean>;
}

/** The answer to "may a DNS check run now?". */
export type Consent =
  | 'granted'
  /** The user said no in Firefox's prompt. */
  | 'declined'
  /** No consent yet and nobody was asked (an automatic check can't ask). */
  | 'not-asked'
  /** Firefox refused to show its prompt; `error` is its reason. */
  | { error: string };

/** This build asks for consent before a DNS check (the Firefox build). */
export function dnsCheckNeedsConsent(): boolean {
  const manifest = browser.runtime.getManifest() as {
    browser_specific_settings?: { gecko?: { data_collection_permissions?: unknown } };
  };
  return manifest.browser_specific_settings?.gecko?.data_collection_permissions !== undefined;
}

const permissions = (): DataPermissions => browser.permissions as unknown as DataPermissions;

/**
 * Asks for consent, showing Firefox's prompt unless it was given before. Call it synchronously
 * from the click handler: Firefox shows the prompt only while it is handling the user's input,
 * so nothing may be awaited first (it rejects "may only be called from a user input handler").
 */
export function requestDnsCheckConsent(): Promise<Consent> {
  if (!dnsCheckNeedsConsent()) return Promise.resolve('granted');
  let asked: Promise<boolean>;
  try {
    asked = permissions().request(DNS_CHECK_DATA);
  } catch (error) {
    return Promise.resolve({ error: messageOf(error) });
  }
  return asked.then(
    (granted): Consent => (granted ? 'granted' : 'declined'),
    (error: unknown): Consent => ({ error: messageOf(error) }),
  );
}

/** Whether a check may run without asking: for automatic checks, which have no click to ask in. */
export async function currentDnsCheckConsent(): Promise<Consent> {
  if (!dnsCheckNeedsConsent()) return 'granted';
  try {
    return (await permissions().contains(DNS_CHECK_DATA)) ? 'granted' : 'not-asked';
  } catch (error) {
    return { error: messageOf(error) };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
