import { browser } from './browser.ts';
import { dnsCheckNeedsConsent, type Consent } from './data-consent.ts';

/**
 * Turning watching on is the moment to ask for what it needs, in one prompt: the optional
 * `notifications` permission (for "your change is live"), and in Firefox the data-collection
 * consent a DNS check needs (data-consent.ts). Call it synchronously from the click handler:
 * browsers show the prompt only while handling the user's input. Declining notifications still
 * watches (the badge and the popup show it); declining the data consent does not.
 */
export function requestWatchPermissions(): Promise<{ consent: Consent; notify: boolean }> {
  const needsData = dnsCheckNeedsConsent();
  const wanted = needsData
    ? { permissions: ['notifications'], data_collection: ['personalCommunications'] }
    : { permissions: ['notifications'] };
  let asked: Promise<boolean>;
  try {
    asked = browser.permissions.request(wanted as { permissions: 'notifications'[] });
  } catch (error) {
    return Promise.resolve({ consent: { error: messageOf(error) }, notify: false });
  }
  return asked.then(
    async (granted) => {
      if (granted || !needsData) return { consent: 'granted' as const, notify: granted };
      const data = await browser.permissions.contains({
        data_collection: ['personalCommunications'],
      } as unknown as { permissions: 'notifications'[] });
      return { consent: data ? ('granted' as const) : ('declined' as const), notify: false };
    },
    (error: unknown) => ({ consent: { error: messageOf(error) }, notify: false }),
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
