/**
 * Timing harness: warm-up, batch-size calibration and interleaved sampling with medians.
 *
 * Every case is warmed up for `warmupMs` (which also lets V8 optimize the code under test and
 * flattens any string ropes), and its batch size is chosen so that one sample lasts about
 * `sampleMs`. The samples are then taken round-robin — one batch of each case per round — so a
 * frequency or thermal drift during the run affects every case alike and the ratios stay fair.
 * The run time of a measurement is therefore roughly `warmupMs + samples × sampleMs` per case,
 * whatever the speed of the machine.
 */

/** A case whose work is synchronous: timed back to back, with no `await` between calls. */
export interface SyncCase {
  id: string;
  kind: 'sync';
  run: () => unknown;
}

/** A case whose work is a promise: each call is awaited before the next one starts. */
export interface AsyncCase {
  id: string;
  kind: 'async';
  run: () => Promise<unknown>;
}

export type BenchCase = SyncCase | AsyncCase;

export interface MeasureOptions {
  /** Warm-up (and calibration) time per case. */
  warmupMs: number;
  /** Samples per case; each sample is one batch of calls. */
  samples: number;
  /** Target duration of one sample; sets the batch size. */
  sampleMs: number;
}

/** Per-call times in microseconds over the samples of one case. */
export interface Timing {
  medianUs: number;
  q1Us: number;
  q3Us: number;
  samples: number;
  /** Calls per sample. */
  batch: number;
}

export const DEFAULT_OPTIONS: MeasureOptions = { warmupMs: 400, samples: 61, sampleMs: 5 };

/** Every result is stored here, so no call under test can be optimized away. */
let sink: unknown;

/** The last result a case returned (the sink that keeps results observable). */
export function lastResult(): unknown {
  return sink;
}

function nowNs(): bigint {
  return process.hrtime.bigint();
}

/** Runs one batch and returns the elapsed time per call in microseconds. */
async function timeBatch(c: BenchCase, batch: number): Promise<number> {
  let elapsed: bigint;
  if (c.kind === 'sync') {
    const run = c.run;
    const start = nowNs();
    for (let i = 0; i < batch; i += 1) sink = run();
    elapsed = nowNs() - start;
  } else {
    const run = c.run;
    const start = nowNs();
    for (let i = 0; i < batch; i += 1) sink = await run();
    elapsed = nowNs() - start;
  }
  return Number(elapsed) / 1000 / batch;
}

/** Warms a case up for `warmupMs` and returns the batch size that makes a sample last `sampleMs`. */
async function warmUp(c: BenchCase, options: MeasureOptions): Promise<number> {
  const deadline = nowNs() + BigInt(Math.round(options.warmupMs * 1e6));
  let calls = 0;
  let batch = 1;
  while (nowNs() < deadline || calls < 3) {
    await timeBatch(c, batch);
    calls += batch;
    batch = Math.min(batch * 2, 1024);
  }
  // Calibrate on warm code: averaging over the whole warm-up would count the first, unoptimized
  // calls and give the case warmed up first a batch several times too small (and a batch that
  // short pays, every sample, the cost of switching in from the previous case).
  const perCallMs = (await timeBatch(c, Math.max(1, batch >> 1))) / 1000;
  return Math.max(1, Math.round(options.sampleMs / perCallMs));
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? a;
  return a + (b - a) * (pos - lo);
}

/** Measures the cases interleaved and returns their timings by id. */
export async function measure(
  cases: readonly BenchCase[],
  options: MeasureOptions = DEFAULT_OPTIONS,
): Promise<Map<string, Timing>> {
  const batches = new Map<string, number>();
  for (const c of cases) batches.set(c.id, await warmUp(c, options));

  const samples = new Map<string, number[]>(cases.map((c) => [c.id, []]));
  for (let round = 0; round < options.samples; round += 1) {
    for (const c of cases) {
      samples.get(c.id)?.push(await timeBatch(c, batches.get(c.id) ?? 1));
    }
  }

  const out = new Map<string, Timing>();
  for (const c of cases) {
    const sorted = [...(samples.get(c.id) ?? [])].sort((a, b) => a - b);
    out.set(c.id, {
      medianUs: quantile(sorted, 0.5),
      q1Us: quantile(sorted, 0.25),
      q3Us: quantile(sorted, 0.75),
      samples: sorted.length,
      batch: batches.get(c.id) ?? 1,
    });
  }
  return out;
}
