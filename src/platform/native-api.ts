/**
 * The browser's own extension API, for the code that must load without webextension-polyfill:
 * the content script (on every Show original page) and the popup's first paint (on every open).
 * Both browsers have what is typed here natively and promise-based: Firefox's `browser.*` and,
 * in Manifest V3, Chrome's `chrome.*` when no callback is passed. Content scripts and extension
 * pages see the extension's own objects, never a web page's.
 */
export interface MessageSender {
  id?: string;
}

export interface NativeApi {
  runtime: {
    id: string;
    sendMessage(message: unknown): Promise<unknown>;
    openOptionsPage(): Promise<void>;
    onMessage: {
      addListener(
        listener: (
          message: unknown,
          sender: MessageSender,
          sendResponse: (reply: unknown) => void,
        ) => boolean | undefined,
      ): void;
    };
  };
  i18n: {
    getMessage(name: string): string;
    getUILanguage(): string;
  };
}

/** `browser` in Firefox, `chrome` in Chrome; undefined outside an extension (unit tests). */
export function nativeApi(): NativeApi | undefined {
  const scope = globalThis as { browser?: NativeApi; chrome?: NativeApi };
  return scope.browser ?? scope.chrome;
}
