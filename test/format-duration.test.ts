import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../src/core/present/format-duration.ts';

/** Reads a formatted duration back into seconds (hours are shown to the minute). */
function readBack(text: string): number {
  const m = /^(-?)(?:(\d+) h)? ?(?:(\d+) min)? ?(?:(\d+) s)?$/.exec(text);
  if (m === null) throw new Error(`not a duration: ${text}`);
  const [, sign, h = '0', min = '0', s = '0'] = m;
  return (sign === '-' ? -1 : 1) * (Number(h) * 3600 + Number(min) * 60 + Number(s));
}

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [42, '42 s'],
    [59.6, '1 min'],
    [185, '3 min 05 s'],
    [300, '5 min'],
    [600, '10 min'],
    [7620, '2 h 07 min'],
    [7200, '2 h'],
    [7259, '2 h'],
    [-90, '-1 min 30 s'],
    [-0.3, '0 s'],
  ])('%s s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('says the rounded delay exactly under an hour, and to the minute from an hour on', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (seconds) => {
        const text = formatDuration(seconds);
        const rounded = Math.round(Math.abs(seconds));
        const back = Math.abs(readBack(text));
        expect(back).toBe(rounded < 3600 ? rounded : rounded - (rounded % 60));
        // Never a zero part after a larger one ("5 min 00 s", "2 h 00 min").
        expect(text).not.toMatch(/ 00 (s|min)$/);
      }),
    );
  });
});
