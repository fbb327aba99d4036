import type { HistoryEntry } from '../history/history.ts';
import type { Tone } from './presentation.ts';

/** One step of the popup's timeline: "Mar 5 10:02 softfail via 192.0.2.145". The view formats
 * `at` in the user's time zone. */
export interface TimelineStep {
  at: number;
  /** The SPF result (or DMARC's, when SPF has none) and the client IP. */
  text: string;
  tone: Tone;
  /** What current DNS said, when checked: "today's record: pass". */
  live: string | null;
}

const BAD = new Set(['fail', 'permerror', 'temperror', 'DMARC fail']);

export function presentTimeline(entries: readonly HistoryEntry[]): TimelineStep[] {
  return entries.map((e) => {
    const result = e.spf ?? (e.dmarc === null ? e.verdict : `DMARC ${e.dmarc}`);
    return {
      at: e.at,
      text: e.clientIp === null ? result : `${result} via ${e.clientIp}`,
      tone: result === 'pass' ? 'good' : BAD.has(result) ? 'bad' : 'warn',
      live: e.liveSpf === null ? null : `today's record: ${e.liveSpf}`,
    };
  });
}
