import { nativeApi } from './native-api.ts';

/**
 * runtime.onMessage for the content script, without webextension-polyfill (see
 * send-to-background.ts): `answer` returns a promise for the messages it takes, null for the
 * rest. The reply goes through `sendResponse` with `return true`, which Chrome and Firefox both
 * keep open until it is called (Chrome's listener may not return a promise). Messages are
 * taken only from this extension (`sender.id`); web pages can't reach a content script's
 * runtime.onMessage, but the check costs nothing.
 */
export function answerBackground(answer: (message: unknown) => Promise<unknown> | null): void {
  const api = nativeApi();
  if (api === undefined) return;
  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== api.runtime.id) return undefined;
    const reply = answer(message);
    if (reply === null) return undefined;
    reply.then(sendResponse, (error: unknown) =>
      sendResponse({ error: error instanceof Error ? error.message : String(error) }),
    );
    return true;
  });
}
