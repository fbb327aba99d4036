/**
 * What crosses between the extension's contexts is checked on arrival, answers as well as
 * requests (src/platform/messages.ts): a worker of another version, or a bug, gives "no answer",
 * never a half-formed object the popup then draws.
 */
import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../src/core/index.ts';
import {
  parseAnalyzeAnswer,
  parseBackgroundToContent,
  parseLiveAnswer,
  parseTabState,
} from '../src/platform/messages.ts';

const report = analyzeMessage('From: a@example.com\r\nSubject: hi\r\n\r\n');
const live = { spf: null, dmarc: null, dkim: [], ptr: null };
const junk: unknown[] = [null, undefined, 1, 'report', [], {}, { ok: 'yes' }, { state: 42 }];

describe('answers from the background are validated like requests', () => {
  it('a tab state of each kind is read back; anything else is refused', () => {
    for (const state of ['none', 'missing', 'no-message', 'reading'] as const)
      expect(parseTabState({ state, extra: 'dropped' })).toEqual({ state });
    const analyzedAt = '2026-12-02T10:00:00.000Z';
    expect(parseTabState({ state: 'report', report, truncated: false, analyzedAt })).toEqual({
      state: 'report',
      report,
      truncated: false,
      analyzedAt,
    });
    for (const value of junk) expect(parseTabState(value)).toBeNull();
    expect(
      parseTabState({ state: 'report', report: { spf: {} }, truncated: false, analyzedAt }),
    ).toBeNull();
    expect(parseTabState({ state: 'report', report, truncated: 'no', analyzedAt })).toBeNull();
    expect(
      parseTabState({
        state: 'report',
        report: { ...report, hops: {} },
        truncated: false,
        analyzedAt,
      }),
    ).toBeNull();
  });

  it('an analysis answer: a report of the right shape, or an error text', () => {
    expect(parseAnalyzeAnswer({ ok: true, report })).toEqual({ ok: true, report });
    expect(parseAnalyzeAnswer({ ok: false, error: 'too long' })).toEqual({
      ok: false,
      error: 'too long',
    });
    for (const value of [...junk, { ok: true }, { ok: true, report: {} }, { ok: false }])
      expect(parseAnalyzeAnswer(value)).toBeNull();
  });

  it('a DNS check answer: results of the right kinds, or an error text', () => {
    expect(parseLiveAnswer({ ok: true, live })).toEqual({ ok: true, live });
    expect(parseLiveAnswer({ ok: false, error: 'SERVFAIL' })).toEqual({
      ok: false,
      error: 'SERVFAIL',
    });
    for (const value of [
      ...junk,
      { ok: true },
      { ok: true, live: { ...live, dkim: null } },
      { ok: true, live: { ...live, spf: 'pass' } },
      { ok: false, error: 3 },
    ])
      expect(parseLiveAnswer(value)).toBeNull();
  });

  it('what the background asks the content script for: a bounded count of body characters', () => {
    expect(parseBackgroundToContent({ type: 'bg-content-page-read', bodyChars: 0 })).toEqual({
      type: 'bg-content-page-read',
      bodyChars: 0,
    });
    for (const bodyChars of [-1, 1.5, 65 * 1024 + 1, '10', Number.NaN])
      expect(parseBackgroundToContent({ type: 'bg-content-page-read', bodyChars })).toBeNull();
    for (const value of junk) expect(parseBackgroundToContent(value)).toBeNull();
  });
});
