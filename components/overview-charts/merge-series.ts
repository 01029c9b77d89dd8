import type { SeriesPointDto } from "@/lib/dto";

// Sources tick on their own clocks: to draw them in one chart with one tooltip, their points are
// averaged into buckets of a common time grid, one column per source.

export type GridRow = { t: number } & Record<string, number | null>;

/** Column of the i-th source in a row: its id may hold characters recharts reads as a path ("a.b"). */
export const lineKey = (i: number) => `s${i}`;

/** About this many buckets over the range; never finer than a second. */
const BUCKETS = 240;

export function mergeOnGrid(series: readonly { points: readonly SeriesPointDto[] }[], from: number, to: number, buckets = BUCKETS): { step: number; rows: GridRow[] } {
  const step = Math.max(1000, Math.ceil((to - from) / buckets / 1000) * 1000);
  const cells = new Map<number, { sum: number; n: number }[]>();
  series.forEach((s, i) => {
    for (const p of s.points) {
      const t = Math.floor(p.t / step) * step;
      let row = cells.get(t);
      if (!row) cells.set(t, (row = []));
      const c = (row[i] ??= { sum: 0, n: 0 });
      c.sum += p.v;
      c.n += 1;
    }
  });
  const rows = [...cells.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([t, row]) => {
      const out: GridRow = { t } as GridRow;
      series.forEach((_, i) => {
        const c = row[i];
        out[lineKey(i)] = c ? c.sum / c.n : null;
      });
      return out;
    });
  return { step, rows };
}
