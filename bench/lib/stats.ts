/** Timing and table helpers for the benchmarks: medians, p99 and ratios, never asserts. */

export interface Sample {
  /** Milliseconds per repetition. */
  durations: number[];
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, idx)];
}

export const median = (values: number[]) => quantile(values, 0.5);
export const p99 = (values: number[]) => quantile(values, 0.99);

/** Runs `fn` `repetitions` times after `warmup` unmeasured runs; returns ms per run. */
export async function measure(
  fn: () => unknown | Promise<unknown>,
  options: { repetitions: number; warmup?: number },
): Promise<number[]> {
  for (let i = 0; i < (options.warmup ?? 1); i++) await fn();
  const durations: number[] = [];
  for (let i = 0; i < options.repetitions; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    durations.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return durations;
}

/** One printed row: a measured variant, and the baseline it is compared with. */
export interface Row {
  scenario: string;
  size: string;
  variant: string;
  /** The figure compared: median per unit. */
  median: number;
  p99?: number;
  unit: string;
  /** The row this one is divided by (same scenario and size), if any. */
  baselineOf?: string;
  target?: string;
  note?: string;
}

function fmt(n: number | undefined): string {
  if (n === undefined || Number.isNaN(n)) return '';
  if (n === 0) return '0';
  const abs = Math.abs(n);
  if (abs >= 100) return n.toFixed(0);
  if (abs >= 10) return n.toFixed(1);
  if (abs >= 1) return n.toFixed(2);
  if (abs >= 0.01) return n.toFixed(3);
  return n.toPrecision(2);
}

/** Prints rows as one Markdown table, with each row's ratio against its baseline. */
export function printTable(rows: Row[]): string {
  const header = [
    'scenario',
    'size',
    'variant',
    'median',
    'p99',
    'unit',
    'ratio',
    'vs',
    'target',
    'note',
  ];
  const lines = rows.map(r => {
    const base = r.baselineOf
      ? rows.find(
          b =>
            b.scenario === r.scenario &&
            b.size === r.size &&
            b.variant === r.baselineOf,
        )
      : undefined;
    const ratio = base ? r.median / base.median : undefined;
    return [
      r.scenario,
      r.size,
      r.variant,
      fmt(r.median),
      fmt(r.p99),
      r.unit,
      ratio === undefined ? '' : `${fmt(ratio)}x`,
      base ? base.variant : '',
      r.target ?? '',
      r.note ?? '',
    ];
  });
  const widths = header.map((h, i) =>
    Math.max(h.length, ...lines.map(l => l[i].length)),
  );
  const row = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [
    row(header),
    `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`,
    ...lines.map(row),
  ].join('\n');
}
