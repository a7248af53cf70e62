/**
 * The benchmark harness: each benchmark module measures its figures beside a baseline measured
 * in the same run (raw better-sqlite3, plain DOM), and reports ratios. `bench/run.ts` runs the
 * sections and writes `bench/results/latest.md` and `.json`, with the machine noted.
 */

/** One measured figure, optionally beside its same-run baseline. */
export interface BenchRow {
  /** What was measured, e.g. "create one annotation, p50". */
  name: string;
  /** Triangulate's figure. */
  value: number;
  unit: 'ms' | 's' | 'MB' | 'rows/s' | 'ops/s' | 'MB/s' | 'count';
  /** The same work done by the baseline (raw better-sqlite3, text-only DOM, ...), same unit. */
  baseline?: number;
  /** What the baseline is, e.g. "raw better-sqlite3 INSERT". */
  baselineName?: string;
  /** A target the figure should meet, stated as a ratio or absolute value, for the report. */
  target?: string;
}

export interface BenchSection {
  title: string;
  rows: BenchRow[];
  notes?: string[];
}

export interface BenchContext {
  /** A scratch folder, emptied before the run. */
  tmpDir: string;
  /** Scale factor: 1 for the full benchmark; smaller in a quick run (BENCH_SCALE=0.01). */
  scale: number;
  log: (message: string) => void;
}

export type BenchModule = (context: BenchContext) => Promise<BenchSection>;

/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/** Milliseconds taken by `fn` (high-resolution). */
export async function timeMs(fn: () => unknown | Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Deterministic pseudo-random numbers (mulberry32), so every run builds the same corpus. */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
