import type { Report } from '../report.ts';

/**
 * The verdicts Header Lens has shown, per sending domain, so "did my change fix it?" is one
 * look: a summary of each (time, SPF/DKIM/DMARC results, client IP, what current DNS said), never
 * message content — no subject, no addresses, no headers. Plain JSON for storage.local.
 */
export interface History {
  version: 1;
  /** Oldest first. */
  entries: HistoryEntry[];
}

export interface HistoryEntry {
  /** Milliseconds since the epoch. */
  at: number;
  /** The sending domain: the From: domain (DMARC's), else the SPF domain. */
  domain: string;
  verdict: string;
  spf: string | null;
  /** The first DKIM signature's result (the From: domain's when there is one). */
  dkim: string | null;
  dmarc: string | null;
  clientIp: string | null;
  /** Which SPF record was live when the verdict was shown (after a current-DNS check). */
  liveRecord: string | null;
  /** The live SPF result for the client IP, with that record. */
  liveSpf: string | null;
}

/** Bounds on what is kept: each protects storage.local (a quota shared with the settings) and
 * keeps the options page's export readable. The oldest entries go first. */
export const HISTORY_LIMITS = { perDomain: 20, total: 500 } as const;
/** The same verdict for the same domain and IP within this time is the same message shown again
 * (a popup reopened), not a new entry. */
const SAME_VIEW_MS = 10 * 60 * 1000;
/** Longest record kept: a v=spf1 record is at most a few hundred octets in practice. */
const MAX_TEXT = 600;

/**
 * Shape checks for what is read back from storage: the popup and the options page load this
 * file, and must not load the domain-name and IP parsers (they pull in the Public Suffix List
 * and ipaddr.js). The entries were written from a parsed report, so the shape is enough to keep
 * anything else out.
 */
const DOMAIN_SHAPE = /^(?=.{1,253}$)[a-z0-9_-]{1,63}(\.[a-z0-9_-]{1,63})+$/i;
const IP_SHAPE = /^[0-9a-f:.]{2,45}$/i;

function isDomainShape(text: string): boolean {
  return DOMAIN_SHAPE.test(text);
}

export const EMPTY_HISTORY: History = { version: 1, entries: [] };

/** The entry a report makes, or null when it names no sending domain. */
export function historyEntryOf(report: Report, at: number): HistoryEntry | null {
  if (report.input !== 'message') return null;
  const domain = report.dmarc.headerFrom ?? report.spf.domain;
  if (domain === null || !isDomainShape(domain)) return null;
  const own = report.dkim.find((d) => d.domain === domain) ?? report.dkim[0];
  const live = report.spf.live;
  return {
    at,
    domain: domain.toLowerCase(),
    verdict: report.verdict.status,
    spf: report.spf.result,
    dkim: own?.result ?? null,
    dmarc: report.dmarc.result,
    clientIp: report.spf.clientIp,
    liveRecord: live?.record?.slice(0, MAX_TEXT) ?? null,
    liveSpf: live === undefined || live.lookupError !== null ? null : live.result,
  };
}

/** The history with `entry` added (or replacing the same view), within HISTORY_LIMITS. */
export function addToHistory(history: History, entry: HistoryEntry): History {
  const entries = [...history.entries];
  const lastIndex = entries.findLastIndex((e) => e.domain === entry.domain);
  const last = entries[lastIndex];
  if (last !== undefined && isSameView(last, entry)) {
    // A live check after the first view adds what DNS said to it.
    entries[lastIndex] = { ...entry, at: last.at };
  } else entries.push(entry);
  const perDomain = entries.filter((e) => e.domain === entry.domain);
  const drop = new Set(
    perDomain.slice(0, Math.max(0, perDomain.length - HISTORY_LIMITS.perDomain)),
  );
  const kept = entries.filter((e) => !drop.has(e));
  return { version: 1, entries: kept.slice(-HISTORY_LIMITS.total) };
}

function isSameView(a: HistoryEntry, b: HistoryEntry): boolean {
  return (
    b.at - a.at < SAME_VIEW_MS &&
    a.spf === b.spf &&
    a.dkim === b.dkim &&
    a.dmarc === b.dmarc &&
    a.clientIp === b.clientIp &&
    (a.liveRecord === null || a.liveRecord === b.liveRecord)
  );
}

/** A domain's entries, newest last, at most `count`. */
export function historyOf(history: History, domain: string, count = 5): HistoryEntry[] {
  const d = domain.toLowerCase();
  return history.entries.filter((e) => e.domain === d).slice(-count);
}

/** A stored history, checked entry by entry; anything malformed is dropped, never trusted. */
export function parseHistory(value: unknown): History {
  if (typeof value !== 'object' || value === null) return EMPTY_HISTORY;
  const raw = (value as Record<string, unknown>)['entries'];
  if (!Array.isArray(raw)) return EMPTY_HISTORY;
  const entries: HistoryEntry[] = [];
  for (const e of raw.slice(-HISTORY_LIMITS.total)) {
    const entry = parseEntry(e);
    if (entry !== null) entries.push(entry);
  }
  return { version: 1, entries };
}

function parseEntry(value: unknown): HistoryEntry | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const word = (x: unknown): string | null =>
    typeof x === 'string' && /^[a-z]{1,20}$/.test(x) ? x : null;
  const text = (x: unknown): string | null =>
    typeof x === 'string' && x.length <= MAX_TEXT ? x : null;
  const at = v['at'];
  const domain = v['domain'];
  if (typeof at !== 'number' || !Number.isFinite(at)) return null;
  if (typeof domain !== 'string' || !isDomainShape(domain)) return null;
  const verdict = word(v['verdict']);
  if (verdict === null) return null;
  const ip =
    typeof v['clientIp'] === 'string' && IP_SHAPE.test(v['clientIp']) ? v['clientIp'] : null;
  return {
    at,
    domain: domain.toLowerCase(),
    verdict,
    spf: word(v['spf']),
    dkim: word(v['dkim']),
    dmarc: word(v['dmarc']),
    clientIp: ip,
    liveRecord: text(v['liveRecord']),
    liveSpf: word(v['liveSpf']),
  };
}

/** The export the options page downloads: the entries as stored, indented. */
export function exportHistory(history: History, exportedAt: number): string {
  return `${JSON.stringify(
    {
      format: 'header-lens-history',
      version: 1,
      exportedAt: new Date(exportedAt).toISOString(),
      entries: history.entries,
    },
    null,
    2,
  )}\n`;
}
