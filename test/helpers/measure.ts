import { workDone } from '../../src/core/work-meter.ts';

/**
 * Cost measured as work, not time (house rule: no assertion on a clock, not even a ratio of two
 * timings — a busy machine makes them flake). The parsers count the characters their loops
 * examine and the items they visit through `countWork` (src/core/work-meter.ts); the count is the
 * same on every run and every machine.
 */

/** Work units `fn(input)` costs. */
export function unitsOf(fn: (input: string) => unknown, input: string): number {
  const before = workDone();
  fn(input);
  return workDone() - before;
}

export interface Growth {
  /** Work units at the small and the large size. */
  small: number;
  large: number;
  /** Units per input character at the large size over that at the small size: ~1 when linear,
   * ~`factor` when quadratic. */
  perCharRatio: number;
  /** large / small: ~1 when the cost does not depend on the size (a body that is never read). */
  ratio: number;
  /** Units per input character at the large size: the constant of the linear cost. */
  unitsPerChar: number;
}

/** Measures `fn` on `make(n)` and `make(n * factor)`. */
export function growth(
  make: (n: number) => string,
  fn: (input: string) => unknown,
  n: number,
  factor = 8,
): Growth {
  const smallInput = make(n);
  const largeInput = make(n * factor);
  const small = Math.max(1, unitsOf(fn, smallInput));
  const large = unitsOf(fn, largeInput);
  return {
    small,
    large,
    perCharRatio: large / largeInput.length / (small / smallInput.length),
    ratio: large / small,
    unitsPerChar: large / largeInput.length,
  };
}

/** Wall-clock median of `runs` calls, for reporting beside a test (never asserted). */
export function medianMs(fn: () => unknown, runs = 5): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}
