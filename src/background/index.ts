// The service worker: badge and per-tab state arrive with the extension issue.
export {};
