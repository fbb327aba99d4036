/**
 * User Timing marks, shown in DevTools and read by `npm run bench`: `header-lens:verdict` when the
 * verdict is on screen (first-paint.ts, or the full report), `header-lens:report` when the whole
 * report is, and `header-lens:ready` when the popup is done (the live-check panel included).
 */
export function markOnce(name: string): void {
  if (performance.getEntriesByName(name).length === 0) performance.mark(name);
}
