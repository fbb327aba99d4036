import type { Verdict } from '../core/report.ts';
import { isVerdictStatus } from '../core/present/verdict-tone.ts';

/**
 * The popup URL the background sets on a tab it has read: `?for=<tab id>` names the tab, and
 * `&verdict=` carries the verdict (status, code, values), so the popup paints it the moment its
 * first script runs, before it loads the rest or reads storage (first-paint.ts). The URL never
 * leaves the browser; the full report is in storage.session (tab-state.ts) and replaces the first
 * paint a moment later.
 */
export type FirstVerdict = Pick<Verdict, 'status' | 'code' | 'params'>;

/** Bounds on what is read back: a verdict's values are a few names and codes. */
const MAX_PARAMS = 4;
const MAX_VALUE_CHARS = 256;

export function popupUrlFor(page: string, tabId: number, verdict: FirstVerdict | null): string {
  const url = `${page}?for=${tabId}`;
  if (verdict === null) return url;
  const { status, code, params } = verdict;
  return `${url}&verdict=${encodeURIComponent(JSON.stringify({ status, code, params }))}`;
}

export interface PopupUrl {
  /** The tab the popup is for, when the background named it. */
  forTab: number | null;
  /** The verdict to paint first; null when absent or not well formed. */
  verdict: FirstVerdict | null;
}

export function readPopupUrl(search: string): PopupUrl {
  const query = new URLSearchParams(search);
  const forTab = query.get('for');
  return {
    forTab: forTab !== null && /^\d{1,10}$/.test(forTab) ? Number(forTab) : null,
    verdict: parseFirstVerdict(query.get('verdict')),
  };
}

function parseFirstVerdict(text: string | null): FirstVerdict | null {
  if (text === null || text.length > 4096) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { status, code, params } = value as Record<string, unknown>;
  if (!isVerdictStatus(status) || typeof code !== 'string' || !/^[a-z][a-z-]{0,39}$/.test(code)) {
    return null;
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return null;
  const entries = Object.entries(params as Record<string, unknown>);
  if (entries.length > MAX_PARAMS) return null;
  const read: Record<string, string> = {};
  for (const [name, v] of entries) {
    if (!/^[a-z]{1,20}$/.test(name) || typeof v !== 'string' || v.length > MAX_VALUE_CHARS) {
      return null;
    }
    read[name] = v;
  }
  return { status, code, params: read };
}
