/// <reference types="@crxjs/vite-plugin/client" />
/**
 * The file the popup injects into a Gmail tab to read the open message
 * (src/content/open-message.ts), built by @crxjs/vite-plugin as one self-contained script (IIFE:
 * no loader, so nothing is listed in web_accessible_resources).
 */
export { default as OPEN_MESSAGE_SCRIPT } from '../content/open-message.ts?iife';
