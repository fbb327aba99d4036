import { browser } from '../platform/browser.ts';
import { isPageKey, readPageKey } from '../platform/gmail-selectors.ts';
import {
  OPEN_MESSAGE_READER,
  parseOpenMessageRead,
  type OpenMessageRead,
  type OpenMessageRequest,
} from '../platform/open-message-read.ts';
import { OPEN_MESSAGE_SCRIPT } from '../platform/open-message-script.ts';

/** Scripting was refused (no activeTab grant for this tab, or a page scripts can't run in). */
export type OpenMessageAnswer = OpenMessageRead | { state: 'no-access' } | { state: 'failed' };

/**
 * Reads the message open in a Gmail tab, through activeTab + scripting: the page's `ik` key from
 * its own world (a two-global read), then the reader injected into the extension's isolated
 * world, called with the key and the message picked (null: the last expanded one).
 */
export async function readOpenMessageIn(
  tabId: number,
  pick: string | null,
): Promise<OpenMessageAnswer> {
  let ik: string | null;
  try {
    const [key] = await browser.scripting.executeScript({
      target: { tabId },
      world: 'MAIN',
      func: readPageKey,
    });
    ik = isPageKey(key?.result) ? key.result : null;
    // From the extension's root: Firefox resolves a relative path against the calling page
    // (src/popup/src/content/…), and reports a script it could not load as a result's `error`.
    const [loaded] = await browser.scripting.executeScript({
      target: { tabId },
      files: [`/${OPEN_MESSAGE_SCRIPT.replace(/^\//, '')}`],
    });
    if (loaded !== undefined && 'error' in loaded && loaded.error !== undefined) {
      return { state: 'failed' };
    }
  } catch {
    return { state: 'no-access' };
  }
  const request: OpenMessageRequest = { ik, pick };
  try {
    const [answer] = await browser.scripting.executeScript({
      target: { tabId },
      func: (name: string, req: OpenMessageRequest) => {
        const reader = (globalThis as Record<string, unknown>)[name];
        return typeof reader === 'function' ? (reader as (r: unknown) => unknown)(req) : null;
      },
      args: [OPEN_MESSAGE_READER, request],
    });
    return parseOpenMessageRead(answer?.result) ?? { state: 'failed' };
  } catch {
    return { state: 'failed' };
  }
}
