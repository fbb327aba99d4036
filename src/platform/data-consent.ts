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

function declaresDataCollection(): boolean {
  const manifest = browser.runtime.getManifest() as {
    browser_specific_settings?: { gecko?: { data_collection_permissions?: unknown } };
  };
  return manifest.browser_specific_settings?.gecko?.data_collection_permissions !== undefined;
}

/** Whether a DNS check may run now. With `ask`, prompts (must run inside a user's click). */
export async function dnsCheckAllowed(ask: boolean): Promise<boolean> {
  if (!declaresDataCollection()) return true;
  const permissions = browser.permissions as unknown as DataPermissions;
  try {
    if (await permissions.contains(DNS_CHECK_DATA)) return true;
    return ask ? await permissions.request(DNS_CHECK_DATA) : false;
  } catch {
    return false;
  }
}
