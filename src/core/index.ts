/**
 * Header Lens core: pure TypeScript shared by the extension, the CLI and the tests. No DOM, no
 * browser APIs, no Node modules; DNS, when a feature needs it, is a function passed in.
 */
export { analyzeMessage } from './analyze-message.ts';
export { renderMarkdown } from './render-markdown.ts';
export { formatDuration } from './format-duration.ts';
export type * from './report.ts';
