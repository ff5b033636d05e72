/** Plain-stdout rendering for the demo and the benchmark: a `\r` progress bar, tables, percentiles. */

/** The p-th percentile (0-100) by nearest rank; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** `[██████░░░░] 12/24 label` */
export function renderBar(done: number, total: number, width = 30, label = ''): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(done).padStart(String(total).length)}/${total}${label ? ` ${label}` : ''}`;
}

/**
 * A progress line redrawn in place with `\r` on a terminal; on a pipe (CI, logs) it prints a line only
 * when the value changes by at least `everyPercent`, so logs stay short.
 */
export class ProgressLine {
  private last = '';
  private lastPercent = -1;

  constructor(
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly everyPercent = 25,
  ) {}

  update(done: number, total: number, label = ''): void {
    const line = renderBar(done, total, 30, label);
    if (line === this.last) return;
    this.last = line;
    if (this.out.isTTY) {
      this.out.write(`\r${line}\x1b[K`);
      return;
    }
    const percent = total > 0 ? Math.floor((100 * done) / total) : 100;
    if (percent === 100 || this.lastPercent < 0 || percent - this.lastPercent >= this.everyPercent) {
      this.lastPercent = percent;
      this.out.write(`${line}\n`);
    }
  }

  done(): void {
    if (this.out.isTTY && this.last !== '') this.out.write('\n');
    this.last = '';
  }
}

/** A text table with a header row; columns are left-aligned unless listed in `right`. */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  right: readonly number[] = [],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) =>
        right.includes(i) ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number),
      )
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Runs `worker` over `items` with at most `concurrency` in flight; results in input order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const run = async (): Promise<void> => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      results[index] = await worker(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, run));
  return results;
}
