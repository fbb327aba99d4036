/**
 * Cost measurements for the linear-growth checks. House rule: no assertion compares a wall-clock
 * time with a fixed threshold (machines and CI load differ); tests compare the cost of the same
 * input shape at two sizes, using medians of several runs so one GC pause or scheduler hiccup
 * does not decide the outcome.
 */

/** Median wall-clock milliseconds of `runs` calls of `fn` (after one warm-up call). */
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

export interface Growth {
  /** Median milliseconds at the small and the large size. */
  small: number;
  large: number;
  /** Cost per input character at the large size over that at the small size: ~1 when linear. */
  perCharRatio: number;
  /** large / small: ~1 when the cost does not depend on the size (a body that is never read). */
  ratio: number;
}

export interface GrowthOptions {
  /** The large input is `factor` times the small one. */
  factor?: number;
  /** Runs per size; the median is kept. */
  runs?: number;
  /** Whole measurements tried before giving up: the best one is returned. A super-linear cost
   * shows in every attempt; a load spike on a shared CI machine rarely hits all of them. */
  attempts?: number;
  /** Which number decides "best", and the value under which no further attempt is needed. */
  score?: (g: Growth) => number;
  goodEnough?: number;
}

/**
 * Measures `fn` on `make(n)` and `make(n * factor)`, interleaving the runs of both sizes so load
 * changes during a measurement hit both alike. `perCharRatio` is about 1 for linear cost and
 * about `factor` for quadratic cost.
 */
export function growth(
  make: (n: number) => string,
  fn: (input: string) => unknown,
  n: number,
  options: GrowthOptions = {},
): Growth {
  const {
    factor = 8,
    runs = 5,
    attempts = 3,
    score = (g: Growth) => g.perCharRatio,
    goodEnough = 2,
  } = options;
  const smallInput = make(n);
  const largeInput = make(n * factor);
  let best: Growth | null = null;
  for (let a = 0; a < attempts; a += 1) {
    fn(smallInput);
    fn(largeInput);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      small.push(time(() => fn(smallInput)));
      large.push(time(() => fn(largeInput)));
    }
    // A floor for the small time: a sub-timer-resolution median must not inflate the ratios.
    const s = Math.max(median(small), 0.05);
    const l = median(large);
    const g = {
      small: s,
      large: l,
      perCharRatio: l / largeInput.length / (s / smallInput.length),
      ratio: l / s,
    };
    if (best === null || score(g) < score(best)) best = g;
    if (score(best) < goodEnough) break;
  }
  return best as Growth;
}

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
