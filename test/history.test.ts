import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../src/core/index.ts';
import {
  addToHistory,
  EMPTY_HISTORY,
  exportHistory,
  HISTORY_LIMITS,
  historyEntryOf,
  historyOf,
  parseHistory,
  type HistoryEntry,
} from '../src/core/history/history.ts';
import { presentTimeline } from '../src/core/present/present-history.ts';

const sample = readFileSync(new URL('../src/cli/sample.eml', import.meta.url), 'utf8');
const T0 = Date.UTC(2026, 2, 5, 10, 2);

const entry = (over: Partial<HistoryEntry> = {}): HistoryEntry => ({
  at: T0,
  domain: 'example.com',
  verdict: 'unauthenticated',
  spf: 'softfail',
  dkim: null,
  dmarc: 'fail',
  clientIp: '192.0.2.145',
  liveRecord: null,
  liveSpf: null,
  ...over,
});

describe('verdict history', () => {
  it('keeps a summary of a report and nothing of its content', () => {
    const e = historyEntryOf(analyzeMessage(sample), T0);
    expect(e).toMatchObject({
      at: T0,
      domain: 'example.com',
      spf: 'softfail',
      clientIp: '2001:db8:5c1::26',
      liveRecord: null,
    });
    expect(Object.keys(e ?? {}).sort()).toEqual(
      [
        'at',
        'clientIp',
        'dkim',
        'dmarc',
        'domain',
        'liveRecord',
        'liveSpf',
        'spf',
        'verdict',
      ].sort(),
    );
    const stored = JSON.stringify(e);
    for (const secret of ['Subject', 'bounce@', 'Message-ID', 'mx.google.com']) {
      expect(stored).not.toContain(secret);
    }
    expect(historyEntryOf(analyzeMessage(''), T0)).toBeNull();
  });

  it('the timeline reads "softfail via IP → pass" for a domain, oldest first', () => {
    let h = addToHistory(EMPTY_HISTORY, entry());
    h = addToHistory(h, entry({ domain: 'other.example', spf: 'pass' }));
    h = addToHistory(
      h,
      entry({ at: T0 + 98 * 60_000, spf: 'pass', verdict: 'authenticated', dmarc: 'pass' }),
    );
    expect(presentTimeline(historyOf(h, 'EXAMPLE.com'))).toEqual([
      { at: T0, text: 'softfail via 192.0.2.145', tone: 'warn', live: null },
      { at: T0 + 98 * 60_000, text: 'pass via 192.0.2.145', tone: 'good', live: null },
    ]);
  });

  it('the same verdict shown again within minutes is one entry; a live check adds to it', () => {
    let h = addToHistory(EMPTY_HISTORY, entry());
    h = addToHistory(h, entry({ at: T0 + 60_000 }));
    h = addToHistory(h, entry({ at: T0 + 120_000, liveRecord: 'v=spf1 -all', liveSpf: 'fail' }));
    expect(h.entries).toHaveLength(1);
    expect(h.entries[0]).toMatchObject({ at: T0, liveRecord: 'v=spf1 -all', liveSpf: 'fail' });
    h = addToHistory(h, entry({ at: T0 + 11 * 60_000 }));
    expect(h.entries).toHaveLength(2);
  });

  it(`caps each domain at ${HISTORY_LIMITS.perDomain} and the whole at ${HISTORY_LIMITS.total}, dropping the oldest`, () => {
    let h = EMPTY_HISTORY;
    for (let i = 0; i < HISTORY_LIMITS.perDomain + 5; i += 1) {
      h = addToHistory(h, entry({ at: T0 + i * 3_600_000 }));
    }
    expect(historyOf(h, 'example.com', 100)).toHaveLength(HISTORY_LIMITS.perDomain);
    expect(h.entries[0]?.at).toBe(T0 + 5 * 3_600_000);
    for (let i = 0; i < HISTORY_LIMITS.total + 10; i += 1) {
      h = addToHistory(h, entry({ domain: `d${i}.example`, at: T0 + i }));
    }
    expect(h.entries).toHaveLength(HISTORY_LIMITS.total);
    expect(h.entries.at(-1)?.domain).toBe(`d${HISTORY_LIMITS.total + 9}.example`);
    expect(historyOf(h, 'example.com')).toHaveLength(0);
  });

  it('exports as JSON that reads back; malformed stored entries are dropped', () => {
    const h = addToHistory(EMPTY_HISTORY, entry());
    const exported = JSON.parse(exportHistory(h, T0)) as { format: string; entries: unknown };
    expect(exported.format).toBe('header-lens-history');
    expect(parseHistory(exported)).toEqual(h);
    expect(
      parseHistory({
        entries: [
          entry(),
          { ...entry(), domain: '<img src=x>' },
          { ...entry(), at: 'soon' },
          { ...entry(), spf: '<b>pass</b>', clientIp: 'not an ip' },
          null,
        ],
      }).entries,
    ).toEqual([entry(), entry({ spf: null, clientIp: null })]);
    expect(parseHistory('junk')).toEqual(EMPTY_HISTORY);
  });
});
