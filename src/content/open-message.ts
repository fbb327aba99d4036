/**
 * Injected into a Gmail tab by the popup when the user clicks the toolbar button
 * (scripting.executeScript under activeTab: no content script stays on Gmail's app pages, and no
 * host permission is asked for). It registers one function in the extension's isolated world,
 * which the popup then calls with the page's `ik` key and the message picked; it never runs on
 * its own, and the page cannot see or call it.
 */
import { OPEN_MESSAGE_READER, parseOpenMessageRequest } from '../platform/open-message-read.ts';
import type { OpenMessageRead } from '../platform/open-message-read.ts';
import { readOpenMessage } from './read-open-message.ts';

(globalThis as Record<string, unknown>)[OPEN_MESSAGE_READER] = async (
  value: unknown,
): Promise<OpenMessageRead | null> => {
  const request = parseOpenMessageRequest(value);
  if (request === null) return null;
  return readOpenMessage(document, location.href, request, (url, init) => fetch(url, init));
};
